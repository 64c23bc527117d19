/**
 * `voucher split`: the holder passes part of a voucher's value to another member (a new voucher
 * of the same payable, recording this one as its parent), or `--value all` to pass the voucher
 * itself on (same id).
 */
import { z } from "zod";

import { voucherStep } from "./operation.ts";
import { money, valueOption, voucherId, voucherMoney } from "./voucherContract.ts";

export default voucherStep({
  options: (m) => ({
    voucher: voucherId,
    to: m.party,
    value: z.string({ required_error: "is required" }).trim(),
  }),
  async call(vouchers, args, ctx) {
    if (args.value.toLowerCase() === "all") {
      return {
        data: vouchers.interface.encodeFunctionData("transferVoucher", [args.voucher, args.to]),
        action: `pass voucher ${args.voucher} on whole to ${ctx.party(args.to)}`,
      };
    }
    const { money: m } = await voucherMoney(ctx, vouchers, args.voucher);
    const value = valueOption("value", args.value, m);
    return {
      data: vouchers.interface.encodeFunctionData("transferFrom(uint256,address,uint256)", [
        args.voucher,
        args.to,
        value,
      ]),
      action: `split ${money(m, value)} of voucher ${args.voucher} to ${ctx.party(args.to)}`,
    };
  },
});
