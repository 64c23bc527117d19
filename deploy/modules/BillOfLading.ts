/**
 * Ignition module of the electronic bill of lading. Composable: the bill needs only a module
 * whose results include the consortium `registry`, so the integrator's `deploy/demo/Caravel.ts`
 * builds it on top of the module that deploys the registry:
 *
 *   const { billOfLading } = m.useModule(buildBillOfLadingModule(ConsortiumModule));
 *
 * The default export deploys the bill against a registry that already exists, at the address
 * given as the module parameter `ExistingConsortiumRegistry.registry`.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ContractFuture, IgnitionModule } from "@nomicfoundation/ignition-core";

/** Any module that provides the consortium registry (deployed, or `contractAt` an address). */
export type RegistryModule = IgnitionModule<string, string, { registry: ContractFuture<string> }>;

/** The bill of lading, deployed against the registry that `registryModule` provides. */
export function buildBillOfLadingModule(registryModule: RegistryModule) {
  return buildModule("BillOfLading", (m) => {
    const { registry } = m.useModule(registryModule);
    const billOfLading = m.contract("BillOfLading", [registry]);
    return { billOfLading };
  });
}

/** The consortium registry already deployed at the address in parameter `registry`. */
export const ExistingConsortiumRegistryModule = buildModule("ExistingConsortiumRegistry", (m) => {
  const registry = m.contractAt("ConsortiumRegistry", m.getParameter<string>("registry"));
  return { registry };
});

export default buildBillOfLadingModule(ExistingConsortiumRegistryModule);
