import { expect } from "chai";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { BearerAuthenticator, hashToken } from "../../../oracle/ingest/auth.ts";
import {
  createIngestHandler,
  createIngestServer,
  isIngestPath,
} from "../../../oracle/ingest/httpApi.ts";
import { IngestPipeline } from "../../../oracle/ingest/pipeline.ts";
import { MetricsRegistry } from "../../../oracle/observability/metrics.ts";
import {
  CLIENTS,
  FIXED_NOW_MS,
  linkMessage,
  tempStore,
  TOKENS,
  type TempStore,
  TEST_CARRIER_DIRECTORY,
} from "./helpers/fixtures.ts";

const event = (messageId: string, location = "CNSHA") =>
  JSON.stringify({
    kind: "customs-event",
    carrier: "MAEU",
    messageId,
    shipmentRef: "MAEU000000001",
    eventType: "Released",
    location,
    occurredAt: "2026-03-01T12:00:00Z",
  });

describe("Ingest HTTP API", function () {
  let store: TempStore;
  let pipeline: IngestPipeline;
  let metrics: MetricsRegistry;
  let server: Server;
  let base: string;

  const post = (
    path: string,
    body: string,
    token: string = TOKENS.caravel,
    type = "application/json",
  ) =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": type, authorization: `Bearer ${token}` },
      body,
    });
  const asOperator = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${TOKENS.operator}`, ...(init.headers ?? {}) },
    });

  beforeEach(async function () {
    store = tempStore("caravel-http-");
    metrics = new MetricsRegistry();
    pipeline = new IngestPipeline({
      db: store.db,
      nowMs: () => FIXED_NOW_MS,
      metrics,
      carriers: TEST_CARRIER_DIRECTORY,
    });
    server = createIngestServer({
      pipeline,
      authenticator: new BearerAuthenticator(CLIENTS),
      maxBodyBytes: 4096,
      metrics,
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await post("/v1/events", linkMessage("26GB00000000000001", "MAEU000000001", "CNSHA"));
  });
  afterEach(async function () {
    await new Promise((resolve) => server.close(resolve));
    store.close();
  });

  it("answers 202 with the stored event keys only after they are in the inbox", async function () {
    const res = await post("/v1/events", event("e1"));
    expect(res.status).to.equal(202);
    const body = (await res.json()) as { accepted: number; eventKeys: `0x${string}`[] };
    expect(body.accepted).to.equal(1);
    expect(pipeline.inbox.has(body.eventKeys[0]!)).to.equal(true);
    expect(pipeline.inbox.get(body.eventKeys[0]!)!.receivedVia).to.equal("http:caravel");
  });

  it("answers a refusal with {error, field, reason, quarantineId} and keeps the message", async function () {
    const res = await post("/v1/events", event("e2", "XX"));
    expect(res.status).to.equal(422);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).to.deep.include({ error: "invalid_locode", field: "body.location" });
    expect(pipeline.quarantine.get(body.quarantineId as number)!.body.toString()).to.equal(
      event("e2", "XX"),
    );
  });

  it("lets an operator list, inspect, fix and replay a quarantined message", async function () {
    const refused = (await (await post("/v1/events", event("e3", "XX"))).json()) as {
      quarantineId: number;
    };
    const id = refused.quarantineId;
    const list = (await (await asOperator("/v1/quarantine")).json()) as {
      total: number;
      entries: { id: number; code: string }[];
    };
    expect(list.total).to.equal(1);
    expect(list.entries.map((e) => [e.id, e.code])).to.deep.equal([[id, "invalid_locode"]]);
    const shown = (await (await asOperator(`/v1/quarantine/${id}`)).json()) as {
      body: { text: string };
      receivedVia: string;
    };
    expect(shown.body.text).to.equal(event("e3", "XX"));
    expect(shown.receivedVia).to.equal("http:caravel");

    const wrongType = await asOperator(`/v1/quarantine/${id}/replay`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: event("e3"),
    });
    expect(wrongType.status).to.equal(415);
    const stillBad = await asOperator(`/v1/quarantine/${id}/replay`, { method: "POST" });
    expect(stillBad.status).to.equal(422);
    expect(await stillBad.json()).to.deep.include({
      status: "quarantined",
      field: "body.location",
    });
    const fixed = await asOperator(`/v1/quarantine/${id}/replay`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: event("e3"),
    });
    expect(fixed.status).to.equal(200);
    expect(await fixed.json()).to.deep.include({ status: "accepted", accepted: 1 });
    expect(pipeline.inbox.findBySourceMessageId("canonical", "e3")).to.not.equal(undefined);
    const again = await asOperator(`/v1/quarantine/${id}/replay`, { method: "POST" });
    expect(again.status).to.equal(409);
    const replayedList = (await (await asOperator("/v1/quarantine?status=replayed")).json()) as {
      entries: { id: number }[];
    };
    expect(replayedList.entries.map((e) => e.id)).to.deep.equal([id]);
  });

  it("keeps the first bytes of an oversize body and closes the connection", async function () {
    const big = event("e4").replace('"Released"', `"Released","pad":"${"p".repeat(5000)}"`);
    const res = await post("/v1/events", big);
    expect(res.status).to.equal(413);
    expect(res.headers.get("connection")).to.equal("close");
    const { quarantineId } = (await res.json()) as { quarantineId: number };
    const entry = pipeline.quarantine.get(quarantineId)!;
    expect(entry.truncated).to.equal(true);
    expect(entry.body.toString()).to.equal(big.slice(0, 4096));
  });

  it("keeps only the first 16 KiB of an unauthenticated body", async function () {
    const roomy = createIngestServer({
      pipeline,
      authenticator: new BearerAuthenticator(CLIENTS),
      maxBodyBytes: 64 * 1024,
    });
    await new Promise<void>((resolve) => roomy.listen(0, "127.0.0.1", resolve));
    try {
      const big = `[${"1,".repeat(20_000)}1]`;
      const res = await fetch(
        `http://127.0.0.1:${(roomy.address() as AddressInfo).port}/v1/events`,
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: big,
        },
      );
      expect(res.status).to.equal(401);
      const { quarantineId } = (await res.json()) as { quarantineId: number };
      const entry = pipeline.quarantine.get(quarantineId)!;
      expect(entry).to.deep.include({
        code: "unauthorized",
        truncated: true,
        bodyBytes: 16 * 1024,
      });
      expect(entry.receivedVia).to.equal("http:unauthenticated");
    } finally {
      await new Promise((resolve) => roomy.close(resolve));
    }
  });

  it("survives a client that disconnects halfway through a body", async function () {
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.write(
          "POST /v1/events HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n" +
            `authorization: Bearer ${TOKENS.caravel}\r\ncontent-length: 1000\r\n\r\n{"kind":`,
        );
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
      socket.on("error", reject);
    });
    const res = await post("/v1/events", event("e5"));
    expect(res.status).to.equal(202);
  });

  it("answers garbage that is not HTTP with 400 and keeps serving", async function () {
    const port = (server.address() as AddressInfo).port;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () =>
        socket.write("\x16\x03\x01 not http\r\n\r\n"),
      );
      let text = "";
      socket.on("data", (d) => (text += d.toString()));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(reply).to.match(/^HTTP\/1\.1 400/);
    expect((await post("/v1/events", event("e6"))).status).to.equal(202);
  });

  it("counts responses by route and status", async function () {
    await post("/v1/events", event("e7"));
    await post("/v1/events", event("e8"), TOKENS.customs);
    const text = metrics.render();
    expect(text).to.include(
      'caravel_ingest_http_responses_total{route="/v1/events",status="202"} 2',
    );
    expect(text).to.include(
      'caravel_ingest_http_responses_total{route="/v1/events",status="403"} 1',
    );
    expect(text).to.include(
      'caravel_ingest_http_request_duration_seconds_count{route="/v1/events"} 3',
    );
  });

  it("tells a host server which paths it serves", function () {
    expect(isIngestPath("/v1/customs/notifications")).to.equal(true);
    expect(isIngestPath("/v1/quarantine/12/replay")).to.equal(true);
    expect(isIngestPath("/v1/consensus/proposal")).to.equal(false);
    expect(isIngestPath("/metrics")).to.equal(false);
  });

  it("refuses a bad body limit and bad client configuration at construction", function () {
    const authenticator = new BearerAuthenticator(CLIENTS);
    expect(() => createIngestHandler({ pipeline, authenticator, maxBodyBytes: 0 })).to.throw(
      RangeError,
    );
    expect(() => new BearerAuthenticator([{ ...CLIENTS[0]!, tokenSha256: "abc" }])).to.throw(
      /SHA-256/,
    );
    expect(() => new BearerAuthenticator([CLIENTS[0]!, CLIENTS[0]!])).to.throw(/used twice/);
    expect(
      () =>
        new BearerAuthenticator([
          CLIENTS[0]!,
          { ...CLIENTS[1]!, tokenSha256: hashToken(TOKENS.customs) },
        ]),
    ).to.throw(/shared/);
  });
});
