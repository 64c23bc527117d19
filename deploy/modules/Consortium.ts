/**
 * Ignition module: the consortium registry. On a real consortium chain, deploy it with the
 * administrators and threshold as module parameters, and onboard members through the
 * `consortium` tasks; the local network's demo consortium is onboarded by
 * deploy/demo/DemoConsortium.ts.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * The registry alone. Parameters: `administrators` (address[], required) and
 * `approvalThreshold` (default 2). `deploy/parameters/local.json` holds the local network's.
 */
export const ConsortiumRegistryModule = buildModule("ConsortiumRegistry", (m) => {
  const administrators = m.getParameter<string[]>("administrators");
  const threshold = m.getParameter("approvalThreshold", 2);
  const registry = m.contract("ConsortiumRegistry", [administrators, threshold]);
  return { registry };
});

export default ConsortiumRegistryModule;
