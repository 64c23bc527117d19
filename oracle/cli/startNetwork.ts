/**
 * Starts a whole local oracle network against a chosen RPC URL:
 *
 *   npm run oracle:network -- --rpc-url <url> [--nodes 5 --threshold 3]
 *        [--oracle <address> [--start-block N] | --deploy]
 *        [--keys <file>] [--dir .oracle-data/network] [--base-port 8701]
 *        [--shipments 50 --seed demo --drop-rate 0] [--no-feed] [--confirmations 1]
 *
 * N node processes (each its own key, store and port) plus the customs feed simulator, which
 * sends a realistic, noisy feed to every node independently. Nothing is deployed unless
 * `--deploy` is given: then a consortium registry, the signature verifier shim and the customs
 * oracle are deployed from the compiled artifacts (a bare local chain: Hardhat node or anvil).
 * Without `--oracle` or `--deploy`, the oracle of the Ignition deployment recorded for the chain
 * (`npm run node` writes deploy/deployments/chain-31337/) is used: its committee is the demo
 * consortium's oracle1..oracle5, the same development accounts this command uses by default.
 *
 * Keys: `--keys <file>` is a JSON array of N private keys (hex). Without it, the well-known
 * development accounts 10.. of the Hardhat/anvil mnemonic are used (the demo consortium's
 * oracle1..oracle5) — only on chain 31337, since those keys are public.
 *
 * Ctrl-C / SIGTERM drains every node (SIGTERM) and exits.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createPublicClient, getAddress, http, type Address, type Hex } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { z } from "zod";
import { createLogger } from "../observability/logger.ts";
import { redactUrlsIn } from "../../lib/net/redaction.ts";
import { createFeedSimulator } from "../simulator/feedSimulator.ts";
import { sendFeed } from "../simulator/feedSender.ts";
import {
  flagOption,
  integerOption,
  parseArgs,
  stringOption,
  UsageError,
  type ParsedArgs,
} from "./args.ts";
import { DEV_ORACLE_FIRST_INDEX, deployOracle, devKey } from "./deployOracle.ts";
import { NodeProcess, writeLocalNetwork } from "./localNetwork.ts";

const USAGE = `usage: npm run oracle:network -- --rpc-url <url> [--nodes 5] [--threshold 3]
  (--oracle <address> [--start-block N] | --deploy)
  [--keys <keys.json>] [--dir .oracle-data/network] [--base-port 8701]
  [--shipments 50] [--seed demo] [--drop-rate 0.0] [--no-feed] [--confirmations 1]`;

const keysFileSchema = z.array(
  z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be a 32-byte private key in hex"),
);

/** Progress lines on stdout, through the daemons' logger (so URLs and secrets are redacted). */
const logger = createLogger({
  name: "oracle-network",
  write: (line) => process.stdout.write(`${line}\n`),
});
function log(msg: string, fields: Record<string, unknown> = {}): void {
  logger.info(msg, fields);
}

/** The customs oracle of `npm run node` / `deploy:local` (Ignition's record for this chain). */
function recordedOracle(chainId: number): Address | undefined {
  const file = path.resolve("deploy/deployments", `chain-${chainId}`, "deployed_addresses.json");
  let record: Record<string, string>;
  try {
    record = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  } catch {
    return undefined;
  }
  const entry = Object.entries(record).find(([key]) => key.endsWith("#CustomsOracle"));
  return entry === undefined ? undefined : getAddress(entry[1]);
}

function readKeys(args: ParsedArgs, count: number, chainId: number): Hex[] {
  const file = stringOption(args, "keys");
  if (file === undefined) {
    if (chainId !== 31337) {
      throw new UsageError(
        `chain ${chainId} is not a development chain: give the node keys with --keys <file>`,
      );
    }
    return Array.from({ length: count }, (_, i) => devKey(DEV_ORACLE_FIRST_INDEX + i));
  }
  const parsed = keysFileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new UsageError(`--keys ${file}: ${parsed.error.issues[0]!.message}`);
  if (parsed.data.length !== count) {
    throw new UsageError(`--keys ${file} holds ${parsed.data.length} keys, --nodes is ${count}`);
  }
  return parsed.data as Hex[];
}

async function main(): Promise<number> {
  const args = parseArgs(
    process.argv.slice(2),
    [
      "rpc-url",
      "dir",
      "oracle",
      "keys",
      "seed",
      "drop-rate",
      "base-port",
      "confirmations",
      "nodes",
      "shipments",
      "start-block",
      "threshold",
    ],
    ["deploy", "no-feed"],
  );
  const rpcUrl = stringOption(args, "rpc-url");
  if (rpcUrl === undefined) throw new UsageError("--rpc-url is required");
  const count = integerOption(args, "nodes", 5, 1, 31);
  const threshold = integerOption(args, "threshold", Math.floor(count / 2) + 1, 1, count);
  const dir = path.resolve(stringOption(args, "dir") ?? ".oracle-data/network");
  const basePort = integerOption(args, "base-port", 8701, 1024, 65_000);
  const chainId = await createPublicClient({ transport: http(rpcUrl) }).getChainId();
  const keys = readKeys(args, count, chainId);
  const members = keys.map((k) => privateKeyToAddress(k));

  let oracle: Address;
  let startBlock = integerOption(args, "start-block", 0, 0, Number.MAX_SAFE_INTEGER);
  const given = stringOption(args, "oracle");
  if (flagOption(args, "deploy")) {
    if (given !== undefined) throw new UsageError("give either --oracle or --deploy, not both");
    log("deploying registry, verifier shim and customs oracle", { rpcUrl, members, threshold });
    const deployed = await deployOracle({ rpcUrl, members, threshold });
    oracle = deployed.oracle;
    startBlock = deployed.startBlock;
    log("deployed", { ...deployed });
  } else if (given !== undefined) {
    oracle = getAddress(given);
  } else {
    const recorded = recordedOracle(chainId);
    if (recorded === undefined) {
      throw new UsageError(
        "say which oracle: --oracle <address>, or --deploy on a bare local chain (no Ignition deployment recorded for this chain)",
      );
    }
    oracle = recorded;
    log("using the customs oracle of the recorded Ignition deployment", { oracle, chainId });
  }

  const layout = writeLocalNetwork({
    dir,
    rpcUrl,
    chainId,
    oracleAddress: oracle,
    startBlock,
    keys,
    threshold,
    basePort,
    chain: {
      confirmations: integerOption(args, "confirmations", 1, 1, 1_000),
      pollIntervalMs: 200,
    },
  });
  const nodes = layout.configFiles.map(
    (file, i) => new NodeProcess(file, layout.urls[i]!, path.join(dir, `node-${i + 1}.log`)),
  );
  for (const node of nodes) node.start();
  await Promise.all(nodes.map((n) => n.waitHealthy(60_000)));
  log("nodes up", {
    urls: layout.urls,
    logs: nodes.map((n) => n.logFile),
    // (not "adminTokenFile": the logger hides the value of any field named like a token)
    operatorAuthFile: layout.adminTokenFile,
    oraclectl: `CARAVEL_ORACLE_NODE_URL=${layout.urls[0]} npm run oracle:ctl -- status --token-file ${layout.adminTokenFile}`,
  });

  const abort = new AbortController();
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    abort.abort();
    log("stopping: draining every node");
    const codes = await Promise.all(nodes.map((n) => n.stop("SIGTERM")));
    log("stopped", { exitCodes: codes });
  };
  const done = new Promise<void>((resolve) => {
    process.on("SIGINT", () => void stop().then(resolve));
    process.on("SIGTERM", () => void stop().then(resolve));
  });

  if (!flagOption(args, "no-feed")) {
    const feed = createFeedSimulator({
      shipments: integerOption(args, "shipments", 50, 0, 1_000_000),
      seed: stringOption(args, "seed") ?? "demo",
      noise: { duplicateRate: 0.05, outOfOrderRate: 0.05, malformedRate: 0.02 },
    });
    log("feed", { ...feed.summary });
    const dropRate = Number(stringOption(args, "drop-rate") ?? "0");
    if (!(dropRate >= 0 && dropRate < 1)) throw new UsageError("--drop-rate must be in [0, 1)");
    const tokens = {
      "wco-dms": layout.feedToken,
      "dcsa-tnt": layout.feedToken,
      canonical: layout.feedToken,
    };
    sendFeed(feed, {
      nodes: layout.urls.map((url) => ({ url, tokens })),
      perNodeDropRate: dropRate,
      signal: abort.signal,
    }).then(
      (reports) => log("feed sent", { reports }),
      (error: unknown) => {
        if (!abort.signal.aborted) log("feed failed", { error: String(error) });
      },
    );
  }
  void (async () => {
    while (!stopping) {
      await sleep(5_000);
      if (stopping) break;
      try {
        const response = await fetch(new URL("/v1/admin/status", layout.urls[0]), {
          headers: { authorization: `Bearer ${layout.adminToken}` },
        });
        const status = (await response.json()) as Record<string, unknown>;
        log("status of node-1", {
          chain: status.chain,
          inbox: status.inbox,
          outbox: status.outbox,
        });
      } catch {
        // node-1 may be restarting; the next round will tell
      }
    }
  })();
  await done;
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`oracle-network: ${redactUrlsIn((error as Error).message)}\n`);
    process.exit(1);
  },
);
