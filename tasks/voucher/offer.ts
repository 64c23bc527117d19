/**
 * `voucher offer`: the holder offers some value of a voucher to a bank for discounting, at an
 * annual rate of at most `--max-rate` percent, until `--expires`. The value is not reserved.
 */
import { z } from "zod";

import { date } from "../support/inputs.ts";
import { formatTime } from "../support/output.ts";
import { voucherStep } from "./operation.ts";
import { money, ratePercent, valueOption, voucherId, voucherMoney } from "./voucherContract.ts";

export default voucherStep({
  options: (m) => ({
    voucher: voucherId,
    bank: m.party,
    value: z.string({ required_error: "is required" }).trim(),
    maxRate: ratePercent,
    expires: date,
  }),
  async call(vouchers, args, ctx) {
    const { money: m } = await voucherMoney(ctx, vouchers, args.voucher);
    const value = valueOption("value", args.value, m);
    return {
      data: vouchers.interface.encodeFunctionData("offerDiscount", [
        args.voucher,
        args.bank,
        value,
        args.maxRate,
        args.expires,
      ]),
      action: `offer ${money(m, value)} of voucher ${args.voucher} to ${ctx.party(args.bank)} at up to ${Number(args.maxRate) / 100} % a year, until ${formatTime(args.expires)}`,
    };
  },
});
