/**
 * `bill accept-surrender`: the carrier accepts a bill surrendered for delivery: the goods are
 * delivered and the bill is accomplished (DCSA SACC).
 */
import { billOperation } from "./operation.ts";

export default billOperation({
  options: () => ({}),
  call: (bills, bill) => ({
    data: bills.interface.encodeFunctionData("acceptSurrender", [bill.billId]),
    action: `accept the surrender of bill ${bill.blNumber}: delivery made`,
  }),
});
