/** `commitment consent`: The order's importer consents to the offered commitment: the bank may debit it. */
import { commitmentStep, orderId } from "./commitmentContract.ts";

export default commitmentStep({
  options: () => ({ order: orderId }),
  async call(commitments, args) {
    return {
      data: commitments.interface.encodeFunctionData("consent", [args.order]),
      action: `consent commitment ${args.order}`,
    };
  },
});
