/**
 * Runs anvil (`@foundry-rs/anvil` from npm: a second, independent EVM client) as a child process
 * on an ephemeral loopback port, for the daemon tests and the oracle benchmark.
 */
import { spawn } from "node:child_process";
import path from "node:path";

export interface AnvilProcess {
  rpcUrl: string;
  /** The anvil process's id (for its memory, read from /proc). */
  pid: number | undefined;
  stop(): Promise<void>;
}

/** Starts anvil with 20 funded dev accounts (plus `extraArgs`); resolves once it listens. */
export async function startAnvil(extraArgs: readonly string[] = []): Promise<AnvilProcess> {
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
    pid: child.pid,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
