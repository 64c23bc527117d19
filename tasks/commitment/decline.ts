/** `commitment decline`: The order's importer declines the offered commitment. */
import { commitmentStep, orderId } from "./commitmentContract.ts";

export default commitmentStep({
  options: () => ({ order: orderId }),
  async call(commitments, args) {
    return {
      data: commitments.interface.encodeFunctionData("decline", [args.order]),
      action: `decline commitment ${args.order}`,
    };
  },
});
