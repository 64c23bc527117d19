/**
 * The consortium's member roles as AccessControl role ids, mirroring
 * contracts/consortium/ConsortiumRoles.sol (test/lib/roles.test.ts checks
 * that the two agree).
 */
import { id } from "ethers";

export const MEMBER_ROLE_NAMES = [
  "BANK",
  "EXPORTER",
  "IMPORTER",
  "CARRIER",
  "CHAMBER",
  "CUSTOMS",
  "ORACLE",
  "INSURER",
] as const;

export type MemberRoleName = (typeof MEMBER_ROLE_NAMES)[number];

/**
 * The member roles that only consortium governance grants and revokes (the roles that move
 * money or reports), mirroring `ConsortiumRoles.isGovernedRole`.
 */
export const GOVERNED_ROLE_NAMES: readonly MemberRoleName[] = ["BANK", "CARRIER", "ORACLE"];

/** Whether changes to member role `name` need an approved governance proposal. */
export function isGovernedRole(name: MemberRoleName): boolean {
  return GOVERNED_ROLE_NAMES.includes(name);
}

/** The role id of a member role: keccak256 of its name. */
export function roleId(name: MemberRoleName | "OBLIGOR" | "ADMINISTRATOR" | "GOVERNANCE"): string {
  return id(name);
}

/** The member role name of a role id, or undefined if it is not a member role. */
export function roleName(roleIdHex: string): MemberRoleName | undefined {
  return MEMBER_ROLE_NAMES.find((name) => id(name) === roleIdHex.toLowerCase());
}
