import { expect } from "chai";
import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  appendFileSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { DropDirectoryWatcher, formatForFileName } from "../../../oracle/ingest/dropDirectory.ts";
import { IngestPipeline } from "../../../oracle/ingest/pipeline.ts";
import {
  FIXED_NOW_MS,
  linkMessage,
  tempStore,
  TEST_CARRIER_DIRECTORY,
  type TempStore,
} from "./helpers/fixtures.ts";

const released = (messageId: string) =>
  JSON.stringify({
    kind: "customs-event",
    carrier: "MAEU",
    messageId,
    shipmentRef: "MAEU000000001",
    eventType: "Released",
    location: "CNSHA",
    occurredAt: "2026-03-01T12:00:00Z",
  });

describe("DropDirectoryWatcher", function () {
  let store: TempStore;
  let pipeline: IngestPipeline;
  let dropDir: string;
  let clock: number;
  let watcher: DropDirectoryWatcher;

  beforeEach(function () {
    store = tempStore("caravel-drop-");
    dropDir = path.join(store.dir, "drop");
    pipeline = new IngestPipeline({
      db: store.db,
      nowMs: () => FIXED_NOW_MS,
      carriers: TEST_CARRIER_DIRECTORY,
    });
    pipeline.process("canonical", {
      body: linkMessage("26GB00000000000001", "MAEU000000001", "CNSHA"),
      contentType: "application/json",
      receivedVia: "test",
    });
    clock = 0;
    watcher = new DropDirectoryWatcher({
      dir: dropDir,
      pipeline,
      stableMs: 100,
      nowMs: () => clock,
    });
  });
  afterEach(async function () {
    await watcher.stop();
    store.close();
  });

  // These tests drive scans by hand with a manual clock (`prepare`, not `start`: no background
  // scans); the last one runs the watcher live.

  /** Two scans `stableMs` apart: the first sees the file, the second takes it. */
  async function settle() {
    await watcher.scanOnce();
    clock += 100;
    return watcher.scanOnce();
  }

  it("names formats by file suffix", function () {
    expect(formatForFileName("a.xml")).to.equal("wco-dms");
    expect(formatForFileName("a.dcsa.json")).to.equal("dcsa-tnt");
    expect(formatForFileName("a.json")).to.equal("canonical");
    expect(formatForFileName("a.txt")).to.equal(undefined);
  });

  it("ingests a stable file and moves it to processed/", async function () {
    await watcher.prepare();
    writeFileSync(path.join(dropDir, "e1.json"), released("e1"));
    const first = await watcher.scanOnce();
    expect(first.waiting).to.deep.equal(["e1.json"]);
    clock += 100;
    const second = await watcher.scanOnce();
    expect(second.processed).to.deep.equal(["e1.json"]);
    expect(existsSync(path.join(dropDir, "processed", "e1.json"))).to.equal(true);
    expect(existsSync(path.join(dropDir, "e1.json"))).to.equal(false);
    expect(pipeline.inbox.findBySourceMessageId("canonical", "e1")!.receivedVia).to.equal(
      "drop:e1.json",
    );
  });

  it("waits while a file is still growing and takes it once complete", async function () {
    await watcher.prepare();
    const text = released("e2");
    const file = path.join(dropDir, "e2.json");
    writeFileSync(file, text.slice(0, 20));
    await watcher.scanOnce();
    clock += 60;
    appendFileSync(file, text.slice(20));
    const midway = await watcher.scanOnce();
    expect(midway.waiting).to.deep.equal(["e2.json"]);
    expect(pipeline.quarantine.count()).to.equal(0);
    clock += 100;
    expect((await watcher.scanOnce()).processed).to.deep.equal(["e2.json"]);
  });

  it("leaves dot-files and *.tmp alone until they are renamed into place", async function () {
    await watcher.prepare();
    writeFileSync(path.join(dropDir, ".e3.json"), released("e3"));
    writeFileSync(path.join(dropDir, "e4.json.tmp"), released("e4"));
    const ignored = await settle();
    expect(ignored).to.deep.equal({ processed: [], rejected: [], waiting: [] });
    renameSync(path.join(dropDir, ".e3.json"), path.join(dropDir, "e3.json"));
    renameSync(path.join(dropDir, "e4.json.tmp"), path.join(dropDir, "e4.json"));
    expect((await settle()).processed).to.deep.equal(["e3.json", "e4.json"]);
  });

  it("moves a refused file to rejected/ with its reason, and quarantines it", async function () {
    await watcher.prepare();
    writeFileSync(path.join(dropDir, "bad.json"), released("e5").replace("CNSHA", "CN-SHA"));
    expect((await settle()).rejected).to.deep.equal(["bad.json"]);
    const reason = JSON.parse(
      readFileSync(path.join(dropDir, "rejected", "bad.json.reason.json"), "utf8"),
    ) as { error: string; field: string; quarantineId: number };
    expect(reason.error).to.equal("invalid_locode");
    expect(reason.field).to.equal("body.location");
    const entry = pipeline.quarantine.get(reason.quarantineId)!;
    expect(entry.receivedVia).to.equal("drop:bad.json");
    expect(entry.body.toString()).to.include("CN-SHA");
  });

  it("refuses files with an unknown suffix and files over the size limit, keeping them", async function () {
    const small = new DropDirectoryWatcher({
      dir: dropDir,
      pipeline,
      stableMs: 100,
      maxFileBytes: 64,
      nowMs: () => clock,
    });
    await small.prepare();
    writeFileSync(path.join(dropDir, "notes.txt"), "hello");
    writeFileSync(path.join(dropDir, "big.json"), released("e6"));
    await small.scanOnce();
    clock += 100;
    const result = await small.scanOnce();
    await small.stop();
    expect(result.rejected).to.deep.equal(["big.json", "notes.txt"]);
    const codes = pipeline.quarantine.list().map((e) => [e.code, e.truncated, e.bodyBytes]);
    expect(codes).to.deep.equal([
      ["payload_too_large", true, 64],
      ["unsupported_media_type", false, 5],
    ]);
  });

  it("after a crash between commit and move, takes the file again as a duplicate", async function () {
    // The message was committed, then the process died before moving the file.
    const body = released("e7");
    pipeline.process("canonical", {
      body,
      contentType: "application/json",
      receivedVia: "drop:e7.json",
    });
    await watcher.prepare();
    writeFileSync(path.join(dropDir, "e7.json"), body);
    expect((await settle()).processed).to.deep.equal(["e7.json"]);
    expect(pipeline.inbox.count()).to.equal(1);
  });

  it("does not overwrite an earlier processed file of the same name", async function () {
    await watcher.prepare();
    writeFileSync(path.join(dropDir, "same.json"), released("e8"));
    await settle();
    writeFileSync(path.join(dropDir, "same.json"), released("e9"));
    clock += 1;
    await settle();
    expect(readdirSync(path.join(dropDir, "processed")).sort()).to.deep.equal([
      "same.json",
      "same.json.1",
    ]);
  });

  it("picks files up on its own once started (watch plus periodic scan)", async function () {
    const live = new DropDirectoryWatcher({
      dir: dropDir,
      pipeline,
      stableMs: 50,
      scanIntervalMs: 100,
    });
    await live.start();
    try {
      writeFileSync(path.join(dropDir, "live.json"), released("e10"));
      const deadline = Date.now() + 5000;
      while (pipeline.inbox.findBySourceMessageId("canonical", "e10") === undefined) {
        if (Date.now() > deadline) expect.fail("file not picked up within 5 s");
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      while (!existsSync(path.join(dropDir, "processed", "live.json"))) {
        if (Date.now() > deadline) expect.fail("file not moved within 5 s");
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    } finally {
      await live.stop();
    }
  });
});
