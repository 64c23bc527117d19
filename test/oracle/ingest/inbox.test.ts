import { expect } from "chai";
import type { Hex } from "viem";
import { sourceDocHashOf, type CustomsEventRecord } from "../../../oracle/events/customsEvent.ts";
import { inTransaction, openDatabase } from "../../../oracle/store/database.ts";
import { CustomsEventInbox, type RawMessage } from "../../../oracle/queue/inbox.ts";
import { tempStore, type TempStore } from "./helpers/fixtures.ts";

function message(n: number, overrides: Partial<CustomsEventRecord> = {}) {
  const raw: RawMessage = {
    body: `{"n":${n}}`,
    contentType: "application/json",
    receivedVia: "test",
  };
  const event: CustomsEventRecord = {
    sourceMessageId: `msg-${n}`,
    source: "canonical",
    carrier: "0x00000000000000000000000000000000000a11ce",
    shipmentRef: "MAEU123456789",
    eventType: "Loaded",
    location: "CNSHA",
    occurredAt: 1_750_000_000 + n,
    sourceDocHash: sourceDocHashOf(raw.body),
    ...overrides,
  };
  return { raw, event };
}

describe("CustomsEventInbox", function () {
  let store: TempStore;
  let inbox: CustomsEventInbox;
  let clock: number;

  beforeEach(function () {
    store = tempStore();
    clock = 1_000;
    inbox = new CustomsEventInbox(store.db, { nowMs: () => clock });
  });
  afterEach(function () {
    store.close();
  });

  it("opens the database in WAL mode with FULL sync, foreign keys and a busy timeout", function () {
    const pragma = (name: string) =>
      Object.values(store.db.prepare(`PRAGMA ${name}`).get() as object)[0] as unknown;
    expect(pragma("journal_mode")).to.equal("wal");
    expect(pragma("synchronous")).to.equal(2); // FULL
    expect(pragma("foreign_keys")).to.equal(1);
    expect(pragma("busy_timeout")).to.equal(5000);
  });

  it("accepts an event with a monotonically increasing sequence and keeps the raw message", function () {
    const a = message(1);
    const b = message(2);
    const ra = inbox.accept(a.raw, a.event);
    const rb = inbox.accept(b.raw, b.event);
    expect(ra.status).to.equal("accepted");
    expect(rb.status).to.equal("accepted");
    expect(rb.seq).to.be.greaterThan(ra.seq);
    expect(inbox.get(ra.eventKey)?.event).to.deep.equal(a.event);
    expect(inbox.get(ra.eventKey)?.acceptedAtMs).to.equal(1_000);
    expect(inbox.rawMessageOf(ra.eventKey)?.body.toString()).to.equal(a.raw.body);
    expect(inbox.has(ra.eventKey)).to.equal(true);
    expect(inbox.lastSeq()).to.equal(rb.seq);
  });

  it("treats the same source message id again as an idempotent duplicate", function () {
    const a = message(1);
    const first = inbox.accept(a.raw, a.event);
    const again = inbox.accept(a.raw, a.event);
    expect(again).to.deep.equal({ ...first, status: "duplicate", matchesStored: true });
    expect(inbox.count()).to.equal(1);
  });

  it("reports a duplicate re-sent inside other bytes as matching the stored event", function () {
    const a = message(1);
    inbox.accept(a.raw, a.event);
    const otherBytes = { ...a.raw, body: `[${a.raw.body as string}]` };
    const again = inbox.accept(otherBytes, {
      ...a.event,
      sourceDocHash: sourceDocHashOf(otherBytes.body),
    });
    expect(again.status).to.equal("duplicate");
    expect(again.matchesStored).to.equal(true);
  });

  it("flags a reused message id with different content as not matching", function () {
    const a = message(1);
    inbox.accept(a.raw, a.event);
    const changed = message(1, { location: "NLRTM" });
    expect(inbox.accept(changed.raw, changed.event).matchesStored).to.equal(false);
    expect(inbox.count()).to.equal(1);
  });

  it("refuses an event whose sourceDocHash is not the hash of the raw bytes, storing nothing", function () {
    const a = message(1);
    expect(() =>
      inbox.accept(a.raw, { ...a.event, sourceDocHash: sourceDocHashOf("other") }),
    ).to.throw(/hashes to/);
    expect(inbox.count()).to.equal(0);
    expect(messagesKept()).to.equal(0);
  });

  const messagesKept = () =>
    (store.db.prepare("SELECT count(*) AS n FROM inbox_messages").get() as { n: number }).n;

  it("keeps messages under ids in arrival order, with no index on their hash", function () {
    const indexes = store.db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'inbox_messages'`,
      )
      .all();
    expect(indexes).to.deep.equal([]);
    const a = message(1);
    const b = message(2);
    const ra = inbox.accept(a.raw, a.event);
    const rb = inbox.accept(b.raw, b.event);
    expect(inbox.rawMessageOf(rb.eventKey)?.body.toString()).to.equal(b.raw.body);
    expect(inbox.rawMessageOf(ra.eventKey)).to.deep.include({
      contentType: "application/json",
      receivedVia: "test",
      receivedAtMs: 1_000,
    });
    expect(messagesKept()).to.equal(2);
  });

  it("names each event's message by id with no foreign key SQLite must check on every drop", function () {
    // As a foreign key, dropping a message none of whose events was new scanned every event (or
    // needed an index on message_id, one more insert per event).
    expect(store.db.prepare(`PRAGMA foreign_key_list(inbox_events)`).all()).to.deep.equal([]);
    const columns = store.db.prepare(`PRAGMA table_info(inbox_events)`).all() as { name: string }[];
    expect(columns.map((c) => c.name)).to.include("message_id");
  });

  it("does not keep a resent message none of whose events is new; its event keeps the first message", function () {
    const a = message(1);
    const first = inbox.accept(a.raw, a.event);
    const again = inbox.accept({ ...a.raw, receivedVia: "again" }, a.event);
    expect(again).to.deep.include({ status: "duplicate", eventKey: first.eventKey });
    expect(messagesKept()).to.equal(1);
    expect(inbox.rawMessageOf(first.eventKey)?.receivedVia).to.equal("test");
  });

  it("keeps a message that brings one new event beside a duplicate, and one without events", function () {
    const a = message(1);
    inbox.accept(a.raw, a.event);
    const raw: RawMessage = { body: "both", contentType: "application/json", receivedVia: "t" };
    const hash = sourceDocHashOf("both");
    const [dup, fresh] = inbox.acceptMessage(raw, [
      { ...a.event, sourceDocHash: hash },
      { ...message(2).event, sourceDocHash: hash },
    ]);
    expect([dup!.status, fresh!.status]).to.deep.equal(["duplicate", "accepted"]);
    expect(inbox.rawMessageOf(fresh!.eventKey)?.body.toString()).to.equal("both");
    inbox.acceptMessage({ ...raw, body: "nothing to record" }, []);
    expect(messagesKept()).to.equal(3);
  });

  it("stores all events of one message or none of them", function () {
    const a = message(1);
    const good = a.event;
    const bad = { ...a.event, sourceMessageId: "msg-x", location: "bad" };
    expect(() => inbox.acceptMessage(a.raw, [good, bad])).to.throw();
    expect(inbox.count()).to.equal(0);
  });

  it("lists events not yet on chain in inbox order, after a given sequence", function () {
    const results = [1, 2, 3, 4].map((n) => {
      const m = message(n);
      return inbox.accept(m.raw, m.event);
    });
    expect(inbox.listPendingForChain(10).map((e) => e.seq)).to.deep.equal(
      results.map((r) => r.seq),
    );
    expect(inbox.listPendingForChain(2).map((e) => e.seq)).to.deep.equal(
      results.slice(0, 2).map((r) => r.seq),
    );
    expect(inbox.listPendingForChain(10, results[1]!.seq).map((e) => e.seq)).to.deep.equal(
      results.slice(2).map((r) => r.seq),
    );
    expect(() => inbox.listPendingForChain(-1)).to.throw(RangeError);
  });

  it("marks events on chain and unmarks them when a reorg drops the transaction", function () {
    const keys = [1, 2, 3].map((n) => {
      const m = message(n);
      return inbox.accept(m.raw, m.event).eventKey;
    });
    const tx = `0x${"ab".repeat(32)}` as const;
    const marked = inbox.markOnChain([keys[0]!, keys[2]!], tx, 42);
    expect(marked.map((m) => m.eventKey).sort()).to.deep.equal([keys[0], keys[2]].sort());
    expect(inbox.pendingCount()).to.equal(1);
    expect(inbox.isMarkedOnChain(keys[0]!)).to.equal(true);
    expect(inbox.isMarkedOnChain(keys[1]!)).to.equal(false);
    expect(inbox.get(keys[0]!)?.onChain).to.deep.equal({ txHash: tx, blockNumber: 42 });
    expect(inbox.listPendingForChain(10).map((e) => e.eventKey)).to.deep.equal([keys[1]]);
    expect(inbox.unmarkOnChain(tx)).to.equal(2);
    expect(inbox.pendingCount()).to.equal(3);
    expect(inbox.get(keys[0]!)?.onChain).to.equal(null);
  });

  it("ignores keys it never accepted when marking", function () {
    const tx = `0x${"cd".repeat(32)}` as const;
    expect(inbox.markOnChain([`0x${"00".repeat(32)}`], tx, 1)).to.deep.equal([]);
  });

  it("keeps the first transaction's mark when a later report repeats an event", function () {
    const m = message(5);
    const { eventKey } = inbox.accept(m.raw, m.event);
    const first = `0x${"01".repeat(32)}` as const;
    const repeat = `0x${"02".repeat(32)}` as const;
    expect(inbox.markOnChain([eventKey], first, 10)).to.have.length(1);
    expect(inbox.markOnChain([eventKey], repeat, 11)).to.deep.equal([]);
    expect(inbox.get(eventKey)?.onChain).to.deep.equal({ txHash: first, blockNumber: 10 });
  });

  it("tells which of many keys it has accepted, in one look-up", function () {
    const keys = [11, 12].map((n) => {
      const m = message(n);
      return inbox.accept(m.raw, m.event).eventKey;
    });
    const unknown = `0x${"ee".repeat(32)}` as const;
    expect([...inbox.acceptedAmong([unknown, ...keys, keys[0]!])].sort()).to.deep.equal(
      [...keys].sort(),
    );
    expect(inbox.acceptedAmong([]).size).to.equal(0);
  });

  it("reads many stored events in one look-up, leaving out keys it never accepted", function () {
    const stored = [41, 42].map((n) => {
      const m = message(n);
      return { key: inbox.accept(m.raw, m.event).eventKey, event: m.event };
    });
    const unknown: Hex = `0x${"ee".repeat(32)}`;
    const found = inbox.getMany([stored[1]!.key, unknown, stored[0]!.key]);
    expect([...found.keys()].sort()).to.deep.equal(stored.map((s) => s.key).sort());
    for (const { key } of stored) expect(found.get(key)).to.deep.equal(inbox.get(key));
    expect(found.get(stored[0]!.key)?.event).to.deep.equal(stored[0]!.event);
    expect(inbox.getMany([]).size).to.equal(0);
  });

  it("tells apart keys that share the 48-bit prefix it indexes them by", function () {
    const m = message(21);
    const { eventKey } = inbox.accept(m.raw, m.event);
    // Same first six bytes, different key: a stored row under it must not answer for the real one.
    const rest = eventKey.slice(14).replace(/./g, (c) => (c === "0" ? "1" : "0"));
    const twin: Hex = `0x${eventKey.slice(2, 14)}${rest}`;
    expect(twin.slice(0, 14)).to.equal(eventKey.slice(0, 14));
    expect(inbox.has(twin)).to.equal(false);
    expect([...inbox.acceptedAmong([twin, eventKey])]).to.deep.equal([eventKey]);
    expect(inbox.markOnChain([twin], `0x${"ab".repeat(32)}`, 7)).to.deep.equal([]);
    expect(inbox.isMarkedOnChain(eventKey)).to.equal(false);
    expect(inbox.markOnChain([eventKey], `0x${"ab".repeat(32)}`, 7)).to.have.length(1);
    expect(inbox.isMarkedOnChain(eventKey)).to.equal(true);
  });

  it("brings an inbox written before the key-prefix index up to date, keeping its events", function () {
    const m = message(31);
    const { eventKey } = inbox.accept(m.raw, m.event);
    // Rebuild the tables as the earlier schema had them: raw messages keyed by their hash, events
    // with a UNIQUE text key and no key_prefix column.
    store.db.exec(`
      CREATE TABLE inbox_raw_messages (
        doc_hash TEXT PRIMARY KEY, body BLOB NOT NULL, content_type TEXT NOT NULL,
        received_via TEXT NOT NULL, received_at_ms INTEGER NOT NULL
      ) STRICT;
      INSERT INTO inbox_raw_messages
        SELECT doc_hash, body, content_type, received_via, received_at_ms FROM inbox_messages;
      DROP INDEX inbox_events_key;
      ALTER TABLE inbox_events RENAME TO inbox_events_now;
      CREATE TABLE inbox_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, event_key TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL, source_message_id TEXT NOT NULL, carrier TEXT NOT NULL,
        shipment_ref TEXT NOT NULL,
        declaration_id TEXT, event_type TEXT NOT NULL, location TEXT NOT NULL,
        occurred_at INTEGER NOT NULL,
        source_doc_hash TEXT NOT NULL REFERENCES inbox_raw_messages(doc_hash),
        accepted_at_ms INTEGER NOT NULL, received_via TEXT NOT NULL, on_chain_tx TEXT,
        on_chain_block INTEGER, UNIQUE (source, source_message_id)
      ) STRICT;
      INSERT INTO inbox_events SELECT seq, event_key, source, source_message_id, carrier, shipment_ref,
        declaration_id, event_type, location, occurred_at, source_doc_hash, accepted_at_ms,
        received_via, on_chain_tx, on_chain_block FROM inbox_events_now;
      DROP TABLE inbox_events_now;
      DROP TABLE inbox_messages;
    `);
    const upgraded = new CustomsEventInbox(store.db);
    expect(upgraded.rawMessageOf(eventKey)?.body.toString()).to.equal(m.raw.body);
    expect(upgraded.get(eventKey)?.event).to.deep.equal(m.event);
    expect([...upgraded.acceptedAmong([eventKey])]).to.deep.equal([eventKey]);
    const next = message(32);
    expect(upgraded.accept(next.raw, next.event).status).to.equal("accepted");
    expect(upgraded.accept(m.raw, m.event).status).to.equal("duplicate");
    // The earlier store goes on keeping its raw messages its own way (one row per hash).
    const { eventKey: nextKey } = upgraded.accept(next.raw, next.event);
    expect(upgraded.rawMessageOf(nextKey)?.body.toString()).to.equal(next.raw.body);
    expect(
      (store.db.prepare("SELECT count(*) AS n FROM inbox_raw_messages").get() as { n: number }).n,
    ).to.equal(2);
    expect(upgraded.markOnChain([eventKey], `0x${"cd".repeat(32)}`, 9)).to.have.length(1);
    expect(upgraded.pendingCount()).to.equal(1);
  });

  it("refuses an inbox written before shipment references named the carrier, saying why", function () {
    const m = message(33);
    inbox.accept(m.raw, m.event);
    store.db.exec(`DROP INDEX inbox_events_key; ALTER TABLE inbox_events DROP COLUMN carrier;`);
    expect(() => new CustomsEventInbox(store.db)).to.throw(
      /inbox_events has no carrier column: .* start the node with a fresh data directory/,
    );
  });

  it("keeps everything across a close and reopen of the file", function () {
    const m = message(7);
    const { eventKey } = inbox.accept(m.raw, m.event);
    store.db.close();
    store.db = openDatabase(store.dbPath);
    const reopened = new CustomsEventInbox(store.db);
    expect(reopened.get(eventKey)?.event).to.deep.equal(m.event);
    expect(reopened.pendingCount()).to.equal(1);
  });

  it("rolls back only the inner part of a nested transaction that fails", function () {
    const a = message(1);
    const b = message(2);
    inTransaction(store.db, () => {
      inbox.accept(a.raw, a.event);
      expect(() =>
        inTransaction(store.db, () => {
          inbox.accept(b.raw, b.event);
          throw new Error("inner failure");
        }),
      ).to.throw("inner failure");
    });
    expect(inbox.count()).to.equal(1);
    expect(inbox.findBySourceMessageId("canonical", "msg-1")).to.not.equal(undefined);
    expect(inbox.findBySourceMessageId("canonical", "msg-2")).to.equal(undefined);
  });
});
