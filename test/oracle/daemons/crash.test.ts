import { expect } from "chai";
import { setTimeout as sleep } from "node:timers/promises";
import { createFeedSimulator } from "../../../oracle/simulator/feedSimulator.ts";
import { sendFeed, type NodeSendReport } from "../../../oracle/simulator/feedSender.ts";
import { createRandom } from "../../../oracle/simulator/random.ts";
import { startAnvil, type TestChain } from "./helpers/chains.ts";
import {
  onChainMessageId,
  startTestNetwork,
  waitUntilOnChain,
  type TestNetwork,
} from "./helpers/network.ts";

/** The node that leads the next sequence, as a live node sees it (undefined if none answers). */
async function currentLeader(net: TestNetwork): Promise<number | undefined> {
  for (const node of net.nodes) {
    if (!node.running) continue;
    try {
      const response = await fetch(new URL("/v1/admin/status", node.url), {
        headers: { authorization: `Bearer ${net.layout.adminToken}` },
        signal: AbortSignal.timeout(1_000),
      });
      const status = (await response.json()) as { leader: string };
      return Number(status.leader.split("-")[1]) - 1;
    } catch {
      // try the next node
    }
  }
  return undefined;
}

describe("Oracle network under kill -9", function () {
  this.timeout(600_000);
  let chain: TestChain;
  let net: TestNetwork;

  before(async function () {
    chain = await startAnvil();
    net = await startTestNetwork({
      rpcUrl: chain.rpcUrl,
      size: 5,
      threshold: 3,
      consensus: { leaderTurnMs: 1_500 },
    });
  });

  after(async function () {
    await net?.stop();
    await chain?.stop();
  });

  it("puts every accepted event on chain exactly once while nodes and leaders are killed 24 times", async function () {
    const feed = createFeedSimulator({
      shipments: 200,
      seed: "crash-test",
      noise: { duplicateRate: 0.05, outOfOrderRate: 0.05, malformedRate: 0.01 },
    });
    expect(feed.expectedEvents.length).to.be.greaterThanOrEqual(2_000);

    // The feed flows in slices over about a minute, while the killer runs.
    const slices = 40;
    const perSlice = Math.ceil(feed.messages.length / slices);
    const sendReports: NodeSendReport[][] = [];
    const feeding = (async () => {
      for (let i = 0; i < slices; i++) {
        const slice = feed.messages.slice(i * perSlice, (i + 1) * perSlice);
        sendReports.push(
          await sendFeed(slice, { nodes: net.feedNodes, concurrency: 4, attempts: 10 }),
        );
        await sleep(1_000);
      }
    })();

    const random = createRandom("crash-schedule");
    const kills: { node: number; leader: boolean; downMs: number }[] = [];
    for (let k = 0; k < 24; k++) {
      await sleep(random.int(300, 1_500));
      const leader = k % 2 === 1;
      const target = leader ? await currentLeader(net) : random.int(0, 4);
      if (target === undefined || !net.nodes[target]!.running) continue;
      const downMs = random.int(100, 1_500);
      await net.nodes[target]!.crash();
      kills.push({ node: target, leader, downMs });
      await sleep(downMs);
      net.nodes[target]!.start();
      await net.nodes[target]!.waitHealthy(60_000);
    }
    await feeding;
    expect(kills.length).to.be.greaterThanOrEqual(20);
    expect(kills.filter((k) => k.leader).length).to.be.greaterThanOrEqual(8);

    // Every message reached at least the threshold of nodes (the sender retried through restarts).
    const refusedByAll = sendReports.flat().reduce((n, r) => n + r.failed, 0);
    expect(refusedByAll, "messages the sender gave up on").to.equal(0);

    const contents = await waitUntilOnChain(
      chain.rpcUrl,
      net.deployed.oracle,
      feed.expectedEvents,
      180_000,
    );
    const missing = feed.expectedEvents.filter((e) => !contents.carried.has(onChainMessageId(e)));
    expect(missing.length, "accepted events missing on chain").to.equal(0);
    const carriedTwice = [...contents.carried.entries()].filter(([, n]) => n > 1);
    if (carriedTwice.length > 0) {
      for (const [id] of carriedTwice.slice(0, 5)) {
        const where = contents.reports.filter((r) => r.events.includes(id));
        console.log(
          id,
          where.map((r) => ({ seq: r.sequence, from: r.from, tx: r.txHash, n: r.events.length })),
        );
      }
    }
    expect(carriedTwice, "events carried by two reports").to.deep.equal([]);
    for (const [id, count] of contents.applied) expect(count, id).to.equal(1);
    expect(contents.reports.map((r) => r.sequence)).to.deep.equal(
      contents.reports.map((_, i) => BigInt(i + 1)),
    );

    // No node ever signed two reports for one sequence.
    for (const node of net.nodes) {
      const response = await fetch(new URL("/v1/admin/equivocations", node.url), {
        headers: { authorization: `Bearer ${net.layout.adminToken}` },
      });
      expect(((await response.json()) as { equivocations: unknown[] }).equivocations).to.deep.equal(
        [],
      );
    }
    console.log(
      `      ${feed.expectedEvents.length} events, ${contents.reports.length} reports, ${kills.length} kills (${kills.filter((k) => k.leader).length} of the leader)`,
    );
  });
});
