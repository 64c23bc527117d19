/**
 * How the demo's Ignition modules govern: one demo administrator proposes a call through the
 * registry and another approves it, so the registry executes it (the threshold is 2). The calls
 * themselves are built where each module says; the governed member calls come from
 * lib/chain/governance.ts.
 */
import type {
  CallableContractFuture,
  ContractCallFuture,
  ContractFuture,
  EncodeFunctionCallFuture,
  Future,
  IgnitionModule,
  IgnitionModuleBuilder,
} from "@nomicfoundation/ignition-core";

export interface Proposal {
  target: ContractFuture<string>;
  data: EncodeFunctionCallFuture<string, string>;
  description: string;
  proposer: ReturnType<IgnitionModuleBuilder["getAccount"]>;
  approver: ReturnType<IgnitionModuleBuilder["getAccount"]>;
  /** Future ids (kept as the modules have always named them, so local deployments resume). */
  ids: { propose: string; proposalId?: string; approve: string };
  /** What must have run before the proposal is made. */
  after?: (Future | IgnitionModule)[];
}

/** Proposes `proposal` through `registry` and approves it; returns the approval's future. */
export function proposeAndApprove(
  m: IgnitionModuleBuilder,
  registry: CallableContractFuture<string>,
  proposal: Proposal,
): ContractCallFuture<string, "approve"> {
  const proposed = m.call(
    registry,
    "propose",
    [proposal.target, proposal.data, proposal.description],
    {
      from: proposal.proposer,
      id: proposal.ids.propose,
      ...(proposal.after === undefined ? {} : { after: proposal.after }),
    },
  );
  const proposalId = m.readEventArgument(
    proposed,
    "ProposalCreated",
    "proposalId",
    proposal.ids.proposalId === undefined ? undefined : { id: proposal.ids.proposalId },
  );
  return m.call(registry, "approve", [proposalId], {
    from: proposal.approver,
    id: proposal.ids.approve,
  });
}

/**
 * `proposeAndApprove` for a module that governs several calls, each named by a key: its futures
 * are `propose_<key>`, `proposal_id_<key>` and `approve_<key>`. `after` (for every call of the
 * module, and per call) is what must have run before the proposal is made.
 */
export function keyedGovernance(
  m: IgnitionModuleBuilder,
  registry: CallableContractFuture<string>,
  proposer: Proposal["proposer"],
  approver: Proposal["approver"],
  options: { after?: (Future | IgnitionModule)[] } = {},
) {
  return (
    key: string,
    target: ContractFuture<string>,
    data: EncodeFunctionCallFuture<string, string>,
    description: string,
    after: (Future | IgnitionModule)[] = [],
  ): ContractCallFuture<string, "approve"> => {
    const before = [...(options.after ?? []), ...after];
    return proposeAndApprove(m, registry, {
      target,
      data,
      description,
      proposer,
      approver,
      ids: {
        propose: `propose_${key}`,
        proposalId: `proposal_id_${key}`,
        approve: `approve_${key}`,
      },
      ...(before.length === 0 ? {} : { after: before }),
    });
  };
}

/** Encodes `fn(args)` on `target` as the future `encode_<key>`, for `keyedGovernance`. */
export function keyedEncoder(m: IgnitionModuleBuilder) {
  return (
    key: string,
    target: ContractFuture<string>,
    fn: string,
    args: unknown[],
  ): EncodeFunctionCallFuture<string, string> =>
    m.encodeFunctionCall(target as CallableContractFuture<string>, fn, args as never, {
      id: `encode_${key}`,
    });
}

/** `keyedGovernance` of `keyedEncoder`'s call: governs `fn(args)` on `target` under `key`. */
export function keyedGovernedCalls(
  m: IgnitionModuleBuilder,
  registry: CallableContractFuture<string>,
  proposer: Proposal["proposer"],
  approver: Proposal["approver"],
) {
  const govern = keyedGovernance(m, registry, proposer, approver);
  const encode = keyedEncoder(m);
  return (
    key: string,
    target: ContractFuture<string>,
    fn: string,
    args: unknown[],
    description: string,
  ) => govern(key, target, encode(key, target, fn, args), description);
}
