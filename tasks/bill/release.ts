/** `bill release`: the pledgee bank releases a pledged bill back to its pledgor. */
import { billOperation } from "./operation.ts";

export default billOperation({
  options: () => ({}),
  call: (bills, bill) => ({
    data: bills.interface.encodeFunctionData("releasePledge", [bill.billId]),
    action: `release the pledge over bill ${bill.blNumber}`,
  }),
});
