/**
 * The shape of a credit step that is one call as one member: read the credit's money, encode
 * the call, simulate or send it.
 */
import { z } from "zod";

import type { LetterOfCredit } from "../../types/ethers-contracts/index.js";
import { operatorAction, type OperatorAction } from "../support/action.ts";
import type { TaskContext } from "../support/context.ts";
import type { MemberInputs } from "../support/inputs.ts";
import type { MemberEntry } from "../support/members.ts";
import { type CallOutcome, perform, renderOutcome } from "../support/transactions.ts";
import {
  creditId,
  creditMoney,
  type CreditMoney,
  deployedLetterOfCredit,
  LETTER_OF_CREDIT,
} from "./creditContract.ts";

export interface CreditStepResult {
  lcId: bigint;
  money: CreditMoney;
  outcome: CallOutcome;
}

export interface CreditStepSpec<E extends z.ZodRawShape> {
  /** Options beyond --as and --credit. */
  options: (m: MemberInputs) => E;
  call: (
    lc: LetterOfCredit,
    lcId: bigint,
    args: z.infer<z.ZodObject<E>>,
    ctx: TaskContext,
    money: CreditMoney,
  ) => Promise<{ data: string; action: string }> | { data: string; action: string };
}

export function creditStep<E extends z.ZodRawShape>(
  spec: CreditStepSpec<E>,
): OperatorAction<CreditStepResult> {
  return operatorAction({
    options: (m) =>
      z.object({ as: m.member, credit: creditId }).and(z.object(spec.options(m))) as z.ZodType<
        { as: MemberEntry; credit: bigint } & z.infer<z.ZodObject<E>>,
        z.ZodTypeDef,
        unknown
      >,
    async run(args, ctx): Promise<CreditStepResult> {
      const lc = await deployedLetterOfCredit(ctx);
      const money = await creditMoney(ctx, lc, args.credit);
      const { data, action } = await spec.call(lc, args.credit, args, ctx, money);
      const outcome = await perform(ctx, {
        as: args.as,
        contract: LETTER_OF_CREDIT,
        to: await lc.getAddress(),
        data,
        action,
      });
      return { lcId: args.credit, money, outcome };
    },
    render: (result, ctx) => renderOutcome(ctx, result.outcome),
  });
}
