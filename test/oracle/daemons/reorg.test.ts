import { expect } from "chai";
import { setTimeout as sleep } from "node:timers/promises";
import { createFeedSimulator } from "../../../oracle/simulator/feedSimulator.ts";
import { sendFeed } from "../../../oracle/simulator/feedSender.ts";
import { startAnvil, type TestChain } from "./helpers/chains.ts";
import {
  onChainMessageId,
  sumMetric,
  readChain,
  startTestNetwork,
  waitUntilOnChain,
  type TestNetwork,
} from "./helpers/network.ts";

interface ReportStatus {
  sequence: string;
  status: string;
  txHash: string | null;
  block: string | null;
}

async function reportsOf(net: TestNetwork): Promise<ReportStatus[]> {
  const all: ReportStatus[] = [];
  for (const url of net.layout.urls) {
    const response = await fetch(new URL("/v1/admin/status", url), {
      headers: { authorization: `Bearer ${net.layout.adminToken}` },
    });
    all.push(...((await response.json()) as { recentReports: ReportStatus[] }).recentReports);
  }
  return all;
}

describe("Oracle network through a chain reorganisation (anvil)", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let net: TestNetwork;

  before(async function () {
    chain = await startAnvil();
    net = await startTestNetwork({
      rpcUrl: chain.rpcUrl,
      size: 5,
      threshold: 3,
      chain: { confirmations: 2 },
    });
  });

  after(async function () {
    await net?.stop();
    await chain?.stop();
  });

  it("re-submits a confirmed batch that a reorganisation removed", async function () {
    const first = createFeedSimulator({ shipments: 5, seed: "before-reorg" });
    await sendFeed(first, { nodes: net.feedNodes });
    await waitUntilOnChain(chain.rpcUrl, net.deployed.oracle, first.expectedEvents, 60_000);
    await chain.rpc("anvil_mine", ["0x2"]);
    await sleep(500);
    const settled = await readChain(chain.rpcUrl, net.deployed.oracle);

    const snapshot = await chain.rpc<string>("evm_snapshot");
    const second = createFeedSimulator({ shipments: 5, seed: "reorged-away" });
    await sendFeed(second, { nodes: net.feedNodes });
    const landed = await waitUntilOnChain(
      chain.rpcUrl,
      net.deployed.oracle,
      second.expectedEvents,
      60_000,
    );
    const removedSequences = landed.reports
      .filter((r) => r.sequence > settled.lastSequence)
      .map((r) => r.sequence.toString());
    expect(removedSequences.length).to.be.greaterThan(0);
    // Deep enough to count as confirmed (depth 2), and seen so by the submitting node.
    await chain.rpc("anvil_mine", ["0x3"]);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const confirmed = (await reportsOf(net)).filter(
        (r) => removedSequences.includes(r.sequence) && r.status === "confirmed",
      );
      if (confirmed.length >= removedSequences.length) break;
      await sleep(200);
    }
    const confirmedBefore = (await reportsOf(net)).filter(
      (r) => removedSequences.includes(r.sequence) && r.status === "confirmed",
    );
    expect(confirmedBefore.length).to.be.greaterThanOrEqual(removedSequences.length);

    // The reorganisation: back to before the batch, as if those blocks never existed.
    expect(await chain.rpc<boolean>("evm_revert", [snapshot])).to.equal(true);
    const reverted = await readChain(chain.rpcUrl, net.deployed.oracle);
    expect(reverted.lastSequence).to.equal(settled.lastSequence);

    const after = await waitUntilOnChain(
      chain.rpcUrl,
      net.deployed.oracle,
      [...first.expectedEvents, ...second.expectedEvents],
      60_000,
    );
    const missing = second.expectedEvents.filter((e) => !after.carried.has(onChainMessageId(e)));
    expect(missing, "events of the removed batch").to.deep.equal([]);
    expect([...after.carried.values()].filter((n) => n > 1)).to.deep.equal([]);
    for (const count of after.applied.values()) expect(count).to.equal(1);
    // The same signed reports were re-submitted for the same sequences.
    const digestsBefore = landed.reports
      .filter((r) => removedSequences.includes(r.sequence.toString()))
      .map((r) => [r.sequence, r.digest]);
    const digestsAfter = after.reports
      .filter((r) => removedSequences.includes(r.sequence.toString()))
      .map((r) => [r.sequence, r.digest]);
    expect(digestsAfter).to.deep.equal(digestsBefore);
    expect(await sumMetric(net, "caravel_oracle_reports_reorged_total")).to.be.greaterThan(0);
    expect(await sumMetric(net, "caravel_oracle_chain_reorgs_total")).to.be.greaterThan(0);
  });
});
