/**
 * A whole local oracle network for a test: the oracle deployed on a test chain, N node processes
 * (real `startNode.ts` processes with their own SQLite stores), the feed sent to them, and the
 * chain read back to check what landed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  createPublicClient,
  decodeFunctionData,
  http,
  keccak256,
  stringToHex,
  type Address,
  type Hex,
} from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { customsOracleAbi } from "../../../../oracle/chain/oracleAbi.ts";
import {
  DEV_ORACLE_FIRST_INDEX,
  deployOracle,
  devKey,
  type DeployedOracle,
} from "../../../../oracle/cli/deployOracle.ts";
import {
  findFreePortBlock,
  NodeProcess,
  writeLocalNetwork,
  type LocalNetworkLayout,
  type LocalNetworkOptions,
} from "../../../../oracle/cli/localNetwork.ts";
import type { ExpectedEvent } from "../../../../oracle/simulator/feedSimulator.ts";
import type { FeedNode } from "../../../../oracle/simulator/feedSender.ts";

export interface TestNetwork {
  dir: string;
  deployed: DeployedOracle;
  layout: LocalNetworkLayout;
  nodes: NodeProcess[];
  feedNodes: FeedNode[];
  stop(): Promise<void>;
}

/** How often a network whose nodes did not all come up is started again on other ports. */
const START_ATTEMPTS = 3;

export async function startTestNetwork(options: {
  rpcUrl: string;
  nodeRpcUrl?: string;
  size: number;
  threshold: number;
  consensus?: LocalNetworkOptions["consensus"];
  chain?: LocalNetworkOptions["chain"];
  keep?: boolean;
}): Promise<TestNetwork> {
  const keys = Array.from({ length: options.size }, (_, i) => devKey(DEV_ORACLE_FIRST_INDEX + i));
  const deployed = await deployOracle({
    rpcUrl: options.rpcUrl,
    members: keys.map((k) => privateKeyToAddress(k)),
    threshold: options.threshold,
  });
  let layout: LocalNetworkLayout | undefined;
  let nodes: NodeProcess[] = [];
  let dir = "";
  for (let attempt = 1; layout === undefined; attempt++) {
    dir = mkdtempSync(path.join(tmpdir(), "caravel-network-"));
    const candidate = writeLocalNetwork({
      dir,
      rpcUrl: options.nodeRpcUrl ?? options.rpcUrl,
      chainId: deployed.chainId,
      oracleAddress: deployed.oracle,
      startBlock: deployed.startBlock,
      keys,
      threshold: options.threshold,
      basePort: await findFreePortBlock(options.size),
      chain: { confirmations: 1, pollIntervalMs: 100, ...options.chain },
      consensus: { leaderTurnMs: 2_000, proposeIntervalMs: 50, ...options.consensus },
      node: { sqliteSynchronous: "NORMAL" },
      ingest: { maxFutureSkewSeconds: 300 },
      logLevel: "info",
      dropDirectories: true,
    });
    const logDir = dir;
    nodes = candidate.configFiles.map(
      (file, i) =>
        new NodeProcess(file, candidate.urls[i]!, path.join(logDir, `node-${i + 1}.log`)),
    );
    for (const node of nodes) node.start();
    try {
      await Promise.all(nodes.map((n) => n.waitHealthy(60_000)));
      layout = candidate;
    } catch (error) {
      // Never leave a half-started network behind: its processes would outlive the test run.
      await Promise.all(nodes.map((n) => n.stop("SIGKILL")));
      rmSync(dir, { recursive: true, force: true });
      if (attempt >= START_ATTEMPTS) throw error;
      console.log(
        `      network did not start (attempt ${attempt}), starting anew: ${String(error)}`,
      );
    }
  }
  const tokens = {
    "wco-dms": layout.feedToken,
    "dcsa-tnt": layout.feedToken,
    canonical: layout.feedToken,
  };
  return {
    dir,
    deployed,
    layout,
    nodes,
    feedNodes: layout.urls.map((url) => ({ url, tokens })),
    stop: async () => {
      await Promise.all(nodes.map((n) => n.stop("SIGKILL")));
      if (options.keep === true || process.env.CARAVEL_KEEP_TEST_DATA === "1") {
        console.log(`      kept ${dir}`);
      } else {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The sum over the network's nodes of the unlabelled Prometheus metric `name`. */
export async function sumMetric(net: TestNetwork, name: string): Promise<number> {
  let total = 0;
  for (const url of net.layout.urls) {
    const text = await (await fetch(new URL("/metrics", url))).text();
    total += Number(new RegExp(`^${name} ([0-9.]+)$`, "m").exec(text)?.[1] ?? 0);
  }
  return total;
}

/** The on-chain `sourceMessageId` of an expected event. */
export function onChainMessageId(e: Pick<ExpectedEvent, "source" | "sourceMessageId">): Hex {
  return keccak256(stringToHex(`${e.source}:${e.sourceMessageId}`));
}

export interface ChainContents {
  lastSequence: bigint;
  reports: { sequence: bigint; digest: Hex; txHash: Hex; from: Address; events: Hex[] }[];
  /** How many accepted reports carried each sourceMessageId. */
  carried: Map<Hex, number>;
  /** How many CustomsStatusChanged logs each (shipment, status, time) caused. */
  applied: Map<string, number>;
}

/** Reads every accepted report (and status change) of the oracle from the chain's logs. */
export async function readChain(rpcUrl: string, oracle: Address): Promise<ChainContents> {
  const client = createPublicClient({ transport: http(rpcUrl, { timeout: 30_000 }) });
  const accepted = await client.getContractEvents({
    address: oracle,
    abi: customsOracleAbi,
    eventName: "CustomsReportAccepted",
    fromBlock: 0n,
  });
  const changed = await client.getContractEvents({
    address: oracle,
    abi: customsOracleAbi,
    eventName: "CustomsStatusChanged",
    fromBlock: 0n,
  });
  const carried = new Map<Hex, number>();
  const reports: ChainContents["reports"] = [];
  for (const log of accepted) {
    const tx = await client.getTransaction({ hash: log.transactionHash });
    const decoded = decodeFunctionData({ abi: customsOracleAbi, data: tx.input });
    if (decoded.functionName !== "submitReport") continue;
    const events = decoded.args[2];
    reports.push({
      sequence: decoded.args[1],
      digest: log.args.digest!,
      txHash: log.transactionHash,
      from: tx.from,
      events: events.map((e) => e.sourceMessageId),
    });
    for (const e of events)
      carried.set(e.sourceMessageId, (carried.get(e.sourceMessageId) ?? 0) + 1);
  }
  const applied = new Map<string, number>();
  for (const log of changed) {
    const id = `${log.args.shipmentRef}:${log.args.status}:${log.args.occurredAt}`;
    applied.set(id, (applied.get(id) ?? 0) + 1);
  }
  const lastSequence = await client.readContract({
    address: oracle,
    abi: customsOracleAbi,
    functionName: "lastSequence",
  });
  return { lastSequence, reports, carried, applied };
}

/** Polls the chain until every expected event was carried by some report (or times out). */
export async function waitUntilOnChain(
  rpcUrl: string,
  oracle: Address,
  expected: readonly Pick<ExpectedEvent, "source" | "sourceMessageId">[],
  timeoutMs: number,
): Promise<ChainContents> {
  const deadline = Date.now() + timeoutMs;
  let contents = await readChain(rpcUrl, oracle);
  while (Date.now() < deadline) {
    const missing = expected.filter((e) => !contents.carried.has(onChainMessageId(e)));
    if (missing.length === 0) return contents;
    await sleep(500);
    contents = await readChain(rpcUrl, oracle);
  }
  return contents;
}
