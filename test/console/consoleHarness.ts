/**
 * The console under test: built with Vite, served against the demo's indexer and five real
 * oracle nodes (in this process, the demo's committee keys) on the demo's chain; and Chromium
 * from Debian's packages, driven by Playwright. Where Chromium is missing the browser tests
 * say so and are skipped (`.ci/run` installs it).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { type Browser, chromium } from "playwright-core";

import { loadMemberNames } from "../../console/memberNames.ts";
import { type ConsoleServer, startConsole } from "../../console/server.ts";
import { REPOSITORY_ROOT } from "../../indexer/deployment.ts";
import { DEV_ORACLE_FIRST_INDEX, devKey } from "../../oracle/cli/deployOracle.ts";
import { findFreePortBlock, writeLocalNetwork } from "../../oracle/cli/localNetwork.ts";
import { loadConfig } from "../../oracle/config/loadConfig.ts";
import { loadSecrets } from "../../oracle/config/secrets.ts";
import { createLogger } from "../../oracle/observability/logger.ts";
import { OracleNode } from "../../oracle/node/oracleNode.ts";
import { DEMO_FINGERPRINT_KEY } from "../../scripts/demo/chapters/documentsOfTheTrade.ts";
import type { DemoIndexed } from "../indexer/demoIndexed.ts";

/** Where Debian's chromium package puts the browser (CHROMIUM_PATH to use another). */
export const CHROMIUM =
  process.env.CHROMIUM_PATH ??
  ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p)) ??
  "/usr/bin/chromium";

/** Where the browser tests write a screenshot of every page (README: "The web console"). */
export const SCREENSHOTS = path.join(REPOSITORY_ROOT, "test-results", "console");

export function buildConsole(): void {
  const vite = path.join(REPOSITORY_ROOT, "node_modules", "vite", "bin", "vite.js");
  const built = spawnSync(process.execPath, [vite, "build", "--config", "console/vite.config.ts"], {
    cwd: REPOSITORY_ROOT,
    encoding: "utf8",
  });
  if (built.status !== 0)
    throw new Error(`the console did not build:\n${built.stderr}${built.stdout}`);
}

/** Five oracle nodes on the demo's chain; any of them can be stopped and started again. */
export class OracleNodes {
  readonly urls: string[];
  readonly #configFiles: string[];
  readonly #nodes: (OracleNode | null)[];
  readonly #dir: string;
  static readonly #quiet = createLogger({
    name: "caravel-oracle",
    level: "error",
    write: () => {},
  });

  private constructor(dir: string, urls: string[], configFiles: string[], nodes: OracleNode[]) {
    this.#dir = dir;
    this.urls = urls;
    this.#configFiles = configFiles;
    this.#nodes = nodes;
  }

  static async start(demo: DemoIndexed): Promise<OracleNodes> {
    const dir = mkdtempSync(path.join(tmpdir(), "caravel-console-oracles-"));
    const layout = writeLocalNetwork({
      dir,
      rpcUrl: demo.chain.rpcUrl,
      chainId: 31337,
      oracleAddress: demo.addresses["customsOracle"] as `0x${string}`,
      keys: Array.from({ length: 5 }, (_, i) => devKey(DEV_ORACLE_FIRST_INDEX + i)),
      threshold: 3,
      basePort: await findFreePortBlock(5),
      chain: { confirmations: 1, pollIntervalMs: 200 },
      node: { sqliteSynchronous: "NORMAL" },
      logLevel: "error",
    });
    const nodes: OracleNode[] = [];
    for (const file of layout.configFiles) nodes.push(await OracleNodes.#open(file));
    return new OracleNodes(dir, layout.urls, layout.configFiles, nodes);
  }

  static async #open(file: string): Promise<OracleNode> {
    const config = loadConfig(file);
    return OracleNode.start({
      config,
      secrets: loadSecrets(config.keys),
      logger: OracleNodes.#quiet,
    });
  }

  async stop(i: number): Promise<void> {
    await this.#nodes[i]?.drain();
    this.#nodes[i] = null;
  }

  async restart(i: number): Promise<void> {
    if (this.#nodes[i] !== null) return;
    this.#nodes[i] = await OracleNodes.#open(this.#configFiles[i]!);
  }

  async close(): Promise<void> {
    await Promise.all(this.#nodes.map((n) => n?.drain()));
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

export interface ConsoleUnderTest {
  console: ConsoleServer;
  oracles: OracleNodes;
  browser: Browser;
  close(): Promise<void>;
}

export async function startConsoleUnderTest(demo: DemoIndexed): Promise<ConsoleUnderTest> {
  buildConsole();
  const oracles = await OracleNodes.start(demo);
  const served = await startConsole({
    port: 0,
    indexerUrl: demo.indexer.url,
    oracleNodes: oracles.urls,
    network: "localhost",
    members: loadMemberNames(undefined, "localhost"),
    invoiceKey: DEMO_FINGERPRINT_KEY,
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  return {
    console: served,
    oracles,
    browser,
    async close() {
      await browser.close();
      await served.close();
      await oracles.close();
    },
  };
}

export function removeScreenshots(): void {
  rmSync(SCREENSHOTS, { recursive: true, force: true });
}
