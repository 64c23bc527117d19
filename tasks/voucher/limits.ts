/** `voucher limits`: an obligor's limit, what it has outstanding, what is left, and its lender. */
import { ZeroAddress } from "ethers";
import { z } from "zod";

import { contractRef, tokenUnits } from "../credit/creditContract.ts";
import { operatorAction } from "../support/action.ts";
import { formatUnits } from "../support/inputs.ts";
import { deployedPayableVoucher } from "./voucherContract.ts";

export interface LimitsResult {
  obligor: string;
  limit: bigint;
  outstanding: bigint;
  available: bigint;
  lender: string | null;
  symbol: string;
  decimals: number;
}

export default operatorAction({
  options: (m) => z.object({ obligor: m.party, token: z.string().default("CnyDepositToken") }),
  async run(args, ctx): Promise<LimitsResult> {
    const vouchers = await deployedPayableVoucher(ctx);
    const units = await tokenUnits(ctx, contractRef(ctx, "--token", args.token));
    const o = await ctx.view(`reading ${ctx.party(args.obligor)}'s limit`, () =>
      vouchers.obligorLimit(args.obligor),
    );
    return {
      obligor: args.obligor,
      limit: o.limit,
      outstanding: o.outstanding,
      available: o.limit > o.outstanding ? o.limit - o.outstanding : 0n,
      lender: o.lender === ZeroAddress ? null : o.lender,
      ...units,
    };
  },
  render: (r, ctx) => {
    const f = (v: bigint) => `${formatUnits(v, r.decimals)} ${r.symbol}`;
    return [
      `Obligor ${ctx.party(r.obligor)}`,
      `  limit        ${f(r.limit)}`,
      `  outstanding  ${f(r.outstanding)} (confirmed, not yet funded)`,
      `  available    ${f(r.available)}`,
      `  lender       ${r.lender === null ? "none" : ctx.party(r.lender)}`,
    ];
  },
});
