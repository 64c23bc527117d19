/**
 * A local oracle network on one machine: N node processes, each with its own key, its own SQLite
 * store and its own port, one shared committee configuration, against one RPC URL. Used by
 * `npm run oracle:network` and by the daemon tests (crash, outage, reorg), which need to kill -9
 * and restart single nodes.
 *
 * Files written under `dir` (created 0700; secret files 0600):
 *   node-<i>.json        the node's configuration (no secrets in it)
 *   secrets/node-<i>.key the node's member key
 *   secrets/peer.token   the committee's shared bearer token for the consensus routes
 *   secrets/admin.token  the operator token (admin routes, oraclectl)
 *   secrets/feed.token   the token of the "feed" client (all ingest scopes)
 *   node-<i>/            the node's data (node.sqlite; drop/ when drop directories are on)
 *   node-<i>.log         the node's JSON log lines
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  createWriteStream,
  mkdirSync,
  readFileSync,
  writeFileSync,
  type WriteStream,
} from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import type { Address, Hex } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import type { NodeConfigInput } from "../config/schema.ts";
import { hashToken } from "../ingest/auth.ts";
import { SIMULATED_CARRIERS } from "../simulator/feedSimulator.ts";
import { devKey } from "./deployOracle.ts";

const START_NODE = fileURLToPath(new URL("./startNode.ts", import.meta.url));

/** Dev account 7 is the demo consortium's carrier (lib/chain/demoConsortium.ts). */
const DEV_CARRIER_INDEX = 7;
/** The demo consortium carrier's code (its bills are numbered MOLU…): the SCAC of its line. */
export const DEV_CARRIER_CODE = "MOLU";

/**
 * The carriers a local network's nodes know (`ingest.carriers`): the demo consortium's carrier
 * and the simulator's carriers, so that the demo, the simulator and the tests' feeds resolve.
 */
export function localCarriers(): Record<string, Address> {
  return {
    ...SIMULATED_CARRIERS,
    [DEV_CARRIER_CODE]: privateKeyToAddress(devKey(DEV_CARRIER_INDEX)),
  };
}

/**
 * V8 flags every node process runs with (`npm run oracle:node` passes the same). A node turns over
 * a lot of short-lived memory per report (hex strings of 512 events, ABI encodings, JSON bodies).
 * The young generation's size trades CPU for memory. Session 3 measured 16 MB semi-spaces faster
 * (burst 2,087-2,096 events/s against 1,807-1,937 at 8). Since its submitter stopped estimating
 * pipelined reports, a node works off 100,000 queued events twice as fast (12 s, not 23), and at
 * 16 MB the peak RSS while draining them reached 286-302 MB, over the 300 MB budget; at 8 MB it
 * was 263-273 MB, with the burst at 3,261-3,380 events/s against 3,117-3,464 at 16 (same
 * hour, three runs each). 8 MB it is (docs/OPERATIONS.md).
 */
export const NODE_PROCESS_FLAGS: readonly string[] = ["--max-semi-space-size=8"];

export interface LocalNetworkOptions {
  dir: string;
  rpcUrl: string;
  chainId: number;
  oracleAddress: Address;
  /** One member key per node. */
  keys: readonly Hex[];
  threshold: number;
  host?: string;
  basePort: number;
  /** Block the oracle was deployed in. */
  startBlock?: number;
  /** Extra settings merged into every node's `chain` / `consensus` / `node` / `ingest` sections. */
  chain?: Partial<NodeConfigInput["chain"]>;
  consensus?: NonNullable<NodeConfigInput["consensus"]>;
  node?: Partial<NodeConfigInput["node"]>;
  ingest?: NonNullable<NodeConfigInput["ingest"]>;
  logLevel?: "debug" | "info" | "warn" | "error";
  /** Give every node a drop directory (`node-<i>/drop`). */
  dropDirectories?: boolean;
}

export interface LocalNetworkLayout {
  configFiles: string[];
  urls: string[];
  addresses: Address[];
  feedToken: string;
  adminToken: string;
  adminTokenFile: string;
}

function writeSecret(file: string, value: string): void {
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** Writes every node's configuration and secrets; returns where everything is. */
export function writeLocalNetwork(options: LocalNetworkOptions): LocalNetworkLayout {
  const host = options.host ?? "127.0.0.1";
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const secrets = path.join(options.dir, "secrets");
  mkdirSync(secrets, { recursive: true, mode: 0o700 });
  const peerToken = randomBytes(24).toString("hex");
  const adminToken = randomBytes(24).toString("hex");
  const feedToken = randomBytes(24).toString("hex");
  writeSecret(path.join(secrets, "peer.token"), peerToken);
  const adminTokenFile = path.join(secrets, "admin.token");
  writeSecret(adminTokenFile, adminToken);
  writeSecret(path.join(secrets, "feed.token"), feedToken);
  const members = options.keys.map((key, i) => ({
    id: `node-${i + 1}`,
    address: privateKeyToAddress(key),
    url: `http://${host}:${options.basePort + i}`,
  }));
  const configFiles = options.keys.map((key, i) => {
    const id = `node-${i + 1}`;
    writeSecret(path.join(secrets, `${id}.key`), key);
    const config: NodeConfigInput = {
      node: { id, host, port: options.basePort + i, dataDir: `./${id}`, ...options.node },
      chain: {
        rpcUrl: options.rpcUrl,
        chainId: options.chainId,
        oracleAddress: options.oracleAddress,
        startBlock: options.startBlock ?? 0,
        ...options.chain,
      },
      committee: { threshold: options.threshold, members },
      consensus: options.consensus ?? {},
      ingest: {
        clients: [
          {
            id: "feed",
            tokenSha256: hashToken(feedToken),
            scopes: ["customs", "transport", "events"],
          },
        ],
        carriers: localCarriers(),
        ...options.ingest,
        ...(options.dropDirectories === true ? { dropDirectory: `./${id}/drop` } : {}),
      },
      keys: {
        signer: { file: `./secrets/${id}.key` },
        peerToken: { file: "./secrets/peer.token" },
        adminToken: { file: "./secrets/admin.token" },
      },
      log: { level: options.logLevel ?? "info" },
    };
    const file = path.join(options.dir, `${id}.json`);
    writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
    return file;
  });
  return {
    configFiles,
    urls: members.map((m) => m.url),
    addresses: members.map((m) => m.address),
    feedToken,
    adminToken,
    adminTokenFile,
  };
}

/** Whether a TCP listener can bind `port` on `host` right now. */
function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * The first port of `count` consecutive ports on `host` that can all be listened on now. The
 * search stays in `[from, to)`, which by default lies below Linux's ephemeral range (32768–60999):
 * a port in that range can be taken at any moment as the local end of an outgoing connection, and
 * a node restarted after a crash must get its own port back.
 */
export async function findFreePortBlock(
  count: number,
  options: { host?: string; from?: number; to?: number; attempts?: number } = {},
): Promise<number> {
  const host = options.host ?? "127.0.0.1";
  const from = options.from ?? 20_000;
  const to = options.to ?? 32_000;
  const attempts = options.attempts ?? 50;
  if (!Number.isInteger(count) || count < 1 || from + count > to) {
    throw new RangeError(`count: ${count} consecutive ports do not fit in [${from}, ${to})`);
  }
  for (let attempt = 0; attempt < attempts; attempt++) {
    const base = from + Math.floor(Math.random() * (to - from - count + 1));
    let free = true;
    for (let port = base; port < base + count && free; port++) {
      free = await canListen(port, host);
    }
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free ports in [${from}, ${to}) after ${attempts} tries`);
}

/** Node processes still running, killed when this process exits however it exits. */
const liveChildren = new Set<ChildProcess>();
let killOnExitInstalled = false;

function killOnExit(child: ChildProcess): void {
  liveChildren.add(child);
  child.once("exit", () => liveChildren.delete(child));
  if (killOnExitInstalled) return;
  killOnExitInstalled = true;
  process.once("exit", () => {
    for (const c of liveChildren) c.kill("SIGKILL");
  });
}

/** How many node processes started here are still running (tests check for leaks with it). */
export function runningNodeProcesses(): number {
  return liveChildren.size;
}

/** SIGKILLs every node process started here that is still running; resolves once all are gone. */
export async function killAllNodeProcesses(): Promise<void> {
  const children = [...liveChildren];
  const exited = children.map((c) => new Promise((resolve) => c.once("exit", resolve)));
  for (const c of children) c.kill("SIGKILL");
  await Promise.all(exited);
}

/** One node process: start, wait until healthy, kill (any signal), restart. */
export class NodeProcess {
  readonly configFile: string;
  readonly url: string;
  readonly logFile: string;
  #child: ChildProcess | undefined;
  #log: WriteStream | undefined;
  #exited: Promise<number | null> = Promise.resolve(null);

  constructor(configFile: string, url: string, logFile: string) {
    this.configFile = configFile;
    this.url = url;
    this.logFile = logFile;
  }

  get running(): boolean {
    return (
      this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null
    );
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Spawns the node (Node 22, the same executable as this process). */
  start(env: NodeJS.ProcessEnv = process.env): void {
    if (this.running) throw new Error(`node ${this.configFile} is already running`);
    this.#log = createWriteStream(this.logFile, { flags: "a" });
    const child = spawn(
      process.execPath,
      [...NODE_PROCESS_FLAGS, START_NODE, "--config", this.configFile],
      {
        env,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child.stdout.pipe(this.#log, { end: false });
    child.stderr.pipe(this.#log, { end: false });
    killOnExit(child);
    this.#child = child;
    this.#exited = new Promise((resolve) => {
      child.once("exit", (code) => resolve(code));
    });
  }

  /** Resolves once /healthz answers 200 (or rejects after `timeoutMs`). */
  async waitHealthy(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.#child !== undefined && !this.running) {
        // Let the last lines reach the log file before quoting them.
        await sleep(100);
        throw new Error(
          `node ${this.configFile} exited (code ${this.#child.exitCode}, signal ${this.#child.signalCode}); ` +
            `the end of ${this.logFile}:\n${this.logTail()}`,
        );
      }
      try {
        const response = await fetch(new URL("/healthz", this.url), {
          signal: AbortSignal.timeout(1_000),
        });
        await response.arrayBuffer();
        if (response.status === 200) return;
      } catch {
        // not up yet
      }
      await sleep(100);
    }
    throw new Error(
      `node ${this.url} not healthy after ${timeoutMs} ms; the end of ${this.logFile}:\n${this.logTail()}`,
    );
  }

  /** The last `lines` lines of the node's log (for error messages). */
  logTail(lines = 15): string {
    try {
      return readFileSync(this.logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch (error) {
      return `(log unreadable: ${String(error)})`;
    }
  }

  /** Sends `signal`; resolves with the exit code once the process is gone. */
  async stop(signal: NodeJS.Signals = "SIGTERM", timeoutMs = 20_000): Promise<number | null> {
    const child = this.#child;
    if (child === undefined || !this.running) return child?.exitCode ?? null;
    child.kill(signal);
    const code = await Promise.race([
      this.#exited,
      sleep(timeoutMs).then(() => "timeout" as const),
    ]);
    if (code === "timeout") {
      child.kill("SIGKILL");
      await this.#exited;
      return null;
    }
    this.#log?.end();
    return code;
  }

  /** kill -9: no drain, no flush, whatever was in flight is cut. */
  async crash(): Promise<void> {
    await this.stop("SIGKILL");
  }
}
