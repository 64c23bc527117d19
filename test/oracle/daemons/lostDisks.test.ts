import { expect } from "chai";
import { rmSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createFeedSimulator } from "../../../oracle/simulator/feedSimulator.ts";
import { sendFeed } from "../../../oracle/simulator/feedSender.ts";
import { startAnvil, type TestChain } from "./helpers/chains.ts";
import {
  onChainMessageId,
  readChain,
  startTestNetwork,
  waitUntilOnChain,
  type TestNetwork,
} from "./helpers/network.ts";

async function admin(
  net: TestNetwork,
  node: number,
  method: "GET" | "POST",
  route: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL(route, net.layout.urls[node]), {
    method,
    headers: { authorization: `Bearer ${net.layout.adminToken}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("Oracle network after most nodes lost their disks (anvil)", function () {
  this.timeout(300_000);
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

  it("stays stalled while three of five nodes keep their signing floors, and resumes once the operator lifts them", async function () {
    const before = createFeedSimulator({ shipments: 2, seed: "before-loss" });
    await sendFeed(before, { nodes: net.feedNodes });
    await waitUntilOnChain(chain.rpcUrl, net.deployed.oracle, before.expectedEvents, 60_000);

    // node-3, node-4 and node-5 lose their disks: killed, their stores deleted, started again.
    for (const i of [2, 3, 4]) {
      await net.nodes[i]!.crash();
      for (const suffix of ["", "-wal", "-shm"]) {
        rmSync(path.join(net.dir, `node-${i + 1}`, `node.sqlite${suffix}`), { force: true });
      }
      net.nodes[i]!.start();
    }
    await Promise.all([2, 3, 4].map((i) => net.nodes[i]!.waitHealthy(60_000)));
    const deadline = Date.now() + 30_000;
    const floors = async () =>
      Promise.all(
        [2, 3, 4].map(
          async (i) => (await admin(net, i, "GET", "/v1/admin/status")).body.signingFloor,
        ),
      );
    while ((await floors()).includes(null) && Date.now() < deadline) await sleep(200);
    expect(await floors()).to.not.include(null);

    const after = createFeedSimulator({ shipments: 2, seed: "after-loss" });
    await sendFeed(after, { nodes: net.feedNodes });
    const stalledAt = (await readChain(chain.rpcUrl, net.deployed.oracle)).lastSequence;
    await sleep(6_000); // four leader turns
    expect((await readChain(chain.rpcUrl, net.deployed.oracle)).lastSequence).to.equal(stalledAt);

    for (const i of [2, 3, 4]) {
      const lifted = await admin(net, i, "POST", "/v1/admin/signing-floor/lift");
      expect(lifted.status).to.equal(200);
      expect((await admin(net, i, "POST", "/v1/admin/signing-floor/lift")).status).to.equal(404);
    }
    const contents = await waitUntilOnChain(
      chain.rpcUrl,
      net.deployed.oracle,
      [...before.expectedEvents, ...after.expectedEvents],
      90_000,
    );
    const missing = after.expectedEvents.filter((e) => !contents.carried.has(onChainMessageId(e)));
    expect(missing).to.deep.equal([]);
    expect([...contents.carried.values()].filter((n) => n > 1)).to.deep.equal([]);
  });
});
