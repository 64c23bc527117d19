/**
 * `invoice fingerprint`: an invoice's fingerprints, computed here from its fields under the
 * consortium's key (CARAVEL_INVOICE_KEY), without touching the chain — what the seller
 * registers and what a bank presents to finance it.
 */
import { z } from "zod";

import type { InvoiceFingerprints, NormalizedInvoice } from "../../lib/trade/invoiceFingerprint.ts";
import { offlineAction } from "../support/action.ts";
import {
  describeInvoice,
  fingerprintInvoice,
  INVOICE_OPTIONS,
  readInvoice,
} from "./invoiceInput.ts";

export interface FingerprintResult {
  invoice: NormalizedInvoice;
  fingerprints: InvoiceFingerprints;
}

export default offlineAction({
  options: z.object(INVOICE_OPTIONS).transform((o, ctx) => readInvoice(o, ctx)),
  async run(invoice, hre): Promise<FingerprintResult> {
    return { invoice, fingerprints: await fingerprintInvoice(hre, invoice) };
  },
  render(result) {
    return [
      `Normalized: ${describeInvoice(result.invoice)}`,
      `  exact fingerprint     ${result.fingerprints.exact}   (checked against the registered invoice)`,
      `  identity fingerprint  ${result.fingerprints.identity}   (seller, buyer and number only; with the seller's account, the invoice's id on the chain)`,
    ];
  },
});
