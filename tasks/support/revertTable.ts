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
  ConsortiumCannotSuspendAdministrator: {
    number: 117,
    title: "An administrator cannot be suspended",
    sentence: (a, f) =>
      `${f.party(a.address("account"))} is an administrator, and administrators cannot be suspended`,
    hint: () => "Remove it as an administrator through governance first.",
  },
  ConsortiumSuspensionUnchanged: {
    number: 116,
    title: "The member is in that state already",
    sentence: (a, f) =>
      a.bool("suspended")
        ? `${f.party(a.address("account"))} is suspended already`
        : `${f.party(a.address("account"))} is not suspended`,
  },

  // ----------------------------------------------------- certificates of origin (300)
  CertificateOfOriginInvalidNumber: {
    number: 301,
    title: "Malformed certificate number",
    sentence: (a) =>
      `"${a.string("number")}" is not a certificate number: 1-64 printable ASCII characters, not starting or ending with a space`,
  },
  CertificateOfOriginNumberTaken: {
    number: 302,
    title: "The certificate number is taken",
    sentence: (a) => `a certificate numbered "${a.string("number")}" exists already`,
    hint: () =>
      "Each certificate has its own number; to correct a certificate, re-issue it under a new number.",
  },
  CertificateOfOriginPartyLacksRole: {
    number: 303,
    title: "A certificate party lacks its role",
    sentence: (a, f) =>
      `the ${a.string("field")} ${f.party(a.address("account"))} is not an active ${f.role(a.bytes("role"))} member`,
    hint: () => MEMBERS_HINT,
  },
  CertificateOfOriginInvalidHsCodeCount: {
    number: 304,
    title: "Too few or too many HS codes",
    sentence: (a) =>
      `a certificate lists 1 to ${a.uint("max")} HS codes, and ${a.uint("count")} were given`,
  },
  CertificateOfOriginInvalidHsCode: {
    number: 305,
    title: "Not an HS subheading",
    sentence: (a) =>
      `HS code number ${a.uint("index") + 1n} (${a.uint("code").toString().padStart(6, "0")}) is not a 6-digit subheading of chapters 01-97`,
  },
  CertificateOfOriginInvalidCountry: {
    number: 306,
    title: "Not an assigned country code",
    sentence: (a) =>
      `"${ascii(a.bytes("countryOfOrigin"))}" is not an assigned ISO 3166-1 alpha-2 country code`,
  },
  CertificateOfOriginInvalidOriginCriterion: {
    number: 307,
    title: "Unknown origin criterion",
    sentence: (a) =>
      `"${ascii(a.bytes("originCriterion"))}" is not an origin criterion (WO, PE, PSR, CTC, RVC, ACU, DMI, LST)`,
  },
  CertificateOfOriginInvalidTradeAgreement: {
    number: 308,
    title: "Malformed trade agreement code",
    sentence: (a) =>
      `"${ascii(a.bytes("tradeAgreement"))}" is not a trade agreement code (1-16 of A-Z, 0-9 and -, e.g. RCEP)`,
  },
  CertificateOfOriginCriterionNotApplicable: {
    number: 309,
    title: "Origin criterion not applicable",
    sentence: (a) =>
      `origin criterion ${ascii(a.bytes("originCriterion"))} cannot be stated under ${ascii(a.bytes("tradeAgreement"))}`,
    hint: () =>
      "A non-preferential certificate states WO or LST; a preferential one WO, PE, PSR, CTC, RVC, ACU or DMI.",
  },
  CertificateOfOriginInvalidIssueDate: {
    number: 310,
    title: "Issue date in the future",
    sentence: (a, f) =>
      `the issue date ${f.time(a.uint("issuedAt"))} is later than the chain's time ${f.time(a.uint("currentTime"))}`,
    hint: () => "The issue date is the one printed on the certificate; it cannot be in the future.",
  },
  CertificateOfOriginInvalidValidity: {
    number: 311,
    title: "Validity ends too early",
    sentence: (a, f) =>
      `the certificate would be valid until ${f.time(a.uint("validUntil"))}, which is not after both its issue date (${f.time(a.uint("issuedAt"))}) and now (${f.time(a.uint("currentTime"))})`,
  },
  CertificateOfOriginInvalidDocumentHash: {
    number: 312,
    title: "No document hash",
    sentence: () => "the certificate's document hash is zero",
    hint: () => "Give the certificate document (--document) so its keccak256 is registered.",
  },
  CertificateOfOriginUnknown: {
    number: 313,
    title: "No such certificate",
    sentence: (a) => `no certificate of origin has id ${a.bytes("certificateId")}`,
    hint: () => "Check the certificate number exactly as printed (case and punctuation count).",
  },
  CertificateOfOriginNotIssuer: {
    number: 314,
    title: "Only the issuing chamber may do this",
    sentence: (a, f) =>
      `only the issuing chamber ${f.party(a.address("issuer"))} may revoke or re-issue this certificate, not ${f.party(a.address("caller"))}`,
  },
  CertificateOfOriginAlreadyRevoked: {
    number: 315,
    title: "The certificate is revoked already",
    sentence: (a) =>
      /^0x0{64}$/.test(a.bytes("replacedBy"))
        ? "the certificate was revoked already"
        : `the certificate was revoked already, superseded by certificate ${a.bytes("replacedBy")}`,
  },
  CertificateOfOriginInvalidReason: {
    number: 316,
    title: "Revocation reason empty or too long",
    sentence: (a) =>
      `a revocation reason takes 1 to ${a.uint("max")} bytes, and this one has ${a.uint("length")}`,
  },
  CertificateOfOriginExporterChanged: {
    number: 317,
    title: "A correction cannot change the exporter",
    sentence: (a, f) =>
      `a corrected certificate must name the same exporter, ${f.party(a.address("exporter"))}, not ${f.party(a.address("requested"))}`,
  },

  // ------------------------------------------------------------------ invoices (400)
  InvoiceRegistryInvalidFingerprint: {
    number: 401,
    title: "Invalid invoice fingerprint",
    sentence: (a) =>
      `the ${fingerprintKind(a.uint("kind"))} fingerprint ${a.bytes("fingerprint")} is zero or repeats the other one`,
    hint: () => "Compute fingerprints with `npx hardhat invoice fingerprint`.",
  },
  InvoiceRegistryFingerprintTaken: {
    number: 402,
    title: "The invoice is registered already",
    sentence: (a) =>
      a.uint("kind") === 0n
        ? `this invoice is registered already (invoice ${a.bytes("invoiceId")})`
        : `an invoice with the same seller, buyer and number is registered already (invoice ${a.bytes("invoiceId")}), with a different date, amount or currency`,
    hint: () => "An invoice is registered once; see its status with `npx hardhat invoice check`.",
  },
  InvoiceRegistryAlreadyFinanced: {
    number: 403,
    title: "The invoice was financed already",
    sentence: (a, f) =>
      `invoice ${a.bytes("invoiceId")} was financed already, by ${f.party(a.address("bank"))}`,
    hint: () =>
      "Do not finance it: a receivable is financed once. If the invoice you hold differs, it is an altered copy.",
  },
  InvoiceRegistryUnknownFingerprint: {
    number: 404,
    title: "The invoice is not registered",
    sentence: (a) =>
      `no invoice is registered under this ${fingerprintKind(a.uint("kind"))} fingerprint`,
    hint: () =>
      "The seller registers the invoice first (`npx hardhat invoice register`); check the fields match it exactly.",
  },
  InvoiceRegistryFingerprintMismatch: {
    number: 405,
    title: "The fingerprints lead to different invoices",
    sentence: (a) =>
      `the ${fingerprintKind(a.uint("kind"))} fingerprint leads to invoice ${a.bytes("actual")}, not to invoice ${a.bytes("expected")}`,
  },
  InvoiceRegistryUnknownInvoice: {
    number: 406,
    title: "No such invoice",
    sentence: (a) => `no invoice has id ${a.bytes("invoiceId")}`,
  },
  InvoiceRegistryUnexpectedStatus: {
    number: 407,
    title: "The invoice is not in a status that allows this",
    sentence: (a) =>
      `invoice ${a.bytes("invoiceId")} is ${invoiceStatus(a.uint("current"))}; this needs it ${allowedStatuses(a.bytes("allowed"), invoiceStatus)}`,
  },
  InvoiceRegistryNotSeller: {
    number: 408,
    title: "Only the seller may do this",
    sentence: (a, f) =>
      `only the seller ${f.party(a.address("seller"))} may do this, not ${f.party(a.address("caller"))}`,
  },
  InvoiceRegistryNotFinancingBank: {
    number: 409,
    title: "Only the financing bank may do this",
    sentence: (a, f) =>
      `only the financing bank ${f.party(a.address("bank"))} may do this, not ${f.party(a.address("caller"))}`,
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

/** A left-aligned, zero-padded ASCII bytesN (bytes2 country, bytes4 criterion...) as text. */
export function ascii(hex: string): string {
  return Buffer.from(hex.slice(2), "hex").toString("latin1").replace(/\0+$/, "");
}

const FINGERPRINT_KINDS = ["exact", "identity"] as const;
function fingerprintKind(kind: bigint): string {
  return FINGERPRINT_KINDS[Number(kind)] ?? `kind ${kind}`;
}

/** IInvoiceRegistry.InvoiceStatus names, in enum order. */
export const INVOICE_STATUSES = ["None", "Registered", "Financed", "Repaid", "Cancelled"] as const;
function invoiceStatus(status: bigint): string {
  return INVOICE_STATUSES[Number(status)] ?? `status ${status}`;
}

/** "Registered" or "Registered or Financed" from an allowed-statuses bitmap (bit 1 << status). */
export function allowedStatuses(bitmap: string, name: (status: bigint) => string): string {
  const bits = BigInt(bitmap);
  const allowed: string[] = [];
  for (let status = 0n; status < 256n; status++) {
    if ((bits >> status) & 1n) allowed.push(name(status));
  }
  return allowed.join(" or ");
}

/** A role id as its name (member roles and the two governance roles) or as hex. */
export function describeRole(roleIdHex: string): string {
  const lower = roleIdHex.toLowerCase();
  return (
    roleName(lower) ??
    (["ADMINISTRATOR", "GOVERNANCE"] as const).find((n) => roleId(n) === lower) ??
    roleIdHex
  );
}
