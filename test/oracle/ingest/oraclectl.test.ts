/**
 * `oraclectl quarantine replay` against a real ingest server: the authentication override is an
 * explicit flag, and without it a message refused for its sender stays where it is.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { BearerAuthenticator } from "../../../oracle/ingest/auth.ts";
import { createIngestServer } from "../../../oracle/ingest/httpApi.ts";
import { IngestPipeline } from "../../../oracle/ingest/pipeline.ts";
import {
  CLIENTS,
  FIXED_NOW_MS,
  linkMessage,
  TEST_CARRIER_DIRECTORY,
  tempStore,
  TOKENS,
  type TempStore,
} from "./helpers/fixtures.ts";

const run = promisify(execFile);

const event = (messageId: string) =>
  JSON.stringify({
    kind: "customs-event",
    messageId,
    carrier: "MAEU",
    shipmentRef: "MAEU000000001",
    eventType: "Released",
    location: "CNSHA",
    occurredAt: "2026-03-01T12:00:00Z",
  });

describe("oraclectl quarantine replay", function () {
  this.timeout(60_000);
  let store: TempStore;
  let pipeline: IngestPipeline;
  let server: Server;
  let base: string;
  let tokenFile: string;

  const oraclectl = async (...args: string[]): Promise<{ code: number; out: string }> => {
    try {
      const { stdout } = await run(
        process.execPath,
        ["oracle/cli/oraclectl.ts", ...args, "--node", base, "--token-file", tokenFile],
        { timeout: 30_000 },
      );
      return { code: 0, out: stdout };
    } catch (error) {
      const failed = error as { code?: number; stderr?: string };
      return { code: failed.code ?? -1, out: failed.stderr ?? "" };
    }
  };

  before(async function () {
    store = tempStore("caravel-oraclectl-");
    tokenFile = path.join(store.dir, "operator.token");
    writeFileSync(tokenFile, TOKENS.operator, { mode: 0o600 });
    pipeline = new IngestPipeline({
      db: store.db,
      nowMs: () => FIXED_NOW_MS,
      carriers: TEST_CARRIER_DIRECTORY,
    });
    pipeline.process("canonical", {
      body: linkMessage("26GB00000000000001", "MAEU000000001", "CNSHA"),
      contentType: "application/json",
      receivedVia: "setup",
    });
    server = createIngestServer({ pipeline, authenticator: new BearerAuthenticator(CLIENTS) });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async function () {
    await new Promise((resolve) => server.close(resolve));
    store.close();
  });

  it("replays a message refused as forbidden only with --override-authentication", async function () {
    const refused = await fetch(`${base}/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKENS.customs}` },
      body: event("ctl-1"),
    });
    expect(refused.status).to.equal(403);
    const { quarantineId } = (await refused.json()) as { quarantineId: number };

    const plain = await oraclectl("quarantine", "replay", String(quarantineId));
    expect(plain.code).to.equal(1);
    expect(JSON.parse(plain.out)).to.include({ error: "unauthenticated_entry", field: "override" });
    expect(pipeline.inbox.findBySourceMessageId("canonical", "ctl-1")).to.equal(undefined);

    // The flag takes no value: the id after it is still the id.
    const vouched = await oraclectl(
      "quarantine",
      "replay",
      "--override-authentication",
      String(quarantineId),
    );
    expect(vouched.code, vouched.out).to.equal(0);
    expect(JSON.parse(vouched.out)).to.include({ status: "accepted", accepted: 1 });
    expect(pipeline.inbox.findBySourceMessageId("canonical", "ctl-1")).to.not.equal(undefined);
  });

  it("refuses a value given to the flag as a usage error", async function () {
    const typo = await oraclectl("quarantine", "replay", "1", "--override-authentication=yes");
    expect(typo.code).to.equal(2);
    expect(typo.out).to.match(/--override-authentication takes no value/);
  });
});
