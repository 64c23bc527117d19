/**
 * Ignition module: the whole Caravel platform on one chain — the consortium with its demo
 * members, and every contract that builds on it.
 *
 *   npm run deploy:local   (against `npm run node`, parameters from deploy/parameters/local.json)
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { certificateOfOriginModule } from "./modules/CertificateOfOrigin.ts";
import { DemoConsortiumModule } from "./modules/Consortium.ts";
import { invoiceRegistryModule } from "./modules/InvoiceRegistry.ts";

export const CaravelModule = buildModule("Caravel", (m) => {
  const { registry } = m.useModule(DemoConsortiumModule);
  const { certificateOfOrigin } = m.useModule(certificateOfOriginModule(DemoConsortiumModule));
  const { invoiceRegistry } = m.useModule(invoiceRegistryModule(DemoConsortiumModule));
  return { registry, certificateOfOrigin, invoiceRegistry };
});

export default CaravelModule;
