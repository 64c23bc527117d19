/**
 * The one table from a Solidity custom error's name to what an operator reads: a sentence
 * built from the error's arguments and a hint saying what to do next (STYLE.md §11). Every
 * custom error a Caravel contract can raise has an entry (test/tasks/revertTable.test.ts
 * checks the compiled ABIs against this table). Numbers group by contract:
 * 100 consortium, 200 bill of lading, 300 certificates of origin, 400 invoices,
 * 500 credit and money, 600 customs oracle, 900 OpenZeppelin and Solidity built-ins.
 */
import { roleId, roleName } from "../../scripts/lib/roles.ts";

/** Typed access to a decoded error's arguments by parameter name. */
export class ErrorArgs {
  readonly values: Readonly<Record<string, unknown>>;

  constructor(values: Readonly<Record<string, unknown>>) {
    this.values = values;
  }

  address(name: string): string {
    return this.#typed(name, "string");
  }
  bytes(name: string): string {
    return this.#typed(name, "string");
  }
  string(name: string): string {
    return this.#typed(name, "string");
  }
  uint(name: string): bigint {
    return this.#typed(name, "bigint");
  }
  bool(name: string): boolean {
    return this.#typed(name, "boolean");
  }

  #typed<T extends "string" | "bigint" | "boolean">(
    name: string,
    type: T,
  ): T extends "string" ? string : T extends "bigint" ? bigint : boolean {
    const value = this.values[name];
    if (typeof value !== type) {
      throw new Error(`revert argument "${name}" is ${typeof value}, expected ${type}`);
    }
    return value as T extends "string" ? string : T extends "bigint" ? bigint : boolean;
  }
}

/** How sentences name things: parties by member name, roles by name, nested reverts decoded. */
export interface SentenceFormatter {
  party(address: string): string;
  role(roleId: string): string;
  /** A nested revert (e.g. a governance proposal's failed call) as its own sentence. */
  revert(data: string): string;
  time(unixSeconds: bigint): string;
}

export interface RevertExplanation {
  number: number;
  /** The runbook entry's title. */
  title: string;
  sentence: (a: ErrorArgs, f: SentenceFormatter) => string;
  hint?: (a: ErrorArgs, f: SentenceFormatter) => string;
}

const MEMBERS_HINT = "See who is in the consortium with `npx hardhat consortium members`.";

export const REVERT_TABLE: Readonly<Record<string, RevertExplanation>> = {
  // ---------------------------------------------------------------- consortium (100)
  ConsortiumUnauthorizedAccount: {
    number: 101,
    title: "The caller lacks the role",
    sentence: (a, f) =>
      `${f.party(a.address("account"))} may not do this: it does not hold the ${f.role(a.bytes("role"))} role (or it is suspended)`,
    hint: (a, f) =>
      `Act as a member holding ${f.role(a.bytes("role"))} (--as), or have an administrator grant it with \`npx hardhat consortium grant-role\`.`,
  },
  ConsortiumInactiveMember: {
    number: 102,
    title: "The account is not an active member",
    sentence: (a, f) =>
      `${f.party(a.address("account"))} is not an active consortium member (never onboarded, or suspended)`,
    hint: () => MEMBERS_HINT,
  },
  ConsortiumAlreadyMember: {
    number: 103,
    title: "The account is a member already",
    sentence: (a, f) => `${f.party(a.address("account"))} is already a consortium member`,
    hint: () => "Grant it further roles with `npx hardhat consortium grant-role` instead.",
  },
  ConsortiumNotMember: {
    number: 104,
    title: "The account is not a member",
    sentence: (a, f) => `${f.party(a.address("account"))} is not a consortium member`,
    hint: () =>
      "Onboard it first: `npx hardhat consortium onboard`, then have a second administrator approve.",
  },
  ConsortiumInvalidField: {
    number: 105,
    title: "A member field is empty or malformed",
    sentence: (a) => `the registry refused the ${a.string("field")}: it is empty or malformed`,
    hint: () =>
      "Names take 1-128 bytes, registration ids 1-64, countries two upper-case ISO 3166-1 letters.",
  },
  ConsortiumUnknownRole: {
    number: 106,
    title: "Not a member role",
    sentence: (a, f) => `${f.role(a.bytes("role"))} is not a member role`,
    hint: () =>
      "Member roles are BANK, EXPORTER, IMPORTER, CARRIER, CHAMBER, CUSTOMS, ORACLE and INSURER.",
  },
  ConsortiumOnlyGovernance: {
    number: 107,
    title: "Only governance may do this",
    sentence: (a, f) =>
      `only an approved governance proposal may do this, and ${f.party(a.address("caller"))} called directly`,
    hint: () =>
      "Propose it through the registry and have enough administrators approve (`npx hardhat consortium approve`).",
  },
  ConsortiumInvalidThreshold: {
    number: 108,
    title: "Invalid approval threshold",
    sentence: (a) =>
      `an approval threshold of ${a.uint("threshold")} is impossible with ${a.uint("administrators")} administrators`,
    hint: () => "The threshold must be at least 2 and at most the number of administrators.",
  },
  ConsortiumUnknownProposal: {
    number: 109,
    title: "No such proposal",
    sentence: (a) => `there is no governance proposal ${a.uint("proposalId")}`,
    hint: () => "List the proposals with `npx hardhat consortium proposals`.",
  },
  ConsortiumProposalAlreadyExecuted: {
    number: 110,
    title: "The proposal was executed already",
    sentence: (a) => `proposal ${a.uint("proposalId")} was executed already`,
    hint: () => "Nothing more to approve.",
  },
  ConsortiumAlreadyApproved: {
    number: 111,
    title: "The administrator approved already",
    sentence: (a, f) =>
      `${f.party(a.address("admin"))} has already approved proposal ${a.uint("proposalId")}`,
    hint: () => "Another administrator must approve it (--as).",
  },
  ConsortiumProposalFailed: {
    number: 112,
    title: "The proposal's call failed",
    sentence: (a, f) =>
      `proposal ${a.uint("proposalId")} reached its approvals but its call failed: ${f.revert(a.bytes("reason"))}`,
    hint: () =>
      "Nothing changed; the proposal stays open. Cancel it (its proposer) and propose a corrected one.",
  },
  ConsortiumProposalCancelled: {
    number: 113,
    title: "The proposal was cancelled",
    sentence: (a) => `proposal ${a.uint("proposalId")} was cancelled`,
    hint: () => "Propose it again if it is still wanted.",
  },
  ConsortiumNotProposer: {
    number: 114,
    title: "Only the proposer may cancel",
    sentence: (a, f) =>
      `only ${f.party(a.address("proposer"))} may cancel proposal ${a.uint("proposalId")}, not ${f.party(a.address("caller"))}`,
  },
  ConsortiumAdministratorsBelowThreshold: {
    number: 115,
    title: "Too few administrators would remain",
    sentence: (a) =>
      `removing that administrator would leave ${a.uint("remaining")}, fewer than the approval threshold of ${a.uint("threshold")}`,
    hint: () => "Add another administrator first.",
  },
  ConsortiumSuspensionUnchanged: {
    number: 116,
    title: "The member is in that state already",
    sentence: (a, f) =>
      a.bool("suspended")
        ? `${f.party(a.address("account"))} is suspended already`
        : `${f.party(a.address("account"))} is not suspended`,
  },

  // ------------------------------------------------- OpenZeppelin, Solidity (900)
  AccessControlUnauthorizedAccount: {
    number: 901,
    title: "The caller lacks the role",
    sentence: (a, f) =>
      `${f.party(a.address("account"))} may not do this: it does not hold the ${f.role(a.bytes("neededRole"))} role`,
    hint: (a, f) =>
      f.role(a.bytes("neededRole")) === "ADMINISTRATOR"
        ? "Act as a consortium administrator (--as admin1, admin2, ...)."
        : `Act as a member holding ${f.role(a.bytes("neededRole"))} (--as).`,
  },
  AccessControlBadConfirmation: {
    number: 902,
    title: "A role can only be renounced by its holder",
    sentence: () => "a role can only be renounced by the account holding it",
  },
  Error: {
    number: 998,
    title: "The contract refused with a message",
    sentence: (a) => `the contract refused: "${a.string("message")}"`,
  },
  Panic: {
    number: 999,
    title: "The contract hit an internal error",
    sentence: (a) => `the contract hit an internal error (panic 0x${a.uint("code").toString(16)})`,
    hint: () =>
      "This is a bug in the contract or in the task, not in your input: report it with the command you ran.",
  },
};

/** A role id as its name (member roles and the two governance roles) or as hex. */
export function describeRole(roleIdHex: string): string {
  const lower = roleIdHex.toLowerCase();
  return (
    roleName(lower) ??
    (["ADMINISTRATOR", "GOVERNANCE"] as const).find((n) => roleId(n) === lower) ??
    roleIdHex
  );
}
