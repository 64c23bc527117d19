/** `bill pledge`: the holder pledges a bill to a bank, which holds it as security. */
import { billOperation } from "./operation.ts";

export default billOperation({
  options: (m) => ({ bank: m.party }),
  call: (bills, bill, args, ctx) => ({
    data: bills.interface.encodeFunctionData("pledge", [bill.billId, args.bank]),
    action: `pledge bill ${bill.blNumber} to ${ctx.party(args.bank)}`,
  }),
});
