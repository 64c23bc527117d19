import { expect } from "chai";
import { declarationLink, dcsaEvent } from "../../../oracle/simulator/messages.ts";
import { startAnvil, type TestChain } from "./helpers/chains.ts";
import {
  onChainMessageId,
  startTestNetwork,
  waitUntilOnChain,
  type TestNetwork,
} from "./helpers/network.ts";

describe("Oracle network receiving one event framed differently at each node (anvil)", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let net: TestNetwork;

  before(async function () {
    chain = await startAnvil();
    // 3 of 3: an event reaches the chain only if every node keys it alike.
    net = await startTestNetwork({ rpcUrl: chain.rpcUrl, size: 3, threshold: 3 });
  });

  after(async function () {
    await net?.stop();
    await chain?.stop();
  });

  async function post(node: number, path: string, body: string): Promise<number> {
    const response = await fetch(new URL(path, net.layout.urls[node]), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${net.layout.feedToken}`,
      },
      body,
    });
    await response.arrayBuffer();
    return response.status;
  }

  it("puts a DCSA event sent alone to two nodes and in a batch to the third on chain, once", async function () {
    const now = Math.floor(Date.now() / 1000);
    const link = declarationLink({
      messageId: "link-framing-1",
      declarationId: "26GBFRAMING000001",
      carrier: "MAEU",
      shipmentRef: "MAEU260000001",
      procedure: "export",
      location: "NLRTM",
      linkedAt: now - 600,
    });
    const spec = (eventId: string, occurredAt: number) =>
      dcsaEvent({
        eventId,
        eventTypeCode: "EQUIPMENT",
        classifier: "ACT",
        code: "LOAD",
        occurredAt,
        location: "NLRTM",
        carrierCode: "MAEU",
        transportDocumentRef: "MAEU260000001",
        bookingRef: "BKG260000001",
        equipmentRef: "MSKU1234565",
        vessel: { imo: "9321483", name: "EMMA", voyage: "047E" },
      });
    const shared = spec("framing-load-1", now - 300);
    const other = spec("framing-load-2", now - 200);
    for (const node of [0, 1, 2]) expect(await post(node, "/v1/events", link)).to.equal(202);
    expect(await post(0, "/v1/transport-events", JSON.stringify(shared))).to.equal(202);
    expect(await post(1, "/v1/transport-events", JSON.stringify(shared))).to.equal(202);
    expect(await post(2, "/v1/transport-events", JSON.stringify([other, shared]))).to.equal(202);

    const event = { source: "dcsa-tnt" as const, sourceMessageId: "framing-load-1" };
    const contents = await waitUntilOnChain(chain.rpcUrl, net.deployed.oracle, [event], 60_000);
    expect(contents.carried.get(onChainMessageId(event))).to.equal(1);
  });
});
