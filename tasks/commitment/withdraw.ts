/** `commitment withdraw`: The bank withdraws its offer before the importer consents. */
import { commitmentStep, orderId } from "./commitmentContract.ts";

export default commitmentStep({
  options: () => ({ order: orderId }),
  async call(commitments, args) {
    return {
      data: commitments.interface.encodeFunctionData("withdraw", [args.order]),
      action: `withdraw commitment ${args.order}`,
    };
  },
});
