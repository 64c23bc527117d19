import { expect } from "chai";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sourceDocHashOf } from "../../../oracle/events/customsEvent.ts";
import { BearerAuthenticator } from "../../../oracle/ingest/auth.ts";
import { createIngestServer } from "../../../oracle/ingest/httpApi.ts";
import {
  multipartBody,
  multipartBoundary,
  splitMultipart,
} from "../../../oracle/ingest/multipartBatch.ts";
import { IngestPipeline } from "../../../oracle/ingest/pipeline.ts";
import { IngestRejection } from "../../../oracle/ingest/rejection.ts";
import { wcoNotification } from "../../../oracle/simulator/messages.ts";
import {
  CLIENTS,
  FIXED_NOW_MS,
  linkMessage,
  tempStore,
  TEST_CARRIER_DIRECTORY,
  TOKENS,
  type TempStore,
} from "./helpers/fixtures.ts";

const DECLARATION = "26GB00000000000001";
const BOUNDARY = "caravel-test-boundary";
const ISSUED_AT = Math.floor(FIXED_NOW_MS / 1000) - 86_400;

/** A WCO RES notification with one response of `functionCode` on DECLARATION. */
const notification = (id: string, functionCode = "01") =>
  wcoNotification([
    {
      functionCode,
      functionalReferenceId: id,
      issuedAt: ISSUED_AT,
      declarationId: DECLARATION,
      declarationRef: `LRN-${DECLARATION}`,
    },
  ]);

interface BatchAnswer {
  messages: number;
  accepted: number;
  refused: number;
  results: ({ part: number; status: number } & Record<string, unknown>)[];
}

describe("Ingest HTTP API: WCO DMS notifications batched as multipart/mixed", function () {
  let store: TempStore;
  let pipeline: IngestPipeline;
  let server: Server;
  let base: string;

  const post = (body: string, type = `multipart/mixed; boundary=${BOUNDARY}`) =>
    fetch(`${base}/v1/customs/notifications`, {
      method: "POST",
      headers: { "content-type": type, authorization: `Bearer ${TOKENS.customs}` },
      body,
    });

  beforeEach(async function () {
    store = tempStore("caravel-multipart-");
    pipeline = new IngestPipeline({
      db: store.db,
      nowMs: () => FIXED_NOW_MS,
      carriers: TEST_CARRIER_DIRECTORY,
    });
    pipeline.process("canonical", {
      body: linkMessage(DECLARATION, "MAEU000000001", "CNSHA"),
      contentType: "application/json",
      receivedVia: "test",
    });
    server = createIngestServer({
      pipeline,
      authenticator: new BearerAuthenticator(CLIENTS),
      maxBodyBytes: 16_384,
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async function () {
    await new Promise((resolve) => server.close(resolve));
    store.close();
  });

  it("keeps every other notification of a batch when one part is not well-formed XML, and quarantines that part alone naming it", async function () {
    const broken = notification("a2").replace("</resp:FunctionCode>", "</resp:FunctionCod>");
    const documents = [notification("a1"), broken, notification("a3", "09")];
    const res = await post(multipartBody(documents, BOUNDARY));
    expect(res.status).to.equal(200);
    const answer = (await res.json()) as BatchAnswer;
    expect(answer).to.deep.include({ messages: 3, accepted: 2, refused: 1 });
    expect(answer.results.map((r) => [r.part, r.status])).to.deep.equal([
      [1, 202],
      [2, 400],
      [3, 202],
    ]);
    expect(answer.results[1]).to.deep.include({ error: "malformed_body", field: "body" });
    expect(answer.results[1]!.reason).to.include("not well-formed XML");
    expect(pipeline.inbox.count()).to.equal(2);
    const entry = pipeline.quarantine.get(answer.results[1]!.quarantineId as number)!;
    expect(entry.body.toString()).to.equal(broken);
    expect(entry.format).to.equal("wco-dms");
  });

  it("names the missing element of a part that is well-formed but not a valid notification", async function () {
    const missing = notification("b2").replace(/<resp:FunctionCode>01<\/resp:FunctionCode>/, "");
    const res = await post(multipartBody([notification("b1"), missing], BOUNDARY));
    const answer = (await res.json()) as BatchAnswer;
    expect(answer.results[1]).to.deep.include({
      part: 2,
      status: 422,
      field: "MetaData/Response[1]/FunctionCode",
      reason: "is required",
    });
    expect(pipeline.inbox.count()).to.equal(1);
  });

  it("stores each part's own bytes: a notification sent alone after the batch is a duplicate with the same source hash", async function () {
    const document = notification("c1");
    await post(multipartBody([document], BOUNDARY));
    const [stored] = pipeline.inbox.listPendingForChain(10);
    expect(stored!.event.sourceDocHash).to.equal(sourceDocHashOf(Buffer.from(document)));
    const alone = await fetch(`${base}/v1/customs/notifications`, {
      method: "POST",
      headers: { "content-type": "application/xml", authorization: `Bearer ${TOKENS.customs}` },
      body: document,
    });
    expect(await alone.json()).to.deep.include({ accepted: 0, duplicate: 1 });
  });

  it("refuses a part whose own content type is not XML, alone, naming the part's header", async function () {
    const body =
      `--${BOUNDARY}\r\ncontent-type: application/json\r\n\r\n{}\r\n` +
      `--${BOUNDARY}\r\n\r\n${notification("d2")}\r\n--${BOUNDARY}--\r\n`;
    const answer = (await (await post(body)).json()) as BatchAnswer;
    expect(answer.results.map((r) => [r.part, r.status, r.field])).to.deep.equal([
      [1, 415, "part[1].content-type"],
      [2, 202, undefined],
    ]);
    expect(pipeline.quarantine.count()).to.equal(1);
  });

  it("refuses a cut-off batch (no closing delimiter) whole, naming body, and stores none of it", async function () {
    const whole = multipartBody([notification("e1"), notification("e2")], BOUNDARY);
    const res = await post(whole.slice(0, whole.lastIndexOf(`--${BOUNDARY}--`) - 2));
    expect(res.status).to.equal(400);
    expect(await res.json()).to.deep.include({ error: "malformed_body", field: "body" });
    expect(pipeline.inbox.count()).to.equal(0);
  });

  it("refuses a multipart request without a boundary parameter (415, naming content-type)", async function () {
    const res = await post(multipartBody([notification("f1")], BOUNDARY), "multipart/mixed");
    expect(res.status).to.equal(415);
    expect(await res.json()).to.deep.include({ field: "content-type" });
    expect(pipeline.inbox.count()).to.equal(0);
  });

  it("refuses a batch larger than the body limit whole (413, naming body)", async function () {
    const documents = Array.from({ length: 20 }, (_, i) => notification(`g${i}`));
    const body = multipartBody(documents, BOUNDARY);
    expect(body.length).to.be.greaterThan(16_384);
    const res = await post(body);
    expect(res.status).to.equal(413);
    expect(await res.json()).to.deep.include({ error: "payload_too_large", field: "body" });
    expect(pipeline.inbox.count()).to.equal(0);
  });

  it("refuses a batch without a valid token whole, storing none of its notifications", async function () {
    const res = await fetch(`${base}/v1/customs/notifications`, {
      method: "POST",
      headers: { "content-type": `multipart/mixed; boundary=${BOUNDARY}` },
      body: multipartBody([notification("h1")], BOUNDARY),
    });
    expect(res.status).to.equal(401);
    expect(pipeline.inbox.count()).to.equal(0);
    expect(pipeline.quarantine.count()).to.equal(0);
  });

  it("takes no multipart batch on the JSON routes", async function () {
    const res = await fetch(`${base}/v1/events`, {
      method: "POST",
      headers: {
        "content-type": `multipart/mixed; boundary=${BOUNDARY}`,
        authorization: `Bearer ${TOKENS.caravel}`,
      },
      body: multipartBody(["{}"], BOUNDARY),
    });
    expect(res.status).to.equal(415);
  });
});

describe("splitMultipart", function () {
  it("returns each part's body byte for byte, without the CRLF before the next delimiter, ignoring preamble and epilogue", function () {
    const body = Buffer.from(
      `preamble\r\n--b\r\nContent-Type: text/xml; charset=utf-8\r\n\r\n<a>\r\n</a>\r\n` +
        `--b  \r\n\r\n<b/>\n\r\n--b--\r\nepilogue`,
    );
    const parts = splitMultipart(body, "b");
    expect(parts.map((p) => [p.part, p.body.toString(), p.contentType])).to.deep.equal([
      [1, "<a>\r\n</a>", "text/xml; charset=utf-8"],
      [2, "<b/>\n", undefined],
    ]);
  });

  it("refuses more parts than the limit, naming body", function () {
    const body = Buffer.from(multipartBody(["<a/>", "<b/>", "<c/>"], "b"));
    expect(() => splitMultipart(body, "b", 2))
      .to.throw(IngestRejection)
      .with.property("field", "body");
  });

  it("refuses a body with no part or not delimited by the boundary", function () {
    for (const text of ["--b--\r\n", "<a/>", "--b\r\n<a/>"]) {
      expect(() => splitMultipart(Buffer.from(text), "b"), text)
        .to.throw(IngestRejection)
        .with.property("code", "malformed_body");
    }
  });

  it("reads the boundary parameter case-sensitively, quoted or not", function () {
    expect(multipartBoundary("multipart/mixed; boundary=AbC-1")).to.equal("AbC-1");
    expect(multipartBoundary('Multipart/Mixed; Boundary="x y:z"')).to.equal("x y:z");
    expect(() => multipartBoundary("multipart/mixed; boundary=")).to.throw(IngestRejection);
  });
});
