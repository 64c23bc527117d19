/** `voucher withdraw`: the holder withdraws an open discount offer. */
import { voucherStep } from "./operation.ts";
import { offerId } from "./voucherContract.ts";

export default voucherStep({
  options: () => ({ offer: offerId }),
  async call(vouchers, args) {
    return {
      data: vouchers.interface.encodeFunctionData("withdrawOffer", [args.offer]),
      action: `withdraw discount offer ${args.offer}`,
    };
  },
});
