/**
 * `credit status`: where a credit stands — its status, parties, terms, money, amendments and
 * every presentation with what the chain and the bank found — and, once honoured, whether it
 * can be paid now or what payment waits for.
 */
import { ZeroAddress } from "ethers";
import { z } from "zod";

import {
  AmendmentChange,
  AmendmentState,
  enumName,
  LcDocument,
  namesInBitmask,
} from "../../lib/trade/enums.ts";
import { type CreditSummary, decodeCode, readCredit } from "../../lib/trade/letterOfCredit.ts";
import { operatorAction } from "../support/action.ts";
import type { TaskContext } from "../support/context.ts";
import { formatTime } from "../support/output.ts";
import {
  creditAmount,
  creditId,
  creditMoney,
  type CreditMoney,
  deployedLetterOfCredit,
  tokenAmount,
} from "./creditContract.ts";

export interface CreditStatusResult {
  credit: CreditSummary;
  money: CreditMoney;
  parties: {
    applicant: string;
    beneficiary: string;
    issuingBank: string;
    advisingBank: string;
    confirmingBank: string | null;
    confirmed: boolean;
    appliedAt: number;
    issuedAt: number | null;
  };
  terms: {
    fxFeed: string | null;
    latestShipmentAt: number;
    presentationDays: number;
    placeOfExpiry: string;
    portOfLoading: string;
    portOfDischarge: string;
    countryOfOrigin: string;
    incoterm: string;
    requiredDocuments: string[];
    customsClearanceRequired: boolean;
    partialDrawingsAllowed: boolean;
    /** 0: sight payment; N: deferred payment at N days after the bill of lading's date. */
    deferredPaymentDays: number;
  };
  /** The assignee the beneficiary assigned the proceeds to (art. 39), or null. */
  proceedsAssignee: string | null;
  /** The beneficiary's voucher of each drawing paid by deferred payment. */
  deferredVouchers: { presentationId: bigint; voucherId: bigint }[];
  amendments: {
    amendmentId: bigint;
    changes: string[];
    state: string;
    proposedAt: number;
    answeredAt: number | null;
  }[];
  /** For an honoured credit: what paying it now would pay, or why it cannot be paid yet. */
  settlement:
    | { payable: true; creditAmount: bigint; tokenAmount: bigint }
    | { payable: false; waitsFor: string }
    | null;
}

export default operatorAction({
  options: () => z.object({ credit: creditId }),
  async run(args, ctx): Promise<CreditStatusResult> {
    const lc = await deployedLetterOfCredit(ctx);
    const lcId = args.credit;
    const money = await creditMoney(ctx, lc, lcId);
    const [credit, parties, terms, amendmentCount] = await Promise.all([
      readCredit(lc, lcId),
      lc.parties(lcId),
      lc.terms(lcId),
      lc.amendmentCount(lcId),
    ]);
    const [assignee] = await lc.proceedsOf(lcId, 0n);
    const deferredVouchers: CreditStatusResult["deferredVouchers"] = [];
    for (const pr of credit.presentations) {
      const [, voucherId] = await lc.proceedsOf(lcId, pr.presentationId);
      if (voucherId !== 0n) deferredVouchers.push({ presentationId: pr.presentationId, voucherId });
    }
    const amendments: CreditStatusResult["amendments"] = [];
    for (let id = 1n; id <= amendmentCount; id++) {
      const record = await lc.amendment(lcId, id);
      amendments.push({
        amendmentId: id,
        changes: namesInBitmask(AmendmentChange, record.amendment.changes),
        state: enumName(AmendmentState, record.state),
        proposedAt: Number(record.proposedAt),
        answeredAt: record.answeredAt === 0n ? null : Number(record.answeredAt),
      });
    }
    return {
      credit,
      money,
      parties: {
        applicant: parties.applicant,
        beneficiary: parties.beneficiary,
        issuingBank: parties.issuingBank,
        advisingBank: parties.advisingBank,
        confirmingBank: parties.confirmingBank === ZeroAddress ? null : parties.confirmingBank,
        confirmed: parties.confirmed,
        appliedAt: Number(parties.appliedAt),
        issuedAt: parties.issuedAt === 0n ? null : Number(parties.issuedAt),
      },
      terms: {
        fxFeed: terms.fxFeed === ZeroAddress ? null : terms.fxFeed,
        latestShipmentAt: Number(terms.latestShipmentAt),
        presentationDays: Number(terms.presentationDays),
        placeOfExpiry: decodeCode(terms.placeOfExpiry),
        portOfLoading: decodeCode(terms.portOfLoading),
        portOfDischarge: decodeCode(terms.portOfDischarge),
        countryOfOrigin: decodeCode(terms.countryOfOrigin),
        incoterm: decodeCode(terms.incoterm),
        requiredDocuments: namesInBitmask(LcDocument, terms.requiredDocuments),
        customsClearanceRequired: terms.customsClearanceRequired,
        partialDrawingsAllowed: terms.partialDrawingsAllowed,
        deferredPaymentDays: Number(terms.deferredPaymentDays),
      },
      proceedsAssignee: assignee === ZeroAddress ? null : assignee,
      deferredVouchers,
      amendments,
      settlement: credit.status === "Honoured" ? await settlement(ctx, lcId) : null,
    };
  },
  render(r, ctx) {
    const { credit, money, parties: p, terms: t } = r;
    const lines = [
      `Credit ${credit.lcId}: ${credit.status}. ${creditAmount(money, credit.amount)}${credit.aboutAmount ? " (about: ±10 %)" : ""}, settled in ${money.symbol}${t.fxFeed === null ? "" : ` at the rate of ${ctx.party(t.fxFeed)}`}.`,
      `  applicant ${ctx.party(p.applicant)}, beneficiary ${ctx.party(p.beneficiary)}`,
      `  issuing bank ${ctx.party(p.issuingBank)}, advising bank ${ctx.party(p.advisingBank)}${p.confirmingBank === null ? "" : `, confirming bank ${ctx.party(p.confirmingBank)}${p.confirmed ? " (confirmed)" : " (not yet confirmed)"}`}`,
      `  applied ${formatTime(p.appliedAt)}${p.issuedAt === null ? "" : `, issued ${formatTime(p.issuedAt)}`}; expires ${formatTime(credit.expiresAt)} at ${t.placeOfExpiry}`,
      `  ${t.incoterm} ${t.portOfLoading} → ${t.portOfDischarge}, origin ${t.countryOfOrigin}, latest shipment ${formatTime(t.latestShipmentAt)}, presentation within ${t.presentationDays} days of shipment`,
      `  documents: ${t.requiredDocuments.join(", ")}${t.customsClearanceRequired ? "; payment waits for customs clearance at destination" : ""}${t.partialDrawingsAllowed ? "" : "; partial drawings and shipments prohibited"}`,
      `  available by ${t.deferredPaymentDays === 0 ? "sight payment" : `deferred payment at ${t.deferredPaymentDays} days after the bill of lading's date, in a voucher`}${r.proceedsAssignee === null ? "" : `; proceeds assigned to ${ctx.party(r.proceedsAssignee)}`}`,
      `  escrow: ${tokenAmount(money, credit.escrow.escrowed)} received, ${tokenAmount(money, credit.escrow.paid)} paid, ${tokenAmount(money, credit.escrow.refunded)} refunded, ${tokenAmount(money, credit.escrow.held)} held; drawn ${creditAmount(money, credit.escrow.drawn)}`,
    ];
    for (const a of r.amendments) {
      lines.push(
        `  amendment ${a.amendmentId} (${a.changes.join(", ")}): ${a.state}, proposed ${formatTime(a.proposedAt)}${a.answeredAt === null ? "" : `, answered ${formatTime(a.answeredAt)}`}`,
      );
    }
    for (const pr of credit.presentations) {
      const voucher = r.deferredVouchers.find((d) => d.presentationId === pr.presentationId);
      lines.push(
        `  presentation ${pr.presentationId}: ${pr.outcome}, ${creditAmount(money, pr.amount)} to ${ctx.party(pr.presentedTo)} on ${formatTime(pr.presentedAt)}, to examine by ${formatTime(pr.examineBy)}${pr.paid > 0n ? `; paid ${tokenAmount(money, pr.paid)}` : ""}${voucher === undefined ? "" : ` in voucher ${voucher.voucherId}`}`,
        ...pr.discrepancies.map((d) => `      found by the chain: ${d}`),
        ...pr.bankDiscrepancies.map((d) => `      added by the bank: ${d}`),
      );
    }
    if (r.settlement !== null) {
      lines.push(
        r.settlement.payable
          ? `Payable now: ${creditAmount(money, r.settlement.creditAmount)} = ${tokenAmount(money, r.settlement.tokenAmount)} (\`npx hardhat credit settle\`, or the upkeep).`
          : `Payment waits: ${r.settlement.waitsFor}.`,
      );
    }
    return lines;
  },
});

/** What settling credit `lcId` now would pay, or the sentence saying why it cannot. */
async function settlement(
  ctx: TaskContext,
  lcId: bigint,
): Promise<CreditStatusResult["settlement"]> {
  const lc = await deployedLetterOfCredit(ctx);
  try {
    const [credit, token] = await lc.previewSettlement(lcId);
    return { payable: true, creditAmount: credit, tokenAmount: token };
  } catch (error) {
    const decoded = ctx.decoder.explain(error);
    if (decoded === undefined) throw error;
    return {
      payable: false,
      waitsFor: decoded.shortMessage.replace(/^Refused: /, "").replace(/\.$/, ""),
    };
  }
}
