import { expect } from "chai";
import { getEventListeners } from "node:events";
import { createServer } from "node:http";
import { carrierDirectory } from "../../../oracle/events/carriers.ts";
import type { AddressInfo } from "node:net";
import { BearerAuthenticator } from "../../../oracle/ingest/auth.ts";
import { createIngestServer } from "../../../oracle/ingest/httpApi.ts";
import { IngestPipeline } from "../../../oracle/ingest/pipeline.ts";
import { createFeedSimulator, lastEventTime } from "../../../oracle/simulator/feedSimulator.ts";
import { sendFeed } from "../../../oracle/simulator/feedSender.ts";
import { sourceDocHashOf } from "../../../oracle/events/customsEvent.ts";
import { CLIENTS, TOKENS, tempStore } from "./helpers/fixtures.ts";

const NOISE = { duplicateRate: 0.1, outOfOrderRate: 0.15, malformedRate: 0.05 };

describe("Feed simulator", function () {
  it("gives the same feed, byte for byte, for the same seed, and another for another seed", function () {
    const a = createFeedSimulator({ shipments: 30, seed: 7, noise: NOISE });
    const b = createFeedSimulator({ shipments: 30, seed: 7, noise: NOISE });
    const c = createFeedSimulator({ shipments: 30, seed: 8, noise: NOISE });
    expect(a.messages.map((m) => m.body)).to.deep.equal(b.messages.map((m) => m.body));
    expect(a.messages.map((m) => m.body)).to.not.deep.equal(c.messages.map((m) => m.body));
  });

  it("runs each shipment through the export → carriage → import lifecycle in time order", function () {
    const feed = createFeedSimulator({ shipments: 40, seed: 1 });
    const byShipment = new Map<string, { type: string; at: number }[]>();
    for (const e of feed.expectedEvents) {
      const list = byShipment.get(e.shipmentRef) ?? [];
      list.push({ type: e.eventType, at: e.occurredAt });
      byShipment.set(e.shipmentRef, list);
    }
    expect(byShipment.size).to.equal(40);
    for (const [bl, events] of byShipment) {
      const types = events.map((e) => e.type).filter((t) => t !== "DeclarationRejected");
      const core = types.filter(
        (t) => !["UnderControl", "DocumentsRequired", "Detained"].includes(t),
      );
      expect(core, bl).to.deep.equal([
        "DeclarationAccepted",
        "Released",
        "GoodsExited",
        "Loaded",
        "Departed",
        "Arrived",
        "Discharged",
        "DeclarationAccepted",
        "Released",
        "Cleared",
      ]);
      const times = events.map((e) => e.at);
      expect(times, bl).to.deep.equal([...times].sort((x, y) => x - y));
    }
  });

  it("delivers in order without noise, and adds duplicates, delays and malformed messages with it", function () {
    const quiet = createFeedSimulator({ shipments: 50, seed: 3 });
    expect(quiet.summary).to.include({ duplicates: 0, delayed: 0, malformed: 0 });
    const noisy = createFeedSimulator({ shipments: 50, seed: 3, noise: NOISE });
    expect(noisy.summary.duplicates).to.be.greaterThan(0);
    expect(noisy.summary.delayed).to.be.greaterThan(0);
    expect(noisy.summary.malformed).to.be.greaterThan(0);
    for (const m of noisy.messages) {
      if (m.kind === "malformed") expect(m.expectedRejection).to.be.a("string");
    }
    const deliverAt = noisy.messages.map((m) => m.deliverAt);
    expect(deliverAt).to.deep.equal([...deliverAt].sort((x, y) => x - y));
  });

  it("runs a named shipment (B/L number, route, start) through the same lifecycle", function () {
    const startsAt = Date.UTC(2026, 2, 13, 9) / 1000;
    const feed = createFeedSimulator({
      shipments: 3,
      seed: "named",
      namedShipments: [
        {
          carrier: { code: "MOLU", address: "0x00000000000000000000000000000000000a11ce" },
          bl: "MOLU2026000512",
          origin: "GBFXT",
          destination: "CNSHA",
          startsAt,
        },
      ],
    });
    const events = feed.expectedEvents.filter((e) => e.shipmentRef === "MOLU2026000512");
    expect(
      events.every((e) => e.carrier === "0x00000000000000000000000000000000000a11ce"),
    ).to.equal(true);
    expect(feed.carriers.MOLU).to.equal("0x00000000000000000000000000000000000a11ce");
    expect(events[0]!.occurredAt).to.be.at.least(startsAt);
    expect(events[0]).to.include({ eventType: "DeclarationAccepted", location: "GBFXT" });
    expect(events.at(-1)).to.include({ eventType: "Cleared", location: "CNSHA" });
    expect(feed.summary.shipments).to.equal(4);
  });

  it("refuses bad options", function () {
    expect(() => createFeedSimulator({ shipments: -1, seed: 1 })).to.throw(RangeError);
    expect(() =>
      createFeedSimulator({ shipments: 1, seed: 1, noise: { duplicateRate: 2 } }),
    ).to.throw(RangeError);
  });

  for (const [name, batch] of [
    ["one message per request", undefined],
    [
      "JSON messages in NDJSON batches, WCO notifications in multipart/mixed batches",
      { maxMessages: 25 },
    ],
  ] as const) {
    it(`lands every expected event in each node's inbox over HTTP, despite the noise, and quarantines exactly the malformed (${name})`, async function () {
      this.timeout(60_000);
      const feed = createFeedSimulator({ shipments: 60, seed: 11, noise: NOISE });
      const nowMs = (lastEventTime(feed) + 3600) * 1000;
      const nodes = [tempStore("caravel-sim-a-"), tempStore("caravel-sim-b-")];
      const pipelines = nodes.map(
        (n) =>
          new IngestPipeline({
            db: n.db,
            nowMs: () => nowMs,
            carriers: carrierDirectory(feed.carriers),
          }),
      );
      const servers = pipelines.map((pipeline) =>
        createIngestServer({ pipeline, authenticator: new BearerAuthenticator(CLIENTS) }),
      );
      try {
        const urls = await Promise.all(
          servers.map(
            (server) =>
              new Promise<string>((resolve) =>
                server.listen(0, "127.0.0.1", () =>
                  resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
                ),
              ),
          ),
        );
        const tokens = {
          "wco-dms": TOKENS.customs,
          "dcsa-tnt": TOKENS.carrier,
          canonical: TOKENS.caravel,
        };
        const reports = await sendFeed(feed, {
          nodes: urls.map((url) => ({ url, tokens })),
          concurrency: 1,
          ...(batch === undefined ? {} : { batch }),
        });
        for (const [i, report] of reports.entries()) {
          expect(report.failed, `node ${i}`).to.equal(0);
          expect(report.sent).to.equal(feed.messages.length);
          if (batch === undefined) expect(report.requests).to.equal(feed.messages.length);
          else expect(report.requests).to.be.lessThan(feed.messages.length / 10);
          // An event's source document hash is its own message's, batched or not.
          for (const message of feed.messages.filter((m) => m.kind === "event")) {
            for (const e of message.events) {
              const stored = pipelines[i]!.inbox.findBySourceMessageId(e.source, e.sourceMessageId);
              expect(stored?.event.sourceDocHash, e.sourceMessageId).to.be.oneOf(
                feed.messages
                  .filter((m) => m.events.some((x) => x.sourceMessageId === e.sourceMessageId))
                  .map((m) => sourceDocHashOf(m.body)),
              );
            }
          }
          const pipeline = pipelines[i]!;
          const missing = feed.expectedEvents.filter(
            (e) => pipeline.inbox.findBySourceMessageId(e.source, e.sourceMessageId) === undefined,
          );
          expect(missing, `node ${i} missing events`).to.deep.equal([]);
          expect(pipeline.inbox.count()).to.equal(feed.expectedEvents.length);
          expect(pipeline.quarantine.count()).to.equal(feed.summary.malformed);
          const stored = pipeline.inbox.findBySourceMessageId(
            feed.expectedEvents[0]!.source,
            feed.expectedEvents[0]!.sourceMessageId,
          )!.event;
          expect(stored).to.deep.include(feed.expectedEvents[0]!);
        }
      } finally {
        await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
        nodes.forEach((n) => n.close());
      }
    });
  }

  it("resends a batch the node failed whole, and counts each message of a batch refused whole as refused", async function () {
    this.timeout(30_000);
    const seen: { type: string; lines: number }[] = [];
    let failedOnce = false;
    const node = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const type = String(req.headers["content-type"]);
        const lines = Buffer.concat(chunks).toString().split("\n").length;
        seen.push({ type, lines });
        if (type !== "application/x-ndjson") {
          res.writeHead(202, { "content-type": "application/json" }).end("{}");
        } else if (!failedOnce) {
          failedOnce = true;
          res.writeHead(503).end();
        } else {
          res.writeHead(413, { "content-type": "application/json" }).end("{}");
        }
      });
    });
    await new Promise<void>((resolve) => node.listen(0, "127.0.0.1", resolve));
    try {
      const feed = createFeedSimulator({ shipments: 3, seed: 9 });
      const url = `http://127.0.0.1:${(node.address() as AddressInfo).port}`;
      const [report] = await sendFeed(feed, {
        nodes: [{ url, tokens: { "wco-dms": "x", "dcsa-tnt": "x", canonical: "x" } }],
        concurrency: 1,
        backoffMs: 1,
        batch: { maxMessages: 1000 },
      });
      const wco = feed.messages.filter((m) => m.format === "wco-dms").length;
      const batched = feed.messages.length - wco;
      expect(report!.sent).to.equal(feed.messages.length);
      expect(report!.accepted).to.equal(wco);
      expect(report!.refused).to.equal(batched);
      expect(report!.statuses["413"]).to.equal(batched);
      // One batch per format (WCO notifications too, as multipart/mixed, since they can be batched).
      expect(report!.requests).to.equal(3);
      const batches = seen.filter((s) => s.type === "application/x-ndjson");
      expect(batches).to.have.length(3); // the first one twice
      expect(batches.reduce((n, b) => n + b.lines, 0) - batches[0]!.lines).to.equal(batched);
    } finally {
      await new Promise((resolve) => node.close(resolve));
    }
  });

  it("sends many messages under one abort signal without piling listeners on it", async function () {
    this.timeout(60_000);
    const answered = createServer((req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(202, { "content-type": "application/json" }).end("{}"));
    });
    await new Promise<void>((resolve) => answered.listen(0, "127.0.0.1", resolve));
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    const abort = new AbortController();
    try {
      const feed = createFeedSimulator({ shipments: 60, seed: 5 });
      const url = `http://127.0.0.1:${(answered.address() as AddressInfo).port}`;
      const reports = await sendFeed(feed, {
        nodes: [
          { url, tokens: { "wco-dms": "x", "dcsa-tnt": "x", canonical: "x" } },
          { url, tokens: { "wco-dms": "x", "dcsa-tnt": "x", canonical: "x" } },
        ],
        concurrency: 4,
        signal: abort.signal,
      });
      expect(reports.map((r) => r.accepted)).to.deep.equal([
        feed.messages.length,
        feed.messages.length,
      ]);
      expect(feed.messages.length).to.be.greaterThan(100);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      expect(warnings.map((w) => `${w.name}: ${w.message}`)).to.deep.equal([]);
      expect(getEventListeners(abort.signal, "abort")).to.have.length(0);
    } finally {
      process.off("warning", onWarning);
      await new Promise((resolve) => answered.close(resolve));
    }
  });

  it("can withhold messages from one node to exercise M-of-N", async function () {
    const feed = createFeedSimulator({ shipments: 5, seed: 2 });
    const seen: number[] = [];
    const reports = await sendFeed(feed, {
      nodes: [
        { url: "http://127.0.0.1:9", tokens: { "wco-dms": "x", "dcsa-tnt": "x", canonical: "x" } },
      ],
      perNodeDropRate: 1,
      onResult: (node) => seen.push(node),
    });
    expect(reports[0]!.dropped).to.equal(feed.messages.length);
    expect(reports[0]!.sent).to.equal(0);
    expect(seen).to.deep.equal([]);
  });
});
