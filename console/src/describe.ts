/**
 * Events in words, for the timelines. Events the console does not know yet (a contract
 * gained one) are still shown, by name with their arguments.
 */
import { DocumentKind, enumName } from "../../lib/trade/enums.ts";
import {
  AdvanceMilestone,
  AdvanceSourceKind,
  advanceEnumName,
} from "../../lib/trade/preShipmentAdvance.ts";
import type { ChainLogRow } from "./api.ts";
import { amountOption, bytes32Text, formatAmount, type PartyNamer, shortHex } from "./format.ts";

function a(log: ChainLogRow, key: string): string {
  const v = log.args[key];
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function describeEvent(log: ChainLogRow, name: PartyNamer): string {
  const p = (key: string) => name(a(log, key));
  switch (log.name) {
    case "CreditApplied":
      return `${p("applicant")} applied to ${p("issuingBank")} for a credit in favour of ${p("beneficiary")}`;
    case "CreditIssued":
      return `${p("issuingBank")} issued the credit, escrowing ${a(log, "escrowed")}`;
    case "CreditAdvised":
      return `${p("advisingBank")} advised the credit to the beneficiary`;
    case "CreditConfirmed":
      return `${p("confirmingBank")} confirmed the credit`;
    case "DocumentsPresented":
      return `documents presented (presentation ${a(log, "presentationId")}) to ${p("presentedTo")}`;
    case "PresentationExamined":
      return `${p("bank")} examined presentation ${a(log, "presentationId")}`;
    case "PresentationHonoured":
      return `${p("bank")} honoured presentation ${a(log, "presentationId")}`;
    case "PresentationRefused": {
      const reasons = (log.args["bankDiscrepancies"] as string[] | undefined) ?? [];
      const named = reasons.map(bytes32Text).filter((r) => r !== "");
      return `${p("bank")} refused presentation ${a(log, "presentationId")}${named.length > 0 ? `: ${named.join(", ")}` : " for discrepancies"}`;
    }
    case "DiscrepanciesWaived":
      return `${p("applicant")} waived the discrepancies of presentation ${a(log, "presentationId")}`;
    case "DrawingSettled":
      return `paid ${p("beneficiary")}: ${a(log, "tokenAmount")} (token units)`;
    case "CreditClosed":
      return `credit closed, ${a(log, "refunded")} refunded to the applicant`;
    case "BillIssued":
      return `${p("carrier")} issued B/L ${a(log, "blNumber")} to ${p("holder")}`;
    case "BillEndorsed":
      return `${p("from")} endorsed the bill to ${p("to")}`;
    case "BillEndorsedInBlank":
      return `${p("holder")} endorsed the bill in blank`;
    case "BillPossessionTransferred":
      return `${p("from")} transferred the bill to ${p("to")}`;
    case "BillRefused":
      return `${p("from")} refused the bill, back to ${p("to")}`;
    case "BillPledged":
      return `${p("pledgor")} pledged the bill to ${p("pledgee")}`;
    case "BillPledgeReleased":
      return `${p("pledgee")} released the pledge to ${p("pledgor")}`;
    case "BillSurrenderedForDelivery":
      return `${p("from")} surrendered the bill to ${p("carrier")} for delivery`;
    case "BillSurrenderAccepted":
      return `${p("carrier")} accepted the surrender by ${p("surrenderedBy")}: the bill is accomplished`;
    case "BillSurrenderRejected":
      return `${p("carrier")} rejected the surrender, the bill back with ${p("to")}: ${a(log, "reason")}`;
    case "InvoiceRegistered":
      return `${p("seller")} registered the invoice`;
    case "InvoiceFinanced":
      return `${p("bank")} financed the invoice`;
    case "InvoiceRepaid":
      return `${p("bank")} was repaid`;
    case "InvoiceCancelled":
      return `${p("seller")} cancelled the invoice`;
    case "BillPledgeEnforced":
      return `${p("pledgee")} enforced its pledge over the bill (${p("pledgor")} defaulted)`;
    case "BillSurrenderedForAmendment":
      return `${p("from")} surrendered the bill to ${p("carrier")} for amendment`;
    case "BillReplaced":
      return `the bill was replaced by a new bill (after amendment), held by ${p("holder")}`;
    case "BillVoided":
      return `${p("carrier")} voided the bill: ${a(log, "reason")}`;
    // PINT 3.0: bills that leave for another eBL platform and come back (IBillOfLadingInterop).
    case "PintGatewaySet":
      return `${p("gateway")} is the PINT gateway (was ${p("previous")})`;
    case "BillExportRequested":
      return `${p("holder")} asked to transfer the bill to platform ${bytes32Text(a(log, "platform"))}`;
    case "BillExported":
      return `the bill left for platform ${bytes32Text(a(log, "platform"))}: ${p("holder")} is no longer its holder here`;
    case "BillExportAbandoned":
      return `the transfer to another platform was abandoned, the bill back with ${p("holder")}: ${a(log, "reason")}`;
    case "BillImported":
      return `${log.args["returned"] === true ? "the bill came back" : `B/L ${a(log, "blNumber")} of ${p("carrier")} arrived`} from another platform, held by ${p("holder")}`;
    case "InvoiceBacksVoucher":
      return `the invoice backs payable ${a(log, "payableId")}`;
    case "VoucherContractSet":
      return `invoices back the payables of ${p("vouchers")}`;
    case "DocumentFinancingSet":
      return `invoice financings are claimed in the document-financing guard ${p("guard")}`;
    default:
      return describeProductEvent(log, name) ?? describeUnknown(log, name);
  }
}

/** The events of the open-account products and of the document-financing guard, by contract. */
function describeProductEvent(log: ChainLogRow, name: PartyNamer): string | undefined {
  const p = (key: string) => name(a(log, key));
  switch (log.contractName) {
    case "PurchaseOrder":
      return describeOrderEvent(log, p);
    case "PaymentCommitment":
      return describeCommitmentEvent(log, p);
    case "PreShipmentAdvance":
      return describeAdvanceEvent(log, p);
    case "DocumentFinancingRegistry":
      return describeGuardEvent(log, p);
    default:
      return undefined;
  }
}

function describeOrderEvent(log: ChainLogRow, p: (key: string) => string): string | undefined {
  const order = `order ${a(log, "orderId")}`;
  switch (log.name) {
    case "OrderIssued":
      return `${p("importer")} issued purchase ${order} (${bytes32Text(a(log, "orderNumber"))}) to ${p("exporter")}`;
    case "OrderAccepted":
      return `${p("exporter")} accepted ${order}`;
    case "OrderDeclined":
      return `${p("exporter")} declined ${order}`;
    case "AmendmentProposed":
      return `${p("proposer")} proposed an amendment of ${order}`;
    case "AmendmentWithdrawn":
      return `${p("proposer")} withdrew its amendment of ${order}`;
    case "AmendmentAccepted":
      return `${p("acceptedBy")} accepted the amendment of ${order} (amendment ${a(log, "amendments")} in force)`;
    case "CancellationConsented":
      return `${p("party")} agreed to cancel ${order}`;
    case "CancellationWithdrawn":
      return `${p("party")} withdrew its agreement to cancel ${order}`;
    case "OrderCancelled":
      return `${order} cancelled by both parties`;
    default:
      return undefined;
  }
}

function describeCommitmentEvent(log: ChainLogRow, p: (key: string) => string): string | undefined {
  const commitment = `commitment on order ${a(log, "orderId")}`;
  switch (log.name) {
    case "CommitmentOffered":
      return `${p("bank")} offered a payment ${commitment}${log.args["customsRequired"] === true ? ", paid once customs clears" : ""}`;
    case "CommitmentConsented":
      return `${p("importer")} consented to the ${commitment}`;
    case "CommitmentDeclined":
      return `${p("importer")} declined the ${commitment}`;
    case "CommitmentWithdrawn":
      return `${p("bank")} withdrew the ${commitment}`;
    case "InvoicePresented":
      return `invoice presented under the ${commitment}: ${a(log, "amount")} (token units) ${bytes32Text(a(log, "currency"))} to ${p("buyer")}`;
    case "CommitmentIrrevocable":
      return `the documents matched: the ${commitment} is irrevocable, ${a(log, "amount")} (token units) paid by voucher ${a(log, "voucherId")} of payable ${a(log, "payableId")}`;
    case "CommitmentExpiredUnmatched":
      return `the ${commitment} expired without matching documents`;
    case "ProceedsAssigneeSet":
      return `the commitments pay ${p("assignee")} first (assignee of proceeds)`;
    default:
      return undefined;
  }
}

function describeAdvanceEvent(log: ChainLogRow, p: (key: string) => string): string | undefined {
  const advance = `advance ${a(log, "advanceId")}`;
  switch (log.name) {
    case "AdvanceOffered": {
      const source = advanceEnumName(AdvanceSourceKind, Number(a(log, "sourceKind")));
      return `${p("bank")} offered ${p("exporter")} pre-shipment ${advance} of up to ${a(log, "limit")} (token units) on ${source} ${a(log, "sourceId")}`;
    }
    case "AdvanceAccepted":
      return `${p("exporter")} accepted ${advance}`;
    case "AdvanceShipmentBound":
      return `${advance} follows shipment B/L ${a(log, "blNumber")} of ${p("carrier")}`;
    case "AdvanceFunded":
      return `${p("bank")} funded ${advance} with ${a(log, "amount")} (token units)`;
    case "AdvanceTrancheReleased": {
      const milestone = advanceEnumName(AdvanceMilestone, Number(a(log, "milestone")));
      return `${milestone}: tranche ${a(log, "index")} of ${advance} released, ${a(log, "amount")} (token units) to the exporter`;
    }
    case "AdvanceRepayment":
      return `${p("payer")} repaid ${advance}: ${a(log, "principal")} principal + ${a(log, "interest")} interest (token units), ${a(log, "outstanding")} outstanding`;
    case "AdvanceSurplusPaid":
      return `the surplus of ${advance}, ${a(log, "amount")} (token units), paid to ${p("exporter")}`;
    case "AdvanceRepaid":
      return `${advance} repaid in full`;
    case "AdvanceVoucherReceived":
      return `${advance} holds voucher ${a(log, "voucherId")} of ${p("vouchers")} as its share of the proceeds`;
    case "AdvanceOverdue":
      return `${advance} is overdue: ${p("bank")} claims ${a(log, "claim")} (token units)`;
    case "AdvanceOfferWithdrawn":
      return `the offer of ${advance} was withdrawn`;
    case "AdvanceEscrowReturned":
      return `${a(log, "amount")} (token units) never released from ${advance} went back to ${p("bank")}`;
    case "ProceedsPayerSet": {
      const source = advanceEnumName(AdvanceSourceKind, Number(a(log, "sourceKind")));
      return `${p("payer")} repays advances on a ${source}`;
    }
    default:
      return undefined;
  }
}

function describeGuardEvent(log: ChainLogRow, p: (key: string) => string): string | undefined {
  const document = () => `${documentKindText(a(log, "kind"))} ${shortHex(a(log, "fingerprint"))}`;
  switch (log.name) {
    case "DocumentClaimed":
      return `${document()} now backs facility ${a(log, "facilityId")} of ${p("product")}`;
    case "DocumentReleased":
      return `${document()} released by ${p("product")} (facility ${a(log, "facilityId")})`;
    case "ProductSet":
      return log.args["allowed"] === true
        ? `${p("product")} claims its documents in the guard`
        : `${p("product")} may no longer claim documents in the guard`;
    default:
      return undefined;
  }
}

/** "invoice", "purchase order", "bill of lading" (the guard's document kinds). */
function documentKindText(kind: string): string {
  const value = Number(kind);
  const known = Object.values(DocumentKind).some((v) => v === value);
  if (!known) return `document of kind ${kind}`;
  return enumName(DocumentKind, value)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
}

/** An event the console has no words for: its name and arguments. */
function describeUnknown(log: ChainLogRow, name: PartyNamer): string {
  const shown = Object.entries(log.args)
    .map(
      ([k, v]) =>
        `${k} ${typeof v === "string" && /^0x[0-9a-fA-F]{40}$/.test(v) ? name(v) : JSON.stringify(v)}`,
    )
    .join(", ");
  return `${log.name}${shown === "" ? "" : ` (${shown})`}`;
}

/** The member name of an account in the operator's members file (or the demo), if it has one. */
export type MemberNamer = (account: string) => string | undefined;

/**
 * A next step: what happens, and either the exact task command that performs it or, where an
 * account that must act has no member name the tasks know, why no command is shown. A command
 * with a guessed or placeholder `--as` would fail or, worse, act as someone else.
 */
export type NextStep = { what: string; command: string } | { what: string; unnamed: string };

/** The member names of `accounts`, or the explanation for the first one without a name. */
function withNames<K extends string>(
  accounts: Record<K, string>,
  memberName: MemberNamer,
): { names: Record<K, string> } | { unnamed: string } {
  const names = {} as Record<K, string>;
  for (const key of Object.keys(accounts) as K[]) {
    const name = memberName(accounts[key]);
    if (name === undefined) {
      return { unnamed: `no member name for ${accounts[key]}: add it to your members file` };
    }
    names[key] = name;
  }
  return { names };
}

function stepper(network: string, memberName: MemberNamer) {
  return <K extends string>(
    what: string,
    accounts: Record<K, string>,
    args: (names: Record<K, string>) => string,
  ): NextStep => {
    const named = withNames(accounts, memberName);
    return "unnamed" in named
      ? { what, unnamed: named.unnamed }
      : { what, command: `npx hardhat ${args(named.names)} --network ${network} --send` };
  };
}

/** The parties of a credit the next steps name, by account. */
export interface CreditParties {
  lcId: string;
  status: string;
  applicant: string;
  beneficiary: string;
  issuingBank: string;
  advisingBank: string | null;
  /** The bank the latest presentation was made to, if any. */
  presentedTo?: string;
}

/** The tasks that perform a credit's next step, for its status (none when nothing is left). */
export function nextStep(
  credit: CreditParties,
  memberName: MemberNamer,
  network: string,
): NextStep[] {
  const step = stepper(network, memberName);
  const lcId = credit.lcId;
  // Without an advising bank the beneficiary presents to the issuing bank.
  const nominated = credit.advisingBank ?? credit.issuingBank;
  switch (credit.status) {
    case "Applied":
      return [
        step(
          "The issuing bank issues the credit",
          { bank: credit.issuingBank },
          (n) => `credit issue --as ${n.bank} --credit ${lcId}`,
        ),
      ];
    case "Issued":
      return [
        step(
          "The advising bank advises it",
          { bank: nominated },
          (n) => `credit advise --as ${n.bank} --credit ${lcId}`,
        ),
      ];
    case "Advised":
      return [
        step(
          "The beneficiary presents the documents",
          { beneficiary: credit.beneficiary, bank: nominated },
          (n) =>
            `credit present --as ${n.beneficiary} --credit ${lcId} --to ${n.bank} --bill <B/L number> --amount <amount>`,
        ),
      ];
    case "Presented":
      return [
        step(
          "The bank presented to examines them",
          { bank: credit.presentedTo ?? nominated },
          (n) => `credit examine --as ${n.bank} --credit ${lcId}`,
        ),
      ];
    case "Honoured":
      return [
        step(
          "Settlement, once title and customs clearance are in place",
          { beneficiary: credit.beneficiary },
          (n) => `credit settle --as ${n.beneficiary} --credit ${lcId}`,
        ),
      ];
    case "Refused":
      return [
        step(
          "The applicant may waive the discrepancies",
          { applicant: credit.applicant },
          (n) => `credit waive --as ${n.applicant} --credit ${lcId}`,
        ),
        step(
          "or, after expiry, the escrow is released",
          { bank: credit.issuingBank },
          (n) => `credit release --as ${n.bank} --credit ${lcId}`,
        ),
      ];
    case "Expired":
      return [
        step(
          "The escrow is released to the applicant",
          { bank: credit.issuingBank },
          (n) => `credit release --as ${n.bank} --credit ${lcId}`,
        ),
      ];
    default:
      return [];
  }
}

/**
 * The next step of a payable and the task that performs it. The obligor funds; a sweep may be
 * sent by any member, and the command names the obligor, the one member sure to be waiting for
 * it. `obligorLabel` is how the page names the obligor in words.
 */
export function payableNextStep(
  p: {
    payableId: string;
    status: string;
    obligor: string;
    amount: string;
    funded: string;
    redeemed: string;
    decimals: number;
    currency: string;
    maturity: string;
  },
  obligorLabel: string,
  memberName: MemberNamer,
  network: string,
  now: number,
): NextStep[] {
  const step = stepper(network, memberName);
  const unfunded = (BigInt(p.amount) - BigInt(p.funded)).toString();
  const fund = step(
    `${obligorLabel}, the obligor, pays in the ${formatAmount(unfunded, p.decimals, p.currency)} not yet funded`,
    { obligor: p.obligor },
    (n) =>
      `voucher fund --as ${n.obligor} --payable ${p.payableId} --amount ${amountOption(unfunded, p.decimals)}`,
  );
  const sweep = step(
    "Any member has the holders paid what the funding covers",
    { obligor: p.obligor },
    (n) => `voucher sweep --as ${n.obligor} --payable ${p.payableId}`,
  );
  const matured = now >= Number(p.maturity);
  const unpaidFunding = BigInt(p.funded) > BigInt(p.redeemed);
  switch (p.status) {
    case "Confirmed":
    case "Due":
    case "Overdue":
      return matured && unpaidFunding ? [fund, sweep] : [fund];
    case "Funded":
      return matured ? [sweep] : [];
    default:
      return [];
  }
}
