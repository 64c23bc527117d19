/**
 * `advance fund`: the bank escrows the advance's whole limit, approving the advance contract for it
 * first (a transaction of its own, shown as such).
 */
import { z } from "zod";

import { DepositToken__factory } from "../../types/ethers-contracts/index.js";
import { operatorAction } from "../support/action.ts";
import { type CallOutcome, perform, renderOutcome } from "../support/transactions.ts";
import {
  advanceId,
  advanceMoney,
  deployedAdvance,
  money,
  PRE_SHIPMENT_ADVANCE,
} from "./advanceContract.ts";

export interface FundResult {
  advanceId: bigint;
  amount: bigint;
  approval: CallOutcome | null;
  fund: CallOutcome | null;
}

export default operatorAction({
  options: (m) => z.object({ as: m.member, id: advanceId }),
  async run(args, ctx): Promise<FundResult> {
    const advance = await deployedAdvance(ctx);
    const a = await ctx.view(`reading advance ${args.id}`, () => advance.advance(args.id));
    const m = await advanceMoney(ctx, a.token);
    const to = await advance.getAddress();
    const token = DepositToken__factory.connect(a.token, ctx.ethers.provider);
    let approval: CallOutcome | null = null;
    if ((await token.allowance(args.as.address, to)) < a.limit) {
      approval = await perform(ctx, {
        as: args.as,
        contract: ctx.book().contractAt(a.token)?.name ?? a.token,
        to: a.token,
        data: token.interface.encodeFunctionData("approve", [to, a.limit]),
        action: `let the advance contract take ${money(m, a.limit)} for advance ${args.id}`,
      });
      if (!approval.sent) return { advanceId: args.id, amount: a.limit, approval, fund: null };
    }
    const fund = await perform(ctx, {
      as: args.as,
      contract: PRE_SHIPMENT_ADVANCE,
      to,
      data: advance.interface.encodeFunctionData("fund", [args.id]),
      action: `escrow ${money(m, a.limit)} for advance ${args.id}`,
    });
    return { advanceId: args.id, amount: a.limit, approval, fund };
  },
  render: (r, ctx) => [
    ...(r.approval === null ? [] : renderOutcome(ctx, r.approval)),
    ...(r.fund === null
      ? [`Then: fund advance ${r.advanceId} — checked once the approval is sent.`]
      : renderOutcome(ctx, r.fund)),
  ],
});
