/** `advance claim`: the exporter draws a tranche once the customs oracle reported its milestone. */
import { advanceStep } from "./operation.ts";
import { advanceId, trancheIndex } from "./advanceContract.ts";

export default advanceStep({
  options: () => ({ id: advanceId, tranche: trancheIndex }),
  async call(advance, args) {
    return {
      data: advance.interface.encodeFunctionData("claimTranche", [args.id, args.tranche]),
      action: `claim tranche ${args.tranche} of advance ${args.id}`,
    };
  },
});
