/**
 * Ignition module: the consortium's one-document-one-facility guard
 * (contracts/finance/DocumentFinancingRegistry.sol), built on the consortium registry.
 *
 * Composable: `documentFinancingModule(consortium)` deploys the guard against the module that
 * provides `registry`; deploy/demo/Caravel.ts composes it. The guard does nothing until
 * governance names the product contracts that claim documents in it (`setProduct`) and the
 * invoice registry names it (`setDocumentFinancing`): on the local network
 * `demoDocumentFinancingModule` (deploy/demo/DemoDocumentFinancing.ts) proposes and approves
 * those calls; on a real consortium chain the administrators do (`documentGuardCalls` in
 * lib/chain/documentFinancingGovernance.ts builds them). The default export deploys it alone:
 *
 *   npx hardhat ignition deploy deploy/modules/DocumentFinancing.ts --parameters deploy/parameters/local.json
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { CallableContractFuture, IgnitionModule } from "@nomicfoundation/ignition-core";

import type { ConsortiumProvider } from "./CertificateOfOrigin.ts";
import { ConsortiumRegistryModule } from "./Consortium.ts";

/** Any module whose results include the guard as `documentFinancing`. */
export type DocumentFinancingProvider = IgnitionModule<
  string,
  string,
  { documentFinancing: CallableContractFuture<"DocumentFinancingRegistry"> }
>;

/** The module "DocumentFinancing" deploying `DocumentFinancingRegistry` against `consortium`'s registry. */
export function documentFinancingModule(consortium: ConsortiumProvider) {
  return buildModule("DocumentFinancing", (m) => {
    const { registry } = m.useModule(consortium);
    const documentFinancing = m.contract("DocumentFinancingRegistry", [registry]);
    return { documentFinancing };
  });
}

export const DocumentFinancingModule = documentFinancingModule(ConsortiumRegistryModule);

export default DocumentFinancingModule;
