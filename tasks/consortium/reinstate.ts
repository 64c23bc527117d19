/**
 * `consortium reinstate`: an administrator lifts a member's suspension; its roles apply
 * again.
 */
import { z } from "zod";

import { operatorAction } from "../support/action.ts";
import { type CallOutcome, perform, renderOutcome } from "../support/transactions.ts";
import { deployedRegistry, REGISTRY } from "./registry.ts";

export interface ReinstateResult {
  member: string;
  outcome: CallOutcome;
}

export default operatorAction({
  options: (m) => z.object({ as: m.member, member: m.party }),
  async run(args, ctx): Promise<ReinstateResult> {
    const registry = await deployedRegistry(ctx);
    const outcome = await perform(ctx, {
      as: args.as,
      contract: REGISTRY,
      to: await registry.getAddress(),
      data: registry.interface.encodeFunctionData("reinstateMember", [args.member]),
      action: `reinstate ${ctx.party(args.member)}`,
    });
    return { member: args.member, outcome };
  },
  render: (result, ctx) => renderOutcome(ctx, result.outcome),
});
