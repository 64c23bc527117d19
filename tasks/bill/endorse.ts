/** `bill endorse`: the holder endorses an order bill to a named member (DCSA ENDORSE). */
import { billOperation } from "./operation.ts";

export default billOperation({
  options: (m) => ({ to: m.party }),
  call: (bills, bill, args, ctx) => ({
    data: bills.interface.encodeFunctionData("endorse", [bill.billId, args.to]),
    action: `endorse bill ${bill.blNumber} to ${ctx.party(args.to)}`,
  }),
});
