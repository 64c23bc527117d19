/**
 * The trading day's chain, in a process of its own so its memory and CPU are measured apart
 * from the load (`npx hardhat run scripts/bench/day/chainServer.ts`, started by day.ts).
 *
 * Without CARAVEL_RPC_URL: Hardhat's embedded chain (EDR), served over HTTP JSON-RPC by
 * scripts/dev/jsonRpcServer.ts, with the whole platform deployed on it (scripts/dev/deployCaravel.ts,
 * the demo consortium onboarded). With CARAVEL_RPC_URL (day.ts sets it to the Anvil it started):
 * deploys the same onto that chain, then exits.
 *
 * Prints one JSON line `{"ready":true,"rpcUrl","pid","addresses"}` once the chain can take load;
 * stops on SIGTERM.
 */
import { network } from "hardhat";

import { deployCaravel } from "../../dev/deployCaravel.ts";
import { serveJsonRpc } from "../../dev/jsonRpcServer.ts";

const external = process.env.CARAVEL_RPC_URL;
if (external !== undefined) {
  const connection = await network.create("localhost");
  const addresses = await deployCaravel(connection);
  console.log(JSON.stringify({ ready: true, rpcUrl: external, pid: undefined, addresses }));
  process.exit(0);
}

const connection = await network.create();
// Requests and the time spent answering them, per method: where the chain's time goes.
const methods = new Map<string, { count: number; ms: number }>();
const provider = connection.provider;
const timed = new Proxy(provider, {
  get(target, property, receiver) {
    if (property !== "request") return Reflect.get(target, property, receiver) as unknown;
    return async (request: { method: string; params?: unknown }) => {
      const t0 = performance.now();
      try {
        return await target.request(request as Parameters<typeof target.request>[0]);
      } finally {
        const entry = methods.get(request.method) ?? { count: 0, ms: 0 };
        entry.count += 1;
        entry.ms += performance.now() - t0;
        methods.set(request.method, entry);
      }
    };
  },
});
const server = await serveJsonRpc(timed);
const addresses = await deployCaravel(connection);
console.log(JSON.stringify({ ready: true, rpcUrl: server.url, pid: process.pid, addresses }));
await new Promise<void>((resolve) => process.once("SIGTERM", () => resolve()));
// The per-method account, for day.ts to report: one JSON line on stdout.
console.log(JSON.stringify({ rpcMethods: Object.fromEntries(methods) }));
await server.close();
process.exit(0);
