/**
 * Real EVM clients for the daemon tests: Hardhat's in-process network served over JSON-RPC
 * (`network.createServer`), and anvil (a second, independent client) as a child process on an
 * ephemeral port. Both are torn down by `stop()`.
 */
import { network } from "hardhat";
import { startAnvil as launchAnvil } from "../../../../scripts/dev/anvil.ts";

export interface TestChain {
  rpcUrl: string;
  stop(): Promise<void>;
  /** Raw JSON-RPC call (for anvil_* / evm_* methods). */
  rpc<T>(method: string, params?: unknown[]): Promise<T>;
}

async function rpcCall<T>(rpcUrl: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

export async function startHardhatChain(): Promise<TestChain> {
  const server = await network.createServer("hardhat", "127.0.0.1", 0);
  const { address, port } = await server.listen();
  const rpcUrl = `http://${address}:${port}`;
  return {
    rpcUrl,
    stop: () => server.close(),
    rpc: (method, params) => rpcCall(rpcUrl, method, params),
  };
}

export async function startAnvil(extraArgs: readonly string[] = []): Promise<TestChain> {
  const anvil = await launchAnvil(extraArgs);
  return {
    rpcUrl: anvil.rpcUrl,
    rpc: (method, params) => rpcCall(anvil.rpcUrl, method, params),
    stop: () => anvil.stop(),
  };
}
