/**
 * The consortium registry as the consortium tasks see it: the deployed contract, its
 * governance proposals in words, and the check that an administrator acts.
 */
import { ConsortiumRegistry__factory } from "../../types/ethers-contracts/index.js";
import type { ConsortiumRegistry } from "../../types/ethers-contracts/index.js";
import type { TaskContext } from "../support/context.ts";
import { displayArgs, namedArgs } from "../support/transactions.ts";

export const REGISTRY = "ConsortiumRegistry";

export async function deployedRegistry(ctx: TaskContext): Promise<ConsortiumRegistry> {
  return ConsortiumRegistry__factory.connect(await ctx.deployed(REGISTRY), ctx.ethers.provider);
}

export interface ProposalView {
  id: bigint;
  proposer: string;
  target: string;
  /** The proposed call in words, e.g. `onboardMember(account: 0x…, name: "…", …)`. */
  call: string;
  description: string;
  approvals: bigint;
  threshold: bigint;
  /** "stale": open, but an administrator was removed since it was made; it cannot be approved. */
  state: "open" | "stale" | "executed" | "cancelled";
  approvedBy: string[];
}

/** Proposal `id` with its description (from its ProposalCreated event) and approvers. */
export async function readProposal(
  ctx: TaskContext,
  registry: ConsortiumRegistry,
  id: bigint,
): Promise<ProposalView> {
  const [p, threshold, stale] = await ctx.view(`reading proposal ${id}`, () =>
    Promise.all([registry.proposal(id), registry.approvalThreshold(), registry.isStale(id)]),
  );
  const [created] = await registry.queryFilter(registry.filters.ProposalCreated(id), 0);
  const approvals = await registry.queryFilter(registry.filters.ProposalApproved(id), 0);
  return {
    id,
    proposer: p.proposer,
    target: p.target,
    call: describeCall(ctx, p.target, p.data),
    description: created?.args.description ?? "",
    approvals: p.approvals,
    threshold,
    state: p.executed ? "executed" : p.cancelled ? "cancelled" : stale ? "stale" : "open",
    approvedBy: approvals.map((e) => e.args.admin),
  };
}

/** A governance call in words, decoded with the ABI of the contract it targets. */
export function describeCall(ctx: TaskContext, target: string, data: string): string {
  const contract = ctx.book().contractAt(target);
  if (contract === undefined) return `call to ${target} (${data.slice(0, 10)})`;
  const parsed = ctx.catalogue.interfaceOf(contract.contractName).parseTransaction({ data });
  if (parsed === null) return `call to ${contract.name} (${data.slice(0, 10)})`;
  const args = namedArgs(parsed.fragment.inputs, [...parsed.args]);
  return `${contract.name}.${parsed.name}(${displayArgs(ctx, args)})`;
}
