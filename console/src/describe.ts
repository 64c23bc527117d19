/**
 * Events in words, for the timelines. Events the console does not know yet (a contract
 * gained one) are still shown, by name with their arguments.
 */
import type { ChainLogRow } from "./api.ts";
import { amountOption, bytes32Text, formatAmount, type PartyNamer } from "./format.ts";

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
      return `the carrier accepted the surrender: the bill is accomplished`;
    case "BillSurrenderRejected":
      return `the carrier rejected the surrender`;
    case "InvoiceRegistered":
      return `${p("seller")} registered the invoice`;
    case "InvoiceFinanced":
      return `${p("bank")} financed the invoice`;
    case "InvoiceRepaid":
      return `${p("bank")} was repaid`;
    case "InvoiceCancelled":
      return `${p("seller")} cancelled the invoice`;
    default: {
      const shown = Object.entries(log.args)
        .map(
          ([k, v]) =>
            `${k} ${typeof v === "string" && /^0x[0-9a-fA-F]{40}$/.test(v) ? name(v) : JSON.stringify(v)}`,
        )
        .join(", ");
      return `${log.name}${shown === "" ? "" : ` (${shown})`}`;
    }
  }
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
