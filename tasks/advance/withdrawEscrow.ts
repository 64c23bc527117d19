/** `advance withdraw-escrow`: the bank takes back escrow never released, once the advance is repaid or overdue. */
import { advanceStep } from "./operation.ts";
import { advanceId } from "./advanceContract.ts";

export default advanceStep({
  options: () => ({ id: advanceId }),
  async call(advance, args) {
    return {
      data: advance.interface.encodeFunctionData("withdrawEscrow", [args.id]),
      action: `return the unreleased escrow of advance ${args.id} to its bank`,
    };
  },
});
