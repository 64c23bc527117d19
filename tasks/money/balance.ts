/** `money balance`: what an account holds of a deposit token. */
import { z } from "zod";

import { DepositToken__factory } from "../../types/ethers-contracts/index.js";
import { contractRef, tokenUnits } from "../credit/creditContract.ts";
import { operatorAction } from "../support/action.ts";
import { formatUnits } from "../support/inputs.ts";

export interface BalanceResult {
  token: string;
  symbol: string;
  decimals: number;
  account: string;
  balance: bigint;
}

export default operatorAction({
  options: (m) =>
    z.object({
      token: z.string({ required_error: "is required" }).min(1, "is required"),
      of: m.party,
    }),
  async run(args, ctx): Promise<BalanceResult> {
    const token = contractRef(ctx, "--token", args.token);
    const units = await tokenUnits(ctx, token);
    const balance = await DepositToken__factory.connect(token, ctx.ethers.provider).balanceOf(
      args.of,
    );
    return { token, ...units, account: args.of, balance };
  },
  render: (r, ctx) => [
    `${ctx.party(r.account)} holds ${formatUnits(r.balance, r.decimals)} ${r.symbol}.`,
  ],
});
