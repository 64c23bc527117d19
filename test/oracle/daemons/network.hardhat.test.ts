import { expect } from "chai";
import { createFeedSimulator } from "../../../oracle/simulator/feedSimulator.ts";
import { sendFeed } from "../../../oracle/simulator/feedSender.ts";
import { startHardhatChain, type TestChain } from "./helpers/chains.ts";
import {
  onChainMessageId,
  startTestNetwork,
  waitUntilOnChain,
  type TestNetwork,
} from "./helpers/network.ts";

describe("Oracle network on Hardhat's in-process chain", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let net: TestNetwork;

  before(async function () {
    chain = await startHardhatChain();
    net = await startTestNetwork({
      rpcUrl: chain.rpcUrl,
      size: 5,
      threshold: 3,
      keep: process.env.KEEP === "1",
    });
  });

  after(async function () {
    await net?.stop();
    if (process.env.KEEP === "1") console.log(net.dir);
    await chain?.stop();
  });

  it("puts every event of a noisy feed on chain, each in exactly one report", async function () {
    const feed = createFeedSimulator({
      shipments: 20,
      seed: "hardhat-integration",
      noise: { duplicateRate: 0.1, outOfOrderRate: 0.1, malformedRate: 0.05 },
    });
    const reports = await sendFeed(feed, { nodes: net.feedNodes, concurrency: 4 });
    for (const r of reports) expect(r.failed).to.equal(0);
    const contents = await waitUntilOnChain(
      chain.rpcUrl,
      net.deployed.oracle,
      feed.expectedEvents,
      120_000,
    );
    const missing = feed.expectedEvents.filter((e) => !contents.carried.has(onChainMessageId(e)));
    expect(missing, "events not on chain").to.deep.equal([]);
    const repeated = [...contents.carried.values()].filter((n) => n > 1);
    expect(repeated, "events carried by more than one report").to.deep.equal([]);
    for (const count of contents.applied.values()) expect(count).to.equal(1);
    expect(contents.reports.map((r) => r.sequence)).to.deep.equal(
      contents.reports.map((_, i) => BigInt(i + 1)),
    );
  });
});
