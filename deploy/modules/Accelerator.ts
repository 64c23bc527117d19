/**
 * Ignition module: the signature batch verifier shim, deployed as an ordinary contract.
 *
 * Contracts call the shim at its fixed, precompile-style address
 * (`contracts/accelerator/AcceleratorAddress.sol`, mirrored in `deploy/acceleratorAddress.ts`).
 * On a local network, copy this deployment's runtime code there with
 * `installAcceleratorFrom(connection.provider, address)` from `deploy/installAccelerator.ts`.
 * On a chain that cannot set code and has neither the shim in its genesis nor a native
 * precompile at the fixed address, pass this deployment's address to the contracts that take
 * the verifier's address (the customs oracle's `verifier` constructor argument).
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

export const AcceleratorModule = buildModule("Accelerator", (m) => {
  const signatureBatchVerifier = m.contract("SignatureBatchVerifier");
  return { signatureBatchVerifier };
});

export default AcceleratorModule;
