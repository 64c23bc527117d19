/**
 * Ignition module: supply-chain finance vouchers (contracts/finance/PayableVoucher.sol), built on
 * the consortium registry and the invoice registry.
 *
 * Composable: `payableVoucherModule(consortium, invoices)` deploys the voucher contract against the
 * module that provides `registry` and the one that provides `invoiceRegistry`. Parameters (module
 * "PayableVoucher", optional): `valueDecimals` (default 2: the deposit tokens' decimals) and
 * `gracePeriod` (seconds past maturity before an unfunded payable is overdue; default 5 days).
 *
 * `demoVoucherSetupModule(consortium, money, invoices, vouchers)` (deploy/demo/DemoVoucherSetup.ts) then wires it the way the
 * consortium would, through governance proposals two demo administrators propose and approve: the
 * invoice registry lets the voucher contract mark invoices as backing payables (named by the
 * fingerprints the obligor presents to `confirm`), the voucher contract may hold the CNY
 * deposit token and settles in it, and the demo importer becomes an OBLIGOR with a limit of
 * CNY 50,000,000.00 (parameter `obligorLimit`, in fen) and the issuing bank as its lender.
 * deploy/demo/Caravel.ts composes both.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { CallableContractFuture, IgnitionModule } from "@nomicfoundation/ignition-core";

import type { GovernedConsortiumProvider } from "./LetterOfCredit.ts";

/** Any module whose results include the invoice registry as `invoiceRegistry`. */
export type InvoiceRegistryProvider = IgnitionModule<
  string,
  string,
  { invoiceRegistry: CallableContractFuture<"InvoiceRegistry"> }
>;

/** Any module whose results include the voucher contract as `payableVoucher`. */
export type PayableVoucherProvider = IgnitionModule<
  string,
  string,
  { payableVoucher: CallableContractFuture<"PayableVoucher"> }
>;

/** The module "PayableVoucher" deploying the voucher contract. */
export function payableVoucherModule(
  consortium: GovernedConsortiumProvider,
  invoices: InvoiceRegistryProvider,
) {
  return buildModule("PayableVoucher", (m) => {
    const { registry } = m.useModule(consortium);
    const { invoiceRegistry } = m.useModule(invoices);
    const payableVoucher = m.contract("PayableVoucher", [
      registry,
      invoiceRegistry,
      m.getParameter("valueDecimals", 2),
      m.getParameter("gracePeriod", 5 * 24 * 3600),
    ]);
    return { payableVoucher };
  });
}
