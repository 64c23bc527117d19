/**
 * Ignition module: the whole Caravel platform on the local network — the consortium with its demo
 * members, every contract that builds on it (the production modules of deploy/modules/), and the
 * demo's governance wiring (deploy/demo/).
 *
 *   npm run deploy:local   (against `npm run node`, parameters from deploy/parameters/local.json)
 *
 * The customs oracle calls the signature verifier at its fixed precompile-style address; on a
 * local network `deployCaravel` (scripts/dev/deployCaravel.ts) copies the deployed shim's code
 * there after this module runs, since Ignition cannot call `hardhat_setCode`.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { AcceleratorModule } from "../modules/Accelerator.ts";
import { buildBillOfLadingModule } from "../modules/BillOfLading.ts";
import { certificateOfOriginModule } from "../modules/CertificateOfOrigin.ts";
import { documentFinancingModule } from "../modules/DocumentFinancing.ts";
import { invoiceRegistryModule } from "../modules/InvoiceRegistry.ts";
import { letterOfCreditModule } from "../modules/LetterOfCredit.ts";
import { moneyModule } from "../modules/Money.ts";
import { payableVoucherModule } from "../modules/PayableVoucher.ts";
import { preShipmentAdvanceModule } from "../modules/PreShipmentAdvance.ts";
import { purchaseOrderModule } from "../modules/PurchaseOrder.ts";
import { demoAdvanceAssignmentModule } from "./DemoAdvanceAssignment.ts";
import { demoAdvanceSetupModule } from "./DemoAdvanceSetup.ts";
import { DemoConsortiumModule } from "./DemoConsortium.ts";
import { demoCreditFinanceModule } from "./DemoCreditFinance.ts";
import { demoCreditSettlementModule } from "./DemoCreditSettlement.ts";
import { paymentCommitmentModule } from "../modules/PaymentCommitment.ts";
import { demoCommitmentSetupModule } from "./DemoCommitmentSetup.ts";
import { demoDocumentFinancingModule } from "./DemoDocumentFinancing.ts";
import { demoFxPublishersModule } from "./DemoFxPublishers.ts";
import { DemoOracleCommitteeModule } from "./DemoOracleCommittee.ts";
import { demoVoucherSetupModule } from "./DemoVoucherSetup.ts";

// Each module is built once and shared, so every part sees the same futures.
const certificates = certificateOfOriginModule(DemoConsortiumModule);
const bills = buildBillOfLadingModule(DemoConsortiumModule);
const money = moneyModule(DemoConsortiumModule);
const invoices = invoiceRegistryModule(DemoConsortiumModule);
const vouchers = payableVoucherModule(DemoConsortiumModule, invoices);
const orders = purchaseOrderModule(DemoConsortiumModule);
const documentGuard = documentFinancingModule(DemoConsortiumModule);
const commitments = paymentCommitmentModule(DemoConsortiumModule, {
  orders,
  bills,
  customs: DemoOracleCommitteeModule,
  vouchers,
  guard: documentGuard,
  invoices,
});
const credit = letterOfCreditModule(DemoConsortiumModule, certificates, {
  billOfLading: bills,
  customsStatus: DemoOracleCommitteeModule,
});
const advances = preShipmentAdvanceModule(DemoConsortiumModule, orders, documentGuard, {
  letterOfCredit: credit,
  customsStatus: DemoOracleCommitteeModule,
});

export const CaravelModule = buildModule("Caravel", (m) => {
  const { registry } = m.useModule(DemoConsortiumModule);
  const { certificateOfOrigin } = m.useModule(certificates);
  const { invoiceRegistry } = m.useModule(invoices);
  const { billOfLading } = m.useModule(bills);
  const { signatureBatchVerifier } = m.useModule(AcceleratorModule);
  const { customsOracle } = m.useModule(DemoOracleCommitteeModule);
  const { cnyDeposit, usdDeposit, usdCnyFeed } = m.useModule(money);
  const { letterOfCredit, automation, calendar } = m.useModule(credit);
  m.useModule(demoCreditSettlementModule(DemoConsortiumModule, money, credit));
  m.useModule(demoFxPublishersModule(DemoConsortiumModule, money));
  const { payableVoucher } = m.useModule(vouchers);
  m.useModule(demoVoucherSetupModule(DemoConsortiumModule, money, invoices, vouchers));
  const { purchaseOrder } = m.useModule(orders);
  const { documentFinancing } = m.useModule(documentGuard);
  m.useModule(demoDocumentFinancingModule(DemoConsortiumModule, documentGuard, invoices, vouchers));
  const { preShipmentAdvance } = m.useModule(advances);
  m.useModule(
    demoAdvanceSetupModule(DemoConsortiumModule, money, documentGuard, vouchers, credit, advances),
  );
  const { paymentCommitment } = m.useModule(commitments);
  const commitmentSetup = demoCommitmentSetupModule(
    DemoConsortiumModule,
    commitments,
    vouchers,
    documentGuard,
  );
  m.useModule(commitmentSetup);
  m.useModule(demoAdvanceAssignmentModule(DemoConsortiumModule, advances, commitments));
  m.useModule(
    demoCreditFinanceModule(
      DemoConsortiumModule,
      credit,
      vouchers,
      advances,
      documentGuard,
      commitmentSetup,
    ),
  );
  return {
    registry,
    billOfLading,
    certificateOfOrigin,
    invoiceRegistry,
    signatureBatchVerifier,
    customsOracle,
    cnyDeposit,
    usdDeposit,
    usdCnyFeed,
    letterOfCredit,
    letterOfCreditAutomation: automation,
    bankingCalendar: calendar,
    payableVoucher,
    purchaseOrder,
    documentFinancing,
    preShipmentAdvance,
    paymentCommitment,
  };
});

export default CaravelModule;
