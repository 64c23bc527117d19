/**
 * Ignition module: the whole Caravel platform on one chain — the consortium with its demo
 * members, and every contract that builds on it.
 *
 *   npm run deploy:local   (against `npm run node`, parameters from deploy/parameters/local.json)
 *
 * The customs oracle calls the signature verifier at its fixed precompile-style address; on a
 * local network `deployCaravel` (scripts/lib/deployCaravel.ts) copies the deployed shim's code
 * there after this module runs, since Ignition cannot call `hardhat_setCode`.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { buildBillOfLadingModule } from "./modules/BillOfLading.ts";
import { certificateOfOriginModule } from "./modules/CertificateOfOrigin.ts";
import { AcceleratorModule } from "./modules/Accelerator.ts";
import { DemoConsortiumModule } from "./modules/Consortium.ts";
import { DemoOracleCommitteeModule } from "./modules/CustomsOracle.ts";
import { invoiceRegistryModule } from "./modules/InvoiceRegistry.ts";

export const CaravelModule = buildModule("Caravel", (m) => {
  const { registry } = m.useModule(DemoConsortiumModule);
  const { certificateOfOrigin } = m.useModule(certificateOfOriginModule(DemoConsortiumModule));
  const { invoiceRegistry } = m.useModule(invoiceRegistryModule(DemoConsortiumModule));
  const { billOfLading } = m.useModule(buildBillOfLadingModule(DemoConsortiumModule));
  const { signatureBatchVerifier } = m.useModule(AcceleratorModule);
  const { customsOracle } = m.useModule(DemoOracleCommitteeModule);
  return {
    registry,
    billOfLading,
    certificateOfOrigin,
    invoiceRegistry,
    signatureBatchVerifier,
    customsOracle,
  };
});

export default CaravelModule;
