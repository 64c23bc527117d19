import { expect } from "chai";
import { setTimeout as sleep } from "node:timers/promises";
import { createPublicClient, http } from "viem";
import { customsOracleAbi } from "../../../oracle/chain/oracleAbi.ts";
import { createFeedSimulator } from "../../../oracle/simulator/feedSimulator.ts";
import { sendFeed } from "../../../oracle/simulator/feedSender.ts";
import { startHardhatChain, type TestChain } from "./helpers/chains.ts";
import {
  onChainMessageId,
  startTestNetwork,
  waitUntilOnChain,
  type TestNetwork,
} from "./helpers/network.ts";
import { startTcpProxy, type TcpProxy } from "./helpers/tcpProxy.ts";

const OUTAGE_MS = 30_000;
const RESUME_LIMIT_MS = 5_000;

describe("Oracle network through an RPC outage", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let proxy: TcpProxy;
  let net: TestNetwork;

  before(async function () {
    chain = await startHardhatChain();
    proxy = await startTcpProxy(new URL(chain.rpcUrl));
    net = await startTestNetwork({
      rpcUrl: chain.rpcUrl,
      nodeRpcUrl: proxy.url,
      size: 5,
      threshold: 3,
      chain: { rpcTimeoutMs: 2_000, retryMaxDelayMs: 1_000 },
    });
  });

  after(async function () {
    await net?.stop();
    await proxy?.close();
    await chain?.stop();
  });

  it(`loses nothing while the RPC endpoint is gone for ${OUTAGE_MS / 1000} s and resumes within ${RESUME_LIMIT_MS / 1000} s of its return`, async function () {
    const client = createPublicClient({ transport: http(chain.rpcUrl) });
    const lastSequence = () =>
      client.readContract({
        address: net.deployed.oracle,
        abi: customsOracleAbi,
        functionName: "lastSequence",
      });
    const before = createFeedSimulator({ shipments: 10, seed: "before-outage" });
    await sendFeed(before, { nodes: net.feedNodes });
    await waitUntilOnChain(chain.rpcUrl, net.deployed.oracle, before.expectedEvents, 60_000);

    await proxy.down();
    const atOutage = await lastSequence();
    const during = createFeedSimulator({ shipments: 10, seed: "during-outage" });
    const sent = await sendFeed(during, { nodes: net.feedNodes });
    for (const r of sent) expect(r.failed, "the ingest API keeps accepting").to.equal(0);
    await sleep(OUTAGE_MS);
    expect(await lastSequence(), "nothing reaches the chain during the outage").to.equal(atOutage);
    const health = (await (await fetch(new URL("/healthz", net.layout.urls[0]))).json()) as {
      chain: string;
    };
    expect(health.chain).to.equal("unreachable");

    await proxy.up();
    const returned = Date.now();
    let resumedAfterMs = Number.POSITIVE_INFINITY;
    while (Date.now() - returned < 30_000) {
      if ((await lastSequence()) > atOutage) {
        resumedAfterMs = Date.now() - returned;
        break;
      }
      await sleep(50);
    }
    console.log(`      flow resumed ${resumedAfterMs} ms after the endpoint returned`);
    expect(resumedAfterMs).to.be.at.most(RESUME_LIMIT_MS);

    const contents = await waitUntilOnChain(
      chain.rpcUrl,
      net.deployed.oracle,
      [...before.expectedEvents, ...during.expectedEvents],
      60_000,
    );
    const missing = during.expectedEvents.filter((e) => !contents.carried.has(onChainMessageId(e)));
    expect(missing).to.deep.equal([]);
    expect([...contents.carried.values()].filter((n) => n > 1)).to.deep.equal([]);
  });
});
