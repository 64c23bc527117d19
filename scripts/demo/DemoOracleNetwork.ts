/**
 * The demo's oracle network: five oracle nodes (the demo's oracle1..oracle5 keys, the committee
 * governance installed, any 3 of 5 sign) running in this process against the demo chain's
 * JSON-RPC endpoint, each with its own SQLite store and HTTP API, fed by the customs and
 * transport simulator: the trade's shipment among a dozen others, with the duplicates,
 * late deliveries and malformed messages of a real feed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { DEV_ORACLE_FIRST_INDEX, devKey } from "../../oracle/cli/deployOracle.ts";
import {
  DEV_CARRIER_CODE,
  findFreePortBlock,
  writeLocalNetwork,
} from "../../oracle/cli/localNetwork.ts";
import { loadConfig } from "../../oracle/config/loadConfig.ts";
import { loadSecrets } from "../../oracle/config/secrets.ts";
import { createLogger } from "../../oracle/observability/logger.ts";
import { OracleNode } from "../../oracle/node/oracleNode.ts";
import { createFeedSimulator, lastEventTime } from "../../oracle/simulator/feedSimulator.ts";
import { sendFeed } from "../../oracle/simulator/feedSender.ts";
import { shipmentRefOf } from "../../lib/trade/billOfLading.ts";
import type { CustomsReporter, ShipmentJourney } from "./chapters/letterOfCredit.ts";
import { type DemoContext, deployed } from "./DemoContext.ts";

const NODES = 5;
const THRESHOLD = 3;
const CLEARED = 6; // CustomsEventType.Cleared
const WAIT_FOR_CHAIN_MS = 60_000;

export class DemoOracleNetwork implements CustomsReporter {
  readonly #ctx: DemoContext;
  readonly #dir: string;
  readonly #nodes: OracleNode[];
  readonly #feedUrls: string[];
  readonly #feedToken: string;

  private constructor(
    ctx: DemoContext,
    dir: string,
    nodes: OracleNode[],
    feedUrls: string[],
    feedToken: string,
  ) {
    this.#ctx = ctx;
    this.#dir = dir;
    this.#nodes = nodes;
    this.#feedUrls = feedUrls;
    this.#feedToken = feedToken;
  }

  /** Start the five nodes against `rpcUrl`, where the demo's contracts are deployed. */
  static async start(ctx: DemoContext, rpcUrl: string): Promise<DemoOracleNetwork> {
    const dir = mkdtempSync(path.join(tmpdir(), "caravel-demo-oracles-"));
    const chainId = Number((await ctx.connection.ethers.provider.getNetwork()).chainId);
    const layout = writeLocalNetwork({
      dir,
      rpcUrl,
      chainId,
      oracleAddress: deployed(ctx, "customsOracle") as `0x${string}`,
      keys: Array.from({ length: NODES }, (_, i) => devKey(DEV_ORACLE_FIRST_INDEX + i)),
      threshold: THRESHOLD,
      basePort: await findFreePortBlock(NODES),
      chain: { confirmations: 1, pollIntervalMs: 100 },
      consensus: { leaderTurnMs: 2_000, proposeIntervalMs: 50 },
      node: { sqliteSynchronous: "NORMAL" },
      logLevel: "error",
    });
    const quiet = createLogger({ name: "caravel-oracle", level: "error", write: () => {} });
    const nodes: OracleNode[] = [];
    for (const file of layout.configFiles) {
      const config = loadConfig(file);
      nodes.push(
        await OracleNode.start({ config, secrets: loadSecrets(config.keys), logger: quiet }),
      );
    }
    await ctx.timeline.note(
      "oracle network",
      `${NODES} oracle nodes started in-process (any ${THRESHOLD} of ${NODES} sign a report), each with its own key, SQLite store and HTTP API`,
    );
    return new DemoOracleNetwork(ctx, dir, nodes, layout.urls, layout.feedToken);
  }

  async reportJourney(journey: ShipmentJourney): Promise<void> {
    const { ethers } = this.#ctx.connection;
    const oracle = await ethers.getContractAt(
      "CustomsOracle",
      deployed(this.#ctx, "customsOracle"),
    );
    const feed = createFeedSimulator({
      shipments: 12,
      seed: "caravel-demo",
      noise: { duplicateRate: 0.1, outOfOrderRate: 0.05, malformedRate: 0.03 },
      startTime: journey.startsAt - 2 * 86_400,
      spreadSeconds: 4 * 86_400,
      namedShipments: [
        {
          carrier: { code: DEV_CARRIER_CODE, address: journey.carrier as `0x${string}` },
          bl: journey.blNumber,
          origin: journey.portOfLoading,
          destination: journey.portOfDischarge,
          startsAt: journey.startsAt,
        },
      ],
    });
    // The feed is replayed after the fact: the chain's clock moves to just after its last
    // message, so no report carries an event from the chain's future.
    const lastMessageAt = lastEventTime(feed);
    await this.#ctx.advanceTo(new Date((lastMessageAt + 3600) * 1000).toISOString());
    const fromBlock = await ethers.provider.getBlockNumber();

    const tokens = {
      "wco-dms": this.#feedToken,
      "dcsa-tnt": this.#feedToken,
      canonical: this.#feedToken,
    };
    const sent = await sendFeed(feed, {
      nodes: this.#feedUrls.map((url) => ({ url, tokens })),
      concurrency: 4,
    });
    const first = sent[0]!;
    await this.#ctx.timeline.note(
      "customs & carriers",
      `the simulator feeds ${feed.summary.messages} messages (WCO DMS notifications, DCSA Track & Trace events, declaration links) for ${feed.summary.shipments} shipments to every node: ${feed.summary.duplicates} duplicates, ${feed.summary.delayed} delivered late, ${feed.summary.malformed} malformed (each node refused ${first.refused} with a 4xx and kept them in quarantine)`,
    );

    const shipmentRef = shipmentRefOf(journey.carrier, journey.blNumber);
    const deadline = Date.now() + WAIT_FOR_CHAIN_MS;
    while (!(await oracle.hasReached(shipmentRef, CLEARED))[0]) {
      if (Date.now() > deadline) {
        throw new Error(`shipment ${journey.blNumber} did not reach Cleared on chain within 60 s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Let the nodes finish what is in flight, then read back what reached the chain.
    const expected = feed.expectedEvents.length;
    while (Date.now() < deadline && (await this.#eventsOnChain(fromBlock)).events < expected) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const landed = await this.#eventsOnChain(fromBlock);
    await this.#ctx.timeline.external(
      "oracle network",
      `${landed.reports} signed reports on chain carrying ${landed.events} of the feed's ${expected} distinct events, each once; signatures checked by the shim in one call per report`,
      landed.gasUsed,
    );
    const carrier = journey.carrier.toLowerCase();
    const journeyEvents = feed.expectedEvents.filter(
      (e) => e.carrier === carrier && e.shipmentRef === journey.blNumber,
    );
    await this.#ctx.timeline.note(
      "CustomsOracle",
      `${journey.blNumber}: ${journeyEvents.map((e) => `${e.eventType} ${e.location}`).join(" -> ")}`,
    );
  }

  /** Reports, events and gas of the reports accepted since `fromBlock`. */
  async #eventsOnChain(fromBlock: number) {
    const { ethers } = this.#ctx.connection;
    const oracle = await ethers.getContractAt(
      "CustomsOracle",
      deployed(this.#ctx, "customsOracle"),
    );
    const logs = await oracle.queryFilter(oracle.filters.CustomsReportAccepted(), fromBlock + 1);
    let events = 0;
    let gasUsed = 0n;
    for (const log of logs) {
      events += Number(log.args.eventCount);
      const receipt = await ethers.provider.getTransactionReceipt(log.transactionHash);
      gasUsed += receipt?.gasUsed ?? 0n;
    }
    return { reports: logs.length, events, gasUsed };
  }

  /** Drain every node (finish the round in flight, flush) and remove their stores. */
  async stop(): Promise<void> {
    await Promise.all(this.#nodes.map((node) => node.drain()));
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
