/**
 * Drives every case of the hostile-input corpus through the real ingest handler on a real
 * node:http server (127.0.0.1, ephemeral port) with a real SQLite file, asserting the status, the
 * named field and reason, that the server still answers afterwards, and that each refused message
 * is kept in quarantine with its bytes.
 */
import { expect } from "chai";
import { request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { BearerAuthenticator } from "../../../oracle/ingest/auth.ts";
import { createIngestServer } from "../../../oracle/ingest/httpApi.ts";
import { IngestPipeline } from "../../../oracle/ingest/pipeline.ts";
import {
  buildHostileCorpus,
  CORPUS_DECLARATION,
  CORPUS_LOCATION,
  CORPUS_MAX_BODY_BYTES,
  CORPUS_SHIPMENT,
  type CorpusCase,
} from "./corpus/hostileCases.ts";
import {
  CLIENTS,
  FIXED_NOW_MS,
  linkMessage,
  tempStore,
  TOKENS,
  type TempStore,
  TEST_CARRIER_DIRECTORY,
} from "./helpers/fixtures.ts";

interface Answer {
  status: number;
  json: Record<string, unknown>;
}

function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | Buffer,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        try {
          resolve({
            status: res.statusCode ?? 0,
            json: JSON.parse(text) as Record<string, unknown>,
          });
        } catch {
          reject(new Error(`non-JSON answer ${res.statusCode}: ${text.slice(0, 200)}`));
        }
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("Hostile-input corpus through the real HTTP handler", function () {
  this.timeout(120_000);
  const corpus = buildHostileCorpus();
  let store: TempStore;
  let pipeline: IngestPipeline;
  let server: Server;
  let port: number;

  before(async function () {
    store = tempStore("caravel-corpus-");
    pipeline = new IngestPipeline({
      db: store.db,
      nowMs: () => FIXED_NOW_MS,
      carriers: TEST_CARRIER_DIRECTORY,
    });
    pipeline.process("canonical", {
      body: linkMessage(CORPUS_DECLARATION, CORPUS_SHIPMENT, CORPUS_LOCATION),
      contentType: "application/json",
      receivedVia: "setup",
    });
    server = createIngestServer({
      pipeline,
      authenticator: new BearerAuthenticator(CLIENTS),
      maxBodyBytes: CORPUS_MAX_BODY_BYTES,
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(async function () {
    await new Promise((resolve) => server.close(resolve));
    store.close();
  });

  it("holds at least 200 cases, each with a unique name", function () {
    expect(corpus.length).to.be.at.least(200);
    expect(new Set(corpus.map((c) => `${c.category}: ${c.name}`)).size).to.equal(corpus.length);
  });

  const byCategory = new Map<string, CorpusCase[]>();
  for (const c of corpus) byCategory.set(c.category, [...(byCategory.get(c.category) ?? []), c]);

  for (const [category, cases] of byCategory) {
    describe(category, function () {
      for (const c of cases) {
        it(`${c.expect.status} for ${c.name}`, async function () {
          const answer = await send(port, c.method, c.path, c.headers, c.body);
          const explain = `${c.name}: ${JSON.stringify(answer.json).slice(0, 300)}`;
          expect(answer.status, explain).to.equal(c.expect.status);
          if (c.expect.error !== undefined)
            expect(answer.json.error, explain).to.equal(c.expect.error);
          if (c.expect.status >= 400) {
            expect(answer.json.field, explain).to.be.a("string").and.not.equal("");
            expect(answer.json.reason, explain).to.be.a("string").and.not.equal("");
          }
          if (typeof c.expect.field === "string")
            expect(answer.json.field, explain).to.equal(c.expect.field);
          if (c.expect.field instanceof RegExp)
            expect(answer.json.field, explain).to.match(c.expect.field);
          if (c.expect.reason !== undefined)
            expect(answer.json.reason, explain).to.match(c.expect.reason);
          if (c.expect.accepted !== undefined)
            expect(answer.json.accepted, explain).to.equal(c.expect.accepted);
          if (c.expect.duplicate !== undefined)
            expect(answer.json.duplicate, explain).to.equal(c.expect.duplicate);

          if (c.expect.quarantined) {
            expect(answer.json.quarantineId, explain).to.be.a("number");
            const entry = pipeline.quarantine.get(answer.json.quarantineId as number)!;
            expect(entry, explain).to.not.equal(undefined);
            expect(entry.status).to.equal("quarantined");
            expect(entry.code).to.equal(c.expect.error);
            expect(entry.field).to.equal(answer.json.field);
            const sent = Buffer.isBuffer(c.body) ? c.body : Buffer.from(c.body, "utf8");
            if (c.expect.status === 413) {
              expect(entry.truncated).to.equal(true);
              expect(entry.body.equals(sent.subarray(0, CORPUS_MAX_BODY_BYTES))).to.equal(true);
            } else {
              expect(
                entry.body.equals(sent),
                "quarantined bytes differ from the bytes sent",
              ).to.equal(true);
            }
          } else {
            expect(answer.json.quarantineId, explain).to.equal(undefined);
          }

          const alive = await send(
            port,
            "GET",
            "/v1/quarantine?limit=1",
            { authorization: `Bearer ${TOKENS.operator}` },
            "",
          );
          expect(alive.status, "the server stopped answering").to.equal(200);
        });
      }
    });
  }

  describe("after all cases", function () {
    it("ends with every refused message still quarantined and nothing polluted", async function () {
      const quarantined = corpus.filter((c) => c.expect.quarantined).length;
      expect(pipeline.quarantine.count()).to.be.at.most(quarantined);
      expect(pipeline.quarantine.count()).to.be.at.least(quarantined - 5); // identical bytes share an entry
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      const listed = await send(
        port,
        "GET",
        "/v1/quarantine?limit=1000",
        { authorization: `Bearer ${TOKENS.operator}` },
        "",
      );
      expect((listed.json.entries as unknown[]).length).to.equal(pipeline.quarantine.count());
    });
  });
});
