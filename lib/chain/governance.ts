/**
 * Consortium governance from TypeScript: propose a call through the registry and have
 * enough administrators approve it that the registry executes it.
 */
import type { Signer } from "ethers";

import type { ConsortiumRegistry } from "../../types/ethers-contracts/index.js";
import { countryBytes, type DemoMember } from "./demoConsortium.ts";
import { type MemberRoleName, roleId } from "./roles.ts";

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

/** The governance call that onboards `member` at `account` with its roles. */
export async function onboardingCall(
  registry: ConsortiumRegistry,
  account: string,
  member: Pick<DemoMember, "name" | "registrationId" | "country" | "roles">,
): Promise<GovernanceCall> {
  return {
    target: await registry.getAddress(),
    data: registry.interface.encodeFunctionData("onboardMember", [
      account,
      member.name,
      member.registrationId,
      countryBytes(member.country),
      member.roles.map((r) => roleId(r)),
    ]),
    description: `Onboard ${member.name} (${member.registrationId}, ${member.country}) as ${member.roles.join(", ")}`,
  };
}

/**
 * The governance call that grants (or revokes) member role `role` to (from) `account`. The only
 * way to change BANK, ORACLE and CARRIER (`isGovernedRole`); the registry refuses an
 * administrator's direct change of those with `ConsortiumRoleNeedsGovernance`.
 */
export async function roleChangeCall(
  registry: ConsortiumRegistry,
  change: "grant" | "revoke",
  role: MemberRoleName,
  account: string,
): Promise<GovernanceCall> {
  return {
    target: await registry.getAddress(),
    data:
      change === "grant"
        ? registry.interface.encodeFunctionData("grantRole", [roleId(role), account])
        : registry.interface.encodeFunctionData("revokeRole", [roleId(role), account]),
    description: `${change === "grant" ? "Grant" : "Revoke"} ${role} ${change === "grant" ? "to" : "from"} ${account}`,
  };
}
