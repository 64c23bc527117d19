/**
 * `invoice register`: the seller (an EXPORTER) registers its invoice by fingerprints, so the
 * receivable can be financed once and never twice. The chain sees only the fingerprints.
 */
import { z } from "zod";

import type {
  InvoiceFingerprints,
  NormalizedInvoice,
} from "../../scripts/lib/invoiceFingerprint.ts";
import { operatorAction } from "../support/action.ts";
import { type CallOutcome, perform, renderOutcome } from "../support/transactions.ts";
import {
  describeInvoice,
  fingerprintInvoice,
  INVOICE_OPTIONS,
  readInvoice,
} from "./invoiceInput.ts";
import { deployedInvoiceRegistry, INVOICE_REGISTRY } from "./invoiceRegistry.ts";

export interface RegisterResult {
  invoice: NormalizedInvoice;
  fingerprints: InvoiceFingerprints;
  /** The invoice's id on the chain: its exact fingerprint. */
  invoiceId: string;
  outcome: CallOutcome;
}

export default operatorAction({
  options: (m) =>
    z
      .object({ as: m.member, ...INVOICE_OPTIONS })
      .transform((o, ctx) => ({ as: o.as, invoice: readInvoice(o, ctx) })),
  async run(args, ctx): Promise<RegisterResult> {
    const fingerprints = await fingerprintInvoice(ctx.hre, args.invoice);
    const registry = await deployedInvoiceRegistry(ctx);
    const outcome = await perform(ctx, {
      as: args.as,
      contract: INVOICE_REGISTRY,
      to: await registry.getAddress(),
      data: registry.interface.encodeFunctionData("register", [fingerprints]),
      action: `register ${describeInvoice(args.invoice)}`,
    });
    return { invoice: args.invoice, fingerprints, invoiceId: fingerprints.exact, outcome };
  },
  render(result, ctx) {
    return [...renderOutcome(ctx, result.outcome), `Invoice id: ${result.invoiceId}`];
  },
});
