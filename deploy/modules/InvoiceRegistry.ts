/**
 * Ignition module: the e-invoice registry, built on the consortium registry.
 *
 * Composable: `invoiceRegistryModule(consortium)` takes the module that provides the
 * `registry` future (e.g. `DemoConsortiumModule` on the local network, `ConsortiumRegistryModule`
 * on a real consortium chain) and deploys the registry against it; deploy/demo/Caravel.ts composes
 * every module that way. The default export uses `ConsortiumRegistryModule`, so this file also
 * deploys alone:
 *
 *   npx hardhat ignition deploy deploy/modules/InvoiceRegistry.ts --parameters deploy/parameters/local.json
 *
 * The fingerprint key is not deployed anywhere: it stays off-chain with the consortium
 * (lib/trade/invoiceFingerprint.ts).
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import type { ConsortiumProvider } from "./CertificateOfOrigin.ts";
import { ConsortiumRegistryModule } from "./Consortium.ts";

/** The module "InvoiceRegistry" deploying `InvoiceRegistry` against `consortium`'s registry. */
export function invoiceRegistryModule(consortium: ConsortiumProvider) {
  return buildModule("InvoiceRegistry", (m) => {
    const { registry } = m.useModule(consortium);
    const invoiceRegistry = m.contract("InvoiceRegistry", [registry]);
    return { invoiceRegistry };
  });
}

export const InvoiceRegistryModule = invoiceRegistryModule(ConsortiumRegistryModule);

export default InvoiceRegistryModule;
