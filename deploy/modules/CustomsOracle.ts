/**
 * Ignition module: the customs oracle, deployed with no committee; consortium governance installs
 * one (deploy/demo/DemoOracleCommittee.ts does it for the local network's demo consortium).
 *
 * Parameter `CustomsOracle.verifier`: the signature batch verifier's address; the default,
 * the zero address, means the fixed precompile-style address
 * (`contracts/accelerator/AcceleratorAddress.sol`). On a local network put the shim's code
 * there with `deploy/installAccelerator.ts` (Ignition cannot call `hardhat_setCode`).
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { ZeroAddress } from "ethers";

import type { ConsortiumProvider } from "./CertificateOfOrigin.ts";

/** The module "CustomsOracle": the oracle with no committee yet (governance sets it). */
export function customsOracleModule(consortium: ConsortiumProvider) {
  return buildModule("CustomsOracle", (m) => {
    const { registry } = m.useModule(consortium);
    const verifier = m.getParameter("verifier", ZeroAddress);
    const customsOracle = m.contract("CustomsOracle", [registry, verifier, [], 0]);
    return { customsOracle };
  });
}
