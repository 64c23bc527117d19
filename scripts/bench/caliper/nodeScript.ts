/**
 * `npm run node` as a child process, the way an operator starts the local consortium chain, on
 * a free loopback port and under its own deployment id (so the record of a node the developer
 * runs is left alone). Resolves once the node has deployed Caravel and printed "Ready.", with
 * the contract addresses it printed.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

export interface NodeScript {
  rpcUrl: string;
  addresses: Record<string, string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        reject(new Error("no port"));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

export async function startNodeScript(timeoutMs = 180_000): Promise<NodeScript> {
  const port = await freePort();
  const deploymentId = `caliper-${process.pid}-${port}`;
  const child = spawn("npm", ["run", "node"], {
    env: {
      ...process.env,
      CARAVEL_NODE_PORT: String(port),
      CARAVEL_DEPLOYMENT_ID: deploymentId,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group: npm, then node, all stopped together
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await exited;
    }
    rmSync(path.resolve("deploy/deployments", deploymentId), { recursive: true, force: true });
  };
  let output = "";
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`npm run node was not ready in ${timeoutMs} ms:\n${output}`)),
        timeoutMs,
      );
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("\nReady.")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`npm run node exited with ${String(code)}:\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const addresses: Record<string, string> = {};
  const section = output.slice(output.indexOf("Contracts ("));
  for (const match of section.matchAll(/^ {2}(\w+)\s+(0x[0-9a-fA-F]{40})$/gm)) {
    addresses[match[1]!] = match[2]!;
  }
  if (Object.keys(addresses).length === 0) {
    await stop();
    throw new Error(`npm run node printed no contract addresses:\n${output}`);
  }
  return { rpcUrl: `http://127.0.0.1:${port}`, addresses, stop };
}
