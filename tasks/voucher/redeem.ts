/** `voucher redeem`: from maturity, the holder is paid its share of what the obligor funded. */
import { voucherStep } from "./operation.ts";
import { voucherId } from "./voucherContract.ts";

export default voucherStep({
  options: () => ({ voucher: voucherId }),
  async call(vouchers, args) {
    return {
      data: vouchers.interface.encodeFunctionData("redeem", [args.voucher]),
      action: `redeem voucher ${args.voucher}`,
    };
  },
});
