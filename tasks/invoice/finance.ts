/**
 * `invoice finance`: a bank finances the invoice it was shown. It presents the fingerprints
 * it computes itself from that invoice; the registry refuses if they lead to an invoice that
 * was financed already — by this bank or any other — or to none.
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

export interface FinanceResult {
  invoice: NormalizedInvoice;
  fingerprints: InvoiceFingerprints;
  invoiceId: string;
  outcome: CallOutcome;
}

export default operatorAction({
  options: (m) =>
    z
      .object({ as: m.member, ...INVOICE_OPTIONS })
      .transform((o, ctx) => ({ as: o.as, invoice: readInvoice(o, ctx) })),
  async run(args, ctx): Promise<FinanceResult> {
    const fingerprints = await fingerprintInvoice(ctx.hre, args.invoice);
    const registry = await deployedInvoiceRegistry(ctx);
    const outcome = await perform(ctx, {
      as: args.as,
      contract: INVOICE_REGISTRY,
      to: await registry.getAddress(),
      data: registry.interface.encodeFunctionData("finance", [fingerprints]),
      action: `finance ${describeInvoice(args.invoice)}`,
    });
    return { invoice: args.invoice, fingerprints, invoiceId: fingerprints.exact, outcome };
  },
  render(result, ctx) {
    return [...renderOutcome(ctx, result.outcome), `Invoice id: ${result.invoiceId}`];
  },
});
