/**
 * Ignition module: bank payment commitments on open account (contracts/finance/PaymentCommitment.sol),
 * built on the consortium registry, the purchase orders, the bill of lading, the customs status,
 * the voucher contract, the document-financing guard and the invoice registry.
 *
 * Composable: `paymentCommitmentModule(consortium, dependencies)` deploys the contract against the
 * modules that provide each; deploy/demo/Caravel.ts composes it. It does nothing until governance
 * names it a product of the voucher contract (`setProduct`: it issues the bank's vouchers) and of
 * the guard (`setProduct`: it claims the invoice and the bill), and a bank that commits is an
 * OBLIGOR with a limit that authorised it (`authoriseProduct`): on the local network
 * `demoCommitmentSetupModule` (deploy/demo/DemoCommitmentSetup.ts) does that through proposals;
 * on a real consortium chain the administrators do (`commitmentSetupCalls` in
 * lib/chain/commitmentGovernance.ts builds them).
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { CallableContractFuture, IgnitionModule } from "@nomicfoundation/ignition-core";

import type { ConsortiumProvider } from "./CertificateOfOrigin.ts";
import type { DocumentFinancingProvider } from "./DocumentFinancing.ts";
import type { BillOfLadingProvider, CustomsStatusProvider } from "./LetterOfCredit.ts";
import type { InvoiceRegistryProvider, PayableVoucherProvider } from "./PayableVoucher.ts";
import type { PurchaseOrderProvider } from "./PurchaseOrder.ts";

/** Any module whose results include the commitments contract as `paymentCommitment`. */
export type PaymentCommitmentProvider = IgnitionModule<
  string,
  string,
  { paymentCommitment: CallableContractFuture<"PaymentCommitment"> }
>;

/** The modules the commitments contract is built on. */
export interface PaymentCommitmentDependencies {
  orders: PurchaseOrderProvider;
  bills: BillOfLadingProvider;
  customs: CustomsStatusProvider;
  vouchers: PayableVoucherProvider;
  guard: DocumentFinancingProvider;
  invoices: InvoiceRegistryProvider;
}

/** The module "PaymentCommitment" deploying `PaymentCommitment`. */
export function paymentCommitmentModule(
  consortium: ConsortiumProvider,
  dependencies: PaymentCommitmentDependencies,
) {
  return buildModule("PaymentCommitment", (m) => {
    const { registry } = m.useModule(consortium);
    const { purchaseOrder } = m.useModule(dependencies.orders);
    const { billOfLading } = m.useModule(dependencies.bills);
    const { customsOracle } = m.useModule(dependencies.customs);
    const { payableVoucher } = m.useModule(dependencies.vouchers);
    const { documentFinancing } = m.useModule(dependencies.guard);
    const { invoiceRegistry } = m.useModule(dependencies.invoices);
    const paymentCommitment = m.contract("PaymentCommitment", [
      registry,
      purchaseOrder,
      billOfLading,
      customsOracle,
      payableVoucher,
      documentFinancing,
      invoiceRegistry,
    ]);
    return { paymentCommitment };
  });
}
