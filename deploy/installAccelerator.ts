/**
 * Puts the signature batch verifier's runtime code at its fixed, precompile-style address on a
 * local network (Hardhat's in-process network, `hardhat node`, anvil), with `hardhat_setCode`.
 *
 * The shim is stateless (no storage, no immutables), so its runtime code behaves the same at
 * the fixed address as where Ignition deployed it. Other networks cannot set code: there the
 * chain's genesis holds the shim (or a native precompile) at the address, or contracts are
 * given the address of a normal deployment (see `deploy/modules/Accelerator.ts`).
 */
import { SIGNATURE_BATCH_VERIFIER_ADDRESS } from "./acceleratorAddress.ts";

/** The part of an EIP-1193 provider this needs (a Hardhat network connection's `provider`). */
export interface RequestProvider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

function isHexCode(value: unknown): value is string {
  return typeof value === "string" && /^0x([0-9a-fA-F]{2})*$/.test(value);
}

/**
 * Install `runtimeBytecode` at the fixed accelerator address and check it landed.
 * @returns the fixed address
 */
export async function installAcceleratorAt(
  provider: RequestProvider,
  runtimeBytecode: string,
): Promise<string> {
  if (!isHexCode(runtimeBytecode) || runtimeBytecode === "0x") {
    throw new Error("installAcceleratorAt needs the shim's runtime bytecode (0x-prefixed hex)");
  }
  await provider.request({
    method: "hardhat_setCode",
    params: [SIGNATURE_BATCH_VERIFIER_ADDRESS, runtimeBytecode],
  });
  const installed = await provider.request({
    method: "eth_getCode",
    params: [SIGNATURE_BATCH_VERIFIER_ADDRESS, "latest"],
  });
  if (!isHexCode(installed) || installed.toLowerCase() !== runtimeBytecode.toLowerCase()) {
    throw new Error(`the accelerator code did not land at ${SIGNATURE_BATCH_VERIFIER_ADDRESS}`);
  }
  return SIGNATURE_BATCH_VERIFIER_ADDRESS;
}

/**
 * Copy the runtime code of a normally deployed shim (e.g. the Ignition `Accelerator` module's
 * `signatureBatchVerifier`) to the fixed accelerator address.
 * @returns the fixed address
 */
export async function installAcceleratorFrom(
  provider: RequestProvider,
  deployedAt: string,
): Promise<string> {
  const code = await provider.request({ method: "eth_getCode", params: [deployedAt, "latest"] });
  if (!isHexCode(code) || code === "0x") {
    throw new Error(`no contract code at ${deployedAt} to install as the accelerator`);
  }
  return installAcceleratorAt(provider, code);
}
