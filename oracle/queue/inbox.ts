/**
 * The node's durable inbox: every accepted customs/transport event with the raw message it came
 * from, deduplicated by (source, sourceMessageId), in a local monotonically increasing sequence.
 * Rows are never deleted: "on chain" is a mark (tx hash + block) that a reorg can remove again.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Address, Hex } from "viem";
import {
  checkCustomsEventRecord,
  eventKey as eventKeyOf,
  sourceDocHashOf,
  type CustomsEventRecord,
  type CustomsEventType,
  type EventSource,
} from "../events/customsEvent.ts";
import { inTransaction } from "../store/database.ts";

/** The raw message an event was read from. */
export interface RawMessage {
  body: Buffer | string;
  /** The media type it arrived with, e.g. "application/xml". */
  contentType: string;
  /** Where it came from, e.g. "http:<clientId>", "drop:<file name>", "replay:<quarantine id>". */
  receivedVia: string;
}

export interface StoredRawMessage {
  body: Buffer;
  contentType: string;
  receivedVia: string;
  receivedAtMs: number;
}

export interface AcceptResult {
  status: "accepted" | "duplicate";
  /** Inbox sequence of the stored event (for a duplicate: of the one stored first). */
  seq: number;
  /** Key of the stored event (for a duplicate: of the one stored first). */
  eventKey: Hex;
  /**
   * For a duplicate: whether the stored event says the same thing (shipment, declaration, type,
   * location, time) as the one offered now; the raw bytes may differ (e.g. re-sent in another
   * batch). False means the source reused a message id for different content.
   */
  matchesStored: boolean;
}

export interface OnChainMark {
  txHash: Hex;
  blockNumber: number;
}

export interface InboxEntry {
  seq: number;
  eventKey: Hex;
  event: CustomsEventRecord;
  /** Wall-clock time of acceptance, in milliseconds since the epoch. */
  acceptedAtMs: number;
  receivedVia: string;
  onChain: OnChainMark | null;
}

interface EventRow {
  seq: number;
  event_key: string;
  source: string;
  source_message_id: string;
  carrier: string;
  shipment_ref: string;
  declaration_id: string | null;
  event_type: string;
  location: string;
  occurred_at: number;
  source_doc_hash: string;
  accepted_at_ms: number;
  received_via: string;
  on_chain_tx: string | null;
  on_chain_block: number | null;
}

type DuplicateProbeRow = Pick<
  EventRow,
  | "seq"
  | "event_key"
  | "carrier"
  | "shipment_ref"
  | "declaration_id"
  | "event_type"
  | "location"
  | "occurred_at"
>;

/**
 * SQL for the first six bytes of the event key in `hex` (a `0x` + 64 hex digits text). The inbox
 * indexes events by this prefix (`key_prefix`, a 6-byte blob) rather than by the 66-character key:
 * every node stores every event, keys are hashes, so each insert lands on a random page of that
 * index, and a commit writes each page it touched to the WAL. The prefix index has a sixth of the
 * pages, and ingest commits wrote about half as much (60,000 events: 4.5 -> 2.3 us per event in
 * the commit). Look-ups find the prefix through the index and then compare the whole key, so keys
 * sharing a prefix are told apart. SQLite works the prefix out itself: the batch look-ups take a
 * plain JSON array of keys.
 */
function keyPrefixOf(hex: string): string {
  return `unhex(substr(${hex}, 3, 12))`;
}

/**
 * Whether this store keeps raw messages the way inboxes written before issue #17 did: in
 * `inbox_raw_messages`, keyed by their hash (a unique text index), which the events reference.
 * Such a store is read and written as it is; a new store gets `inbox_messages` (below).
 */
function hasLegacyRawMessages(db: DatabaseSync): boolean {
  return (
    db
      .prepare(`SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = ?`)
      .get("inbox_raw_messages") !== undefined
  );
}

/**
 * Creates the inbox tables if they do not exist, and brings an older inbox up to date. Returns
 * whether the store keeps its raw messages in the earlier, hash-keyed table.
 *
 * A new store keeps each raw message in `inbox_messages` under an integer id handed out in
 * arrival order, and each event names the id of the message it was accepted from (`message_id`).
 * Why not keyed by the message's hash, as before: every node stores every message, and a hash key
 * puts each insert on a random page of that key's index, which the commit then writes to the WAL
 * (about one 4 KiB page per message); appended ids share pages. Storing 60,000 events with their
 * messages: 38 -> 23 us of CPU per event, the commit 24 -> 13 (docs/BENCHMARKS.md, "The ingest
 * side"). `message_id` is not declared a foreign key: the id is the one the same transaction has
 * just handed out, and a message is dropped again only when none of its events was stored; as a
 * foreign key, each drop made SQLite look for events naming it, which needed an index of its own
 * on every event (an insert each: 43 -> 53 us per event). A message is found from its events
 * (`rawMessageOf`), which is how it is used: as the
 * evidence behind an event. Resent bytes are no longer merged by their hash: a message none of
 * whose events is new is not kept (its events' messages are), one with new events is kept whole.
 */
export function ensureInboxSchema(db: DatabaseSync): boolean {
  const legacy = hasLegacyRawMessages(db);
  // The two layouts differ only in where an event's raw message is kept and how it is named.
  const [messagesTable, messageColumns] = legacy
    ? [
        `inbox_raw_messages (
      doc_hash       TEXT PRIMARY KEY,`,
        `source_doc_hash   TEXT NOT NULL REFERENCES inbox_raw_messages(doc_hash),`,
      ]
    : [
        `inbox_messages (
      id             INTEGER PRIMARY KEY,
      doc_hash       TEXT NOT NULL,`,
        `source_doc_hash   TEXT NOT NULL,
      message_id        INTEGER NOT NULL,`,
      ];
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${messagesTable}
      body           BLOB NOT NULL,
      content_type   TEXT NOT NULL,
      received_via   TEXT NOT NULL,
      received_at_ms INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS inbox_events (
      seq               INTEGER PRIMARY KEY AUTOINCREMENT,
      event_key         TEXT NOT NULL,
      key_prefix        BLOB NOT NULL,
      source            TEXT NOT NULL,
      source_message_id TEXT NOT NULL,
      carrier           TEXT NOT NULL,
      shipment_ref      TEXT NOT NULL,
      declaration_id    TEXT,
      event_type        TEXT NOT NULL,
      location          TEXT NOT NULL,
      occurred_at       INTEGER NOT NULL,
      ${messageColumns}
      accepted_at_ms    INTEGER NOT NULL,
      received_via      TEXT NOT NULL,
      on_chain_tx       TEXT,
      on_chain_block    INTEGER,
      UNIQUE (source, source_message_id)
    ) STRICT;
  `);
  db.exec(`
    CREATE INDEX IF NOT EXISTS inbox_events_pending ON inbox_events(seq) WHERE on_chain_tx IS NULL;
    CREATE INDEX IF NOT EXISTS inbox_events_tx ON inbox_events(on_chain_tx) WHERE on_chain_tx IS NOT NULL;
  `);
  requireCarrierColumn(db);
  addKeyPrefixes(db);
  db.exec(`CREATE INDEX IF NOT EXISTS inbox_events_key ON inbox_events(key_prefix)`);
  return legacy;
}

/**
 * An inbox written before shipment references named the carrier has no `carrier` column, and its
 * events' keys hash references the chain no longer uses (and the message each event came in,
 * which keys no longer include): it cannot be brought up to date (the carrier of a stored event
 * is not known). Refused, naming why, rather than read wrongly.
 */
function requireCarrierColumn(db: DatabaseSync): void {
  const columns = db.prepare(`SELECT name FROM pragma_table_info('inbox_events')`).all() as {
    name: string;
  }[];
  if (!columns.some((c) => c.name === "carrier")) {
    throw new Error(
      "inbox_events has no carrier column: this store was written before shipment references named the carrier (issue #12); start the node with a fresh data directory",
    );
  }
}

/**
 * An inbox written before events were indexed by key prefix (its `event_key` column is UNIQUE and
 * has no `key_prefix`) gets the column, filled in for every event, in one transaction. It keeps
 * its old key index as well (a UNIQUE constraint cannot be dropped in place): correct, only
 * slower to write.
 */
function addKeyPrefixes(db: DatabaseSync): void {
  const columns = db.prepare(`SELECT name FROM pragma_table_info('inbox_events')`).all() as {
    name: string;
  }[];
  if (columns.some((c) => c.name === "key_prefix")) return;
  inTransaction(db, () => {
    db.exec(`ALTER TABLE inbox_events ADD COLUMN key_prefix BLOB NOT NULL DEFAULT x''`);
    db.exec(`UPDATE inbox_events SET key_prefix = ${keyPrefixOf("event_key")}`);
  });
}

const EVENT_COLUMNS = `seq, event_key, source, source_message_id, carrier, shipment_ref, declaration_id, event_type,
  location, occurred_at, source_doc_hash, accepted_at_ms, received_via, on_chain_tx, on_chain_block`;

function rowToEntry(row: EventRow): InboxEntry {
  const event: CustomsEventRecord = {
    sourceMessageId: row.source_message_id,
    source: row.source as EventSource,
    carrier: row.carrier as Address,
    shipmentRef: row.shipment_ref,
    eventType: row.event_type as CustomsEventType,
    location: row.location,
    occurredAt: row.occurred_at,
    sourceDocHash: row.source_doc_hash as Hex,
  };
  if (row.declaration_id !== null) event.declarationId = row.declaration_id;
  return {
    seq: row.seq,
    eventKey: row.event_key as Hex,
    event,
    acceptedAtMs: row.accepted_at_ms,
    receivedVia: row.received_via,
    onChain:
      row.on_chain_tx === null
        ? null
        : { txHash: row.on_chain_tx as Hex, blockNumber: row.on_chain_block ?? 0 },
  };
}

function toBuffer(body: Buffer | string): Buffer {
  return typeof body === "string" ? Buffer.from(body, "utf8") : body;
}

export interface CustomsEventInboxOptions {
  /** Clock for `acceptedAtMs` (default `Date.now`). */
  nowMs?: () => number;
}

export class CustomsEventInbox {
  readonly #db: DatabaseSync;
  readonly #nowMs: () => number;
  /** Whether raw messages live in the earlier, hash-keyed `inbox_raw_messages` (see the schema). */
  readonly #legacy: boolean;
  readonly #insertRaw: StatementSync;
  readonly #dropMessage: StatementSync | undefined;
  readonly #insertEvent: StatementSync;
  readonly #bySource: StatementSync;
  readonly #byKey: StatementSync;
  readonly #byKeys: StatementSync;
  readonly #hasKey: StatementSync;
  readonly #acceptedAmong: StatementSync;
  readonly #markedKey: StatementSync;
  readonly #pending: StatementSync;
  readonly #pendingKeys: StatementSync;
  readonly #pendingExcept: StatementSync;
  readonly #pendingCount: StatementSync;
  readonly #count: StatementSync;
  readonly #lastSeq: StatementSync;
  readonly #markMany: StatementSync;
  readonly #unmark: StatementSync;
  readonly #raw: StatementSync;

  constructor(db: DatabaseSync, options: CustomsEventInboxOptions = {}) {
    this.#legacy = ensureInboxSchema(db);
    this.#db = db;
    this.#nowMs = options.nowMs ?? Date.now;
    this.#insertRaw = db.prepare(
      this.#legacy
        ? `INSERT INTO inbox_raw_messages (doc_hash, body, content_type, received_via, received_at_ms)
           VALUES (?, ?, ?, ?, ?) ON CONFLICT (doc_hash) DO NOTHING`
        : `INSERT INTO inbox_messages (doc_hash, body, content_type, received_via, received_at_ms)
           VALUES (?, ?, ?, ?, ?)`,
    );
    this.#dropMessage = this.#legacy
      ? undefined
      : db.prepare(`DELETE FROM inbox_messages WHERE id = ?`);
    // ?13: the message's id in a new store (`inbox_messages`); a legacy store has no such column.
    this.#insertEvent = db.prepare(
      `INSERT INTO inbox_events (event_key, key_prefix, source, source_message_id, carrier,
         shipment_ref, declaration_id, event_type, location, occurred_at, source_doc_hash,
         accepted_at_ms, received_via${this.#legacy ? "" : ", message_id"})
       VALUES (?1, ${keyPrefixOf("?1")}, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12${this.#legacy ? "" : ", ?13"})
       ON CONFLICT DO NOTHING`,
    );
    this.#bySource = db.prepare(
      `SELECT seq, event_key, carrier, shipment_ref, declaration_id, event_type, location,
         occurred_at
       FROM inbox_events WHERE source = ? AND source_message_id = ?`,
    );
    this.#byKey = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM inbox_events WHERE key_prefix = ${keyPrefixOf("?1")} AND event_key = ?1`,
    );
    this.#byKeys = db.prepare(
      `SELECT ${EVENT_COLUMNS.replace(/(\w+)/g, "e.$1")} FROM json_each(?) AS k JOIN inbox_events AS e
       ON e.key_prefix = ${keyPrefixOf("k.value")} AND e.event_key = k.value`,
    );
    this.#hasKey = db.prepare(
      `SELECT 1 AS present FROM inbox_events WHERE key_prefix = ${keyPrefixOf("?1")} AND event_key = ?1`,
    );
    this.#markedKey = db.prepare(
      `SELECT 1 AS marked FROM inbox_events
       WHERE key_prefix = ${keyPrefixOf("?1")} AND event_key = ?1 AND on_chain_tx IS NOT NULL`,
    );
    // Whole reports are looked up and marked in one statement each (keys passed as a JSON array):
    // a follower checks 512 keys twice per report and every node marks them once, and a statement
    // per key cost more in crossing into SQLite than in the lookups themselves.
    this.#acceptedAmong = db.prepare(
      `SELECT e.event_key FROM json_each(?) AS k JOIN inbox_events AS e
       ON e.key_prefix = ${keyPrefixOf("k.value")} AND e.event_key = k.value`,
    );
    this.#pending = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM inbox_events
       WHERE on_chain_tx IS NULL AND seq > ? ORDER BY seq LIMIT ?`,
    );
    this.#pendingExcept = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM inbox_events
       WHERE on_chain_tx IS NULL AND event_key NOT IN (SELECT value FROM json_each(?))
       ORDER BY seq LIMIT ?`,
    );
    this.#pendingKeys = db.prepare(
      `SELECT event_key FROM inbox_events WHERE on_chain_tx IS NULL ORDER BY seq`,
    );
    this.#pendingCount = db.prepare(
      `SELECT count(*) AS n FROM inbox_events WHERE on_chain_tx IS NULL`,
    );
    this.#count = db.prepare(`SELECT count(*) AS n FROM inbox_events`);
    this.#lastSeq = db.prepare(`SELECT coalesce(max(seq), 0) AS n FROM inbox_events`);
    this.#markMany = db.prepare(
      `UPDATE inbox_events SET on_chain_tx = ?1, on_chain_block = ?2
       WHERE seq IN (
         SELECT e.seq FROM json_each(?3) AS k JOIN inbox_events AS e
         ON e.key_prefix = ${keyPrefixOf("k.value")} AND e.event_key = k.value
       ) AND on_chain_tx IS NULL
       RETURNING event_key, accepted_at_ms`,
    );
    this.#unmark = db.prepare(
      `UPDATE inbox_events SET on_chain_tx = NULL, on_chain_block = NULL WHERE on_chain_tx = ?`,
    );
    this.#raw = db.prepare(
      this.#legacy
        ? `SELECT r.body, r.content_type, r.received_via, r.received_at_ms
           FROM inbox_events AS e JOIN inbox_raw_messages AS r ON r.doc_hash = e.source_doc_hash
           WHERE e.key_prefix = ${keyPrefixOf("?1")} AND e.event_key = ?1`
        : `SELECT m.body, m.content_type, m.received_via, m.received_at_ms
           FROM inbox_events AS e JOIN inbox_messages AS m ON m.id = e.message_id
           WHERE e.key_prefix = ${keyPrefixOf("?1")} AND e.event_key = ?1`,
    );
  }

  /** Stores one event and its raw message; a second event with the same source id is a duplicate. */
  accept(raw: RawMessage, event: CustomsEventRecord): AcceptResult {
    const [result] = this.acceptMessage(raw, [event]);
    return result!;
  }

  /**
   * Stores every event read from one raw message, in one transaction (all or nothing), with the
   * raw bytes (not kept when every event is a duplicate; a legacy store keeps the bytes once per
   * hash). Throws if an event is malformed or was not read from these bytes.
   * `docHash`: the keccak256 of `raw.body` if the caller has already computed it (it is the
   * largest hash here, so the ingest pipeline passes the one it computed from the same bytes).
   */
  acceptMessage(
    raw: RawMessage,
    events: readonly CustomsEventRecord[],
    docHash: Hex = sourceDocHashOf(toBuffer(raw.body)),
  ): AcceptResult[] {
    const body = toBuffer(raw.body);
    const checked = events.map((event) => {
      checkCustomsEventRecord(event);
      if (event.sourceDocHash !== docHash) {
        throw new Error(
          `event ${event.source}:${event.sourceMessageId} has sourceDocHash ${event.sourceDocHash}, but the raw message hashes to ${docHash}`,
        );
      }
      return { event, key: eventKeyOf(event) };
    });
    const nowMs = this.#nowMs();
    return inTransaction(this.#db, () => {
      const messageId = this.#insertRaw.run(
        docHash,
        body,
        raw.contentType,
        raw.receivedVia,
        nowMs,
      ).lastInsertRowid;
      const results = checked.map(({ event, key }): AcceptResult => {
        const columns = [
          key,
          event.source,
          event.sourceMessageId,
          event.carrier,
          event.shipmentRef,
          event.declarationId ?? null,
          event.eventType,
          event.location,
          event.occurredAt,
          event.sourceDocHash,
          nowMs,
          raw.receivedVia,
        ] as const;
        const inserted = this.#legacy
          ? this.#insertEvent.run(...columns)
          : this.#insertEvent.run(...columns, messageId);
        if (inserted.changes === 1) {
          return {
            status: "accepted",
            seq: Number(inserted.lastInsertRowid),
            eventKey: key,
            matchesStored: true,
          };
        }
        const stored = this.#bySource.get(event.source, event.sourceMessageId) as
          DuplicateProbeRow | undefined;
        if (stored === undefined) {
          // The event key is taken by another (source, id): impossible unless keccak collides.
          throw new Error(`event key ${key} is already stored under another source message id`);
        }
        return {
          status: "duplicate",
          seq: stored.seq,
          eventKey: stored.event_key as Hex,
          matchesStored:
            stored.carrier === event.carrier &&
            stored.shipment_ref === event.shipmentRef &&
            stored.declaration_id === (event.declarationId ?? null) &&
            stored.event_type === event.eventType &&
            stored.location === event.location &&
            stored.occurred_at === event.occurredAt,
        };
      });
      // A message none of whose events is new adds nothing: its events are stored with the
      // messages that brought them first. (A message without events is kept: it was received.)
      if (this.#dropMessage !== undefined && results.length > 0) {
        if (results.every((r) => r.status === "duplicate")) this.#dropMessage.run(messageId);
      }
      return results;
    });
  }

  /** The stored event with this key, or undefined. */
  get(eventKey: Hex): InboxEntry | undefined {
    const row = this.#byKey.get(eventKey) as EventRow | undefined;
    return row === undefined ? undefined : rowToEntry(row);
  }

  /**
   * The stored events among `eventKeys`, by key, in one statement (keys never accepted are absent):
   * a leader reads the events of a round's candidates at once rather than one statement each.
   */
  getMany(eventKeys: readonly Hex[]): Map<Hex, InboxEntry> {
    const rows = this.#byKeys.all(JSON.stringify(eventKeys)) as unknown as EventRow[];
    return new Map(rows.map((row) => [row.event_key as Hex, rowToEntry(row)]));
  }

  /** Whether an event with this key has been accepted by this node. */
  has(eventKey: Hex): boolean {
    return this.#hasKey.get(eventKey) !== undefined;
  }

  /** The stored event with this (source, sourceMessageId), or undefined. */
  findBySourceMessageId(source: EventSource, sourceMessageId: string): InboxEntry | undefined {
    const hit = this.#bySource.get(source, sourceMessageId) as { event_key: string } | undefined;
    return hit === undefined ? undefined : this.get(hit.event_key as Hex);
  }

  /** Accepted events not yet marked on chain, in inbox order, with `seq > afterSeq`. */
  listPendingForChain(limit: number, afterSeq = 0): InboxEntry[] {
    if (!Number.isInteger(limit) || limit < 0) {
      throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
    }
    return (this.#pending.all(afterSeq, limit) as unknown as EventRow[]).map(rowToEntry);
  }

  /**
   * Accepted events not yet marked on chain, in inbox order, leaving out `exceptKeysJson` (a JSON
   * array of event keys, e.g. those of reports on their way to the chain).
   */
  listPendingForChainExcept(limit: number, exceptKeysJson: string): InboxEntry[] {
    if (!Number.isInteger(limit) || limit < 0) {
      throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
    }
    return (this.#pendingExcept.all(exceptKeysJson, limit) as unknown as EventRow[]).map(
      rowToEntry,
    );
  }

  /**
   * The keys of the accepted events not yet marked on chain, in inbox order, read one row at a
   * time: a caller that skips many (a leader passing over its own reports in flight) and stops
   * early never loads the whole backlog. Do not write to the store while iterating.
   */
  *pendingKeys(): Generator<Hex, void, undefined> {
    for (const row of this.#pendingKeys.iterate() as Iterable<{ event_key: string }>) {
      yield row.event_key as Hex;
    }
  }

  /** Whether this node has accepted the event with this key and marked it as included on chain. */
  isMarkedOnChain(eventKey: Hex): boolean {
    return this.#markedKey.get(eventKey) !== undefined;
  }

  /** The keys among `keys` that this node has accepted (one statement for the whole list). */
  acceptedAmong(keys: readonly Hex[]): Set<Hex> {
    const rows = this.#acceptedAmong.all(JSON.stringify(keys)) as { event_key: string }[];
    return new Set(rows.map((r) => r.event_key as Hex));
  }

  /**
   * Marks the events among `eventKeys` that are not marked yet as included on chain by `txHash` in
   * `blockNumber` (one statement). An event already marked keeps the transaction that carried it
   * first; keys this node never accepted are left alone. Returns the events marked now.
   */
  markOnChain(
    eventKeys: readonly Hex[],
    txHash: Hex,
    blockNumber: number,
  ): { eventKey: Hex; acceptedAtMs: number }[] {
    const rows = this.#markMany.all(txHash, blockNumber, JSON.stringify(eventKeys)) as {
      event_key: string;
      accepted_at_ms: number;
    }[];
    return rows.map((r) => ({ eventKey: r.event_key as Hex, acceptedAtMs: r.accepted_at_ms }));
  }

  /** Clears the on-chain mark of every event included by `txHash` (after a reorg removed it). */
  unmarkOnChain(txHash: Hex): number {
    return Number(this.#unmark.run(txHash).changes);
  }

  /** How many accepted events are not marked on chain. */
  pendingCount(): number {
    return (this.#pendingCount.get() as { n: number }).n;
  }

  /** How many events were ever accepted. */
  count(): number {
    return (this.#count.get() as { n: number }).n;
  }

  /** The highest inbox sequence (0 when empty). */
  lastSeq(): number {
    return (this.#lastSeq.get() as { n: number }).n;
  }

  /** The raw message the event with this key was accepted from, or undefined. */
  rawMessageOf(eventKey: Hex): StoredRawMessage | undefined {
    const row = this.#raw.get(eventKey) as
      | { body: Uint8Array; content_type: string; received_via: string; received_at_ms: number }
      | undefined;
    if (row === undefined) return undefined;
    return {
      body: Buffer.from(row.body),
      contentType: row.content_type,
      receivedVia: row.received_via,
      receivedAtMs: row.received_at_ms,
    };
  }
}
