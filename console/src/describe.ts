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

/** The task that performs a credit's next step, for its status (null when nothing is left). */
export function nextStep(
  status: string,
  lcId: string,
  network: string,
): { what: string; command: string }[] {
  const task = (args: string) => `npx hardhat ${args} --network ${network} --send`;
  switch (status) {
    case "Applied":
      return [
        {
          what: "The issuing bank issues the credit",
          command: task(`credit issue --as issuingBank --credit ${lcId}`),
        },
      ];
    case "Issued":
      return [
        {
          what: "The advising bank advises it",
          command: task(`credit advise --as advisingBank --credit ${lcId}`),
        },
      ];
    case "Advised":
      return [
        {
          what: "The beneficiary presents the documents",
          command: task(
            `credit present --as exporter --credit ${lcId} --to advisingBank --bill <B/L number> --amount <amount>`,
          ),
        },
      ];
    case "Presented":
      return [
        {
          what: "The bank presented to examines them",
          command: task(`credit examine --as advisingBank --credit ${lcId}`),
        },
      ];
    case "Honoured":
      return [
        {
          what: "Settlement, once title and customs clearance are in place",
          command: task(`credit settle --as exporter --credit ${lcId}`),
        },
      ];
    case "Refused":
      return [
        {
          what: "The applicant may waive the discrepancies",
          command: task(`credit waive --as importer --credit ${lcId}`),
        },
        {
          what: "or, after expiry, the escrow is released",
          command: task(`credit release --as issuingBank --credit ${lcId}`),
        },
      ];
    case "Expired":
      return [
        {
          what: "The escrow is released to the applicant",
          command: task(`credit release --as issuingBank --credit ${lcId}`),
        },
      ];
    default:
      return [];
  }
}

/**
 * The next step of a payable and the task that performs it. The console knows members by
 * account, not by the names an operator's members file gives them, so `--as` names the role
 * (`<obligor>`, `<any member>`) for the operator to replace with their own member name.
 */
export function payableNextStep(
  p: {
    payableId: string;
    status: string;
    amount: string;
    funded: string;
    redeemed: string;
    decimals: number;
    currency: string;
    maturity: string;
  },
  obligorName: string,
  network: string,
  now: number,
): { what: string; command: string }[] {
  const task = (args: string) => `npx hardhat ${args} --network ${network} --send`;
  const unfunded = (BigInt(p.amount) - BigInt(p.funded)).toString();
  const fund = {
    what: `${obligorName}, the obligor, pays in the ${formatAmount(unfunded, p.decimals, p.currency)} not yet funded`,
    command: task(
      `voucher fund --as <obligor> --payable ${p.payableId} --amount ${amountOption(unfunded, p.decimals)}`,
    ),
  };
  const sweep = {
    what: "Any member has the holders paid what the funding covers",
    command: task(`voucher sweep --as <any member> --payable ${p.payableId}`),
  };
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
