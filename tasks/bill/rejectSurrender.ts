/**
 * `bill reject-surrender`: the carrier rejects a surrender and returns the bill to the
 * holder who surrendered it, with a reason (DCSA SREJ).
 */
import { MAX_REASON_LENGTH } from "../../lib/trade/billOfLading.ts";
import { text } from "../support/inputs.ts";
import { billOperation } from "./operation.ts";

export default billOperation({
  options: () => ({ reason: text(MAX_REASON_LENGTH) }),
  call: (bills, bill, args) => ({
    data: bills.interface.encodeFunctionData("rejectSurrender", [bill.billId, args.reason]),
    action: `reject the surrender of bill ${bill.blNumber} ("${args.reason}")`,
  }),
});
