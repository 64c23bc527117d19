/**
 * `trade status`: one timeline of everything linked to a trade — the letter of credit, the
 * documents presented under it (the bill of lading and its title chain, the certificate of
 * origin, the invoice when given), the customs and transport events of the shipment, and the
 * payments — in order, with the time and the party of each step. Built from the contracts'
 * views and events.
 */
import { ZeroHash } from "ethers";
import { z } from "zod";

import { discrepancyNames, describeBankDiscrepancy } from "../../lib/trade/letterOfCredit.ts";
import { enumName, LcStatus, SettlementCondition } from "../../lib/trade/enums.ts";
import { enumName as billEnumName, BillStatus } from "../../lib/trade/billOfLading.ts";
import { BILL_OF_LADING, deployedBillOfLading, findBill } from "../bill/billRegistry.ts";
import { billOptions, blNumber } from "../bill/billInput.ts";
import {
  creditAmount,
  creditId,
  creditMoney,
  type CreditMoney,
  deployedLetterOfCredit,
  LETTER_OF_CREDIT,
  tokenAmount,
} from "../credit/creditContract.ts";
import { deployedInvoiceRegistry, INVOICE_REGISTRY } from "../invoice/invoiceRegistry.ts";
import { certificateIdOf, certificateNumber } from "../origin/originInput.ts";
import { ORIGIN_REGISTRY } from "../origin/originRegistry.ts";
import { deployedCustomsOracle } from "../oracle/customsOracle.ts";
import { describeShipmentEvent, shipmentEvents } from "../oracle/customsEvents.ts";
import { operatorAction } from "../support/action.ts";
import type { TaskContext } from "../support/context.ts";
import { optionalOf } from "../support/inputs.ts";
import { formatTime, table } from "../support/output.ts";
import { readPayable, renderPayable, type ShowResult } from "../voucher/show.ts";
import { deployedPayableVoucher } from "../voucher/voucherContract.ts";
import { historyOf } from "../support/history.ts";
import { type ChainEvent, eventsAbout } from "./chainEvents.ts";

export type TimelineSource = "credit" | "bill" | "certificate" | "invoice" | "customs";

export interface TimelineEntry {
  /** Block time, unix seconds. */
  at: number;
  source: TimelineSource;
  /** Who sent the transaction. */
  party: string;
  text: string;
  blockNumber: number;
  logIndex: number;
  transactionHash: string;
}

export interface TradeStatusResult {
  lcId: bigint;
  status: string;
  money: CreditMoney;
  applicant: string;
  beneficiary: string;
  bills: { blNumber: string; status: string; holder: string; shipmentRef: string }[];
  certificates: string[];
  /** The payable the given invoice backs, with its vouchers; null if none (or no invoice given). */
  voucherPayable: ShowResult | null;
  /**
   * When another registration of the same invoice (another seller's, or a copy altered in
   * amount) is the one backing `voucherPayable`: its id; null otherwise.
   */
  backingInvoiceId: string | null;
  timeline: TimelineEntry[];
}

const bytes32 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, "is not an invoice id (0x + 64 hex digits)");

export default operatorAction({
  options: (m) =>
    z.object({
      credit: creditId,
      ...billOptions(m),
      bill: optionalOf(blNumber),
      certificate: optionalOf(certificateNumber),
      invoiceId: optionalOf(bytes32),
    }),
  async run(args, ctx): Promise<TradeStatusResult> {
    const lc = await deployedLetterOfCredit(ctx);
    const lcId = args.credit;
    const money = await creditMoney(ctx, lc, lcId);
    const [status, parties, count] = await Promise.all([
      lc.status(lcId),
      lc.parties(lcId),
      lc.presentationCount(lcId),
    ]);
    const facts = await historyOf(ctx);
    const timeline: TimelineEntry[] = [];
    const add = (source: TimelineSource, e: ChainEvent, text: string) =>
      timeline.push({
        at: e.at,
        source,
        party: e.sender,
        text,
        blockNumber: e.blockNumber,
        logIndex: e.logIndex,
        transactionHash: e.transactionHash,
      });

    // The credit.
    for (const e of await eventsAbout(ctx, facts, LETTER_OF_CREDIT, lcId)) {
      add("credit", e, describeCreditEvent(ctx, money, e));
    }

    // The documents: those presented, and those named on the command line.
    const billIds = new Set<bigint>();
    const certificateIds = new Set<string>();
    for (let i = 0n; i < count; i++) {
      const p = await lc.presentation(lcId, i);
      billIds.add(p.billId);
      if (p.certificateId !== ZeroHash) certificateIds.add(p.certificateId);
    }
    const bills = await deployedBillOfLading(ctx);
    if (args.bill !== null) {
      billIds.add((await findBill(ctx, bills, args.bill, args.carrier)).billId);
    }
    if (args.certificate !== null) certificateIds.add(certificateIdOf(args.certificate));

    const billViews: TradeStatusResult["bills"] = [];
    const oracle = await deployedCustomsOracle(ctx);
    for (const billId of billIds) {
      if ((await bills.billStatus(billId)) === 0n) continue;
      const billEvents = await eventsAbout(ctx, facts, BILL_OF_LADING, billId);
      const issued = billEvents.find((e) => e.name === "BillIssued");
      const blNumber = issued?.args.string("blNumber") ?? `0x${billId.toString(16)}`;
      for (const e of billEvents) add("bill", e, describeBillEvent(ctx, blNumber, e));
      const [billFacts, billStatus, holder] = await Promise.all([
        bills.billFacts(billId),
        bills.billStatus(billId),
        bills.holderOf(billId),
      ]);
      billViews.push({
        blNumber,
        status: String(billEnumName(BillStatus, billStatus)),
        holder,
        shipmentRef: billFacts.shipmentRef,
      });
      // The shipment's customs and transport events.
      for (const s of await shipmentEvents(facts, oracle, billFacts.shipmentRef)) {
        timeline.push({
          at: await facts.timeOf(s.blockNumber),
          source: "customs",
          party: await facts.senderOf(s.transactionHash),
          text: `shipment ${blNumber}: ${describeShipmentEvent(s)} (occurred ${formatTime(s.occurredAt)})`,
          blockNumber: s.blockNumber,
          logIndex: s.logIndex,
          transactionHash: s.transactionHash,
        });
      }
    }

    const certificateNumbers: string[] = [];
    for (const id of certificateIds) {
      const events = await eventsAbout(ctx, facts, ORIGIN_REGISTRY, id);
      const issued = events.find((e) => e.name === "CertificateIssued");
      const number = issued?.args.string("number") ?? id;
      if (issued !== undefined) certificateNumbers.push(number);
      for (const e of events) add("certificate", e, describeCertificateEvent(ctx, number, e));
    }

    let voucherPayable: ShowResult | null = null;
    let backingInvoiceId: string | null = null;
    if (args.invoiceId !== null) {
      const invoiceEvents = await eventsAbout(ctx, facts, INVOICE_REGISTRY, args.invoiceId);
      for (const e of invoiceEvents) add("invoice", e, describeInvoiceEvent(ctx, e));
      // An invoice paid through vouchers: the payable it backs and who holds it now. Backing is
      // recorded per fingerprint, so the payable is found even when another seller's
      // registration of the same invoice (or a copy altered in amount) is the one that backs it.
      const invoices = await deployedInvoiceRegistry(ctx);
      const registered = invoiceEvents.find((e) => e.name === "InvoiceRegistered");
      let payableId = await invoices.backingPayable(args.invoiceId);
      if (payableId === 0n && registered !== undefined) {
        for (const fingerprint of ["exactFingerprint", "identityFingerprint"]) {
          const [backingId, backs] = await invoices.backingInvoiceOf(
            registered.args.bytes(fingerprint),
          );
          if (backs !== 0n) {
            payableId = backs;
            backingInvoiceId = backingId;
            break;
          }
        }
      }
      if (payableId !== 0n) {
        voucherPayable = await readPayable(ctx, await deployedPayableVoucher(ctx), payableId);
      }
    }

    timeline.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
    return {
      lcId,
      status: enumName(LcStatus, status),
      money,
      applicant: parties.applicant,
      beneficiary: parties.beneficiary,
      bills: billViews,
      certificates: certificateNumbers,
      voucherPayable,
      backingInvoiceId,
      timeline,
    };
  },
  render(r, ctx) {
    return [
      `Trade under credit ${r.lcId} (${r.status}): ${ctx.party(r.applicant)} buys from ${ctx.party(r.beneficiary)}, paid in ${r.money.symbol}.`,
      ...r.bills.map(
        (b) =>
          `  bill ${b.blNumber}: ${b.status}, held by ${ctx.party(b.holder)}; shipment ref ${b.shipmentRef}`,
      ),
      ...(r.certificates.length === 0
        ? []
        : [`  certificates of origin: ${r.certificates.join(", ")}`]),
      ...(r.voucherPayable === null
        ? []
        : [
            "",
            r.backingInvoiceId === null
              ? "The invoice is paid through vouchers:"
              : `The invoice is paid through vouchers, as invoice ${r.backingInvoiceId} (another registration of it):`,
            ...renderPayable(r.voucherPayable, ctx),
          ]),
      "",
      ...table([
        ["WHEN", "WHAT", "BY", ""],
        ...r.timeline.map((e) => [
          formatTime(e.at),
          e.source,
          ctx.members.nameOf(e.party) ?? e.party,
          e.text,
        ]),
      ]),
    ];
  },
});

function describeCreditEvent(ctx: TaskContext, money: CreditMoney, e: ChainEvent): string {
  const a = e.args;
  const lcId = a.uint("lcId");
  switch (e.name) {
    case "CreditApplied":
      return `applied for credit ${lcId} in favour of ${ctx.party(a.address("beneficiary"))}, to be issued by ${ctx.party(a.address("issuingBank"))}`;
    case "ApplicationDeclined":
      return `the issuing bank declined the application`;
    case "CreditIssued":
      return `issued the credit, escrowing ${tokenAmount(money, a.uint("escrowed"))}`;
    case "EscrowFunded":
      return `${tokenAmount(money, a.uint("received"))} into escrow from ${ctx.party(a.address("from"))}`;
    case "CreditAdvised":
      return `advised the credit to the beneficiary (UCP 600 art. 9)`;
    case "CreditConfirmed":
      return `confirmed the credit (art. 8)`;
    case "FeePaid":
      return `paid a fee of ${tokenAmount(money, a.uint("amount"))} to ${ctx.party(a.address("to"))}`;
    case "AmendmentProposed":
      return `proposed amendment ${a.uint("amendmentId")}`;
    case "AmendmentAccepted":
      return `accepted amendment ${a.uint("amendmentId")}${a.bool("byPresentation") ? " by presenting under it" : ""}`;
    case "AmendmentRejected":
      return `rejected amendment ${a.uint("amendmentId")}`;
    case "DocumentsPresented":
      return `presented documents (presentation ${a.uint("presentationId")}) to ${ctx.party(a.address("presentedTo"))}, to be examined by ${formatTime(a.uint("examineBy"))}`;
    case "PresentationExamined": {
      const found = discrepancyNames(a.uint("discrepancies"));
      return `examined presentation ${a.uint("presentationId")}: ${found.length === 0 ? "no discrepancy" : `discrepancies ${found.join(", ")}`}`;
    }
    case "PresentationHonoured":
      return `honoured presentation ${a.uint("presentationId")} (art. 15)`;
    case "PresentationRefused": {
      const found = [
        ...discrepancyNames(a.uint("discrepancies")),
        ...a.strings("bankDiscrepancies").map(describeBankDiscrepancy),
      ];
      return `refused presentation ${a.uint("presentationId")} (art. 16): ${found.join(", ")}`;
    }
    case "DiscrepanciesWaived":
      return `waived the discrepancies of presentation ${a.uint("presentationId")} (art. 16b)`;
    case "SettlementConditionWaived":
      return `waived ${enumName(SettlementCondition, a.uint("condition")) === "CustomsClearance" ? "customs clearance" : "title to the issuing bank"} as a condition of payment`;
    case "DrawingSettled":
      return `PAID ${tokenAmount(money, a.uint("tokenAmount"))} (${creditAmount(money, a.uint("creditAmount"))}) to ${ctx.party(a.address("beneficiary"))}`;
    case "CreditCancelled":
      return "the credit was cancelled";
    case "CreditClosed":
      return `the credit closed; ${tokenAmount(money, a.uint("refunded"))} returned to the issuing bank`;
    default:
      return e.name;
  }
}

function describeBillEvent(ctx: TaskContext, bl: string, e: ChainEvent): string {
  const a = e.args;
  const p = (name: string) => ctx.party(a.address(name));
  switch (e.name) {
    case "BillIssued":
      return `bill ${bl} issued to ${p("holder")}`;
    case "BillEndorsed":
      return `bill ${bl} endorsed to ${p("to")}`;
    case "BillEndorsedInBlank":
      return `bill ${bl} endorsed in blank`;
    case "BillPossessionTransferred":
      return `bill ${bl}: possession passed to ${p("to")}`;
    case "BillRefused":
      return `bill ${bl} refused; back with ${p("to")}`;
    case "BillPledged":
      return `bill ${bl} pledged to ${p("pledgee")}`;
    case "BillPledgeReleased":
      return `bill ${bl}: pledge released to ${p("pledgor")}`;
    case "BillPledgeEnforced":
      return `bill ${bl}: pledge enforced by ${p("pledgee")}`;
    case "BillSurrenderedForDelivery":
      return `bill ${bl} surrendered for delivery`;
    case "BillSurrenderedForAmendment":
      return `bill ${bl} surrendered for amendment`;
    case "BillSurrenderAccepted":
      return `bill ${bl}: surrender accepted, delivery made`;
    case "BillSurrenderRejected":
      return `bill ${bl}: surrender rejected ("${a.string("reason")}")`;
    case "BillReplaced":
      return `bill ${bl} replaced by an amended bill`;
    case "BillVoided":
      return `bill ${bl} voided ("${a.string("reason")}")`;
    default:
      return `bill ${bl}: ${e.name}`;
  }
}

function describeCertificateEvent(ctx: TaskContext, number: string, e: ChainEvent): string {
  switch (e.name) {
    case "CertificateIssued":
      return `certificate of origin ${number} issued for ${ctx.party(e.args.address("exporter"))}`;
    case "CertificateRevoked":
      return `certificate of origin ${number} revoked ("${e.args.string("reason")}")`;
    case "CertificateReplaced":
      return `certificate of origin ${number} replaced by a corrected certificate`;
    default:
      return `certificate ${number}: ${e.name}`;
  }
}

function describeInvoiceEvent(ctx: TaskContext, e: ChainEvent): string {
  switch (e.name) {
    case "InvoiceRegistered":
      return "invoice registered by its seller";
    case "InvoiceFinanced":
      return `invoice financed by ${ctx.party(e.args.address("bank"))}`;
    case "InvoiceRepaid":
      return "invoice financing repaid";
    case "InvoiceCancelled":
      return "invoice cancelled by its seller";
    case "InvoiceBacksVoucher":
      return `invoice backs payable ${e.args.uint("payableId")} of the vouchers`;
    default:
      return `invoice: ${e.name}`;
  }
}
