/**
 * The one shape of `invoice register` and `invoice finance`: read the invoice, fingerprint it
 * with the consortium's key, and send the registry function of that name with the fingerprints.
 * Registrations are bound to their seller: `register` registers the invoice as the sender's
 * (`--as`), and `finance` names the seller whose registration it finances (`--seller`, the
 * bank's customer).
 */
import { z } from "zod";

import {
  type InvoiceFingerprints,
  invoiceIdOf,
  type NormalizedInvoice,
} from "../../lib/trade/invoiceFingerprint.ts";
import { operatorAction } from "../support/action.ts";
import { type CallOutcome, perform, renderOutcome } from "../support/transactions.ts";
import {
  describeInvoice,
  fingerprintInvoice,
  INVOICE_OPTIONS,
  readInvoice,
} from "./invoiceInput.ts";
import { deployedInvoiceRegistry, INVOICE_REGISTRY } from "./invoiceRegistry.ts";

export interface InvoiceOperationResult {
  invoice: NormalizedInvoice;
  fingerprints: InvoiceFingerprints;
  /** The seller of record: the sender of `register`, the `--seller` of `finance`. */
  seller: string;
  /** The invoice's id on the chain: `invoiceIdOf(seller, identity fingerprint)`. */
  invoiceId: string;
  outcome: CallOutcome;
}

/** `invoice register`: `InvoiceRegistry.register(fingerprints)`, the sender being the seller. */
export const registerInvoice = operatorAction({
  options: (m) =>
    z
      .object({ as: m.member, ...INVOICE_OPTIONS })
      .transform((o, ctx) => ({ as: o.as, invoice: readInvoice(o, ctx) })),
  async run(args, ctx): Promise<InvoiceOperationResult> {
    const fingerprints = await fingerprintInvoice(ctx.hre, args.invoice);
    const registry = await deployedInvoiceRegistry(ctx);
    const outcome = await perform(ctx, {
      as: args.as,
      contract: INVOICE_REGISTRY,
      to: await registry.getAddress(),
      data: registry.interface.encodeFunctionData("register", [fingerprints]),
      action: `register ${describeInvoice(args.invoice)}`,
    });
    const seller = args.as.address;
    const invoiceId = invoiceIdOf(seller, fingerprints.identity);
    return { invoice: args.invoice, fingerprints, seller, invoiceId, outcome };
  },
  render: renderOperation,
});

/** `invoice finance`: `InvoiceRegistry.finance(seller, fingerprints)`. */
export const financeInvoice = operatorAction({
  options: (m) =>
    z
      .object({ as: m.member, seller: m.party, ...INVOICE_OPTIONS })
      .transform((o, ctx) => ({ as: o.as, seller: o.seller, invoice: readInvoice(o, ctx) })),
  async run(args, ctx): Promise<InvoiceOperationResult> {
    const fingerprints = await fingerprintInvoice(ctx.hre, args.invoice);
    const registry = await deployedInvoiceRegistry(ctx);
    const outcome = await perform(ctx, {
      as: args.as,
      contract: INVOICE_REGISTRY,
      to: await registry.getAddress(),
      data: registry.interface.encodeFunctionData("finance", [args.seller, fingerprints]),
      action: `finance ${describeInvoice(args.invoice)} of ${ctx.party(args.seller)}`,
    });
    const invoiceId = invoiceIdOf(args.seller, fingerprints.identity);
    return { invoice: args.invoice, fingerprints, seller: args.seller, invoiceId, outcome };
  },
  render: renderOperation,
});

function renderOperation(
  result: InvoiceOperationResult,
  ctx: Parameters<typeof renderOutcome>[0],
): string[] {
  return [...renderOutcome(ctx, result.outcome), `Invoice id: ${result.invoiceId}`];
}
