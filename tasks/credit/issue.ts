/**
 * `credit issue`: the issuing bank issues the credit, depositing the escrow that covers it
 * (by default exactly what the contract requires now, at today's exchange rate). If the
 * letter-of-credit contract may not yet take that much of the bank's deposit tokens, the task
 * first approves it to — a transaction of its own, shown as such.
 */
import { z } from "zod";

import { DepositToken__factory } from "../../types/ethers-contracts/index.js";
import { operatorAction } from "../support/action.ts";
import { CaravelError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";
import { amountText, optionalOf, toBaseUnits } from "../support/inputs.ts";
import { type CallOutcome, perform, renderOutcome } from "../support/transactions.ts";
import {
  creditId,
  creditMoney,
  type CreditMoney,
  deployedLetterOfCredit,
  LETTER_OF_CREDIT,
  tokenAmount,
} from "./creditContract.ts";

export interface IssueResult {
  lcId: bigint;
  money: CreditMoney;
  deposit: bigint;
  /** The approval of the deposit, when the allowance was short. */
  approval: CallOutcome | null;
  /** The issue itself (null in a dry run that needs an approval first). */
  issue: CallOutcome | null;
}

export default operatorAction({
  options: (m) =>
    z.object({
      as: m.member,
      credit: creditId,
      deposit: optionalOf(amountText),
    }),
  async run(args, ctx): Promise<IssueResult> {
    const lc = await deployedLetterOfCredit(ctx);
    const lcAddress = await lc.getAddress();
    const money = await creditMoney(ctx, lc, args.credit);
    const deposit =
      args.deposit === null
        ? await ctx.view(`working out the escrow credit ${args.credit} needs`, () =>
            lc.requiredEscrow(args.credit),
          )
        : toBaseUnits("deposit", args.deposit, money.decimals, money.symbol);
    const token = DepositToken__factory.connect(money.token, ctx.ethers.provider);
    const [balance, allowance] = await Promise.all([
      token.balanceOf(args.as.address),
      token.allowance(args.as.address, lcAddress),
    ]);
    if (balance < deposit) {
      throw new CaravelError(
        `${ctx.party(args.as.address)} holds ${tokenAmount(money, balance)}; the deposit needs ${tokenAmount(money, deposit)}.`,
        {
          code: TASK_ERRORS.FUNDS_SHORT,
          metaMessages: ["The bank mints deposit tokens against its customer's deposit first."],
        },
      );
    }
    let approval: CallOutcome | null = null;
    if (allowance < deposit) {
      approval = await perform(ctx, {
        as: args.as,
        contract: ctx.book().contractAt(money.token)?.name ?? money.token,
        to: money.token,
        data: token.interface.encodeFunctionData("approve", [lcAddress, deposit]),
        action: `let the letter-of-credit contract take ${tokenAmount(money, deposit)} for the escrow`,
      });
      if (!approval.sent) return { lcId: args.credit, money, deposit, approval, issue: null };
    }
    const issue = await perform(ctx, {
      as: args.as,
      contract: LETTER_OF_CREDIT,
      to: lcAddress,
      data: lc.interface.encodeFunctionData("issue", [args.credit, deposit]),
      action: `issue credit ${args.credit}, depositing ${tokenAmount(money, deposit)} in escrow`,
    });
    return { lcId: args.credit, money, deposit, approval, issue };
  },
  render(r, ctx) {
    return [
      ...(r.approval === null ? [] : renderOutcome(ctx, r.approval)),
      ...(r.issue === null
        ? [
            `Then: issue credit ${r.lcId}, depositing ${tokenAmount(r.money, r.deposit)} — checked once the approval is sent.`,
          ]
        : renderOutcome(ctx, r.issue)),
    ];
  },
});
