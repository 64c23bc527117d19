/**
 * `voucher fund`: the obligor pays into a payable, all at once or in parts, approving the voucher
 * contract for the amount first (a transaction of its own, shown as such).
 */
import { z } from "zod";

import { DepositToken__factory } from "../../types/ethers-contracts/index.js";
import { operatorAction } from "../support/action.ts";
import { amountText } from "../support/inputs.ts";
import { type CallOutcome, perform, renderOutcome } from "../support/transactions.ts";
import {
  deployedPayableVoucher,
  money,
  PAYABLE_VOUCHER,
  payableId,
  payableMoney,
  valueOption,
} from "./voucherContract.ts";

export interface FundResult {
  payableId: bigint;
  amount: bigint;
  approval: CallOutcome | null;
  fund: CallOutcome | null;
}

export default operatorAction({
  options: (m) => z.object({ as: m.member, payable: payableId, amount: amountText }),
  async run(args, ctx): Promise<FundResult> {
    const vouchers = await deployedPayableVoucher(ctx);
    const m = await payableMoney(ctx, vouchers, args.payable);
    const amount = valueOption("amount", args.amount, m);
    const to = await vouchers.getAddress();
    const token = DepositToken__factory.connect(m.token, ctx.ethers.provider);
    let approval: CallOutcome | null = null;
    if ((await token.allowance(args.as.address, to)) < amount) {
      approval = await perform(ctx, {
        as: args.as,
        contract: ctx.book().contractAt(m.token)?.name ?? m.token,
        to: m.token,
        data: token.interface.encodeFunctionData("approve", [to, amount]),
        action: `let the voucher contract take ${money(m, amount)} for payable ${args.payable}`,
      });
      if (!approval.sent) return { payableId: args.payable, amount, approval, fund: null };
    }
    const fund = await perform(ctx, {
      as: args.as,
      contract: PAYABLE_VOUCHER,
      to,
      data: vouchers.interface.encodeFunctionData("fund", [args.payable, amount]),
      action: `pay ${money(m, amount)} into payable ${args.payable}`,
    });
    return { payableId: args.payable, amount, approval, fund };
  },
  render: (r, ctx) => [
    ...(r.approval === null ? [] : renderOutcome(ctx, r.approval)),
    ...(r.fund === null
      ? [`Then: fund payable ${r.payableId} — checked once the approval is sent.`]
      : renderOutcome(ctx, r.fund)),
  ],
});
