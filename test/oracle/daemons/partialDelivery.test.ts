import { expect } from "chai";
import { createFeedSimulator } from "../../../oracle/simulator/feedSimulator.ts";
import { sendFeed } from "../../../oracle/simulator/feedSender.ts";
import { startAnvil, type TestChain } from "./helpers/chains.ts";
import {
  onChainMessageId,
  startTestNetwork,
  waitUntilOnChain,
  type TestNetwork,
} from "./helpers/network.ts";

describe("Oracle network fed with messages each node lost some of (anvil)", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let net: TestNetwork;

  before(async function () {
    chain = await startAnvil();
    net = await startTestNetwork({ rpcUrl: chain.rpcUrl, size: 5, threshold: 3 });
  });

  after(async function () {
    await net?.stop();
    await chain?.stop();
  });

  it("puts on chain, once, every event at least three of five nodes accepted, though no three accepted them all", async function () {
    const feed = createFeedSimulator({ shipments: 12, seed: "partial-delivery" });
    // The declaration links reach every node; every other message misses each node 10% of the time.
    await sendFeed(
      feed.messages.filter((m) => m.kind === "link"),
      { nodes: net.feedNodes },
    );
    const holders = new Map<string, Set<number>>();
    await sendFeed(
      feed.messages.filter((m) => m.kind !== "link"),
      {
        nodes: net.feedNodes,
        perNodeDropRate: 0.1,
        seed: "partial-delivery",
        onResult: (node, message, status) => {
          if (typeof status !== "number" || status >= 300) return;
          for (const e of message.events) {
            const id = `${e.source}:${e.sourceMessageId}`;
            holders.set(id, (holders.get(id) ?? new Set()).add(node));
          }
        },
      },
    );
    const reachable = feed.expectedEvents.filter(
      (e) => (holders.get(`${e.source}:${e.sourceMessageId}`)?.size ?? 0) >= 3,
    );
    const heldByAll = [0, 1, 2, 3, 4].filter((node) =>
      feed.expectedEvents.every((e) => holders.get(`${e.source}:${e.sourceMessageId}`)?.has(node)),
    );
    expect(heldByAll).to.deep.equal([]); // no node, let alone three, holds every event
    expect(reachable.length).to.be.greaterThan(feed.expectedEvents.length * 0.8);

    const contents = await waitUntilOnChain(chain.rpcUrl, net.deployed.oracle, reachable, 120_000);
    const missing = reachable.filter((e) => !contents.carried.has(onChainMessageId(e)));
    expect(missing).to.deep.equal([]);
    expect([...contents.carried.values()].filter((n) => n > 1)).to.deep.equal([]);
  });
});
