/** `advance mark-overdue`: past the latest shipment date plus grace with the goods not departed (anyone). */
import { advanceStep } from "./operation.ts";
import { advanceId } from "./advanceContract.ts";

export default advanceStep({
  options: () => ({ id: advanceId }),
  async call(advance, args) {
    return {
      data: advance.interface.encodeFunctionData("markOverdue", [args.id]),
      action: `mark advance ${args.id} overdue`,
    };
  },
});
