/**
 * Ignition module "DemoDocumentFinancing": puts the one-document-one-facility guard to work the
 * way the consortium would, through governance proposals two demo administrators propose and
 * approve: the invoice registry (its financings) and the voucher contract (its payables) are
 * named products, then the invoice registry names the guard, so both claim invoices there. The
 * open-account products (commitments, advances, credits) are named by their own demo modules.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ContractFuture } from "@nomicfoundation/ignition-core";

import { DEMO_ADMINISTRATOR_INDEXES } from "../../lib/chain/demoConsortium.ts";
import type { DocumentFinancingProvider } from "../modules/DocumentFinancing.ts";
import type { GovernedConsortiumProvider } from "../modules/LetterOfCredit.ts";
import type { InvoiceRegistryProvider, PayableVoucherProvider } from "../modules/PayableVoucher.ts";
import { keyedEncoder, keyedGovernance } from "./proposeAndApprove.ts";

/** The module "DemoDocumentFinancing": the proposals that name the invoice products and the guard. */
export function demoDocumentFinancingModule(
  consortium: GovernedConsortiumProvider,
  guard: DocumentFinancingProvider,
  invoices: InvoiceRegistryProvider,
  vouchers: PayableVoucherProvider,
) {
  return buildModule("DemoDocumentFinancing", (m) => {
    const { registry } = m.useModule(consortium);
    const { documentFinancing } = m.useModule(guard);
    const { invoiceRegistry } = m.useModule(invoices);
    const { payableVoucher } = m.useModule(vouchers);
    const proposer = m.getAccount(DEMO_ADMINISTRATOR_INDEXES[0]);
    const approver = m.getAccount(DEMO_ADMINISTRATOR_INDEXES[1]);

    const governCall = keyedGovernance(m, registry, proposer, approver);
    const encode = keyedEncoder(m);
    const govern = (
      key: string,
      target: ContractFuture<string>,
      fn: string,
      args: unknown[],
      description: string,
      after?: ReturnType<typeof governCall>[],
    ) => governCall(key, target, encode(key, target, fn, args), description, after);

    const invoiceProduct = govern(
      "guard_invoice_registry",
      documentFinancing,
      "setProduct",
      [invoiceRegistry, true],
      "The invoice registry claims the invoices it finances in the document-financing guard",
    );
    const voucherProduct = govern(
      "guard_vouchers",
      documentFinancing,
      "setProduct",
      [payableVoucher, true],
      "The voucher contract claims the invoices backing its payables in the document-financing guard",
    );
    // Named last: once the registry names the guard, its financings and the vouchers claim there.
    govern(
      "guard_in_invoice_registry",
      invoiceRegistry,
      "setDocumentFinancing",
      [documentFinancing],
      "Financed and voucher-backed invoices are claimed in the document-financing guard",
      [invoiceProduct, voucherProduct],
    );
    return { documentFinancing };
  });
}
