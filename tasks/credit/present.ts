/**
 * `credit present`: the beneficiary presents documents under a credit to the issuing or the
 * nominated bank (UCP 600 art. 6a, 14): the electronic bill of lading and the certificate of
 * origin by reference, the other documents by the hash of each file.
 */
import { ZeroHash } from "ethers";
import { z } from "zod";

import { certificateId } from "../../lib/trade/letterOfCredit.ts";
import { billOptions } from "../bill/billInput.ts";
import { deployedBillOfLading, findBill } from "../bill/billRegistry.ts";
import { certificateNumber } from "../origin/originInput.ts";
import { operatorAction } from "../support/action.ts";
import { amountText, optionalDocumentHash, optionalOf, toBaseUnits } from "../support/inputs.ts";
import { formatTime } from "../support/output.ts";
import { InvalidInputError } from "../../lib/errors/caravelError.ts";
import {
  type CallOutcome,
  eventOf,
  perform,
  renderOutcome,
  simulatedResult,
} from "../support/transactions.ts";
import {
  creditAmount,
  creditId,
  creditMoney,
  type CreditMoney,
  deployedLetterOfCredit,
  LETTER_OF_CREDIT,
} from "./creditContract.ts";

/**
 * `--invoice-fingerprints` / `--bill-fingerprints`: the document's fingerprints (exact and identity,
 * keccak-sized hex, comma-separated) the presentation claims in the consortium's
 * document-financing guard where one is configured; empty: none.
 */
const fingerprints = z
  .string()
  .default("")
  .transform((v, ctx) => {
    const list = v
      .split(",")
      .map((f) => f.trim())
      .filter((f) => f !== "");
    for (const f of list) {
      if (!/^0x[0-9a-fA-F]{64}$/.test(f) || /^0x0{64}$/.test(f)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `"${f}" is not a fingerprint (32 bytes in hex, not zero)`,
        });
        return z.NEVER;
      }
    }
    return list;
  });

export interface PresentResult {
  lcId: bigint;
  presentationId: bigint;
  money: CreditMoney;
  amount: bigint;
  /** End of the fifth banking day after presentation (art. 14b); known once sent. */
  examineBy: bigint | null;
  outcome: CallOutcome;
}

export default operatorAction({
  options: (m) =>
    z.object({
      as: m.member,
      credit: creditId,
      to: m.party,
      amount: amountText,
      ...billOptions(m),
      certificate: optionalOf(certificateNumber),
      certificateDocument: optionalDocumentHash,
      invoice: optionalDocumentHash,
      insurance: optionalDocumentHash,
      packingList: optionalDocumentHash,
      invoiceFingerprints: fingerprints,
      billFingerprints: fingerprints,
    }),
  async run(args, ctx): Promise<PresentResult> {
    if (args.certificate !== null && args.certificateDocument === null) {
      throw new InvalidInputError(
        "--certificate-document",
        "is required with --certificate (the certificate file, or its keccak256)",
      );
    }
    const lc = await deployedLetterOfCredit(ctx);
    const money = await creditMoney(ctx, lc, args.credit);
    const amount = toBaseUnits("amount", args.amount, money.decimals, money.currency);
    const bills = await deployedBillOfLading(ctx);
    const bill = await findBill(ctx, bills, args.bill, args.carrier);
    const documents = {
      presentedTo: args.to,
      amount,
      billId: bill.billId,
      certificateId: args.certificate === null ? ZeroHash : certificateId(args.certificate),
      certificateHash: args.certificateDocument ?? ZeroHash,
      invoiceHash: args.invoice ?? ZeroHash,
      insuranceHash: args.insurance ?? ZeroHash,
      packingListHash: args.packingList ?? ZeroHash,
      invoiceFingerprints: args.invoiceFingerprints,
      billFingerprints: args.billFingerprints,
    };
    const outcome = await perform(ctx, {
      as: args.as,
      contract: LETTER_OF_CREDIT,
      to: await lc.getAddress(),
      data: lc.interface.encodeFunctionData("present", [args.credit, documents]),
      action: `present documents for ${creditAmount(money, amount)} under credit ${args.credit} to ${ctx.party(args.to)} (bill ${bill.blNumber}${args.certificate === null ? "" : `, certificate ${args.certificate}`})`,
    });
    const presentationId = outcome.sent
      ? (eventOf(outcome, "DocumentsPresented").args["presentationId"] as bigint)
      : (simulatedResult(lc.interface, "present", outcome)[0] as bigint);
    const examineBy = outcome.sent
      ? (eventOf(outcome, "DocumentsPresented").args["examineBy"] as bigint)
      : null;
    return { lcId: args.credit, presentationId, money, amount, examineBy, outcome };
  },
  render(r, ctx) {
    return [
      ...renderOutcome(ctx, r.outcome),
      r.examineBy === null
        ? `It would be presentation ${r.presentationId} of credit ${r.lcId}.`
        : `Presentation ${r.presentationId} of credit ${r.lcId}: the bank examines it by ${formatTime(r.examineBy)} (fifth banking day, UCP 600 art. 14b).`,
    ];
  },
});
