/**
 * `consortium suspend`: an administrator suspends a member, with a reason that goes on the
 * record. A suspended member holds no role anywhere until reinstated.
 */
import { z } from "zod";

import { operatorAction } from "../support/action.ts";
import { text } from "../support/inputs.ts";
import { type CallOutcome, perform, renderOutcome } from "../support/transactions.ts";
import { deployedRegistry, REGISTRY } from "./registry.ts";

export interface SuspendResult {
  member: string;
  reason: string;
  outcome: CallOutcome;
}

export default operatorAction({
  options: (m) => z.object({ as: m.member, member: m.party, reason: text(1024) }),
  async run(args, ctx): Promise<SuspendResult> {
    const registry = await deployedRegistry(ctx);
    const outcome = await perform(ctx, {
      as: args.as,
      contract: REGISTRY,
      to: await registry.getAddress(),
      data: registry.interface.encodeFunctionData("suspendMember", [args.member, args.reason]),
      action: `suspend ${ctx.party(args.member)} ("${args.reason}")`,
    });
    return { member: args.member, reason: args.reason, outcome };
  },
  render: (result, ctx) => renderOutcome(ctx, result.outcome),
});
