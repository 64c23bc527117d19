/**
 * The shape of a task step that is one call to one contract as one member (`--as`): encode the
 * call, simulate or send it (tasks/support/transactions.ts), and say what came of it. Each
 * contract's task group binds it to its deployment once (`contractStep(...)`), then writes a step
 * as its options and its call.
 */
import { z } from "zod";

import { operatorAction, type OperatorAction } from "./action.ts";
import type { TaskContext } from "./context.ts";
import type { MemberInputs } from "./inputs.ts";
import type { MemberEntry } from "./members.ts";
import { type CallOutcome, perform, renderOutcome } from "./transactions.ts";

export interface ContractStepResult {
  outcome: CallOutcome;
}

export interface ContractStepSpec<C, E extends z.ZodRawShape> {
  /** Options beyond --as. */
  options: (m: MemberInputs) => E;
  call: (
    contract: C,
    args: z.infer<z.ZodObject<E>>,
    ctx: TaskContext,
  ) => Promise<{ data: string; action: string }>;
}

/** Steps on the contract deployed as `name`, reached through `deployed`. */
export function contractStep<C extends { getAddress(): Promise<string> }>(
  name: string,
  deployed: (ctx: TaskContext) => Promise<C>,
) {
  return function step<E extends z.ZodRawShape>(
    spec: ContractStepSpec<C, E>,
  ): OperatorAction<ContractStepResult> {
    return operatorAction({
      options: (m) =>
        z.object({ as: m.member }).and(z.object(spec.options(m))) as z.ZodType<
          { as: MemberEntry } & z.infer<z.ZodObject<E>>,
          z.ZodTypeDef,
          unknown
        >,
      async run(args, ctx): Promise<ContractStepResult> {
        const contract = await deployed(ctx);
        const { data, action } = await spec.call(contract, args, ctx);
        const outcome = await perform(ctx, {
          as: args.as,
          contract: name,
          to: await contract.getAddress(),
          data,
          action,
        });
        return { outcome };
      },
      render: (result, ctx) => renderOutcome(ctx, result.outcome),
    });
  };
}
