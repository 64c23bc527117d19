/**
 * The payment commitments as the commitment tasks see them: the deployment, the order a
 * commitment rests on and its money, one-call steps as one member, and the presentation built
 * from an invoice file, a bill and a goods description.
 */
import { readFileSync } from "node:fs";

import { z } from "zod";

import { billIdOf } from "../../lib/trade/billOfLading.ts";
import { billOfLadingFingerprints, claimList } from "../../lib/trade/documentFingerprint.ts";
import { fingerprintsOf, normalizeInvoice } from "../../lib/trade/invoiceFingerprint.ts";
import { CURRENCY_EXPONENTS } from "../../lib/iso/iso4217.ts";
import { goodsHashOf } from "../../lib/trade/purchaseOrder.ts";
import { InvalidInputError, optionFlag } from "../../lib/errors/caravelError.ts";
import {
  BillOfLading__factory,
  DepositToken__factory,
  PaymentCommitment__factory,
} from "../../types/ethers-contracts/index.js";
import type { IPaymentCommitment, PaymentCommitment } from "../../types/ethers-contracts/index.js";
import { contractStep } from "../support/contractStep.ts";
import type { TaskContext } from "../support/context.ts";
import { type MemberInputs, wholeNumber } from "../support/inputs.ts";
import { invoiceKey } from "../invoice/invoiceInput.ts";

export const PAYMENT_COMMITMENT = "PaymentCommitment";

export const orderId = wholeNumber();

export async function deployedCommitments(ctx: TaskContext): Promise<PaymentCommitment> {
  return PaymentCommitment__factory.connect(
    await ctx.deployed(PAYMENT_COMMITMENT),
    ctx.ethers.provider,
  );
}

/** A commitment step that is one call as one member (`--as`). */
export const commitmentStep = contractStep(PAYMENT_COMMITMENT, deployedCommitments);

/** The options that describe a presentation. */
export const presentationOptions = (m: MemberInputs) => ({
  order: orderId,
  invoice: z.string({ required_error: "is required" }).trim().min(1, "is required"),
  buyer: m.party,
  goods: z.string({ required_error: "is required" }).trim().min(1, "is required"),
  carrier: m.party,
  blNumber: z.string({ required_error: "is required" }).trim().min(1, "is required"),
});

export interface PresentationArgs {
  order: bigint;
  invoice: string;
  buyer: string;
  goods: string;
  carrier: string;
  blNumber: string;
}

/**
 * The presentation the options describe: the invoice file's fingerprints under the consortium's
 * key, and its amount and currency (inside the exact fingerprint, so bound to it) in the token's
 * decimals; the buyer and the goods as stated; the bill by carrier and B/L number, with its
 * guard fingerprints over the document hash the chain holds.
 */
export async function presentationOf(
  ctx: TaskContext,
  commitments: PaymentCommitment,
  args: PresentationArgs,
): Promise<IPaymentCommitment.PresentationStruct> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(args.invoice, "utf8"));
  } catch (error) {
    throw new InvalidInputError(
      optionFlag("invoice"),
      `cannot be read as JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  let invoice;
  try {
    invoice = normalizeInvoice(raw);
  } catch (error) {
    throw new InvalidInputError(
      optionFlag("invoice"),
      error instanceof Error ? error.message : String(error),
    );
  }
  const key = await invoiceKey(ctx.hre);
  const [, bills] = await commitments.dependencies();
  const decimals = Number(
    await ctx.view(`reading commitment ${args.order}'s token`, async () => {
      const c = await commitments.commitment(args.order);
      return DepositToken__factory.connect(c.token, ctx.ethers.provider).decimals();
    }),
  );
  const exponent = CURRENCY_EXPONENTS.get(invoice.currency) ?? 0;
  if (exponent > decimals) {
    throw new InvalidInputError(
      optionFlag("invoice"),
      `is in ${invoice.currency}, with more decimals than the settlement token's ${decimals}`,
    );
  }
  const billId = billIdOf(args.carrier, args.blNumber);
  const facts = await ctx.view(`reading bill ${args.blNumber}`, () =>
    BillOfLading__factory.connect(bills, ctx.ethers.provider).billFacts(billId),
  );
  return {
    invoice: {
      fingerprints: fingerprintsOf(invoice, key),
      buyer: args.buyer,
      currency: "0x" + Buffer.from(invoice.currency, "ascii").toString("hex"),
      amount: invoice.amountMinor * 10n ** BigInt(decimals - exponent),
      goodsHash: goodsHashOf(args.goods),
    },
    billId,
    billFingerprints: claimList(
      billOfLadingFingerprints(
        { carrier: args.carrier, blNumber: args.blNumber, documentHash: facts.documentHash },
        key,
      ),
    ),
  };
}
