/**
 * `consortium proposals`: the governance proposals — what each would do, who proposed and
 * approved it, and whether it is open, stale, executed or cancelled.
 */
import { z } from "zod";

import { operatorAction } from "../support/action.ts";
import { deployedRegistry, type ProposalView, readProposal } from "./registry.ts";

export interface ProposalsResult {
  proposals: ProposalView[];
}

export default operatorAction({
  options: () => z.object({ open: z.boolean() }),
  async run(args, ctx): Promise<ProposalsResult> {
    const registry = await deployedRegistry(ctx);
    const count = await registry.proposalCount();
    const proposals: ProposalView[] = [];
    for (let id = 1n; id <= count; id++) {
      const proposal = await readProposal(ctx, registry, id);
      if (!args.open || proposal.state === "open" || proposal.state === "stale") {
        proposals.push(proposal);
      }
    }
    return { proposals };
  },
  render(result, ctx) {
    if (result.proposals.length === 0) return ["No proposals."];
    return result.proposals.flatMap((p) => [
      `#${p.id} [${p.state}] ${p.description}`,
      `    call: ${p.call}`,
      `    proposed by ${ctx.party(p.proposer)}; approvals ${p.approvals}/${p.threshold}: ${p.approvedBy.map((a) => ctx.members.nameOf(a) ?? a).join(", ")}`,
    ]);
  },
});
