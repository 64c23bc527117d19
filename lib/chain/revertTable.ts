/**
 * The one table from a Solidity custom error's name to what an operator reads: a sentence
 * built from the error's arguments and a hint saying what to do next (STYLE.md §11). Every
 * custom error a Caravel contract can raise has an entry (test/tasks/support.test.ts
 * checks the compiled ABIs against this table). Numbers group by contract:
 * 100 consortium, 200 bill of lading, 300 certificates of origin, 400 invoices,
 * 500 credit and money, 600 customs oracle, 700 payable vouchers (760 payment commitments),
 * 800 purchase orders and the document-financing guard, 900 OpenZeppelin and Solidity
 * built-ins.
 */
import { BillForm, BillStatus, enumName, TitleEventKind } from "../trade/billOfLading.ts";
import {
  CommitmentStatus,
  DocumentKind,
  enumName as lcEnumName,
  LcStatus,
  OrderStatus,
  SettlementCondition,
} from "../trade/enums.ts";
import { describeDiscrepancies } from "../trade/letterOfCredit.ts";
import { describeMismatches } from "../trade/openAccountMatch.ts";
import { roleId, roleName } from "./roles.ts";
import { OFFER_STATUSES, PAYABLE_STATUSES, statusName } from "../trade/vouchers.ts";
import { errorCode, TASK_ERRORS } from "../errors/caravelError.ts";
import {
  AdvanceMilestone,
  AdvanceSourceKind,
  AdvanceStatus,
  advanceEnumName,
} from "../trade/preShipmentAdvance.ts";

/** A `bytes5` UN/LOCODE as its five letters ("0x434e534841" -> "CNSHA"); "none" for zero bytes. */
function locodeText(hex: string): string {
  const text = Buffer.from(hex.slice(2), "hex").toString("latin1");
  return /^\0*$/.test(text) ? "none" : text;
}

/** Typed access to decoded values (an error's or an event's arguments) by parameter name. */
export class NamedValues {
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
  /** An array of strings (bytes32[], address[], string[]). */
  strings(name: string): string[] {
    const value = this.values[name];
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
      throw new Error(`value "${name}" is not a list of strings`);
    }
    return [...(value as string[])];
  }

  #typed<T extends "string" | "bigint" | "boolean">(
    name: string,
    type: T,
  ): T extends "string" ? string : T extends "bigint" ? bigint : boolean {
    const value = this.values[name];
    if (typeof value !== type) {
      throw new Error(`value "${name}" is ${typeof value}, expected ${type}`);
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
  sentence: (a: NamedValues, f: SentenceFormatter) => string;
  hint?: (a: NamedValues, f: SentenceFormatter) => string;
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
      `Act as a member holding ${f.role(a.bytes("role"))} (--as), or have it granted with \`npx hardhat consortium grant-role\` (BANK, ORACLE and CARRIER by a governance proposal).`,
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
  ConsortiumProposalStale: {
    number: 118,
    title: "The proposal is stale",
    sentence: (a) =>
      `proposal ${a.uint("proposalId")} is stale: an administrator was removed since it was made (administrator set ${a.uint("madeUnder")}, now ${a.uint("current")}), so approvals given to it may no longer count`,
    hint: () => "Propose it again: the remaining administrators approve it afresh.",
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
  ConsortiumRoleNeedsGovernance: {
    number: 119,
    title: "The role changes only by governance",
    sentence: (a, f) =>
      `${f.role(a.bytes("role"))} moves money or reports, so only an approved governance proposal may grant or revoke it, and ${f.party(a.address("caller"))} tried directly`,
    hint: () =>
      "Propose the change with `npx hardhat consortium grant-role` (or `revoke-role`) and have enough administrators approve it (`npx hardhat consortium approve`).",
  },
  ConsortiumSuspensionUnchanged: {
    number: 116,
    title: "The member is in that state already",
    sentence: (a, f) =>
      a.bool("suspended")
        ? `${f.party(a.address("account"))} is suspended already`
        : `${f.party(a.address("account"))} is not suspended`,
  },
  ConsortiumMalformedMemberBatch: {
    number: 130,
    title: "The member batch is malformed",
    sentence: (a) =>
      `the packed member batch ends inside the entry starting at byte ${a.uint("offset")}: it needs ${a.uint("needed")} bytes and ${a.uint("available")} are left`,
    hint: () =>
      "Build the batch with `onboardMembersCall` (lib/chain/governance.ts); do not pack it by hand.",
  },
  ConsortiumMemberBatchTooLarge: {
    number: 131,
    title: "Too many members in one batch",
    sentence: (a) => `one proposal onboards at most ${a.uint("max")} members`,
    hint: () => "Split the members over several proposals.",
  },
  ConsortiumInvalidMemberEntry: {
    number: 132,
    title: "A member of the batch is malformed",
    sentence: (a, f) =>
      `entry ${a.uint("index")} of the member batch (${f.party(a.address("account"))}) has an empty or malformed ${a.string("field")}`,
    hint: () =>
      "Names take 1-128 bytes, registration ids 1-64, countries two upper-case ISO 3166-1 letters; fix the entry and propose the batch again.",
  },

  // ------------------------------------------------------------- bills of lading (200)
  BillOfLadingNonexistent: {
    number: 201,
    title: "No such bill of lading",
    sentence: (a) => `no bill of lading has id ${a.uint("billId")}`,
    hint: () => "Check the B/L number as printed, and the carrier (--carrier).",
  },
  BillOfLadingNumberTaken: {
    number: 202,
    title: "The B/L number is taken",
    sentence: (a, f) =>
      `${f.party(a.address("carrier"))} already issued a bill numbered "${a.string("blNumber")}"`,
    hint: () => "A carrier numbers each bill once; amend a bill through surrender for amendment.",
  },
  BillOfLadingInvalidField: {
    number: 203,
    title: "A bill field is empty or malformed",
    sentence: (a) => `the bill of lading's ${a.string("field")} is empty or malformed`,
  },
  BillOfLadingNotHolder: {
    number: 204,
    title: "Only the holder may do this",
    sentence: (a, f) =>
      `only the holder of the bill, ${f.party(a.address("holder"))}, may do this, not ${f.party(a.address("caller"))}`,
    hint: () => "See who holds it with `npx hardhat bill history`.",
  },
  BillOfLadingNotCarrier: {
    number: 205,
    title: "Only the issuing carrier may do this",
    sentence: (a, f) =>
      `only the carrier that issued the bill, ${f.party(a.address("carrier"))}, may do this, not ${f.party(a.address("caller"))}`,
  },
  BillOfLadingUnexpectedStatus: {
    number: 206,
    title: "The bill is not in a status that allows this",
    sentence: (a) =>
      `the bill is ${billStatus(a.uint("current"))}; this needs it ${billStatus(a.uint("expected"))}`,
    hint: () => "See its title chain with `npx hardhat bill history`.",
  },
  BillOfLadingUnexpectedForm: {
    number: 207,
    title: "Not possible for a bill of this form",
    sentence: (a) => {
      const form = billForm(a.uint("current")).toLowerCase();
      return `this is not possible for ${form === "order" ? "an" : "a"} ${form} bill`;
    },
    hint: () =>
      "A straight bill passes only to its consignee (transfer); an order bill by endorsement; a bearer bill by transfer.",
  },
  BillOfLadingPledged: {
    number: 208,
    title: "The bill is pledged",
    sentence: (a, f) =>
      `the bill is pledged to ${f.party(a.address("pledgee"))}: only that bank may release or enforce it`,
  },
  BillOfLadingNotPledged: {
    number: 209,
    title: "The bill is not pledged",
    sentence: () => "the bill is not pledged",
  },
  BillOfLadingNotRefusable: {
    number: 210,
    title: "Too late to refuse the bill",
    sentence: (a) =>
      `a bill can be refused only right after it was endorsed or transferred to you; its last step was ${titleEventKind(a.uint("lastStep"))}`,
  },
  BillOfLadingSurrenderPurposeMismatch: {
    number: 211,
    title: "Surrendered for the other purpose",
    sentence: (a) =>
      `the bill was surrendered for ${a.bool("forAmendment") ? "amendment" : "delivery"}, not for that`,
  },
  BillOfLadingNotConsignee: {
    number: 212,
    title: "Only the consignee of a straight bill",
    sentence: (a, f) =>
      `a straight bill passes only to, and is surrendered only by, its consignee ${f.party(a.address("consignee"))}, not ${f.party(a.address("party"))}`,
  },
  BillOfLadingInvalidRecipient: {
    number: 213,
    title: "Cannot receive the bill",
    sentence: (a, f) =>
      `${f.party(a.address("recipient"))} cannot receive the bill this way (nobody, its own holder, or its carrier)`,
  },
  BillOfLadingTransferRestricted: {
    number: 214,
    title: "Bills move only through title operations",
    sentence: () =>
      "a bill moves only by its title operations (endorse, transfer, pledge, surrender), never by a token transfer",
  },
  BillOfLadingOperatorsRestricted: {
    number: 215,
    title: "Bills have no operators",
    sentence: () => "a bill cannot be put in the hands of an operator: only its holder acts on it",
  },
  BillOfLadingNotPintGateway: {
    number: 216,
    title: "Only the consortium's PINT gateway may do this",
    sentence: (a, f) =>
      `only the PINT gateway ${f.party(a.address("gateway"))} completes, abandons and imports transfers to and from other eBL platforms, not ${f.party(a.address("caller"))}`,
    hint: () => "Governance names the gateway account (setPintGateway); see docs/OPERATIONS.md.",
  },
  BillOfLadingActiveCopy: {
    number: 217,
    title: "This chain already holds the bill",
    sentence: (a) =>
      `bill ${a.uint("billId")} is ${billStatus(a.uint("status"))} on this chain: a second copy cannot be imported`,
    hint: () =>
      "Only a bill never seen here, or one exported from here, can be imported (PINT DISE).",
  },
  BillOfLadingImportMismatch: {
    number: 218,
    title: "The returning bill's document differs",
    sentence: (a) =>
      `bill ${a.uint("billId")} left with document hash ${a.bytes("recorded")} and returns with ${a.bytes("presented")}`,
  },
  BillOfLadingBalanceNotKept: {
    number: 219,
    title: "Bill counts are not kept per account",
    sentence: (a, f) =>
      `the bill registry keeps no per-account count: count ${f.party(a.address("owner"))}'s bills from the bill history (holder of each bill)`,
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
        ? `this seller registered this invoice already (invoice ${a.bytes("invoiceId")})`
        : `this seller registered an invoice with the same seller, buyer and number already (invoice ${a.bytes("invoiceId")}), with a different date, amount or currency`,
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
    sentence: (a, f) =>
      `${f.party(a.address("seller"))} registered no invoice under this ${fingerprintKind(a.uint("kind"))} fingerprint`,
    hint: () =>
      "The seller registers the invoice first (`npx hardhat invoice register`); check the seller (--seller) and that the fields match it exactly.",
  },
  InvoiceRegistryExactFingerprintMismatch: {
    number: 405,
    title: "The invoice differs from the registered one",
    sentence: (a) =>
      `invoice ${a.bytes("invoiceId")} has the same seller, buyer and number but was registered with another date, amount or currency (exact fingerprint ${a.bytes("exactFingerprint")} is not its own)`,
    hint: () =>
      "Treat the invoice you hold as an altered copy; compare it with the seller's with `npx hardhat invoice check`.",
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
      `invoice ${a.bytes("invoiceId")} is ${invoiceStatus(a.uint("current"))}; this needs it ${allowedStatuses(a.bytes("allowed"), INVOICE_STATUSES)}`,
  },
  InvoiceRegistryNotFinancingBank: {
    number: 409,
    title: "Only the financing bank may do this",
    sentence: (a, f) =>
      `only the financing bank ${f.party(a.address("bank"))} may do this, not ${f.party(a.address("caller"))}`,
  },

  InvoiceRegistryBacksVoucher: {
    number: 410,
    title: "The invoice backs a voucher",
    sentence: (a, f) =>
      `invoice ${a.bytes("invoiceId")} backs payable ${a.uint("payableId")} of the voucher contract ${f.party(a.address("vouchers"))}: it is paid through that payable's vouchers, and no registration of it under any seller can be financed or back another payable`,
    hint: (a) =>
      `Do not finance it separately: buy the voucher at a discount instead (\`npx hardhat voucher show --payable ${a.uint("payableId")}\`).`,
  },
  InvoiceRegistryNotVoucherContract: {
    number: 411,
    title: "Only the voucher contract may mark invoices",
    sentence: (a, f) =>
      `only the voucher contract ${f.party(a.address("vouchers"))} may mark an invoice as backing a payable, not ${f.party(a.address("caller"))}`,
    hint: () => "Confirm a payable with `npx hardhat voucher confirm`; it marks the invoices.",
  },
  InvoiceRegistryInvalidBatchSize: {
    number: 430,
    title: "Invoice batch of the wrong size",
    sentence: (a) =>
      `a batch of invoices holds 1 to ${a.uint("max")} invoices, and this one holds ${a.uint("count")}`,
    hint: () => "Split the invoices into batches of at most that many.",
  },

  // --------------------------------------------------------- credit and money (500)
  LetterOfCreditUnexpectedStatus: {
    number: 501,
    title: "The credit is not in a status that allows this",
    sentence: (a) =>
      a.uint("current") === 0n
        ? `there is no credit ${a.uint("lcId")}`
        : `credit ${a.uint("lcId")} is ${lcStatus(a.uint("current"))}; this needs it ${allowedStatuses(a.bytes("allowed"), Object.keys(LcStatus))}`,
    hint: () => "See where the credit stands with `npx hardhat credit status`.",
  },
  LetterOfCreditWrongParty: {
    number: 502,
    title: "Not this party's step",
    sentence: (a, f) =>
      `this step of credit ${a.uint("lcId")} belongs to ${f.party(a.address("expected"))}, not to ${f.party(a.address("caller"))}`,
    hint: (a, f) => `Act as ${f.party(a.address("expected"))} (--as).`,
  },
  LetterOfCreditNotPresentable: {
    number: 503,
    title: "Documents presented to the wrong bank",
    sentence: (a, f) =>
      `documents under credit ${a.uint("lcId")} go to the issuing bank or the nominated bank, not to ${f.party(a.address("bank"))} (UCP 600 art. 6a)`,
  },
  LetterOfCreditInvalidTerms: {
    number: 504,
    title: "A credit term is missing or impossible",
    sentence: (a) => `the credit's ${a.string("field")} is missing or impossible`,
  },
  LetterOfCreditInvalidAmendment: {
    number: 505,
    title: "A malformed amendment",
    sentence: (a) => `the amendment's ${a.string("field")} is wrong`,
  },
  LetterOfCreditAmendmentNotPending: {
    number: 506,
    title: "The amendment is not pending",
    sentence: (a) =>
      `amendment ${a.uint("amendmentId")} of credit ${a.uint("lcId")} is not the one awaiting an answer`,
  },
  LetterOfCreditAmendmentAlreadyPending: {
    number: 507,
    title: "An amendment awaits an answer",
    sentence: (a) =>
      `amendment ${a.uint("pendingId")} of credit ${a.uint("lcId")} still awaits the beneficiary's answer`,
    hint: () =>
      "The beneficiary accepts or rejects it first (credit accept-amendment / reject-amendment).",
  },
  LetterOfCreditEscrowShort: {
    number: 508,
    title: "The escrow does not cover the credit",
    sentence: (a) =>
      `the escrow of credit ${a.uint("lcId")} holds ${a.uint("held")} token units where ${a.uint("required")} are needed`,
    hint: () => "The issuing bank deposits the difference (credit issue --deposit).",
  },
  LetterOfCreditPresentationAfterExpiry: {
    number: 509,
    title: "Presented after expiry",
    sentence: (a, f) =>
      `credit ${a.uint("lcId")} expired ${f.time(a.uint("expiresAt"))}; documents presented ${f.time(a.uint("presentedAt"))} come too late (UCP 600 art. 6e)`,
  },
  LetterOfCreditZeroDrawing: {
    number: 510,
    title: "A drawing of zero",
    sentence: (a) => `a drawing of zero under credit ${a.uint("lcId")}`,
  },
  LetterOfCreditNotExamined: {
    number: 511,
    title: "The presentation is not examined yet",
    sentence: (a) => `the presentation under credit ${a.uint("lcId")} has not been examined yet`,
    hint: () => "The examining bank examines it first: `npx hardhat credit examine`.",
  },
  LetterOfCreditAlreadyExamined: {
    number: 512,
    title: "The presentation was examined already",
    sentence: (a) => `the presentation under credit ${a.uint("lcId")} was examined already`,
  },
  LetterOfCreditDiscrepantPresentation: {
    number: 513,
    title: "The presentation is discrepant",
    sentence: (a) =>
      `the chain found discrepancies in the presentation under credit ${a.uint("lcId")}: ${describeDiscrepancies(a.uint("discrepancies")).join("; ")}`,
    hint: () =>
      "Refuse it (credit examine --refuse); the applicant may then waive the discrepancies (UCP 600 art. 16b).",
  },
  LetterOfCreditRefusalWithoutDiscrepancy: {
    number: 514,
    title: "A refusal must state a discrepancy",
    sentence: (a) =>
      `a refusal under credit ${a.uint("lcId")} must state every discrepancy, and this one states none (UCP 600 art. 16c ii)`,
    hint: () => "Name the bank's discrepancies (--discrepancies), or honour the presentation.",
  },
  LetterOfCreditRefusalPrecluded: {
    number: 515,
    title: "Too late to refuse",
    sentence: (a, f) =>
      `the examining bank had until ${f.time(a.uint("examineBy"))} to refuse under credit ${a.uint("lcId")} and is now precluded (UCP 600 art. 16f)`,
  },
  LetterOfCreditTooManyBankDiscrepancies: {
    number: 516,
    title: "Too many bank discrepancies",
    sentence: (a) =>
      `a refusal lists at most ${a.uint("max")} bank discrepancies, and this one lists ${a.uint("count")}`,
  },
  LetterOfCreditTitleNotWithIssuingBank: {
    number: 517,
    title: "Title has not passed to the issuing bank",
    sentence: (a, f) =>
      `settlement of credit ${a.uint("lcId")} waits for the bill of lading to reach the issuing bank; ${f.party(a.address("holder"))} holds it`,
    hint: () => "The holder endorses the bill to the issuing bank (`npx hardhat bill endorse`).",
  },
  LetterOfCreditCustomsNotCleared: {
    number: 518,
    title: "Customs has not cleared the goods",
    sentence: (a) =>
      `settlement of credit ${a.uint("lcId")} waits for customs at destination to clear shipment ${a.bytes("shipmentRef")}`,
    hint: () =>
      "See the shipment with `npx hardhat oracle shipment`; the applicant may waive the condition.",
  },
  LetterOfCreditClearedAwayFromDischarge: {
    number: 530,
    title: "Customs cleared the goods away from the port of discharge",
    sentence: (a) =>
      `settlement of credit ${a.uint("lcId")} waits for customs at destination: shipment ${a.bytes("shipmentRef")} was cleared at ${locodeText(a.bytes("clearedAt"))}, not at the bill's port of discharge ${locodeText(a.bytes("portOfDischarge"))}`,
    hint: () =>
      "An export clearance at origin, or a clearance at another office, is not clearance at destination; see the shipment with `npx hardhat oracle shipment`. The applicant may waive the condition.",
  },
  LetterOfCreditConditionNotPending: {
    number: 519,
    title: "No such settlement condition pending",
    sentence: (a) =>
      `credit ${a.uint("lcId")} does not wait for ${settlementCondition(a.uint("condition"))}, or it was waived already`,
  },
  LetterOfCreditFxFeedNotApproved: {
    number: 520,
    title: "The exchange-rate feed is not approved",
    sentence: (a, f) =>
      `the exchange-rate feed ${f.party(a.address("feed"))} is not approved for credits`,
  },
  LetterOfCreditFxRateStale: {
    number: 521,
    title: "The exchange rate is stale",
    sentence: (a, f) =>
      `the latest rate of ${f.party(a.address("feed"))}, from ${f.time(a.uint("updatedAt"))}, is older than its heartbeat of ${a.uint("heartbeat")} s`,
    hint: () => "The ORACLE members publish a fresh rate first.",
  },
  LetterOfCreditFxRateOutOfBounds: {
    number: 522,
    title: "The exchange rate is out of bounds",
    sentence: (a, f) =>
      `${f.party(a.address("feed"))} answered ${a.uint("answer")}, outside [${a.uint("minAnswer")}, ${a.uint("maxAnswer")}]`,
  },
  LetterOfCreditInvalidFxFeedConfig: {
    number: 523,
    title: "Invalid feed configuration",
    sentence: (a, f) =>
      `the configuration of feed ${f.party(a.address("feed"))} has an empty heartbeat or unusable bounds`,
  },
  LetterOfCreditAlreadyConfirmed: {
    number: 524,
    title: "The credit was confirmed already",
    sentence: (a) => `credit ${a.uint("lcId")} was confirmed already (UCP 600 art. 8)`,
  },
  LetterOfCreditAmendmentBelowDrawn: {
    number: 526,
    title: "The amendment would take the amount below what was drawn",
    sentence: (a) =>
      `amendment ${a.uint("amendmentId")} of credit ${a.uint("lcId")} would allow at most ${a.uint("amendedMaximum")}, and ${a.uint("drawn")} was drawn already`,
    hint: () =>
      "The beneficiary rejects it (credit reject-amendment); the issuing bank may propose one that leaves room for what was drawn.",
  },
  LetterOfCreditCurrencyMismatch: {
    number: 527,
    title: "The money does not pay in the credit's currency",
    sentence: (a, f) =>
      a.address("feed") === "0x0000000000000000000000000000000000000000"
        ? `the credit is in ${currencyName(a.bytes("creditCurrency"))} and the token ${f.party(a.address("token"))} pays in ${currencyName(a.bytes("tokenCurrency"))}, with no exchange-rate feed`
        : `the credit is in ${currencyName(a.bytes("creditCurrency"))} and the token ${f.party(a.address("token"))} pays in ${currencyName(a.bytes("tokenCurrency"))}, but the feed ${f.party(a.address("feed"))} quotes ${currencyName(a.bytes("feedBase"))} / ${currencyName(a.bytes("feedQuote"))}`,
    hint: () =>
      "Pay in a deposit token of the credit's currency, or name a feed quoting the token's currency per unit of the credit's (--fx-feed).",
  },
  LetterOfCreditAutomationBatchTooLarge: {
    number: 525,
    title: "Upkeep batch too large",
    sentence: (a) =>
      `one upkeep acts on at most ${a.uint("max")} credits, and this one names ${a.uint("size")}`,
  },
  LetterOfCreditAutomationGasShort: {
    number: 528,
    title: "Upkeep started with too little gas",
    sentence: (a) =>
      `the upkeep had ${a.uint("gasLeft")} gas left before acting on a credit, and each action needs ${a.uint("needed")}`,
    hint: () =>
      "Give performUpkeep a higher gas limit (the Automation registration's perform gas).",
  },
  BankingCalendarInvalidWeekend: {
    number: 531,
    title: "Invalid weekend",
    sentence: (a) =>
      `weekend days ${a.uint("weekendDays")} leave no working day, or use bits above Sunday`,
  },
  BankingCalendarInvalidUtcOffset: {
    number: 532,
    title: "Invalid UTC offset",
    sentence: (a) =>
      `a UTC offset of ${a.uint("utcOffsetMinutes")} minutes is outside -12:00..+14:00 or not a multiple of 15 minutes`,
  },
  BankingCalendarTooManyDays: {
    number: 533,
    title: "Too many holidays at once",
    sentence: (a) => `${a.uint("count")} holidays in one call; at most ${a.uint("max")}`,
  },
  BankingCalendarTooManyBankingDays: {
    number: 534,
    title: "Too many banking days asked for",
    sentence: (a) =>
      `${a.uint("requested")} banking days asked for; the calendar counts at most ${a.uint("max")}`,
  },
  ConsortiumFxFeedNoData: {
    number: 541,
    title: "No exchange rate published",
    sentence: (a) =>
      a.uint("roundId") === 0n
        ? "the exchange-rate feed has published nothing yet"
        : `the exchange-rate feed has no round ${a.uint("roundId")}`,
  },
  ConsortiumFxFeedAnswerOutOfBounds: {
    number: 542,
    title: "Rate outside the feed's bounds",
    sentence: (a) =>
      `a rate of ${a.uint("answer")} is outside the feed's bounds [${a.uint("minAnswer")}, ${a.uint("maxAnswer")}]`,
  },
  ConsortiumFxFeedObservationNotNewer: {
    number: 543,
    title: "Rate observation not newer",
    sentence: (a, f) =>
      `an observation of ${f.time(a.uint("observedAt"))} is not newer than ${f.time(a.uint("latestObservedAt"))} (this publisher's previous observation, or the latest round's)`,
    hint: () =>
      "Publish what you observe now: `npx hardhat money publish-rate` dates it at the chain's time.",
  },
  ConsortiumFxFeedObservationInFuture: {
    number: 544,
    title: "Rate observation in the future",
    sentence: (a, f) =>
      `an observation dated ${f.time(a.uint("observedAt"))} is after the chain's time ${f.time(a.uint("blockTimestamp"))}`,
  },
  ConsortiumFxFeedObservationStale: {
    number: 546,
    title: "Rate observation stale",
    sentence: (a, f) =>
      `an observation of ${f.time(a.uint("observedAt"))} is stale already: the feed counts none older than ${f.time(a.uint("oldestAccepted"))}`,
    hint: () => "Publish what you observe now.",
  },
  ConsortiumFxFeedDeviationTooLarge: {
    number: 547,
    title: "Rate too far from the current one",
    sentence: (a) =>
      `a rate of ${a.uint("answer")} is ${a.uint("deviationBps")} basis points from the current ${a.uint("currentAnswer")}; the feed accepts at most ${a.uint("maxDeviationBps")}`,
    hint: () =>
      "Check the observation. A real move that large goes in steps within the limit, or governance widens the limit (`npx hardhat money set-publishers`).",
  },
  ConsortiumFxFeedNotPublisher: {
    number: 548,
    title: "Not one of the feed's publishers",
    sentence: (a, f) =>
      `${f.party(a.address("account"))} holds the ORACLE role but is not one of this feed's publishers`,
    hint: () =>
      "Governance names the publishers: `npx hardhat money set-publishers`, then another administrator approves (`npx hardhat consortium approve`).",
  },
  ConsortiumFxFeedInvalidConfig: {
    number: 545,
    title: "Invalid feed configuration",
    sentence: (a) => `the feed's ${a.string("field")} is unusable`,
  },
  DepositTokenHolderNotPermitted: {
    number: 551,
    title: "May not hold deposit tokens",
    sentence: (a, f) =>
      `${f.party(a.address("account"))} may not hold or move deposit tokens: it is neither an active member nor a custodian`,
  },
  DepositTokenInvalidCurrency: {
    number: 552,
    title: "Invalid deposit currency",
    sentence: (a) => `"${ascii(a.bytes("currency"))}" is not an ISO 4217 currency code`,
  },
  DepositTokenInvalidCustodian: {
    number: 553,
    title: "Invalid custodian change",
    sentence: (a, f) =>
      `${f.party(a.address("account"))} is the zero address or already in the requested custodian state`,
  },
  LetterOfCreditNoVoucherContract: {
    number: 554,
    title: "No voucher contract for deferred payment",
    sentence: (a) =>
      `credit ${a.uint("lcId")} is available by deferred payment, and governance named no voucher contract to issue the undertaking in`,
    hint: () =>
      "Governance names it with `configureFinance` on the letter-of-credit contract; the drawing stays honoured until then.",
  },
  LetterOfCreditNoProceedsAssignee: {
    number: 555,
    title: "No proceeds assignee named",
    sentence: (a) =>
      `the proceeds of credit ${a.uint("lcId")} cannot be assigned: governance named no proceeds assignee (UCP 600 art. 39)`,
    hint: () => "Governance names it with `configureFinance` on the letter-of-credit contract.",
  },
  LetterOfCreditProceedsAlreadyAssigned: {
    number: 556,
    title: "The proceeds are assigned already",
    sentence: (a, f) =>
      `the proceeds of credit ${a.uint("lcId")} are assigned already, to ${f.party(a.address("assignee"))}; an assignment is irrevocable`,
  },
  LetterOfCreditDocumentsNotFingerprinted: {
    number: 557,
    title: "The presentation does not fingerprint its documents",
    sentence: (a) =>
      `presentation ${a.uint("presentationId")} of credit ${a.uint("lcId")} must name the fingerprints of its commercial invoice and of its bill of lading: the consortium's document-financing guard claims them for the credit`,
    hint: () =>
      "Present with `--invoice-fingerprints` and `--bill-fingerprints` (lib/trade/documentFingerprint.ts computes them).",
  },
  LetterOfCreditDocumentsInUse: {
    number: 558,
    title: "The credit's documents may still back a payment",
    sentence: (a) =>
      `the documents credit ${a.uint("lcId")} claimed stay claimed: it is ${lcStatus(a.uint("status"))}${a.uint("drawn") === 0n ? "" : ` and ${a.uint("drawn")} was drawn under it`}; they are released only once it expired, was cancelled or closed with nothing drawn`,
  },

  // ------------------------------------------- customs oracle, signature verifier (600)
  CustomsOracleNoCommittee: {
    number: 601,
    title: "The oracle has no committee",
    sentence: () => "the customs oracle has no committee yet, so it accepts no report",
    hint: () => "Consortium governance installs the committee (setCommittee).",
  },
  CustomsOracleWrongEpoch: {
    number: 602,
    title: "Report for another committee epoch",
    sentence: (a) =>
      `the report names committee epoch ${a.uint("epoch")}, but the current one is ${a.uint("currentEpoch")}`,
    hint: () => "The committee changed: the daemons must re-sign under the current epoch.",
  },
  CustomsOracleReportReplayed: {
    number: 603,
    title: "Report applied already",
    sentence: (a) =>
      `report ${a.uint("sequence")} was applied already (the last applied is ${a.uint("lastSequence")})`,
  },
  CustomsOracleSequenceGap: {
    number: 604,
    title: "Report out of sequence",
    sentence: (a) =>
      `report ${a.uint("sequence")} skips ahead; the next report must be ${a.uint("expected")}`,
  },
  CustomsOracleSubmitterNotInCommittee: {
    number: 605,
    title: "The submitter is not in the committee",
    sentence: (a, f) =>
      `${f.party(a.address("submitter"))} is not a member of the oracle committee, so it may not submit reports`,
  },
  CustomsOracleSubmitterInactive: {
    number: 606,
    title: "The submitter lost its ORACLE role",
    sentence: (a, f) =>
      `committee member ${f.party(a.address("submitter"))} no longer holds the ORACLE role (or is suspended)`,
  },
  CustomsOracleEventCountOutOfRange: {
    number: 607,
    title: "Too few or too many events in a report",
    sentence: (a) =>
      `a report carries 1 to ${a.uint("max")} events, and this one has ${a.uint("count")}`,
  },
  CustomsOracleMalformedEvent: {
    number: 608,
    title: "A malformed customs event",
    sentence: (a) =>
      `event ${a.uint("index")} of the report has no shipment reference, no event type or no time`,
  },
  CustomsOracleEventInFuture: {
    number: 609,
    title: "A customs event in the future",
    sentence: (a, f) =>
      `event ${a.uint("index")} occurred at ${f.time(a.uint("occurredAt"))}, after the latest allowed ${f.time(a.uint("latestAllowed"))}`,
    hint: () => "Check the daemon's clock and the source's timestamps.",
  },
  CustomsOracleMalformedSignatures: {
    number: 610,
    title: "Malformed signature blob",
    sentence: (a) =>
      `the signatures are ${a.uint("length")} bytes: not a whole number of 64-byte compact signatures, or too many`,
  },
  CustomsOracleMalformedSignature: {
    number: 611,
    title: "A malformed signature",
    sentence: (a) => `signature ${a.uint("index")} is malformed (or high-s) and recovers no signer`,
  },
  CustomsOracleSignerNotInCommittee: {
    number: 612,
    title: "A signer outside the committee",
    sentence: (a, f) =>
      `signature ${a.uint("index")} recovers to ${f.party(a.address("signer"))}, who is not in the committee (or it signed another report)`,
  },
  CustomsOracleDuplicateSigner: {
    number: 613,
    title: "A committee member signed twice",
    sentence: (a, f) =>
      `signature ${a.uint("index")} is a second signature by ${f.party(a.address("signer"))}`,
  },
  CustomsOracleSignerInactive: {
    number: 614,
    title: "A signer lost its ORACLE role",
    sentence: (a, f) =>
      `${f.party(a.address("signer"))} signed but no longer holds the ORACLE role (or is suspended)`,
  },
  CustomsOracleQuorumNotMet: {
    number: 615,
    title: "Quorum not met",
    sentence: (a) =>
      `only ${a.uint("valid")} distinct committee members signed the report; ${a.uint("required")} must`,
  },
  CustomsOracleInvalidCommitteeSize: {
    number: 616,
    title: "Invalid committee size",
    sentence: (a) =>
      `a committee has 1 to ${a.uint("max")} members, and this one has ${a.uint("size")}`,
  },
  CustomsOracleInvalidThreshold: {
    number: 617,
    title: "Invalid committee threshold",
    sentence: (a) =>
      `a threshold of ${a.uint("threshold")} is not a majority of ${a.uint("size")} members`,
  },
  CustomsOracleInvalidMember: {
    number: 618,
    title: "Invalid committee member",
    sentence: (a, f) =>
      `committee member ${a.uint("index")} (${f.party(a.address("member"))}) is the zero address or listed twice`,
  },
  CustomsOracleMemberNotOracle: {
    number: 619,
    title: "A committee member without the ORACLE role",
    sentence: (a, f) =>
      `${f.party(a.address("member"))} does not hold the ORACLE role (or is suspended)`,
  },
  SignatureBatchVerifierMalformedBatch: {
    number: 651,
    title: "Malformed signature batch",
    sentence: (a) =>
      `the signature batch is ${a.uint("length")} bytes, not a whole number of ${a.uint("entrySize")}-byte entries`,
  },
  SignatureBatchVerifierBatchTooLarge: {
    number: 652,
    title: "Signature batch too large",
    sentence: (a) =>
      `the batch has ${a.uint("count")} signers or signatures; at most ${a.uint("max")} fit`,
  },
  SignatureBatchVerifierInvalidEntry: {
    number: 653,
    title: "An invalid signature in the batch",
    sentence: (a) => `batch entry ${a.uint("index")} is not a valid signature`,
  },
  SignatureBatchVerifierDuplicateSigner: {
    number: 654,
    title: "A signer counted twice in the batch",
    sentence: (a) =>
      `batch signature ${a.uint("index")} is by a signer an earlier signature counted already`,
  },
  SignatureBatchVerifierQuorumNotMet: {
    number: 655,
    title: "Batch quorum not met",
    sentence: (a) =>
      `only ${a.uint("valid")} distinct listed signers signed; ${a.uint("required")} are needed`,
  },
  SignatureBatchVerifierPrecompileMissing: {
    number: 656,
    title: "A precompile is missing",
    sentence: (a) => `the chain has no working precompile at ${a.address("precompile")}`,
    hint: () => "The chain's hardfork lacks it (e.g. EIP-2537): see the accelerator notes.",
  },
  SignatureBatchCallsNoVerifier: {
    number: 657,
    title: "No signature verifier installed",
    sentence: (a) => `no signature verifier is installed at ${a.address("verifier")}`,
    hint: () =>
      "On a local chain the verifier's code is installed at its fixed address by scripts/dev/deployCaravel.ts; on a consortium chain the node provides it.",
  },
  CodeStoreDataTooLarge: {
    number: 671,
    title: "Data too large for one data contract",
    sentence: (a) =>
      `${a.uint("length")} bytes do not fit one data contract (at most ${a.uint("max")})`,
  },
  CodeStoreDeploymentFailed: {
    number: 672,
    title: "A data contract could not be created",
    sentence: () => "creating the data contract that stores the committee failed",
  },

  // ------------------------------------------------------- payable vouchers (700)
  VoucherInvalidField: {
    number: 701,
    title: "A voucher request field is missing or out of range",
    sentence: (a) =>
      `the voucher contract refused the ${a.string("field")}: it is missing or out of range`,
    hint: () => "See `npx hardhat voucher <operation> --help` for what each option takes.",
  },
  VoucherLimitExceeded: {
    number: 702,
    title: "Beyond the obligor's limit",
    sentence: (a, f) =>
      `confirming ${a.uint("amount")} would take ${f.party(a.address("obligor"))}'s outstanding payables from ${a.uint("outstanding")} past its limit of ${a.uint("limit")}, short by ${a.uint("shortfall")}`,
    hint: () =>
      "Fund earlier payables first, or ask the obligor's lender (`npx hardhat voucher limits --adjust`) or governance to raise the limit.",
  },
  VoucherSettlementTokenNotAllowed: {
    number: 703,
    title: "Not a settlement token",
    sentence: (a, f) =>
      `${f.party(a.address("token"))} is not a token governance allowed for settling payables`,
    hint: () => "Confirm in the consortium deposit token (e.g. CnyDepositToken).",
  },
  VoucherSettlementTokenDecimals: {
    number: 704,
    title: "The token's decimals differ from the vouchers'",
    sentence: (a, f) =>
      `${f.party(a.address("token"))} has ${a.uint("decimals")} decimals; vouchers count value in ${a.uint("expected")}`,
  },
  VoucherHolderNotPermitted: {
    number: 705,
    title: "May not hold vouchers",
    sentence: (a, f) =>
      `${f.party(a.address("account"))} may not hold vouchers: only active members holding EXPORTER or BANK do`,
    hint: () => MEMBERS_HINT,
  },
  VoucherUnknownPayable: {
    number: 706,
    title: "No such payable",
    sentence: (a) => `no payable has id ${a.uint("payableId")}`,
  },
  VoucherUnknownVoucher: {
    number: 707,
    title: "No such voucher",
    sentence: (a) => `no voucher has id ${a.uint("voucherId")}`,
  },
  VoucherNotHolder: {
    number: 708,
    title: "Not the voucher's holder",
    sentence: (a, f) =>
      `only the holder of voucher ${a.uint("voucherId")}, ${f.party(a.address("holder"))}, may do this, not ${f.party(a.address("caller"))}`,
  },
  VoucherInsufficientValue: {
    number: 709,
    title: "The voucher holds less value",
    sentence: (a) =>
      `voucher ${a.uint("voucherId")} holds ${a.uint("value")}, less than the ${a.uint("requested")} asked for`,
  },
  VoucherSlotMismatch: {
    number: 710,
    title: "Vouchers of different payables",
    sentence: (a) =>
      `voucher ${a.uint("fromVoucherId")} is of payable ${a.uint("fromSlot")} and voucher ${a.uint("toVoucherId")} of payable ${a.uint("toSlot")}: value moves only within one payable`,
  },
  VoucherMatured: {
    number: 711,
    title: "The payable matured",
    sentence: (a, f) =>
      `payable ${a.uint("payableId")} matured on ${f.time(a.uint("maturity"))}: its vouchers no longer move, they are redeemed`,
    hint: () => "Redeem with `npx hardhat voucher redeem`.",
  },
  VoucherNotMatured: {
    number: 712,
    title: "The payable has not matured",
    sentence: (a, f) =>
      `payable ${a.uint("payableId")} matures on ${f.time(a.uint("maturity"))}: nothing is paid out before`,
  },
  VoucherNotObligor: {
    number: 713,
    title: "Only the obligor may do this",
    sentence: (a, f) =>
      `only the obligor of payable ${a.uint("payableId")}, ${f.party(a.address("obligor"))}, may do this, not ${f.party(a.address("caller"))}`,
  },
  VoucherOverfunded: {
    number: 714,
    title: "Funding beyond the payable",
    sentence: (a) =>
      `funding ${a.uint("amount")} is more than payable ${a.uint("payableId")} still needs, ${a.uint("remaining")}`,
  },
  VoucherNothingToRedeem: {
    number: 715,
    title: "Nothing to redeem",
    sentence: (a) => `nothing is claimable on voucher ${a.uint("voucherId")} now`,
    hint: () => "The obligor funds the payable first (`npx hardhat voucher fund`).",
  },
  VoucherNothingToSweep: {
    number: 716,
    title: "Nothing to sweep",
    sentence: (a) => `payable ${a.uint("payableId")} has no funding that a sweep has not paid out`,
  },
  VoucherUnknownOffer: {
    number: 717,
    title: "No such discount offer",
    sentence: (a) => `no discount offer has id ${a.uint("offerId")}`,
  },
  VoucherOfferNotOpen: {
    number: 718,
    title: "The offer is not open",
    sentence: (a) =>
      `discount offer ${a.uint("offerId")} is ${statusName(OFFER_STATUSES, a.uint("status"))}, not open`,
  },
  VoucherOfferExpired: {
    number: 719,
    title: "The offer expired",
    sentence: (a, f) =>
      `discount offer ${a.uint("offerId")} expired on ${f.time(a.uint("expiresAt"))}`,
    hint: () => "The holder makes a new offer (`npx hardhat voucher offer`).",
  },
  VoucherNotOfferedBank: {
    number: 720,
    title: "The offer was made to another bank",
    sentence: (a, f) =>
      `discount offer ${a.uint("offerId")} was made to ${f.party(a.address("bank"))}, not to ${f.party(a.address("caller"))}`,
  },
  VoucherRateAboveOffer: {
    number: 721,
    title: "A rate above the offer's maximum",
    sentence: (a) =>
      `the rate ${a.uint("rateBps")} bp is above discount offer ${a.uint("offerId")}'s maximum of ${a.uint("maxRateBps")} bp`,
  },
  VoucherNotLender: {
    number: 722,
    title: "Not the obligor's lender",
    sentence: (a, f) =>
      `only ${f.party(a.address("obligor"))}'s lender, ${f.party(a.address("lender"))}, may adjust its limit, not ${f.party(a.address("caller"))}`,
  },
  VoucherTransferRestricted: {
    number: 723,
    title: "Vouchers move only through voucher operations",
    sentence: (a, f) =>
      `${f.party(a.address("caller"))} tried an ERC-721 transfer or approval on voucher ${a.uint("voucherId")}: vouchers move only by split, transfer, merge and discount`,
    hint: () => "Use `npx hardhat voucher split` (or merge, offer).",
  },
  VoucherNotOverdue: {
    number: 724,
    title: "The payable is not newly overdue",
    sentence: (a) =>
      `payable ${a.uint("payableId")} is ${statusName(PAYABLE_STATUSES, a.uint("status"))}: not overdue, or reported overdue already`,
  },
  VoucherNotProduct: {
    number: 725,
    title: "Not a product contract",
    sentence: (a, f) =>
      `${f.party(a.address("caller"))} is not a product contract governance named: it may not issue funded payables`,
  },
  VoucherProductNotAuthorised: {
    number: 726,
    title: "The obligor has not authorised the product",
    sentence: (a, f) =>
      `${f.party(a.address("obligor"))} has not authorised ${f.party(a.address("product"))} to issue payables in its name`,
    hint: () =>
      "The obligor bank authorises it with `authoriseProduct` on the voucher contract (for a deferred-payment credit: the letter-of-credit contract).",
  },

  // ------------------------------------------------- payment commitments (760)
  CommitmentInvalidField: {
    number: 761,
    title: "A commitment field is missing or out of range",
    sentence: (a) =>
      `the payment commitments refused the ${a.string("field")}: it is missing or out of range`,
    hint: () => "See `npx hardhat commitment <operation> --help` for what each option takes.",
  },
  CommitmentOrderNotAccepted: {
    number: 762,
    title: "The order is not accepted",
    sentence: (a) =>
      `order ${a.uint("orderId")} is ${lcEnumName(OrderStatus, a.uint("status"))}, not Accepted: a commitment rests only on an order the exporter accepted`,
    hint: () => "Have the exporter accept the order first (`npx hardhat order accept`).",
  },
  CommitmentUnexpectedStatus: {
    number: 763,
    title: "The commitment is in another state",
    sentence: (a) =>
      `commitment ${a.uint("orderId")} is ${lcEnumName(CommitmentStatus, a.uint("current"))}; this step needs ${lcEnumName(CommitmentStatus, a.uint("expected"))}`,
    hint: () => "See where it is with `npx hardhat commitment show --order <id>`.",
  },
  CommitmentUnauthorized: {
    number: 764,
    title: "Not this commitment's party",
    sentence: (a, f) =>
      `only ${f.party(a.address("expected"))} may do this on commitment ${a.uint("orderId")}, not ${f.party(a.address("caller"))}`,
  },
  CommitmentCurrencyMismatch: {
    number: 765,
    title: "The token is not in the order's currency",
    sentence: (a) =>
      `order ${a.uint("orderId")} is in ${currencyName(a.bytes("orderCurrency"))}; the token is in ${currencyName(a.bytes("tokenCurrency"))}`,
    hint: () => "Offer in the consortium deposit token of the order's currency.",
  },
  CommitmentExpired: {
    number: 766,
    title: "The commitment expired",
    sentence: (a, f) => `commitment ${a.uint("orderId")} expired on ${f.time(a.uint("expiresAt"))}`,
    hint: () => "Mark it expired (`npx hardhat commitment expire`); the bank may then offer again.",
  },
  CommitmentNotExpired: {
    number: 767,
    title: "The commitment has not expired",
    sentence: (a, f) =>
      `commitment ${a.uint("orderId")} runs until ${f.time(a.uint("expiresAt"))}: it cannot be expired before`,
  },
  CommitmentDocumentsMismatch: {
    number: 768,
    title: "The documents do not match",
    sentence: (a) =>
      `the documents presented under commitment ${a.uint("orderId")} do not match: ${describeMismatches(a.uint("mismatches"))}`,
    hint: () =>
      "Put every named field right and present again before the expiry; `npx hardhat commitment check` shows the match without a transaction.",
  },

  // ---------------------------------------------- pre-shipment advances (870)
  AdvanceInvalidField: {
    number: 870,
    title: "An advance field is missing or out of range",
    sentence: (a) =>
      `the advance contract refused the ${a.string("field")}: it is missing or out of range`,
    hint: () => "See `npx hardhat advance <operation> --help` for what each option takes.",
  },
  AdvanceUnknown: {
    number: 871,
    title: "No such advance",
    sentence: (a) => `no advance has id ${a.uint("advanceId")}`,
  },
  AdvanceWrongStatus: {
    number: 872,
    title: "The advance is not at this step",
    sentence: (a) =>
      `advance ${a.uint("advanceId")} is ${advanceStatusName(a.uint("status"))}; this step needs it ${advanceStatusName(a.uint("required"))}`,
    hint: (a) => `See where it is with \`npx hardhat advance show --id ${a.uint("advanceId")}\`.`,
  },
  AdvanceNotBank: {
    number: 873,
    title: "Only the advancing bank may do this",
    sentence: (a, f) =>
      `only the bank of advance ${a.uint("advanceId")}, ${f.party(a.address("bank"))}, may do this, not ${f.party(a.address("caller"))}`,
  },
  AdvanceNotExporter: {
    number: 874,
    title: "Only the exporter may do this",
    sentence: (a, f) =>
      `only the exporter of advance ${a.uint("advanceId")}, ${f.party(a.address("exporter"))}, may do this, not ${f.party(a.address("caller"))}`,
  },
  AdvanceOfferExpired: {
    number: 875,
    title: "The advance offer expired",
    sentence: (a, f) =>
      `the offer of advance ${a.uint("advanceId")} expired on ${f.time(a.uint("expiresAt"))}`,
    hint: () => "Ask the bank for a new offer (`npx hardhat advance offer`).",
  },
  AdvanceSourceNotEligible: {
    number: 876,
    title: "The order or credit cannot carry an advance",
    sentence: (a) =>
      `${advanceSourceText(a)} is ${advanceSourceStatus(a.uint("sourceKind"), a.uint("status"))}: an advance rests only on an accepted order or an issued credit`,
  },
  AdvanceSourceExporterMismatch: {
    number: 877,
    title: "The advance names another exporter",
    sentence: (a, f) =>
      `the exporter of ${advanceSourceText(a)} is ${f.party(a.address("sourceExporter"))}, not ${f.party(a.address("exporter"))}`,
  },
  AdvanceCurrencyMismatch: {
    number: 878,
    title: "The advance's token is in another currency",
    sentence: (a) =>
      `${advanceSourceText(a)} is in ${currencyName(a.bytes("sourceCurrency"))}, and the token pays ${currencyName(a.bytes("tokenCurrency"))}`,
    hint: () =>
      "Offer in the deposit token of the order's currency (for a credit: its settlement token, with no FX feed).",
  },
  AdvanceLimitAboveShare: {
    number: 879,
    title: "The limit is above the agreed share",
    sentence: (a) =>
      `the limit ${a.uint("limit")} is more than ${Number(a.uint("shareBps")) / 100} % of the order or credit amount, ${a.uint("ceiling")}`,
  },
  AdvanceTrancheSharesSum: {
    number: 880,
    title: "The tranches do not add up to 100 %",
    sentence: (a) => `the tranches' shares add up to ${Number(a.uint("sum")) / 100} %, not 100 %`,
  },
  AdvanceSourceAlreadyAdvanced: {
    number: 881,
    title: "The order or credit already carries an advance",
    sentence: (a) => `${advanceSourceText(a)} already carries advance ${a.uint("advanceId")}`,
  },
  AdvanceShipmentNotBound: {
    number: 882,
    title: "No shipment bound to the advance",
    sentence: (a) => `advance ${a.uint("advanceId")} has no shipment (carrier and B/L number) yet`,
    hint: (a) =>
      `Bind it with \`npx hardhat advance bind-shipment --id ${a.uint("advanceId")} --carrier <member> --bl <number>\`.`,
  },
  AdvanceShipmentAlreadyBound: {
    number: 883,
    title: "The advance's shipment is bound already",
    sentence: (a) =>
      `advance ${a.uint("advanceId")} is bound to shipment ${a.bytes("shipmentRef")} already`,
  },
  AdvanceUnknownTranche: {
    number: 884,
    title: "No such tranche",
    sentence: (a) =>
      `advance ${a.uint("advanceId")} has ${a.uint("count")} tranches; there is no tranche ${a.uint("index")}`,
  },
  AdvanceTrancheAlreadyReleased: {
    number: 885,
    title: "The tranche was released already",
    sentence: (a) =>
      `tranche ${a.uint("index")} of advance ${a.uint("advanceId")} was released already: each is released once`,
  },
  AdvanceMilestoneNotReached: {
    number: 886,
    title: "The shipment has not reached the milestone",
    sentence: (a) =>
      `tranche ${a.uint("index")} of advance ${a.uint("advanceId")} waits for "${advanceMilestoneName(a.uint("milestone"))}", which the customs oracle has not reported for shipment ${a.bytes("shipmentRef")}`,
    hint: () =>
      "Check the shipment with `npx hardhat oracle status`; the tranche is released once the oracle reports it.",
  },
  AdvanceNotYetOverdue: {
    number: 887,
    title: "Not overdue yet",
    sentence: (a, f) =>
      `advance ${a.uint("advanceId")} becomes overdue only after ${f.time(a.uint("overdueFrom"))} (latest shipment date plus grace)`,
  },
  AdvanceShipmentDeparted: {
    number: 888,
    title: "The goods departed",
    sentence: (a) =>
      `shipment ${a.bytes("shipmentRef")} of advance ${a.uint("advanceId")} departed: the advance is not overdue`,
  },
  AdvanceNotPayer: {
    number: 889,
    title: "Not a payer of proceeds",
    sentence: (a, f) =>
      `${f.party(a.address("caller"))} is not a contract governance named to pay proceeds to advances`,
  },
  AdvanceNoneForSource: {
    number: 890,
    title: "No advance on these proceeds",
    sentence: (a, f) =>
      `no advance is assigned the proceeds of facility ${a.uint("sourceId")} of ${f.party(a.address("payer"))}`,
  },
  AdvanceProceedsAboveOutstanding: {
    number: 891,
    title: "Proceeds beyond what is owed",
    sentence: (a) =>
      `proceeds of ${a.uint("amount")} are more than advance ${a.uint("advanceId")} is owed, ${a.uint("outstanding")}`,
  },
  AdvanceWrongToken: {
    number: 892,
    title: "Proceeds in another token",
    sentence: (a, f) =>
      `advance ${a.uint("advanceId")} is in ${f.party(a.address("expected"))}, not ${f.party(a.address("token"))}`,
  },
  AdvanceProceedsNotReceived: {
    number: 893,
    title: "The proceeds did not arrive",
    sentence: (a, f) =>
      `the advance contract holds ${a.uint("balance")} of ${f.party(a.address("token"))}, less than the ${a.uint("expected")} it should after the payer's transfer`,
  },
  AdvanceVoucherNotHeld: {
    number: 894,
    title: "The advance does not hold that voucher",
    sentence: (a, f) =>
      `voucher ${a.uint("voucherId")} is held by ${f.party(a.address("holder"))} with value ${a.uint("value")}, not by the advance contract with the value stated`,
  },
  AdvanceVoucherAlreadyHeld: {
    number: 895,
    title: "The advance holds a voucher already",
    sentence: (a) => `advance ${a.uint("advanceId")} holds voucher ${a.uint("voucherId")} already`,
  },
  AdvanceNoVoucher: {
    number: 896,
    title: "The advance holds no voucher",
    sentence: (a) => `advance ${a.uint("advanceId")} holds no voucher`,
  },
  AdvanceNothingToCollect: {
    number: 897,
    title: "Nothing to collect",
    sentence: (a) =>
      `voucher ${a.uint("voucherId")} of advance ${a.uint("advanceId")} has paid nothing since it was last collected`,
    hint: () => "The voucher pays at maturity once its obligor funds the payable.",
  },
  AdvanceEscrowLocked: {
    number: 898,
    title: "The escrow is still committed",
    sentence: (a) =>
      `advance ${a.uint("advanceId")} is ${advanceStatusName(a.uint("status"))}: its escrow returns to the bank only once it is Repaid or Overdue`,
  },
  AdvanceNothingToWithdraw: {
    number: 899,
    title: "No escrow to return",
    sentence: (a) => `advance ${a.uint("advanceId")} holds no escrow to return`,
  },

  // ------------------------------------- purchase orders, document financing guard (800)
  PurchaseOrderInvalidField: {
    number: 801,
    title: "A purchase order field is missing or malformed",
    sentence: (a) =>
      `the purchase order's ${a.string("field")} is missing, malformed or out of range`,
    hint: () =>
      "Currency: ISO 4217; ports: UN/LOCODE; Incoterm: one of the 11 Incoterms 2020 rules; latest shipment in the future; payment term 1-365 days; the exporter an EXPORTER member other than you. `npx hardhat order issue --help` lists the fields.",
  },
  PurchaseOrderNumberTaken: {
    number: 802,
    title: "The order number is taken",
    sentence: (a, f) =>
      `${f.party(a.address("importer"))} issued order ${a.uint("orderId")} under order number ${ascii(a.bytes("orderNumber"))} already`,
    hint: (a) =>
      `Order numbers are unique per importer: use a new number, or amend order ${a.uint("orderId")} (\`npx hardhat order amend propose\`).`,
  },
  PurchaseOrderFingerprintTaken: {
    number: 803,
    title: "The order's fingerprint belongs to another order",
    sentence: (a) =>
      `fingerprint ${a.bytes("fingerprint")} is the fingerprint of order ${a.uint("orderId")} already: this is the same purchase order, or a copy of it`,
    hint: (a) => `See it with \`npx hardhat order show --order ${a.uint("orderId")}\`.`,
  },
  PurchaseOrderUnknown: {
    number: 804,
    title: "No such purchase order",
    sentence: (a) => `no purchase order has id ${a.uint("orderId")}`,
  },
  PurchaseOrderUnexpectedStatus: {
    number: 805,
    title: "The purchase order is not in a status that allows this",
    sentence: (a) =>
      `order ${a.uint("orderId")} is ${lcEnumName(OrderStatus, a.uint("current"))}; this needs it ${allowedStatuses(a.bytes("allowed"), Object.keys(OrderStatus))}`,
    hint: (a) =>
      `See where it stands with \`npx hardhat order show --order ${a.uint("orderId")}\`.`,
  },
  PurchaseOrderNotExporter: {
    number: 806,
    title: "Only the order's exporter may do this",
    sentence: (a, f) =>
      `only order ${a.uint("orderId")}'s exporter ${f.party(a.address("exporter"))} may accept or decline it, not ${f.party(a.address("caller"))}`,
  },
  PurchaseOrderNotParty: {
    number: 807,
    title: "Only a party to the order may do this",
    sentence: (a, f) =>
      `${f.party(a.address("caller"))} is neither the importer nor the exporter of order ${a.uint("orderId")}`,
  },
  PurchaseOrderShipmentDatePassed: {
    number: 808,
    title: "The latest shipment date has passed",
    sentence: (a, f) =>
      `order ${a.uint("orderId")}'s latest shipment date (${f.time(a.uint("latestShipmentAt"))}) has passed`,
    hint: () =>
      "Agree a later latest shipment date first (`npx hardhat order amend propose`), or decline the order.",
  },
  PurchaseOrderAmendmentPending: {
    number: 809,
    title: "An amendment is pending already",
    sentence: (a, f) =>
      `an amendment of order ${a.uint("orderId")} proposed by ${f.party(a.address("proposer"))} is pending: one at a time`,
    hint: () =>
      "The other party accepts it (`npx hardhat order amend accept`), or its proposer withdraws it (`npx hardhat order amend withdraw`).",
  },
  PurchaseOrderNoAmendment: {
    number: 810,
    title: "No amendment is pending",
    sentence: (a) => `no amendment of order ${a.uint("orderId")} is pending`,
  },
  PurchaseOrderOwnAmendment: {
    number: 811,
    title: "The proposer cannot accept its own amendment",
    sentence: (a, f) =>
      `${f.party(a.address("caller"))} proposed the pending amendment of order ${a.uint("orderId")}; the other party must accept it`,
  },
  PurchaseOrderNotProposer: {
    number: 812,
    title: "Only the amendment's proposer may withdraw it",
    sentence: (a, f) =>
      `only ${f.party(a.address("proposer"))}, who proposed the amendment of order ${a.uint("orderId")}, may withdraw it, not ${f.party(a.address("caller"))}`,
  },
  PurchaseOrderAmendmentMismatch: {
    number: 813,
    title: "The pending amendment is not the one accepted",
    sentence: (a) =>
      `the pending amendment of order ${a.uint("orderId")} is ${a.bytes("actual")}, not ${a.bytes("expected")}: it was withdrawn and proposed again differently`,
    hint: (a) =>
      `Read the amendment now pending with \`npx hardhat order show --order ${a.uint("orderId")}\` before accepting it.`,
  },
  PurchaseOrderFieldNotAmendable: {
    number: 814,
    title: "An amendment cannot change this field",
    sentence: (a) =>
      `an amendment of order ${a.uint("orderId")} cannot change its ${a.string("field")}: that would be another order`,
    hint: () => "Cancel the order (both parties) and issue a new one.",
  },
  PurchaseOrderAmendmentChangesNothing: {
    number: 815,
    title: "The amendment changes nothing",
    sentence: (a) =>
      `the proposed amendment of order ${a.uint("orderId")} changes none of its terms`,
  },
  PurchaseOrderCancellationConsented: {
    number: 816,
    title: "The party agreed to cancel already",
    sentence: (a, f) =>
      `${f.party(a.address("party"))} agreed to cancel order ${a.uint("orderId")} already; the other party's agreement cancels it`,
  },
  PurchaseOrderNoCancellationConsent: {
    number: 817,
    title: "The party has not agreed to cancel",
    sentence: (a, f) =>
      `${f.party(a.address("party"))} has not agreed to cancel order ${a.uint("orderId")}, so there is nothing to withdraw`,
  },
  DocumentAlreadyBacksFacility: {
    number: 831,
    title: "The document backs another facility",
    sentence: (a, f) =>
      `the ${documentKind(a.uint("kind"))} with fingerprint ${a.bytes("fingerprint")} already backs facility ${a.uint("facilityId")} of ${f.party(a.address("product"))}: one document finances one facility`,
    hint: () =>
      "Do not finance it again. If the document you hold differs, it is an altered copy of one that is financed.",
  },
  DocumentFinancingNotProduct: {
    number: 832,
    title: "Not a product named to claim documents",
    sentence: (a, f) =>
      `${f.party(a.address("caller"))} is not a product contract governance named in the document-financing guard`,
    hint: () => "Governance names product contracts with `setProduct` on the guard.",
  },
  DocumentFinancingInvalidFingerprint: {
    number: 833,
    title: "Invalid document fingerprint",
    sentence: (a) =>
      `the ${documentKind(a.uint("kind"))} fingerprint ${a.bytes("fingerprint")} is zero or repeated in one claim (or the claim holds no fingerprint, or more than 64)`,
  },
  DocumentFinancingNotHeld: {
    number: 834,
    title: "The facility does not hold the document",
    sentence: (a, f) =>
      /^0x0{40}$/i.test(a.address("product"))
        ? `the ${documentKind(a.uint("kind"))} with fingerprint ${a.bytes("fingerprint")} backs no facility`
        : `the ${documentKind(a.uint("kind"))} with fingerprint ${a.bytes("fingerprint")} backs facility ${a.uint("facilityId")} of ${f.party(a.address("product"))}, not the caller's`,
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
  ERC721InvalidOwner: {
    number: 911,
    title: "Invalid token owner",
    sentence: (a, f) => `${f.party(a.address("owner"))} cannot own a token`,
  },
  ERC721NonexistentToken: {
    number: 912,
    title: "No such token",
    sentence: (a) => `no token has id ${a.uint("tokenId")}`,
  },
  ERC721IncorrectOwner: {
    number: 913,
    title: "Not the token's owner",
    sentence: (a, f) =>
      `${f.party(a.address("sender"))} is not the owner of token ${a.uint("tokenId")} (${f.party(a.address("owner"))} is)`,
  },
  ERC721InvalidSender: {
    number: 914,
    title: "Invalid token sender",
    sentence: (a, f) => `${f.party(a.address("sender"))} cannot send a token`,
  },
  ERC721InvalidReceiver: {
    number: 915,
    title: "Invalid token receiver",
    sentence: (a, f) => `${f.party(a.address("receiver"))} cannot receive a token`,
  },
  ERC721InsufficientApproval: {
    number: 916,
    title: "Not approved for the token",
    sentence: (a, f) =>
      `${f.party(a.address("operator"))} is not approved to move token ${a.uint("tokenId")}`,
  },
  ERC721InvalidApprover: {
    number: 917,
    title: "Invalid approver",
    sentence: (a, f) => `${f.party(a.address("approver"))} cannot approve`,
  },
  ERC721InvalidOperator: {
    number: 918,
    title: "Invalid operator",
    sentence: (a, f) => `${f.party(a.address("operator"))} cannot be an operator`,
  },
  ERC20InsufficientBalance: {
    number: 931,
    title: "Insufficient token balance",
    sentence: (a, f) =>
      `${f.party(a.address("sender"))} holds ${a.uint("balance")} token units and ${a.uint("needed")} are needed`,
    hint: () => "The bank mints deposit tokens against a deposit first.",
  },
  ERC20InsufficientAllowance: {
    number: 932,
    title: "Insufficient token allowance",
    sentence: (a, f) =>
      `${f.party(a.address("spender"))} may move ${a.uint("allowance")} token units and ${a.uint("needed")} are needed`,
    hint: () => "Approve the letter-of-credit contract for the deposit first.",
  },
  ERC20InvalidSender: {
    number: 933,
    title: "Invalid token sender",
    sentence: (a, f) => `${f.party(a.address("sender"))} cannot send tokens`,
  },
  ERC20InvalidReceiver: {
    number: 934,
    title: "Invalid token receiver",
    sentence: (a, f) => `${f.party(a.address("receiver"))} cannot receive tokens`,
  },
  ERC20InvalidApprover: {
    number: 935,
    title: "Invalid token approver",
    sentence: (a, f) => `${f.party(a.address("approver"))} cannot approve`,
  },
  ERC20InvalidSpender: {
    number: 936,
    title: "Invalid token spender",
    sentence: (a, f) => `${f.party(a.address("spender"))} cannot be approved to spend`,
  },
  SafeERC20FailedOperation: {
    number: 937,
    title: "A token transfer failed",
    sentence: (a, f) => `a transfer of the token ${f.party(a.address("token"))} failed`,
  },
  SafeCastOverflowedUintDowncast: {
    number: 939,
    title: "A number too large to store",
    sentence: (a) =>
      `${a.uint("value")} does not fit the ${a.uint("bits")} bits the contract stores it in`,
    hint: () => "Check the amount or date you gave: it is far beyond anything a trade needs.",
  },
  SafeCastOverflowedIntToUint: {
    number: 940,
    title: "A negative number where none is allowed",
    sentence: () => "a computed number came out negative where only positive ones are stored",
  },
  SafeCastOverflowedUintToInt: {
    number: 941,
    title: "A number too large to compute with",
    sentence: (a) => `${a.uint("value")} is too large for a signed 256-bit number`,
  },
  ReentrancyGuardReentrantCall: {
    number: 938,
    title: "A re-entrant call",
    sentence: () => "a call re-entered the contract while it was working, and was refused",
  },
  InvalidShortString: {
    number: 919,
    title: "Invalid short string",
    sentence: () => "a stored short string is malformed",
  },
  StringTooLong: {
    number: 920,
    title: "String too long",
    sentence: (a) => `"${a.string("str")}" is too long for a short string (31 bytes at most)`,
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

/** IDocumentFinancing.DocumentKind as words ("purchase order"). */
function documentKind(kind: bigint): string {
  return lcEnumName(DocumentKind, kind)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
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
export function allowedStatuses(bitmap: string, names: readonly string[]): string {
  const bits = BigInt(bitmap);
  return names.filter((_, status) => (bits >> BigInt(status)) & 1n).join(" or ");
}

/** An ISO 4217 code stored as bytes3, or "no stated currency" for 0x000000. */
function currencyName(code: string): string {
  return /^0x0*$/.test(code) ? "no stated currency" : ascii(code);
}

/** IPreShipmentAdvance names: statuses, milestones, and "order 7" / "credit 3" for a source. */
function advanceStatusName(status: bigint): string {
  return advanceEnumName(AdvanceStatus, status);
}
function advanceMilestoneName(milestone: bigint): string {
  return advanceEnumName(AdvanceMilestone, milestone);
}
function advanceSourceText(a: NamedValues): string {
  const kind =
    a.uint("sourceKind") === BigInt(AdvanceSourceKind.PurchaseOrder) ? "order" : "credit";
  return `${kind} ${a.uint("sourceId")}`;
}
const ORDER_STATUSES = ["None", "Issued", "Accepted", "Declined", "Cancelled"] as const;
function advanceSourceStatus(kind: bigint, status: bigint): string {
  return kind === BigInt(AdvanceSourceKind.PurchaseOrder)
    ? (ORDER_STATUSES[Number(status)] ?? `status ${status}`)
    : lcStatus(status);
}

/** ILetterOfCredit.Status and SettlementCondition names. */
function lcStatus(status: bigint): string {
  return lcEnumName(LcStatus, status);
}
function settlementCondition(condition: bigint): string {
  return lcEnumName(SettlementCondition, condition) === "TitleToIssuingBank"
    ? "title to pass to the issuing bank"
    : "customs clearance";
}

/** IBillOfLadingTitle.BillStatus, IBillOfLading.BillForm and TitleEventKind names. */
function billStatus(status: bigint): string {
  return String(enumName(BillStatus, status));
}
function billForm(form: bigint): string {
  return String(enumName(BillForm, form));
}
function titleEventKind(kind: bigint): string {
  return String(enumName(TitleEventKind, kind));
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

/**
 * Every operator error, task errors and contract refusals alike, as (code, title) in number
 * order: the index of the runbook's "Operator errors" section.
 */
export function operatorErrorIndex(): { code: string; title: string }[] {
  return [
    ...Object.values(TASK_ERRORS),
    ...Object.values(REVERT_TABLE).map(({ number, title }) => ({ number, title })),
  ]
    .sort((a, b) => a.number - b.number)
    .map((d) => ({ code: errorCode(d), title: d.title }));
}
