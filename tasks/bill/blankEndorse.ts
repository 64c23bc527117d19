/**
 * `bill blank-endorse`: the holder endorses an order bill in blank; it becomes a bearer bill
 * that passes by transfer of possession (DCSA BLANK_ENDORSE).
 */
import { billOperation } from "./operation.ts";

export default billOperation({
  options: () => ({}),
  call: (bills, bill) => ({
    data: bills.interface.encodeFunctionData("endorseInBlank", [bill.billId]),
    action: `endorse bill ${bill.blNumber} in blank`,
  }),
});
