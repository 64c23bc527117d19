/**
 * Ignition module: pre-shipment advances (contracts/finance/PreShipmentAdvance.sol) linked to its
 * `AdvanceSources` library, built on the consortium registry, the purchase orders, the
 * document-financing guard, the letters of credit and the customs oracle.
 *
 * Composable: `preShipmentAdvanceModule(consortium, orders, guard, { letterOfCredit, customsStatus })`
 * deploys it against the modules that provide `registry`, `purchaseOrder`, `documentFinancing`,
 * `letterOfCredit` and `customsOracle`; without a credit module the parameter `letterOfCredit`
 * (module "PreShipmentAdvance", an address; zero: no advances on credits) is read, and without a
 * customs module the parameter `customsStatus`.
 *
 * The consortium then puts it to work through governance (deploy/demo/DemoAdvanceSetup.ts on the
 * local network; lib/chain/advanceGovernance.ts for ethers): custodian of the deposit tokens, a
 * product of the document guard (it claims the orders it advances on) and of the voucher contract
 * (it holds and redeems the vouchers carved out for it), the payers of proceeds named, and the
 * advance contract named the proceeds assignee of the credits and the payment commitments.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { CallableContractFuture, IgnitionModule } from "@nomicfoundation/ignition-core";

import type { DocumentFinancingProvider } from "./DocumentFinancing.ts";
import type {
  CustomsStatusProvider,
  GovernedConsortiumProvider,
  LetterOfCreditProvider,
} from "./LetterOfCredit.ts";
import type { PurchaseOrderProvider } from "./PurchaseOrder.ts";

/** Any module whose results include the advance contract as `preShipmentAdvance`. */
export type PreShipmentAdvanceProvider = IgnitionModule<
  string,
  string,
  { preShipmentAdvance: CallableContractFuture<"PreShipmentAdvance"> }
>;

export interface PreShipmentAdvanceDependencies {
  letterOfCredit?: LetterOfCreditProvider;
  customsStatus?: CustomsStatusProvider;
}

/** The module "PreShipmentAdvance" deploying the advance contract and its library. */
export function preShipmentAdvanceModule(
  consortium: GovernedConsortiumProvider,
  orders: PurchaseOrderProvider,
  guard: DocumentFinancingProvider,
  dependencies: PreShipmentAdvanceDependencies = {},
) {
  return buildModule("PreShipmentAdvance", (m) => {
    const { registry } = m.useModule(consortium);
    const { purchaseOrder } = m.useModule(orders);
    const { documentFinancing } = m.useModule(guard);
    const letterOfCredit =
      dependencies.letterOfCredit !== undefined
        ? m.useModule(dependencies.letterOfCredit).letterOfCredit
        : m.getParameter<string>("letterOfCredit");
    const customsStatus =
      dependencies.customsStatus !== undefined
        ? m.useModule(dependencies.customsStatus).customsOracle
        : m.getParameter<string>("customsStatus");
    const sources = m.library("AdvanceSources");
    const preShipmentAdvance = m.contract(
      "PreShipmentAdvance",
      [registry, purchaseOrder, letterOfCredit, customsStatus, documentFinancing],
      { libraries: { AdvanceSources: sources } },
    );
    return { preShipmentAdvance };
  });
}
