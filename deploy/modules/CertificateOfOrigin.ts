/**
 * Ignition module: the certificate-of-origin registry, built on the consortium registry.
 *
 * Composable: `certificateOfOriginModule(consortium)` takes the module that provides the
 * `registry` future (e.g. `DemoConsortiumModule` on the local network, `ConsortiumRegistryModule`
 * on a real consortium chain) and deploys the registry against it; deploy/demo/Caravel.ts composes
 * every module that way. The default export uses `ConsortiumRegistryModule`, so this file also
 * deploys alone:
 *
 *   npx hardhat ignition deploy deploy/modules/CertificateOfOrigin.ts --parameters deploy/parameters/local.json
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ContractFuture, IgnitionModule } from "@nomicfoundation/ignition-core";

import { ConsortiumRegistryModule } from "./Consortium.ts";

/** Any module whose results include the consortium registry as `registry`. */
export type ConsortiumProvider = IgnitionModule<
  string,
  string,
  { registry: ContractFuture<"ConsortiumRegistry"> }
>;

/** The module "CertificateOfOrigin" deploying `CertificateOfOriginRegistry` against `consortium`'s registry. */
export function certificateOfOriginModule(consortium: ConsortiumProvider) {
  return buildModule("CertificateOfOrigin", (m) => {
    const { registry } = m.useModule(consortium);
    const certificateOfOrigin = m.contract("CertificateOfOriginRegistry", [registry]);
    return { certificateOfOrigin };
  });
}

export const CertificateOfOriginModule = certificateOfOriginModule(ConsortiumRegistryModule);

export default CertificateOfOriginModule;
