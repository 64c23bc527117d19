/**
 * `consortium approve`: an administrator approves a governance proposal; the approval that
 * reaches the threshold makes the registry execute the proposed call. The proposal is shown
 * first, in words, so the operator sees what they approve.
 */
import { z } from "zod";

import { operatorAction } from "../support/action.ts";
import { wholeNumber } from "../support/inputs.ts";
import { type CallOutcome, perform, renderOutcome } from "../support/transactions.ts";
import { deployedRegistry, type ProposalView, readProposal, REGISTRY } from "./registry.ts";

export interface ApproveResult {
  proposal: ProposalView;
  approvals: bigint;
  /** Whether this approval executes (or, simulated, would execute) the proposal. */
  executes: boolean;
  outcome: CallOutcome;
}

export default operatorAction({
  options: (m) => z.object({ as: m.member, proposal: wholeNumber() }),
  async run(args, ctx): Promise<ApproveResult> {
    const registry = await deployedRegistry(ctx);
    const proposal = await readProposal(ctx, registry, args.proposal);
    const outcome = await perform(ctx, {
      as: args.as,
      contract: REGISTRY,
      to: await registry.getAddress(),
      data: registry.interface.encodeFunctionData("approve", [args.proposal]),
      action: `approve proposal ${args.proposal}: ${proposal.description || proposal.call}`,
    });
    const approvals = proposal.approvals + 1n;
    const executes = outcome.sent
      ? outcome.events.some((e) => e.name === "ProposalExecuted")
      : approvals >= proposal.threshold;
    return { proposal, approvals, executes, outcome };
  },
  render(result, ctx) {
    const { proposal } = result;
    const lines = [
      `Proposal ${proposal.id} by ${ctx.party(proposal.proposer)}: ${proposal.description}`,
      `  call: ${proposal.call}`,
      ...renderOutcome(ctx, result.outcome),
    ];
    const executed = result.outcome.sent
      ? "the registry executed it"
      : "the registry would execute it";
    lines.push(
      result.executes
        ? `Approvals ${result.approvals}/${proposal.threshold}: ${executed}.`
        : `Approvals ${result.approvals}/${proposal.threshold}: ${proposal.threshold - result.approvals} more needed.`,
    );
    return lines;
  },
});
