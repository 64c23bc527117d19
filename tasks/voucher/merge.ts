/** `voucher merge`: the holder of two vouchers of one payable moves all of one into the other. */
import { voucherStep } from "./operation.ts";
import { voucherId } from "./voucherContract.ts";

export default voucherStep({
  options: () => ({ from: voucherId, into: voucherId }),
  async call(vouchers, args) {
    return {
      data: vouchers.interface.encodeFunctionData("merge", [args.from, args.into]),
      action: `merge voucher ${args.from} into voucher ${args.into}`,
    };
  },
});
