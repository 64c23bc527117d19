/**
 * `bill reject`: the member a bill was just endorsed or transferred to refuses it; it goes
 * back to its previous holder. Only as the very next step.
 */
import { billOperation } from "./operation.ts";

export default billOperation({
  options: () => ({}),
  call: (bills, bill) => ({
    data: bills.interface.encodeFunctionData("refuse", [bill.billId]),
    action: `refuse bill ${bill.blNumber}, returning it to its previous holder`,
  }),
});
