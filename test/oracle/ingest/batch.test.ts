import { expect } from "chai";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { BearerAuthenticator } from "../../../oracle/ingest/auth.ts";
import { MAX_BATCH_MESSAGES, splitBatch } from "../../../oracle/ingest/batch.ts";
import { createIngestServer } from "../../../oracle/ingest/httpApi.ts";
import { IngestPipeline } from "../../../oracle/ingest/pipeline.ts";
import { IngestRejection } from "../../../oracle/ingest/rejection.ts";
import { sourceDocHashOf } from "../../../oracle/events/customsEvent.ts";
import { openDatabase } from "../../../oracle/store/database.ts";
import {
  CLIENTS,
  FIXED_NOW_MS,
  linkMessage,
  tempStore,
  TOKENS,
  type TempStore,
  TEST_CARRIER_DIRECTORY,
} from "./helpers/fixtures.ts";

const event = (messageId: string, location = "CNSHA", shipmentRef = "MAEU000000001") =>
  JSON.stringify({
    kind: "customs-event",
    carrier: "MAEU",
    messageId,
    shipmentRef,
    eventType: "Released",
    location,
    occurredAt: "2026-03-01T12:00:00Z",
  });

interface BatchAnswer {
  messages: number;
  accepted: number;
  refused: number;
  results: ({ line: number; status: number } & Record<string, unknown>)[];
}

describe("Ingest HTTP API: NDJSON batches", function () {
  let store: TempStore;
  let pipeline: IngestPipeline;
  let server: Server;
  let base: string;

  const post = (path: string, body: string, type = "application/x-ndjson") =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": type, authorization: `Bearer ${TOKENS.caravel}` },
      body,
    });

  beforeEach(async function () {
    store = tempStore("caravel-batch-");
    pipeline = new IngestPipeline({
      db: store.db,
      nowMs: () => FIXED_NOW_MS,
      carriers: TEST_CARRIER_DIRECTORY,
    });
    server = createIngestServer({
      pipeline,
      authenticator: new BearerAuthenticator(CLIENTS),
      maxBodyBytes: 8192,
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async function () {
    await new Promise((resolve) => server.close(resolve));
    store.close();
  });

  it("keeps every other message of a batch when one line is malformed, and quarantines that line alone", async function () {
    const lines = [
      linkMessage("26GB00000000000001", "MAEU000000001", "CNSHA"),
      event("b1"),
      event("b2", "XX"), // not a UN/LOCODE
      event("b3"),
    ];
    const res = await post("/v1/events", lines.join("\n"));
    expect(res.status).to.equal(200);
    const answer = (await res.json()) as BatchAnswer;
    expect(answer).to.deep.include({ messages: 4, accepted: 3, refused: 1 });
    expect(answer.results.map((r) => [r.line, r.status])).to.deep.equal([
      [1, 202],
      [2, 202],
      [3, 422],
      [4, 202],
    ]);
    expect(answer.results[0]).to.deep.include({ linked: 1, accepted: 0 });
    expect(answer.results[2]).to.deep.include({
      error: "invalid_locode",
      field: "body.location",
    });
    const entry = pipeline.quarantine.get(answer.results[2]!.quarantineId as number)!;
    expect(entry.body.toString()).to.equal(lines[2]); // its own bytes, not the batch's
    expect(entry.contentType).to.equal("application/json");
    expect(pipeline.quarantine.count()).to.equal(1);
    expect(pipeline.inbox.count()).to.equal(2);
    for (const id of ["b1", "b3"]) {
      const stored = pipeline.inbox.findBySourceMessageId("canonical", id)!;
      expect(stored.event.sourceDocHash).to.equal(sourceDocHashOf(event(id)));
    }
  });

  it("accepts an event whose declaration link comes on an earlier line of the same batch", async function () {
    const res = await post(
      "/v1/events",
      [
        linkMessage("26GB00000000000009", "MAEU000000009", "CNSHA"),
        event("c1", "CNSHA", "MAEU000000009"),
      ].join("\n"),
    );
    const answer = (await res.json()) as BatchAnswer;
    expect(answer.results.map((r) => r.status)).to.deep.equal([202, 202]);
    expect(answer.results[1]).to.deep.include({ accepted: 1, duplicate: 0 });
    expect(pipeline.quarantine.count()).to.equal(0);
  });

  it("reports a message sent twice in one batch as a duplicate the second time", async function () {
    const link = linkMessage("26GB00000000000001", "MAEU000000001", "CNSHA");
    const res = await post("/v1/events", [link, event("d1"), event("d1")].join("\n"));
    const answer = (await res.json()) as BatchAnswer;
    expect(answer.results.map((r) => r.status)).to.deep.equal([202, 202, 202]);
    expect(answer.results[1]).to.deep.include({ accepted: 1, duplicate: 0 });
    expect(answer.results[2]).to.deep.include({ accepted: 0, duplicate: 1 });
    expect(answer.results[2]!.eventKeys).to.deep.equal(answer.results[1]!.eventKeys);
    expect(pipeline.inbox.count()).to.equal(1);
  });

  it("treats a message the same whether it came in a batch or alone: sent alone again it is a duplicate", async function () {
    await post(
      "/v1/events",
      [linkMessage("26GB00000000000001", "MAEU000000001", "CNSHA"), event("e1")].join("\n"),
    );
    const alone = await post("/v1/events", event("e1"), "application/json");
    expect(alone.status).to.equal(202);
    expect(await alone.json()).to.deep.include({ accepted: 0, duplicate: 1 });
  });

  it("numbers results by line, skipping blank lines and dropping a CR before the newline", async function () {
    const body = `${linkMessage("26GB00000000000001", "MAEU000000001", "CNSHA")}\r\n\n   \n${event("f1")}\r\n`;
    const answer = (await (await post("/v1/events", body)).json()) as BatchAnswer;
    expect(answer.results.map((r) => [r.line, r.status])).to.deep.equal([
      [1, 202],
      [4, 202],
    ]);
  });

  it(`refuses a batch of more than ${MAX_BATCH_MESSAGES} messages whole, naming body, and keeps it in quarantine`, async function () {
    const body = Array.from({ length: MAX_BATCH_MESSAGES + 1 }, () => "{}").join("\n");
    const res = await post("/v1/events", body);
    expect(res.status).to.equal(422);
    const answer = (await res.json()) as Record<string, unknown>;
    expect(answer).to.deep.include({ error: "invalid_field", field: "body" });
    expect(answer.reason).to.match(/at most 1000 per batch/);
    expect(pipeline.quarantine.get(answer.quarantineId as number)!.body.toString()).to.equal(body);
    expect(pipeline.inbox.count()).to.equal(0);
  });

  it("refuses a batch larger than the body limit whole (413, naming body)", async function () {
    const body = Array.from({ length: 60 }, (_, i) => event(`g${i}`)).join("\n");
    expect(body.length).to.be.greaterThan(8192);
    const res = await post("/v1/events", body);
    expect(res.status).to.equal(413);
    expect(await res.json()).to.deep.include({ error: "payload_too_large", field: "body" });
    expect(pipeline.inbox.count()).to.equal(0);
  });

  it("refuses a batch without a valid token whole, storing none of its messages", async function () {
    const body = [event("u1"), event("u2")].join("\n");
    for (const authorization of [undefined, "Bearer not-a-client-token"]) {
      const res = await fetch(`${base}/v1/events`, {
        method: "POST",
        headers: {
          "content-type": "application/x-ndjson",
          ...(authorization === undefined ? {} : { authorization }),
        },
        body,
      });
      expect(res.status, String(authorization)).to.equal(401);
    }
    expect(pipeline.inbox.count()).to.equal(0);
  });

  it("refuses a batch with no message, naming body", async function () {
    const res = await post("/v1/events", "\n \n");
    expect(res.status).to.equal(422);
    expect(await res.json()).to.deep.include({ error: "invalid_field", field: "body" });
  });

  it("keeps the first two messages of a batch whose third fails when stored, and names the third", async function () {
    await post("/v1/events", linkMessage("26GB00000000000001", "MAEU000000001", "CNSHA"));
    await post("/v1/events", event("h1"), "application/json");
    // Line 3 reuses h1's message id with another location: it passes validation and is refused
    // by the inbox, inside the batch's one transaction.
    const lines = [event("h2"), event("h3"), event("h1", "DEHAM"), event("h4")];
    const answer = (await (await post("/v1/events", lines.join("\n"))).json()) as BatchAnswer;
    expect(answer).to.deep.include({ messages: 4, accepted: 3, refused: 1 });
    expect(answer.results.map((r) => [r.line, r.status])).to.deep.equal([
      [1, 202],
      [2, 202],
      [3, 409],
      [4, 202],
    ]);
    expect(answer.results[2]).to.deep.include({
      error: "conflicting_duplicate",
      field: "body.messageId",
    });
    expect(
      pipeline.quarantine.get(answer.results[2]!.quarantineId as number)!.body.toString(),
    ).to.equal(lines[2]);
    for (const id of ["h2", "h3", "h4"]) {
      expect(pipeline.inbox.findBySourceMessageId("canonical", id), id).to.not.equal(undefined);
    }
    expect(pipeline.inbox.findBySourceMessageId("canonical", "h1")!.event.location).to.equal(
      "CNSHA",
    );
  });

  it("finds every message a batch acknowledged after the store is closed and opened again", async function () {
    const lines = [
      linkMessage("26GB00000000000002", "MAEU000000002", "CNSHA"),
      ...Array.from({ length: 30 }, (_, i) => event(`r${i}`, "CNSHA", "MAEU000000002")),
      event("r-bad", "XX", "MAEU000000002"),
    ];
    const answer = (await (await post("/v1/events", lines.join("\n"))).json()) as BatchAnswer;
    expect(answer).to.deep.include({ accepted: 31, refused: 1 });
    await new Promise((resolve) => server.close(resolve));
    store.db.close(); // the node stops; what it answered 200/202 for must be on disk
    server.listen(0); // afterEach closes the server again
    const reopened = openDatabase(store.dbPath);
    try {
      const after = new IngestPipeline({
        db: reopened,
        nowMs: () => FIXED_NOW_MS,
        carriers: TEST_CARRIER_DIRECTORY,
      });
      expect(after.inbox.count()).to.equal(30);
      expect(after.links.find("26GB00000000000002")?.shipmentRef).to.equal("MAEU000000002");
      answer.results.slice(1, 31).forEach((result, i) => {
        const [key] = result.eventKeys as `0x${string}`[];
        const stored = after.inbox.get(key!);
        expect(stored?.event.sourceMessageId).to.equal(`r${i}`);
        expect(stored?.event.sourceDocHash).to.equal(sourceDocHashOf(lines[i + 1]!));
      });
      const refused = after.quarantine.get(answer.results[31]!.quarantineId as number)!;
      expect(refused.body.toString()).to.equal(lines[31]);
    } finally {
      reopened.close();
    }
  });

  it("takes no NDJSON on the WCO route: XML notifications are batched as multipart/mixed", async function () {
    const res = await fetch(`${base}/v1/customs/notifications`, {
      method: "POST",
      headers: {
        "content-type": "application/x-ndjson",
        authorization: `Bearer ${TOKENS.customs}`,
      },
      body: "<a/>\n<b/>",
    });
    expect(res.status).to.equal(415);
    expect(await res.json()).to.deep.include({ field: "content-type" });
  });

  it("splits lines without copying a malformed line's neighbours into it", function () {
    const lines = splitBatch(Buffer.from('{"a":1}\n{"b":\n\n{"c":3}'));
    expect(lines.map((l) => [l.line, l.body.toString()])).to.deep.equal([
      [1, '{"a":1}'],
      [2, '{"b":'],
      [4, '{"c":3}'],
    ]);
    expect(() => splitBatch(Buffer.from("{}\n{}\n{}"), 2))
      .to.throw(IngestRejection)
      .with.property("field", "body");
  });
});
