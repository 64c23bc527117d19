/**
 * The one shape of `invoice register` and `invoice finance`: read the invoice, fingerprint it
 * with the consortium's key, and send the registry function of that name with the fingerprints.
 */
import type { Interface } from "ethers";
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

export interface InvoiceOperationResult {
  invoice: NormalizedInvoice;
  fingerprints: InvoiceFingerprints;
  /** The invoice's id on the chain: its exact fingerprint. */
  invoiceId: string;
  outcome: CallOutcome;
}

/** The task action calling `InvoiceRegistry.<operation>(fingerprints)`. */
export function invoiceOperation(operation: "register" | "finance") {
  return operatorAction({
    options: (m) =>
      z
        .object({ as: m.member, ...INVOICE_OPTIONS })
        .transform((o, ctx) => ({ as: o.as, invoice: readInvoice(o, ctx) })),
    async run(args, ctx): Promise<InvoiceOperationResult> {
      const fingerprints = await fingerprintInvoice(ctx.hre, args.invoice);
      const registry = await deployedInvoiceRegistry(ctx);
      // Both functions take the same `Fingerprints` struct; the plain Interface accepts either name.
      const abi: Interface = registry.interface;
      const outcome = await perform(ctx, {
        as: args.as,
        contract: INVOICE_REGISTRY,
        to: await registry.getAddress(),
        data: abi.encodeFunctionData(operation, [fingerprints]),
        action: `${operation} ${describeInvoice(args.invoice)}`,
      });
      return { invoice: args.invoice, fingerprints, invoiceId: fingerprints.exact, outcome };
    },
    render(result, ctx) {
      return [...renderOutcome(ctx, result.outcome), `Invoice id: ${result.invoiceId}`];
    },
  });
}
