/**
 * `npm run node`: a Hardhat JSON-RPC node on 127.0.0.1:8545 with the Caravel contracts
 * deployed and the deterministic demo consortium onboarded, each member a named account of
 * the default Hardhat mnemonic. Addresses are written by Ignition to
 * deploy/deployments/chain-31337/deployed_addresses.json, where tasks and daemons find them.
 *
 * The chain lives in this process: stop it (Ctrl-C) and the next start is a fresh chain,
 * so the previous deployment record is removed before deploying.
 */
import { rmSync } from "node:fs";
import path from "node:path";

import { network } from "hardhat";

import { DEMO_ADMINISTRATOR_INDEXES, DEMO_MEMBERS } from "../lib/chain/demoConsortium.ts";
import { deployCaravel } from "./dev/deployCaravel.ts";

const host = process.env.CARAVEL_NODE_HOST ?? "127.0.0.1";
const port = Number(process.env.CARAVEL_NODE_PORT ?? "8545");

const server = await network.createServer("hardhat", host, port);
const listening = await server.listen();
console.log(`Caravel local consortium chain on http://${listening.address}:${listening.port}`);

// The deployment talks to the server just started, wherever CARAVEL_NODE_PORT put it.
const connection = await network.create({
  network: "localhost",
  override: { url: `http://${listening.address}:${listening.port}` },
});
const chainId = Number(await connection.provider.request({ method: "eth_chainId" }));
// CARAVEL_DEPLOYMENT_ID keeps a throw-away node (the Caliper benchmark's) from replacing the
// record of the developer's own `npm run node` in deploy/deployments/chain-<id>.
const deploymentId = process.env.CARAVEL_DEPLOYMENT_ID ?? `chain-${chainId}`;
rmSync(path.resolve("deploy/deployments", deploymentId), { recursive: true, force: true });

const signers = await connection.ethers.getSigners();
const deployed = await deployCaravel(connection, { deploymentId });

console.log("\nContracts (also in deploy/deployments/%s/deployed_addresses.json):", deploymentId);
for (const [name, address] of Object.entries(deployed)) {
  console.log(`  ${name.padEnd(24)} ${address}`);
}
console.log("  (the signature verifier's code is also installed at its fixed address)");
console.log("\nConsortium accounts (default Hardhat mnemonic):");
for (const i of DEMO_ADMINISTRATOR_INDEXES) {
  console.log(`  #${String(i).padEnd(2)} administrator${"".padEnd(11)} ${signers[i]!.address}`);
}
for (const member of DEMO_MEMBERS) {
  const account = signers[member.accountIndex]!.address;
  console.log(
    `  #${String(member.accountIndex).padEnd(2)} ${member.key.padEnd(24)} ${account}  ${member.name} (${member.roles.join(", ")})`,
  );
}
console.log("\nReady. Stop with Ctrl-C.");
await server.afterClosed();
