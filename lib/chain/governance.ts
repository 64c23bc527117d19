/**
 * Consortium governance: the one place the registry's proposal calls are built, and, for ethers,
 * proposing a call and having enough administrators approve it that the registry executes it.
 *
 * `onboardMemberCall` and `roleChangeCall` build a call library-neutrally — function name,
 * arguments, the proposal's description — over however the caller holds an address: ethers and
 * the tasks encode it with the registry's interface (`onboardingCall`, `roleChangeProposal`), the
 * oracle's viem deployment (oracle/cli/deployOracle.ts) with `encodeFunctionData`, and the demo's
 * Ignition modules (deploy/demo/) with `m.encodeFunctionCall` on account futures.
 */
import type { Interface, Signer } from "ethers";

import type { ConsortiumRegistry } from "../../types/ethers-contracts/index.js";
import { countryBytes } from "../iso/iso3166.ts";
import { type MemberRoleName, roleId } from "./roles.ts";

/** A member as the registry records it. */
export interface MemberProfile {
  name: string;
  /** LEI (20 characters) or national registry number. */
  registrationId: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  roles: readonly MemberRoleName[];
}

/** A registry call before encoding; `A` is an address as the caller holds it. */
export interface RegistryCall<F extends string, Args extends readonly unknown[]> {
  functionName: F;
  args: Args;
  /** The proposal's description, as `consortium proposals` lists it. */
  description: string;
}

/** The registry call that onboards `member` at `account` with its roles. */
export function onboardMemberCall<A>(
  account: A,
  member: MemberProfile,
): RegistryCall<"onboardMember", [A, string, string, `0x${string}`, `0x${string}`[]]> {
  return {
    functionName: "onboardMember",
    args: [
      account,
      member.name,
      member.registrationId,
      countryBytes(member.country) as `0x${string}`,
      member.roles.map((r) => roleId(r) as `0x${string}`),
    ],
    description: `Onboard ${member.name} (${member.registrationId}, ${member.country}) as ${member.roles.join(", ") || "a member without roles"}`,
  };
}

/**
 * The registry call that grants (or revokes) member role `role` to (from) `account`. The only
 * way to change BANK, ORACLE and CARRIER (`isGovernedRole`); the registry refuses an
 * administrator's direct change of those with `ConsortiumRoleNeedsGovernance`.
 */
export function roleChangeCall<A>(
  change: "grant" | "revoke",
  role: MemberRoleName,
  account: A,
): RegistryCall<"grantRole" | "revokeRole", [`0x${string}`, A]> {
  return {
    functionName: change === "grant" ? "grantRole" : "revokeRole",
    args: [roleId(role) as `0x${string}`, account],
    description: `${change === "grant" ? "Grant" : "Revoke"} ${role} ${change === "grant" ? "to" : "from"} ${String(account)}`,
  };
}

export interface GovernanceCall {
  target: string;
  data: string;
  description: string;
}

/**
 * Propose `call` as `proposer` and approve it as each of `approvers` until the registry
 * executes it. Returns the proposal id.
 */
export async function executeGovernance(
  registry: ConsortiumRegistry,
  proposer: Signer,
  approvers: readonly Signer[],
  call: GovernanceCall,
): Promise<bigint> {
  const proposalId = (await registry.proposalCount()) + 1n;
  await (await registry.connect(proposer).propose(call.target, call.data, call.description)).wait();
  const threshold = await registry.approvalThreshold();
  let approvals = 1n;
  for (const approver of approvers) {
    if (approvals >= threshold) break;
    await (await registry.connect(approver).approve(proposalId)).wait();
    approvals += 1n;
  }
  if (!(await registry.proposal(proposalId)).executed) {
    throw new Error(
      `proposal ${proposalId} needs ${threshold} approvals; only ${approvals} administrators approved`,
    );
  }
  return proposalId;
}

/** `call` encoded for `registry` as the proposal `executeGovernance` takes (ethers). */
export async function registryProposal(
  registry: ConsortiumRegistry,
  call: RegistryCall<string, readonly unknown[]>,
): Promise<GovernanceCall> {
  return {
    target: await registry.getAddress(),
    // The registry's typed interface has one overload per function; the call names its own.
    data: (registry.interface as Interface).encodeFunctionData(call.functionName, [...call.args]),
    description: call.description,
  };
}

/** The governance call that onboards `member` at `account` with its roles (ethers). */
export function onboardingCall(
  registry: ConsortiumRegistry,
  account: string,
  member: MemberProfile,
): Promise<GovernanceCall> {
  return registryProposal(registry, onboardMemberCall(account, member));
}

/** The governance call that grants (or revokes) `role` to (from) `account` (ethers). */
export function roleChangeProposal(
  registry: ConsortiumRegistry,
  change: "grant" | "revoke",
  role: MemberRoleName,
  account: string,
): Promise<GovernanceCall> {
  return registryProposal(registry, roleChangeCall(change, role, account));
}
