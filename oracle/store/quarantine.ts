/**
 * Messages refused at the edge, kept with their raw bytes and the refusal (field, reason, code) so an
 * operator can list them, fix them and replay them. The same bytes refused again add an attempt to
 * the existing entry instead of a new row. Nothing is ever deleted: a replayed entry stays, marked.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Hex } from "viem";
import { sourceDocHashOf } from "../events/customsEvent.ts";
import { IngestRejection, isRejectionCode, type RejectionCode } from "../ingest/rejection.ts";
import { inTransaction } from "./database.ts";
import type { RawMessage } from "../queue/inbox.ts";

/** The three message formats the node ingests. */
export const MESSAGE_FORMATS = ["wco-dms", "dcsa-tnt", "canonical"] as const;
export type MessageFormat = (typeof MESSAGE_FORMATS)[number];

export interface QuarantineInput {
  raw: Buffer | string;
  contentType: string;
  receivedVia: string;
  format: MessageFormat;
  field: string;
  reason: string;
  code: RejectionCode;
  /** Declaration id or B/L number whose link would let the message through. */
  awaitingRef?: string;
  /** True when only the first bytes of an oversize body were kept. */
  truncated?: boolean;
}

export type QuarantineStatus = "quarantined" | "replayed";

export interface QuarantineEntry {
  id: number;
  format: MessageFormat;
  contentType: string;
  receivedVia: string;
  field: string;
  reason: string;
  code: RejectionCode;
  awaitingRef: string | null;
  status: QuarantineStatus;
  attempts: number;
  firstSeenMs: number;
  lastSeenMs: number;
  bodyBytes: number;
  truncated: boolean;
  docHash: Hex;
  replayedAtMs: number | null;
}

export interface QuarantineEntryWithBody extends QuarantineEntry {
  body: Buffer;
  /** The last corrected body an operator replayed, if any. */
  fixedBody: Buffer | null;
}

/** What a successful validation stored. */
export interface ReplayAccepted {
  accepted: number;
  duplicate: number;
  eventKeys: Hex[];
}

/**
 * Re-runs the full ingest validation on a message and stores it if it passes (inside the caller's
 * transaction); throws IngestRejection if it is still refused.
 */
export type QuarantineValidator = (format: MessageFormat, raw: RawMessage) => ReplayAccepted;

export type ReplayOutcome =
  | ({ status: "accepted" } & ReplayAccepted)
  | { status: "quarantined"; code: RejectionCode; field: string; reason: string };

export class QuarantineEntryNotFoundError extends Error {
  override readonly name = "QuarantineEntryNotFoundError";
  readonly id: number;
  constructor(id: number) {
    super(`quarantine entry ${id} does not exist`);
    this.id = id;
  }
}

/** Refusals that say who sent a message, not what is wrong with it. */
export const AUTHENTICATION_REFUSALS: readonly RejectionCode[] = ["unauthorized", "forbidden"];

/** Whether an entry was refused because its sender was not authenticated or not allowed. */
export function isAuthenticationRefusal(code: RejectionCode): boolean {
  return AUTHENTICATION_REFUSALS.includes(code);
}

/**
 * The entry was refused as unauthorized or forbidden: replaying it would put its events (and
 * declaration links) into the inbox on the authority of a sender the node never authenticated.
 * Only an operator who vouches for it may, naming `overrideAuthentication`.
 */
export class QuarantineEntryUnauthenticatedError extends Error {
  override readonly name = "QuarantineEntryUnauthenticatedError";
  readonly id: number;
  readonly code: RejectionCode;
  constructor(id: number, code: RejectionCode, receivedVia: string) {
    super(
      `quarantine entry ${id} was refused as ${code} (received via ${receivedVia}): its sender was not authenticated for that route, so replaying it would inject its events on nobody's authority; replay it only if you vouch for its content, with the authentication override`,
    );
    this.id = id;
    this.code = code;
  }
}

export interface ReplayOptions {
  /**
   * Replay an entry refused as unauthorized or forbidden. The operator vouches for the message;
   * the caller logs who did it.
   */
  overrideAuthentication?: boolean;
}

export class QuarantineEntryAlreadyReplayedError extends Error {
  override readonly name = "QuarantineEntryAlreadyReplayedError";
  readonly id: number;
  constructor(id: number) {
    super(`quarantine entry ${id} was already replayed into the inbox`);
    this.id = id;
  }
}

interface QuarantineRow {
  id: number;
  format: string;
  content_type: string;
  received_via: string;
  field: string;
  reason: string;
  code: string;
  awaiting_ref: string | null;
  status: string;
  attempts: number;
  first_seen_ms: number;
  last_seen_ms: number;
  body_bytes: number;
  truncated: number;
  doc_hash: string;
  replayed_at_ms: number | null;
}

const ENTRY_COLUMNS = `id, format, content_type, received_via, field, reason, code, awaiting_ref,
  status, attempts, first_seen_ms, last_seen_ms, length(body) AS body_bytes, truncated, doc_hash,
  replayed_at_ms`;

function rowToEntry(row: QuarantineRow): QuarantineEntry {
  return {
    id: row.id,
    format: row.format as MessageFormat,
    contentType: row.content_type,
    receivedVia: row.received_via,
    field: row.field,
    reason: row.reason,
    code: isRejectionCode(row.code) ? row.code : "invalid_field",
    awaitingRef: row.awaiting_ref,
    status: row.status as QuarantineStatus,
    attempts: row.attempts,
    firstSeenMs: row.first_seen_ms,
    lastSeenMs: row.last_seen_ms,
    bodyBytes: row.body_bytes,
    truncated: row.truncated === 1,
    docHash: row.doc_hash as Hex,
    replayedAtMs: row.replayed_at_ms,
  };
}

/** Creates the quarantine table if it does not exist (idempotent). */
export function ensureQuarantineSchema(db: DatabaseSync): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS quarantine (
      id             INTEGER PRIMARY KEY AUTOINCREMENT,
      doc_hash       TEXT NOT NULL,
      format         TEXT NOT NULL,
      content_type   TEXT NOT NULL,
      received_via   TEXT NOT NULL,
      body           BLOB NOT NULL,
      truncated      INTEGER NOT NULL DEFAULT 0,
      field          TEXT NOT NULL,
      reason         TEXT NOT NULL,
      code           TEXT NOT NULL,
      awaiting_ref   TEXT,
      status         TEXT NOT NULL DEFAULT 'quarantined',
      attempts       INTEGER NOT NULL DEFAULT 1,
      first_seen_ms  INTEGER NOT NULL,
      last_seen_ms   INTEGER NOT NULL,
      fixed_body     BLOB,
      replayed_at_ms INTEGER,
      replay_result  TEXT
    ) STRICT;
    CREATE INDEX IF NOT EXISTS quarantine_open_hash ON quarantine(doc_hash) WHERE status = 'quarantined';
    CREATE INDEX IF NOT EXISTS quarantine_awaiting ON quarantine(awaiting_ref) WHERE status = 'quarantined';
  `);
}

export interface QuarantineOptions {
  /** Re-runs validation on replay (the ingest pipeline's `process`). */
  validate: QuarantineValidator;
  nowMs?: () => number;
}

export class Quarantine {
  readonly #db: DatabaseSync;
  readonly #validate: QuarantineValidator;
  readonly #nowMs: () => number;
  readonly #findOpen: StatementSync;
  readonly #insert: StatementSync;
  readonly #again: StatementSync;
  readonly #seenAgain: StatementSync;
  readonly #list: StatementSync;
  readonly #listAll: StatementSync;
  readonly #get: StatementSync;
  readonly #markReplayed: StatementSync;
  readonly #stillRefused: StatementSync;
  readonly #count: StatementSync;
  readonly #awaiting: StatementSync;

  constructor(db: DatabaseSync, options: QuarantineOptions) {
    ensureQuarantineSchema(db);
    this.#db = db;
    this.#validate = options.validate;
    this.#nowMs = options.nowMs ?? Date.now;
    this.#findOpen = db.prepare(
      `SELECT id FROM quarantine WHERE doc_hash = ? AND format = ? AND status = 'quarantined' LIMIT 1`,
    );
    this.#insert = db.prepare(
      `INSERT INTO quarantine (doc_hash, format, content_type, received_via, body, truncated, field,
         reason, code, awaiting_ref, first_seen_ms, last_seen_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // A refusal from an authenticated client replaces an authentication refusal of the same bytes
    // together with who sent them (that client vouches for them now).
    this.#again = db.prepare(
      `UPDATE quarantine SET attempts = attempts + 1, last_seen_ms = ?, field = ?, reason = ?,
         code = ?, awaiting_ref = ?,
         received_via = CASE WHEN code IN ('unauthorized', 'forbidden') THEN ? ELSE received_via END
       WHERE id = ?`,
    );
    this.#seenAgain = db.prepare(
      `UPDATE quarantine SET attempts = attempts + 1, last_seen_ms = ? WHERE id = ?`,
    );
    this.#list = db.prepare(
      `SELECT ${ENTRY_COLUMNS} FROM quarantine WHERE status = ? ORDER BY id LIMIT ? OFFSET ?`,
    );
    this.#listAll = db.prepare(
      `SELECT ${ENTRY_COLUMNS} FROM quarantine ORDER BY id LIMIT ? OFFSET ?`,
    );
    this.#get = db.prepare(
      `SELECT ${ENTRY_COLUMNS}, body, fixed_body FROM quarantine WHERE id = ?`,
    );
    this.#markReplayed = db.prepare(
      `UPDATE quarantine SET status = 'replayed', replayed_at_ms = ?, replay_result = ?,
         fixed_body = coalesce(?, fixed_body) WHERE id = ?`,
    );
    this.#stillRefused = db.prepare(
      `UPDATE quarantine SET attempts = attempts + 1, last_seen_ms = ?, field = ?, reason = ?,
         code = ?, awaiting_ref = ?, fixed_body = coalesce(?, fixed_body) WHERE id = ?`,
    );
    this.#count = db.prepare(`SELECT count(*) AS n FROM quarantine WHERE status = 'quarantined'`);
    this.#awaiting = db.prepare(
      `SELECT id FROM quarantine WHERE status = 'quarantined' AND awaiting_ref = ? ORDER BY id`,
    );
  }

  /**
   * Keeps a refused message. Returns its entry id; the same bytes still quarantined in the same
   * format count as another attempt on the existing entry (`repeated: true`).
   */
  add(input: QuarantineInput): { id: number; repeated: boolean } {
    const body = typeof input.raw === "string" ? Buffer.from(input.raw, "utf8") : input.raw;
    const docHash = sourceDocHashOf(body);
    const nowMs = this.#nowMs();
    return inTransaction(this.#db, () => {
      const open = this.#findOpen.get(docHash, input.format) as { id: number } | undefined;
      if (open !== undefined) {
        if (isAuthenticationRefusal(input.code)) {
          // Someone unauthenticated resending bytes a client sent must not change why they wait
          // (an entry waiting for its declaration link would no longer replay itself).
          this.#seenAgain.run(nowMs, open.id);
        } else {
          this.#again.run(
            nowMs,
            input.field,
            input.reason,
            input.code,
            input.awaitingRef ?? null,
            input.receivedVia,
            open.id,
          );
        }
        return { id: open.id, repeated: true };
      }
      const inserted = this.#insert.run(
        docHash,
        input.format,
        input.contentType,
        input.receivedVia,
        body,
        input.truncated === true ? 1 : 0,
        input.field,
        input.reason,
        input.code,
        input.awaitingRef ?? null,
        nowMs,
        nowMs,
      );
      return { id: Number(inserted.lastInsertRowid), repeated: false };
    });
  }

  /** Entries in id order (default: those still quarantined), without bodies. */
  list(
    options: { limit?: number; offset?: number; status?: QuarantineStatus | "all" } = {},
  ): QuarantineEntry[] {
    const limit = options.limit ?? 50;
    const offset = options.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 0 || !Number.isInteger(offset) || offset < 0) {
      throw new RangeError(`limit and offset must be non-negative integers (${limit}, ${offset})`);
    }
    const status = options.status ?? "quarantined";
    const rows =
      status === "all" ? this.#listAll.all(limit, offset) : this.#list.all(status, limit, offset);
    return (rows as unknown as QuarantineRow[]).map(rowToEntry);
  }

  /** One entry with its raw body, or undefined. */
  get(id: number): QuarantineEntryWithBody | undefined {
    const row = this.#get.get(id) as
      (QuarantineRow & { body: Uint8Array; fixed_body: Uint8Array | null }) | undefined;
    if (row === undefined) return undefined;
    return {
      ...rowToEntry(row),
      body: Buffer.from(row.body),
      fixedBody: row.fixed_body === null ? null : Buffer.from(row.fixed_body),
    };
  }

  /**
   * Runs the entry (or `fixedBody`, an operator's correction) through validation again. If it
   * passes, its events are stored and the entry is marked replayed, in one transaction; if not, the
   * entry stays quarantined with the new field and reason. An entry refused as unauthorized or
   * forbidden is replayed only with `overrideAuthentication` (else
   * QuarantineEntryUnauthenticatedError, nothing changed).
   */
  replay(id: number, fixedBody?: Buffer | string, options: ReplayOptions = {}): ReplayOutcome {
    const entry = this.get(id);
    if (entry === undefined) throw new QuarantineEntryNotFoundError(id);
    if (entry.status === "replayed") throw new QuarantineEntryAlreadyReplayedError(id);
    if (isAuthenticationRefusal(entry.code) && options.overrideAuthentication !== true) {
      throw new QuarantineEntryUnauthenticatedError(id, entry.code, entry.receivedVia);
    }
    const fixed =
      fixedBody === undefined
        ? null
        : typeof fixedBody === "string"
          ? Buffer.from(fixedBody, "utf8")
          : fixedBody;
    const raw: RawMessage = {
      body: fixed ?? entry.body,
      contentType: entry.contentType,
      receivedVia: `replay:${id}`,
    };
    const nowMs = this.#nowMs();
    try {
      return inTransaction(this.#db, () => {
        const stored = this.#validate(entry.format, raw);
        this.#markReplayed.run(nowMs, JSON.stringify(stored), fixed, id);
        return { status: "accepted" as const, ...stored };
      });
    } catch (error) {
      if (!(error instanceof IngestRejection)) throw error;
      this.#stillRefused.run(
        nowMs,
        error.field,
        error.reason,
        error.code,
        error.awaitingRef ?? null,
        fixed,
        id,
      );
      return { status: "quarantined", code: error.code, field: error.field, reason: error.reason };
    }
  }

  /** Ids of quarantined entries waiting for a link to this declaration id or B/L number. */
  awaiting(ref: string): number[] {
    return (this.#awaiting.all(ref) as { id: number }[]).map((r) => r.id);
  }

  /** How many entries are still quarantined. */
  count(): number {
    return (this.#count.get() as { n: number }).n;
  }
}
