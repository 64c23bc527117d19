/**
 * `invoice register`: the seller (an EXPORTER) registers its invoice by fingerprints, so the
 * receivable can be financed once and never twice. The chain sees only the fingerprints.
 */
import { invoiceOperation } from "./invoiceOperation.ts";

export type { InvoiceOperationResult as RegisterResult } from "./invoiceOperation.ts";

export default invoiceOperation("register");
