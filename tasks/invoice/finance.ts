/**
 * `invoice finance`: a bank finances the invoice it was shown, of the seller it names
 * (`--seller`, its customer). It presents the fingerprints it computes itself from that invoice;
 * the registry refuses if any of them was financed already — by this bank or any other, under
 * any seller's registration — or if the seller registered no such invoice.
 */
import { financeInvoice } from "./invoiceOperation.ts";

export type { InvoiceOperationResult as FinanceResult } from "./invoiceOperation.ts";

export default financeInvoice;
