/**
 * `invoice finance`: a bank finances the invoice it was shown. It presents the fingerprints
 * it computes itself from that invoice; the registry refuses if they lead to an invoice that
 * was financed already — by this bank or any other — or to none.
 */
import { invoiceOperation } from "./invoiceOperation.ts";

export type { InvoiceOperationResult as FinanceResult } from "./invoiceOperation.ts";

export default invoiceOperation("finance");
