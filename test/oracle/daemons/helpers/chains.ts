/**
 * Real EVM clients for the daemon tests: Hardhat's in-process network served over JSON-RPC
 * (`network.createServer`), and anvil (a second, independent client) as a child process on an
 * ephemeral port. Both are torn down by `stop()`.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { network } from "hardhat";

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
  const binary = path.resolve("node_modules/.bin/anvil");
  const child = spawn(binary, ["--port", "0", "--accounts", "20", ...extraArgs], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const rpcUrl = await new Promise<string>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`anvil did not start: ${output}`)), 20_000);
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on ([0-9.]+:[0-9]+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve(`http://${match[1]}`);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`anvil exited with ${code}: ${output}`));
    });
  });
  child.stdout.resume();
  child.stderr.resume();
  return {
    rpcUrl,
    rpc: (method, params) => rpcCall(rpcUrl, method, params),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
