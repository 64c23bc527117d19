/**
 * `credit present`: the beneficiary presents documents under a credit to the issuing or the
 * nominated bank (UCP 600 art. 6a, 14): the electronic bill of lading and the certificate of
 * origin by reference, the other documents by the hash of each file. Where the credits name the
 * consortium's document-financing guard, the presentation claims the invoice and the bill there
 * with their fingerprints under CARAVEL_INVOICE_KEY: given as options, or computed here — the
 * invoice's from its JSON file (`--invoice`, as `invoice register --invoice` takes it), the
 * bill's from the carrier, B/L number and document hash the chain holds.
 */
import { readFileSync } from "node:fs";

import { ZeroAddress, ZeroHash } from "ethers";
import { z } from "zod";

import {
  billOfLadingFingerprints,
  claimList,
  invoiceDocumentFingerprints,
} from "../../lib/trade/documentFingerprint.ts";
import { certificateId } from "../../lib/trade/letterOfCredit.ts";
import type { BillOfLading } from "../../types/ethers-contracts/index.js";
import type { BillRef } from "../bill/billRegistry.ts";
import { invoiceKey } from "../invoice/invoiceInput.ts";
import type { TaskContext } from "../support/context.ts";
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

/**
 * `--invoice`: the commercial invoice, a file or its keccak256; the file is kept too, since the
 * guard's fingerprints are computed from its fields.
 */
const invoiceDocument = z.string().transform((v, ctx) => {
  const hash = optionalDocumentHash.safeParse(v);
  if (!hash.success) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: hash.error.issues[0]!.message });
    return z.NEVER;
  }
  const file = hash.data === null || /^0x[0-9a-fA-F]{64}$/.test(v.trim()) ? null : v.trim();
  return { hash: hash.data, file };
});

/**
 * The fingerprints the presentation claims in the guard: those given, else the invoice's from its
 * JSON file and the bill's from the chain's facts of it, under the consortium's key.
 */
async function guardFingerprints(
  ctx: TaskContext,
  given: { invoice: string[]; bill: string[] },
  invoiceFile: string | null,
  bills: BillOfLading,
  bill: BillRef,
): Promise<{ invoice: string[]; bill: string[] }> {
  if (given.invoice.length > 0 && given.bill.length > 0) return given;
  const key = await invoiceKey(ctx.hre);
  let invoice = given.invoice;
  if (invoice.length === 0) {
    const why =
      "the credits claim their documents in the document-financing guard, so the invoice is fingerprinted from its fields";
    if (invoiceFile === null) {
      throw new InvalidInputError(
        "--invoice",
        `is required as the invoice's JSON file (as invoice register --invoice takes it): ${why} (or give --invoice-fingerprints)`,
      );
    }
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(invoiceFile, "utf8"));
    } catch (error) {
      throw new InvalidInputError(
        "--invoice",
        `cannot be read as the invoice's JSON fields (${error instanceof Error ? error.message : String(error)}): ${why} (or give --invoice-fingerprints)`,
      );
    }
    try {
      invoice = claimList(invoiceDocumentFingerprints(raw, key));
    } catch (error) {
      throw new InvalidInputError(
        "--invoice",
        `${error instanceof Error ? error.message : String(error)} (${why})`,
      );
    }
  }
  let billList = given.bill;
  if (billList.length === 0) {
    const facts = await ctx.view(`reading bill ${bill.blNumber}`, () =>
      bills.billFacts(bill.billId),
    );
    billList = claimList(
      billOfLadingFingerprints(
        { carrier: facts.carrier, blNumber: bill.blNumber, documentHash: facts.documentHash },
        key,
      ),
    );
  }
  return { invoice, bill: billList };
}

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
      invoice: invoiceDocument,
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
    const guard = await ctx.view(
      "reading the credits' document-financing guard",
      async () => (await lc.finance()).documents,
    );
    const claimed =
      guard === ZeroAddress
        ? { invoice: args.invoiceFingerprints, bill: args.billFingerprints }
        : await guardFingerprints(
            ctx,
            { invoice: args.invoiceFingerprints, bill: args.billFingerprints },
            args.invoice.file,
            bills,
            bill,
          );
    const documents = {
      presentedTo: args.to,
      amount,
      billId: bill.billId,
      certificateId: args.certificate === null ? ZeroHash : certificateId(args.certificate),
      certificateHash: args.certificateDocument ?? ZeroHash,
      invoiceHash: args.invoice.hash ?? ZeroHash,
      insuranceHash: args.insurance ?? ZeroHash,
      packingListHash: args.packingList ?? ZeroHash,
      invoiceFingerprints: claimed.invoice,
      billFingerprints: claimed.bill,
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
