/**
 * `bill transfer`: the holder passes possession of a bearer bill to any member, or of a
 * straight bill to its consignee (DCSA TRANSFER).
 */
import { billOperation } from "./operation.ts";

export default billOperation({
  options: (m) => ({ to: m.party }),
  call: (bills, bill, args, ctx) => ({
    data: bills.interface.encodeFunctionData("transferPossession", [bill.billId, args.to]),
    action: `pass possession of bill ${bill.blNumber} to ${ctx.party(args.to)}`,
  }),
});
