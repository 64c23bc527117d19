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
import { IngestRejection } from "../../../oracle/ingest/rejection.ts";
import { createLogger } from "../../../oracle/observability/logger.ts";
import { MetricsRegistry } from "../../../oracle/observability/metrics.ts";
import {
  CLIENTS,
  FIXED_NOW_MS,
  linkMessage,
  tempStore,
  TOKENS,
  type TempStore,
  TEST_CARRIER_DIRECTORY,
  TEST_CARRIERS,
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

  it("stores nothing of a request without a valid token, and counts it by reason", async function () {
    const lines: Record<string, unknown>[] = [];
    const logged = createIngestServer({
      pipeline,
      authenticator: new BearerAuthenticator(CLIENTS),
      maxBodyBytes: 64 * 1024,
      metrics,
      logger: createLogger({
        name: "test",
        level: "debug",
        write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
      }),
    });
    await new Promise<void>((resolve) => logged.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(logged.address() as AddressInfo).port}/v1/events`;
    const send = (authorization: string | undefined, body: string) =>
      fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(authorization === undefined ? {} : { authorization }),
        },
        body,
      });
    try {
      const before = pipeline.quarantine.list({ status: "all" }).length;
      const big = `[${"1,".repeat(20_000)}1]`;
      const answers = [
        await send(undefined, big),
        await send("Basic dXNlcjpwYXNz", event("u1")),
        await send("Bearer not-the-right-token-at-all-0000", event("u2")),
      ];
      for (let i = 0; i < 100; i++) await send(undefined, event(`flood-${i}`));
      for (const res of answers) {
        expect(res.status).to.equal(401);
        expect(res.headers.get("www-authenticate")).to.equal('Bearer realm="caravel"');
        const body = (await res.json()) as Record<string, unknown>;
        expect(body).to.include({ error: "unauthorized", field: "authorization" });
        expect(body.quarantineId).to.equal(undefined);
      }
      expect(pipeline.quarantine.list({ status: "all" }).length).to.equal(before);
      const text = metrics.render();
      expect(text).to.include(
        'caravel_ingest_auth_refused_total{route="/v1/events",reason="missing-token"} 101',
      );
      expect(text).to.include(
        'caravel_ingest_auth_refused_total{route="/v1/events",reason="malformed-token"} 1',
      );
      expect(text).to.include(
        'caravel_ingest_auth_refused_total{route="/v1/events",reason="unknown-token"} 1',
      );
      const warnings = lines.filter((l) => l.level === "warn");
      expect(warnings, "one line per minute at most, however many requests").to.have.length(1);
      expect(warnings[0]).to.include({ route: "/v1/events", reason: "missing-token" });
    } finally {
      await new Promise((resolve) => logged.close(resolve));
    }
  });

  it("keeps a known client's message sent to a route outside its scopes, naming the client", async function () {
    const res = await post("/v1/events", event("f1"), TOKENS.customs);
    expect(res.status).to.equal(403);
    const { quarantineId } = (await res.json()) as { quarantineId: number };
    expect(pipeline.quarantine.get(quarantineId)).to.deep.include({
      code: "forbidden",
      receivedVia: "http:hmrc-cds",
    });
    expect(metrics.render()).to.include(
      'caravel_ingest_auth_refused_total{route="/v1/events",reason="missing-scope"} 1',
    );
  });

  it("replays a message refused for its sender only when the operator overrides, and logs it", async function () {
    const lines: Record<string, unknown>[] = [];
    const logged = createIngestServer({
      pipeline,
      authenticator: new BearerAuthenticator(CLIENTS),
      logger: createLogger({
        name: "test",
        write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
      }),
    });
    await new Promise<void>((resolve) => logged.listen(0, "127.0.0.1", resolve));
    const at = `http://127.0.0.1:${(logged.address() as AddressInfo).port}`;
    const replay = (id: number, query = "") =>
      fetch(`${at}/v1/quarantine/${id}/replay${query}`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKENS.operator}` },
      });
    try {
      const forbidden = (await (await post("/v1/events", event("r1"), TOKENS.customs)).json()) as {
        quarantineId: number;
      };
      // What a node before this change kept of a request without a token.
      const unauthorized = pipeline.reject(
        "canonical",
        { body: event("r2"), contentType: "application/json", receivedVia: "http:unauthenticated" },
        new IngestRejection("unauthorized", "authorization", "a bearer token is required"),
      );
      for (const id of [forbidden.quarantineId, unauthorized]) {
        const refused = await replay(id);
        expect(refused.status).to.equal(409);
        const body = (await refused.json()) as { error: string; field: string; reason: string };
        expect(body).to.include({ error: "unauthenticated_entry", field: "override" });
        expect(body.reason).to.match(/override=authentication/);
        expect(pipeline.quarantine.get(id)!.status).to.equal("quarantined");
      }
      expect(pipeline.inbox.findBySourceMessageId("canonical", "r1")).to.equal(undefined);
      expect(pipeline.inbox.findBySourceMessageId("canonical", "r2")).to.equal(undefined);

      const typo = await replay(unauthorized, "?override=auth");
      expect(typo.status).to.equal(422);
      expect(await typo.json()).to.include({ error: "invalid_field", field: "override" });

      for (const id of [forbidden.quarantineId, unauthorized]) {
        const vouched = await replay(id, "?override=authentication");
        expect(vouched.status).to.equal(200);
        expect(await vouched.json()).to.deep.include({ status: "accepted", accepted: 1 });
      }
      expect(pipeline.inbox.findBySourceMessageId("canonical", "r2")).to.not.equal(undefined);
      const overrides = lines.filter((l) => /refused for its sender/.test(String(l.msg)));
      expect(overrides.map((l) => [l.level, l.quarantineId, l.operator, l.code])).to.deep.equal([
        ["warn", forbidden.quarantineId, "ops", "forbidden"],
        ["warn", unauthorized, "ops", "unauthorized"],
      ]);
    } finally {
      await new Promise((resolve) => logged.close(resolve));
    }
  });

  it("does not let a refusal for the sender change why a kept message waits", async function () {
    const early = event("w1").replace("MAEU000000001", "MAEU000000777");
    const first = (await (await post("/v1/events", early)).json()) as { quarantineId: number };
    expect(pipeline.quarantine.get(first.quarantineId)!.code).to.equal("unknown_shipment");
    const again = (await (await post("/v1/events", early, TOKENS.customs)).json()) as {
      quarantineId: number;
    };
    expect(again.quarantineId).to.equal(first.quarantineId);
    expect(pipeline.quarantine.get(first.quarantineId)).to.deep.include({
      code: "unknown_shipment",
      awaitingRef: `${TEST_CARRIERS.MAEU}/MAEU000000777`,
      attempts: 2,
    });
    const linked = await post(
      "/v1/events",
      linkMessage("26GB00000000000777", "MAEU000000777", "CNSHA"),
    );
    expect(await linked.json()).to.include({ linked: 1, replayed: 1 });
  });

  it("answers the quarantine routes' numbers at their edges", async function () {
    const status = async (path: string) => {
      const res = await asOperator(path);
      const body = (await res.json()) as { field?: string };
      return [res.status, body.field ?? null];
    };
    expect(await status("/v1/quarantine?limit=0")).to.deep.equal([200, null]);
    expect(await status("/v1/quarantine?limit=1000")).to.deep.equal([200, null]);
    expect(await status("/v1/quarantine?limit=1001")).to.deep.equal([422, "limit"]);
    expect(await status("/v1/quarantine?limit=-1")).to.deep.equal([422, "limit"]);
    expect(await status("/v1/quarantine?offset=1000000000")).to.deep.equal([200, null]);
    expect(await status("/v1/quarantine?offset=1000000001")).to.deep.equal([422, "offset"]);
    expect(await status("/v1/quarantine?offset=99999999999999999999")).to.deep.equal([
      422,
      "offset",
    ]);
    expect(await status("/v1/quarantine/0")).to.deep.equal([422, "id"]);
    expect(await status("/v1/quarantine/1")).to.deep.equal([404, "id"]);
    expect(await status("/v1/quarantine/9007199254740991")).to.deep.equal([404, "id"]);
    expect(await status("/v1/quarantine/9007199254740992")).to.deep.equal([422, "id"]);
    expect(await status("/v1/quarantine/99999999999999999999")).to.deep.equal([422, "id"]);
    const replay = await asOperator("/v1/quarantine/99999999999999999999/replay", {
      method: "POST",
    });
    expect(replay.status).to.equal(422);
    expect(await replay.json()).to.include({ error: "invalid_field", field: "id" });
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

  it("cuts off a client that sends its headers slowly, with the node's limits (408)", async function () {
    const strict = createIngestServer({
      pipeline,
      authenticator: new BearerAuthenticator(CLIENTS),
      limits: { headersTimeoutMs: 200, requestTimeoutMs: 400 },
    });
    await new Promise<void>((resolve) => strict.listen(0, "127.0.0.1", resolve));
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect((strict.address() as AddressInfo).port, "127.0.0.1", () => {
          socket.write("POST /v1/events HTTP/1.1\r\nhost: x\r\n");
          const trickle = setInterval(() => socket.write("x-slow: 1\r\n"), 50);
          socket.on("close", () => clearInterval(trickle));
        });
        let text = "";
        socket.on("data", (d: Buffer) => (text += d.toString()));
        socket.on("close", () => resolve(text));
        socket.on("error", reject);
        setTimeout(() => resolve("still open"), 5_000).unref();
      });
      expect(answer).to.match(/^HTTP\/1\.1 408/);
    } finally {
      await new Promise((resolve) => strict.close(resolve));
    }
  });

  it("refuses limits that are not positive integers, or headers allowed longer than the request", function () {
    const authenticator = new BearerAuthenticator(CLIENTS);
    expect(() =>
      createIngestServer({ pipeline, authenticator, limits: { maxConnections: 0 } }),
    ).to.throw(RangeError, /maxConnections/);
    expect(() =>
      createIngestServer({
        pipeline,
        authenticator,
        limits: { headersTimeoutMs: 2_000, requestTimeoutMs: 1_000 },
      }),
    ).to.throw(RangeError, /headersTimeoutMs/);
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
