/**
 * What grant-role and revoke-role do and report. An ordinary member role (EXPORTER, IMPORTER,
 * CHAMBER, CUSTOMS, INSURER) is granted or revoked by the administrator at once; a governed one
 * (BANK, ORACLE, CARRIER: the roles that move money or reports) only by governance, so for those
 * the task proposes the change and other administrators approve it (`consortium approve`), as
 * onboarding does. The change is first tried as the registry would execute it, so a proposal
 * that could never pass is refused before it is made.
 */
import type { Interface } from "ethers";

import { roleChangeCall } from "../../lib/chain/governance.ts";
import { isGovernedRole, type MemberRoleName, roleId } from "../../lib/chain/roles.ts";
import type { TaskContext } from "../support/context.ts";
import type { MemberEntry } from "../support/members.ts";
import {
  type CallOutcome,
  eventOf,
  perform,
  renderOutcome,
  simulatedResult,
} from "../support/transactions.ts";
import { deployedRegistry, REGISTRY } from "./registry.ts";

export interface RoleChangeArgs {
  as: MemberEntry;
  member: string;
  role: MemberRoleName;
}

export interface RoleChangeResult {
  change: "grant" | "revoke";
  member: string;
  role: string;
  /** null when nothing needed sending (the member already had, or lacked, the role). */
  outcome: CallOutcome | null;
  /** For a governed role: the proposal made (or that would be made) and the approvals it needs. */
  proposal: { id: bigint; approvalsNeeded: bigint } | null;
}

export async function changeRole(
  ctx: TaskContext,
  args: RoleChangeArgs,
  change: "grant" | "revoke",
): Promise<RoleChangeResult> {
  const registry = await deployedRegistry(ctx);
  const registryAddress = await registry.getAddress();
  const id = roleId(args.role);
  const base = { member: args.member, role: args.role, change, proposal: null };
  const holds = await registry.hasRole(id, args.member);
  if (holds === (change === "grant")) return { ...base, outcome: null };

  const governed = roleChangeCall(change, args.role, args.member);
  const call = (registry.interface as Interface).encodeFunctionData(governed.functionName, [
    ...governed.args,
  ]);
  const words = `${change} ${args.role} ${change === "grant" ? "to" : "from"} ${ctx.party(args.member)}`;
  if (!isGovernedRole(args.role)) {
    const outcome = await perform(ctx, {
      as: args.as,
      contract: REGISTRY,
      to: registryAddress,
      data: call,
      action: words,
    });
    return { ...base, outcome };
  }

  // The registry executes the change as itself: try it that way now.
  await ctx.view(`checking that the registry would ${words}`, () =>
    ctx.ethers.provider.call({ from: registryAddress, to: registryAddress, data: call }),
  );
  const outcome = await perform(ctx, {
    as: args.as,
    contract: REGISTRY,
    to: registryAddress,
    data: registry.interface.encodeFunctionData("propose", [
      registryAddress,
      call,
      governed.description,
    ]),
    action: `propose to ${words} (${args.role} changes only by governance)`,
  });
  const proposalId = outcome.sent
    ? (eventOf(outcome, "ProposalCreated").args["proposalId"] as bigint)
    : (simulatedResult(registry.interface, "propose", outcome)[0] as bigint);
  const threshold = await registry.approvalThreshold();
  return { ...base, outcome, proposal: { id: proposalId, approvalsNeeded: threshold - 1n } };
}

export function renderRoleChange(result: RoleChangeResult, ctx: TaskContext): string[] {
  if (result.outcome === null) {
    return [
      result.change === "grant"
        ? `Nothing to do: ${ctx.party(result.member)} already holds ${result.role}.`
        : `Nothing to do: ${ctx.party(result.member)} does not hold ${result.role}.`,
    ];
  }
  const lines = renderOutcome(ctx, result.outcome);
  const { proposal } = result;
  if (proposal !== null) {
    const next = `npx hardhat consortium approve --proposal ${proposal.id} --as <another administrator> --send`;
    lines.push(
      result.outcome.sent
        ? `Proposal ${proposal.id} made; it needs ${proposal.approvalsNeeded} more approval(s): ${next}`
        : `It would become proposal ${proposal.id}, needing ${proposal.approvalsNeeded} more approval(s).`,
    );
  }
  return lines;
}
