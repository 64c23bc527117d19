/**
 * Deploy the whole platform on a local network (in-process or `npm run node`): the Ignition
 * module, then the signature verifier's code copied to its fixed precompile-style address.
 * Returns the deployed addresses by the names deploy/Caravel.ts gives them.
 */
import type { NetworkConnection } from "hardhat/types/network";

import CaravelModule from "../../deploy/Caravel.ts";
import { installAcceleratorFrom } from "../../deploy/installAccelerator.ts";
import { localDeployParameters } from "./deployParameters.ts";

export interface DeployCaravelOptions {
  /** Ignition deployment id; set it to keep a record on disk (e.g. `chain-31337`). */
  deploymentId?: string;
}

export async function deployCaravel(
  connection: NetworkConnection,
  options: DeployCaravelOptions = {},
): Promise<Record<string, string>> {
  const signers = await connection.ethers.getSigners();
  const deployed = await connection.ignition.deploy(CaravelModule, {
    parameters: await localDeployParameters(signers),
    displayUi: false,
    ...(options.deploymentId === undefined ? {} : { deploymentId: options.deploymentId }),
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
