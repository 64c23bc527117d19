/**
 * Deploy the whole platform on a local network (in-process or `npm run node`): the Ignition
 * module, then the signature verifier's code copied to its fixed precompile-style address.
 * Returns the deployed addresses by the names deploy/demo/Caravel.ts gives them.
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";

import type { NetworkConnection } from "hardhat/types/network";

import CaravelModule from "../../deploy/demo/Caravel.ts";
import { installAcceleratorFrom } from "../../deploy/installAccelerator.ts";
import { localDeployParameters } from "./deployParameters.ts";

export interface DeployCaravelOptions {
  /**
   * Ignition deployment id, to keep the record on disk where tasks and daemons look
   * (e.g. `chain-31337`). Without one, a deployment over JSON-RPC (where Ignition always
   * journals to disk) uses a throw-away id and removes its record afterwards, so a fresh
   * chain never meets a stale journal.
   */
  deploymentId?: string;
}

export async function deployCaravel(
  connection: NetworkConnection,
  options: DeployCaravelOptions = {},
): Promise<Record<string, string>> {
  const signers = await connection.ethers.getSigners();
  const deploymentId = options.deploymentId ?? `ephemeral-${randomBytes(6).toString("hex")}`;
  const deployed = await connection.ignition
    .deploy(CaravelModule, {
      parameters: await localDeployParameters(signers),
      displayUi: false,
      deploymentId,
    })
    .finally(() => {
      if (options.deploymentId === undefined) {
        rmSync(path.resolve("deploy/deployments", deploymentId), { recursive: true, force: true });
      }
    });
  const addresses: Record<string, string> = {};
  for (const [name, contract] of Object.entries(deployed)) {
    addresses[name] = await contract.getAddress();
  }
  const verifier = addresses["signatureBatchVerifier"];
  if (verifier === undefined) throw new Error("the deployment has no signatureBatchVerifier");
  await installAcceleratorFrom(connection.provider, verifier);
  return addresses;
}
