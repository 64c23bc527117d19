import { expect } from "chai";
import { setTimeout as sleep } from "node:timers/promises";
import { createFeedSimulator } from "../../../oracle/simulator/feedSimulator.ts";
import { sendFeed } from "../../../oracle/simulator/feedSender.ts";
import { startAnvil, type TestChain } from "./helpers/chains.ts";
import {
  onChainMessageId,
  sumMetric,
  startTestNetwork,
  waitUntilOnChain,
  type TestNetwork,
} from "./helpers/network.ts";

describe("Oracle network with a transaction that is not mined (anvil)", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let net: TestNetwork;

  before(async function () {
    chain = await startAnvil();
    net = await startTestNetwork({
      rpcUrl: chain.rpcUrl,
      size: 5,
      threshold: 3,
      chain: { stuckAfterMs: 1_500 },
      // One leader for the whole stall, so the replacement is by the node that sent the original.
      consensus: { leaderTurnMs: 60_000 },
    });
  });

  after(async function () {
    await net?.stop();
    await chain?.stop();
  });

  it("replaces it with the same nonce and higher fees; after a kill -9 of its sender, the report still lands once", async function () {
    const warmup = createFeedSimulator({ shipments: 2, seed: "before-stall" });
    await sendFeed(warmup, { nodes: net.feedNodes });
    await waitUntilOnChain(chain.rpcUrl, net.deployed.oracle, warmup.expectedEvents, 60_000);

    await chain.rpc("evm_setAutomine", [false]);
    const stalled = createFeedSimulator({ shipments: 3, seed: "stalled" });
    await sendFeed(stalled, { nodes: net.feedNodes });
    const deadline = Date.now() + 30_000;
    while (
      Date.now() < deadline &&
      (await sumMetric(net, "caravel_oracle_transactions_replaced_total")) < 1
    ) {
      await sleep(250);
    }
    const pending = await chain.rpc<{ pending: Record<string, Record<string, unknown>> }>(
      "txpool_content",
    );
    const pendingNonces = Object.values(pending.pending).flatMap((byNonce) => Object.keys(byNonce));
    expect(await sumMetric(net, "caravel_oracle_transactions_replaced_total")).to.be.greaterThan(0);
    // A replacement takes the original's place in the pool: one transaction per nonce.
    expect(new Set(pendingNonces).size).to.equal(pendingNonces.length);

    // The leader dies with its transaction still unmined, and comes back on the same store: it
    // finds its write-ahead attempts, reconciles its nonce and re-sends the same bytes.
    const leaderStatus = (await (
      await fetch(new URL("/v1/admin/status", net.layout.urls[0]), {
        headers: { authorization: `Bearer ${net.layout.adminToken}` },
      })
    ).json()) as { leader: string };
    const leader = net.nodes[Number(leaderStatus.leader.split("-")[1]) - 1]!;
    await leader.crash();
    leader.start();
    await leader.waitHealthy();

    await chain.rpc("evm_setAutomine", [true]);
    await chain.rpc("evm_mine");
    const contents = await waitUntilOnChain(
      chain.rpcUrl,
      net.deployed.oracle,
      [...warmup.expectedEvents, ...stalled.expectedEvents],
      60_000,
    );
    const missing = stalled.expectedEvents.filter(
      (e) => !contents.carried.has(onChainMessageId(e)),
    );
    expect(missing).to.deep.equal([]);
    expect([...contents.carried.values()].filter((n) => n > 1)).to.deep.equal([]);
  });
});
