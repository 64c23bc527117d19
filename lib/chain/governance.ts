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
import { MEMBER_ROLE_NAMES, type MemberRoleName, roleId } from "./roles.ts";

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

/** The most members one `onboardMembers` proposal carries (`MAX_ONBOARDING_BATCH` in the registry). */
export const MAX_ONBOARDING_BATCH = 100;
const MAX_NAME_BYTES = 128;
const MAX_REGISTRATION_ID_BYTES = 64;

/** A member to onboard and the account it acts from. */
export interface NewMember {
  account: string;
  member: MemberProfile;
}

/**
 * The registry call that onboards every member of `members` under one proposal
 * (`ConsortiumRegistry.onboardMembers`). The entries are packed, not ABI-encoded, because a
 * proposal stores its call data and that storage is most of onboarding's gas: per member
 * `account (20) | country (2) | role bits (1) | name length (1) | name | id length (1) | id`,
 * role bits as `ConsortiumRoles.bitOf` (the order of MEMBER_ROLE_NAMES). Refuses, naming the
 * entry and the field, what the registry would refuse, so a bad batch never reaches a vote.
 */
export function onboardMembersCall(
  members: readonly NewMember[],
): RegistryCall<"onboardMembers", [`0x${string}`]> {
  if (members.length === 0 || members.length > MAX_ONBOARDING_BATCH) {
    throw new Error(
      `members: a batch holds 1 to ${MAX_ONBOARDING_BATCH} members, not ${members.length}`,
    );
  }
  const parts: Buffer[] = [];
  members.forEach(({ account, member }, index) => {
    const where = `members[${index}]`;
    if (!/^0x[0-9a-fA-F]{40}$/.test(account) || /^0x0{40}$/.test(account)) {
      throw new Error(`${where}.account: "${account}" is not a non-zero address`);
    }
    const name = Buffer.from(member.name, "utf8");
    if (name.length === 0 || name.length > MAX_NAME_BYTES) {
      throw new Error(`${where}.name: takes 1-${MAX_NAME_BYTES} bytes, not ${name.length}`);
    }
    const registrationId = Buffer.from(member.registrationId, "utf8");
    if (registrationId.length === 0 || registrationId.length > MAX_REGISTRATION_ID_BYTES) {
      throw new Error(
        `${where}.registrationId: takes 1-${MAX_REGISTRATION_ID_BYTES} bytes, not ${registrationId.length}`,
      );
    }
    let country: string;
    try {
      country = countryBytes(member.country);
    } catch (cause) {
      throw new Error(`${where}.${(cause as Error).message}`, { cause });
    }
    let roleBits = 0;
    for (const role of member.roles) {
      const bit = MEMBER_ROLE_NAMES.indexOf(role);
      if (bit < 0) throw new Error(`${where}.roles: "${String(role)}" is not a member role`);
      roleBits |= 1 << bit;
    }
    parts.push(
      Buffer.from(account.slice(2), "hex"),
      Buffer.from(country.slice(2), "hex"),
      Buffer.from([roleBits, name.length]),
      name,
      Buffer.from([registrationId.length]),
      registrationId,
    );
  });
  return {
    functionName: "onboardMembers",
    args: [`0x${Buffer.concat(parts).toString("hex")}`],
    description: `Onboard ${members.length} members: ${members
      .slice(0, 3)
      .map(({ member }) => member.name)
      .join(", ")}${members.length > 3 ? ", …" : ""}`,
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

/** The governance call that onboards every member of `members` under one proposal (ethers). */
export function batchOnboardingCall(
  registry: ConsortiumRegistry,
  members: readonly NewMember[],
): Promise<GovernanceCall> {
  return registryProposal(registry, onboardMembersCall(members));
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
