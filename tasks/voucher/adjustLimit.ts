/** `voucher adjust-limit`: the obligor's lender (a bank governance named) sets its limit. */
import { z } from "zod";

import { contractRef, tokenUnits } from "../credit/creditContract.ts";
import { amountText, formatUnits, toBaseUnits } from "../support/inputs.ts";
import { voucherStep } from "./operation.ts";

export default voucherStep({
  options: (m) => ({
    obligor: m.party,
    limit: amountText,
    token: z.string().default("CnyDepositToken"),
  }),
  async call(vouchers, args, ctx) {
    const units = await tokenUnits(ctx, contractRef(ctx, "--token", args.token));
    const limit = toBaseUnits("limit", args.limit, units.decimals, units.symbol);
    return {
      data: vouchers.interface.encodeFunctionData("adjustLimit", [args.obligor, limit]),
      action: `set ${ctx.party(args.obligor)}'s limit of outstanding payables to ${formatUnits(limit, units.decimals)} ${units.symbol}`,
    };
  },
});
