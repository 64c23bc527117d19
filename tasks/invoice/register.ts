/**
 * `invoice register`: the seller (an EXPORTER) registers its invoice by fingerprints, so the
 * receivable can be financed once and never twice. The chain sees only the fingerprints, bound
 * to the seller's account (another exporter copying them registers only its own entry).
 */
import { registerInvoice } from "./invoiceOperation.ts";

export type { InvoiceOperationResult as RegisterResult } from "./invoiceOperation.ts";

export default registerInvoice;
