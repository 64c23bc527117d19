/**
 * The demo's chain: Hardhat's in-process network, its clock starting on the story's first
 * morning, served over JSON-RPC on an ephemeral loopback port, and a connection to it.
 */
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { DEMO_START } from "./runDemo.ts";

export interface DemoChain {
  connection: NetworkConnection;
  rpcUrl: string;
  stop(): Promise<void>;
}

export async function startDemoChain(): Promise<DemoChain> {
  // The story has dates (shipment, presentation, banking days), so the chain's clock starts
  // at the story's first morning rather than today.
  const server = await network.createServer(
    { network: "hardhat", override: { initialDate: DEMO_START } },
    "127.0.0.1",
    0,
  );
  const { address, port } = await server.listen();
  const rpcUrl = `http://${address}:${port}`;
  const connection = await network.create({ network: "localhost", override: { url: rpcUrl } });
  return {
    connection,
    rpcUrl,
    stop: async () => {
      await connection.close();
      await server.close();
    },
  };
}
