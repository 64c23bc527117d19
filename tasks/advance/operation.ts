/**
 * The shape of an advance step that is one call as one member: encode the call, simulate or send
 * it (tasks/support/transactions.ts).
 */
import { z } from "zod";

import type { PreShipmentAdvance } from "../../types/ethers-contracts/index.js";
import { operatorAction, type OperatorAction } from "../support/action.ts";
import type { TaskContext } from "../support/context.ts";
import type { MemberInputs } from "../support/inputs.ts";
import type { MemberEntry } from "../support/members.ts";
import { type CallOutcome, perform, renderOutcome } from "../support/transactions.ts";
import { deployedAdvance, PRE_SHIPMENT_ADVANCE } from "./advanceContract.ts";

export interface AdvanceStepResult {
  outcome: CallOutcome;
}

export interface AdvanceStepSpec<E extends z.ZodRawShape> {
  /** Options beyond --as. */
  options: (m: MemberInputs) => E;
  call: (
    advance: PreShipmentAdvance,
    args: z.infer<z.ZodObject<E>>,
    ctx: TaskContext,
  ) => Promise<{ data: string; action: string }>;
}

export function advanceStep<E extends z.ZodRawShape>(
  spec: AdvanceStepSpec<E>,
): OperatorAction<AdvanceStepResult> {
  return operatorAction({
    options: (m) =>
      z.object({ as: m.member }).and(z.object(spec.options(m))) as z.ZodType<
        { as: MemberEntry } & z.infer<z.ZodObject<E>>,
        z.ZodTypeDef,
        unknown
      >,
    async run(args, ctx): Promise<AdvanceStepResult> {
      const advance = await deployedAdvance(ctx);
      const { data, action } = await spec.call(advance, args, ctx);
      const outcome = await perform(ctx, {
        as: args.as,
        contract: PRE_SHIPMENT_ADVANCE,
        to: await advance.getAddress(),
        data,
        action,
      });
      return { outcome };
    },
    render: (result, ctx) => renderOutcome(ctx, result.outcome),
  });
}
