/**
 * Ignition module: purchase orders of open-account trade (contracts/documents/PurchaseOrder.sol),
 * built on the consortium registry.
 *
 * Composable: `purchaseOrderModule(consortium)` deploys the contract against the module that
 * provides `registry` (`DemoConsortiumModule` on the local network, `ConsortiumRegistryModule` on
 * a real consortium chain); deploy/demo/Caravel.ts composes it. It needs no governance wiring:
 * importers and exporters act on it through their consortium roles. The default export deploys
 * it alone:
 *
 *   npx hardhat ignition deploy deploy/modules/PurchaseOrder.ts --parameters deploy/parameters/local.json
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { CallableContractFuture, IgnitionModule } from "@nomicfoundation/ignition-core";

import type { ConsortiumProvider } from "./CertificateOfOrigin.ts";
import { ConsortiumRegistryModule } from "./Consortium.ts";

/** Any module whose results include the purchase-order contract as `purchaseOrder`. */
export type PurchaseOrderProvider = IgnitionModule<
  string,
  string,
  { purchaseOrder: CallableContractFuture<"PurchaseOrder"> }
>;

/** The module "PurchaseOrder" deploying `PurchaseOrder` against `consortium`'s registry. */
export function purchaseOrderModule(consortium: ConsortiumProvider) {
  return buildModule("PurchaseOrder", (m) => {
    const { registry } = m.useModule(consortium);
    const purchaseOrder = m.contract("PurchaseOrder", [registry]);
    return { purchaseOrder };
  });
}

export const PurchaseOrderModule = purchaseOrderModule(ConsortiumRegistryModule);

export default PurchaseOrderModule;
