/** `commitment expire`: Anyone marks an unmatched commitment past its expiry Expired. */
import { commitmentStep, orderId } from "./commitmentContract.ts";

export default commitmentStep({
  options: () => ({ order: orderId }),
  async call(commitments, args) {
    return {
      data: commitments.interface.encodeFunctionData("expire", [args.order]),
      action: `expire commitment ${args.order}`,
    };
  },
});
