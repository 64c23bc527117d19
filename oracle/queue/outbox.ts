/**
 * The node's outbox: reports that reached a quorum of signatures and that this node submits, each
 * moving pending → submitted → included → confirmed (or superseded, when another report took its
 * sequence on chain), with every transaction attempt it sent for it.
 *
 * Write-ahead: an attempt (raw signed transaction, hash, nonce, fees) is committed here BEFORE it
 * is broadcast, so after a crash the node knows every transaction it may have sent and re-sends
 * the same bytes, never a second transaction for the same nonce with different contents unless it
 * means to replace it. The transmitter's next nonce lives here too, allocated in the same
 * transaction as the attempt that uses it (informational: the nonce actually used is reconciled with
 * the chain's pending nonce every time, see `oracle/chain/submitter.ts`).
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Address, Hex } from "viem";
import { inTransaction } from "../store/database.ts";

export const OUTBOX_STATUSES = [
  "pending",
  "submitted",
  "included",
  "confirmed",
  "superseded",
] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export function ensureOutboxSchema(db: DatabaseSync): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS outbox_reports (
      digest          TEXT PRIMARY KEY,
      epoch           INTEGER NOT NULL,
      sequence        INTEGER NOT NULL,
      event_keys_json TEXT NOT NULL,
      signatures      TEXT NOT NULL,
      status          TEXT NOT NULL CHECK (status IN
                        ('pending', 'submitted', 'included', 'confirmed', 'superseded')),
      tx_hash         TEXT,
      block_number    INTEGER,
      block_hash      TEXT,
      note            TEXT,
      hold_until_ms   INTEGER NOT NULL DEFAULT 0,
      created_at_ms   INTEGER NOT NULL,
      updated_at_ms   INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX IF NOT EXISTS outbox_reports_open ON outbox_reports(sequence)
      WHERE status <> 'superseded';
    CREATE TABLE IF NOT EXISTS outbox_attempts (
      tx_hash                  TEXT PRIMARY KEY,
      digest                   TEXT NOT NULL REFERENCES outbox_reports(digest),
      nonce                    INTEGER NOT NULL,
      gas_limit                TEXT NOT NULL,
      max_fee_per_gas          TEXT NOT NULL,
      max_priority_fee_per_gas TEXT NOT NULL,
      raw_tx                   TEXT NOT NULL,
      sent_at_ms               INTEGER NOT NULL,
      status                   TEXT NOT NULL CHECK (status IN ('live', 'replaced', 'dropped'))
    ) STRICT;
    CREATE INDEX IF NOT EXISTS outbox_attempts_digest ON outbox_attempts(digest);
    CREATE TABLE IF NOT EXISTS transmitter_nonces (
      address    TEXT PRIMARY KEY,
      next_nonce INTEGER NOT NULL
    ) STRICT;
  `);
}

export interface OutboxReport {
  digest: Hex;
  epoch: number;
  sequence: bigint;
  /** The keys of the report's events, in report order (read from the store when first used). */
  readonly eventKeys: readonly Hex[];
  /** Concatenated 64-byte compact signatures, as `submitReport` takes them. */
  signatures: Hex;
  status: OutboxStatus;
  txHash: Hex | null;
  blockNumber: bigint | null;
  blockHash: Hex | null;
  note: string | null;
  /** Not to be sent before this time (a re-proposed report its first leader may still send). */
  holdUntilMs: number;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface TransactionAttempt {
  txHash: Hex;
  digest: Hex;
  nonce: number;
  gasLimit: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  rawTx: Hex;
  sentAtMs: number;
  status: "live" | "replaced" | "dropped";
}

interface ReportRow {
  digest: string;
  epoch: number;
  sequence: number | bigint;
  signatures: string;
  status: string;
  tx_hash: string | null;
  block_number: number | bigint | null;
  block_hash: string | null;
  note: string | null;
  hold_until_ms: number;
  created_at_ms: number;
  updated_at_ms: number;
}

interface AttemptRow {
  tx_hash: string;
  digest: string;
  nonce: number;
  gas_limit: string;
  max_fee_per_gas: string;
  max_priority_fee_per_gas: string;
  raw_tx: string;
  sent_at_ms: number;
  status: string;
}

function toAttempt(row: AttemptRow): TransactionAttempt {
  return {
    txHash: row.tx_hash as Hex,
    digest: row.digest as Hex,
    nonce: row.nonce,
    gasLimit: BigInt(row.gas_limit),
    maxFeePerGas: BigInt(row.max_fee_per_gas),
    maxPriorityFeePerGas: BigInt(row.max_priority_fee_per_gas),
    rawTx: row.raw_tx as Hex,
    sentAtMs: row.sent_at_ms,
    status: row.status as TransactionAttempt["status"],
  };
}

// Without event_keys_json: a report's keys (a 34 kB JSON array for 512 events) are read only by
// the callers that use them, once per report (see #eventKeysOf); the leader and the submitter list
// the open and recent reports many times a second.
const REPORT_COLUMNS = `digest, epoch, sequence, signatures, status, tx_hash,
  block_number, block_hash, note, hold_until_ms, created_at_ms, updated_at_ms`;

/** How many reports' event keys stay parsed in memory (a few leader turns' worth). */
const EVENT_KEYS_CACHE_LIMIT = 128;

export class Outbox {
  readonly #db: DatabaseSync;
  readonly #nowMs: () => number;
  readonly #insert: StatementSync;
  readonly #get: StatementSync;
  readonly #open: StatementSync;
  readonly #bySequence: StatementSync;
  readonly #setStatus: StatementSync;
  readonly #setIncluded: StatementSync;
  readonly #insertAttempt: StatementSync;
  readonly #attempts: StatementSync;
  readonly #setAttemptStatus: StatementSync;
  readonly #liveAttempts: StatementSync;
  readonly #nonce: StatementSync;
  readonly #putNonce: StatementSync;
  readonly #counts: StatementSync;
  readonly #recent: StatementSync;
  readonly #maxLive: StatementSync;
  readonly #confirmedSince: StatementSync;
  readonly #eventKeys: StatementSync;
  /** Event keys of recently used reports, by digest (a report's keys never change). */
  readonly #eventKeysCache = new Map<Hex, readonly Hex[]>();

  constructor(db: DatabaseSync, nowMs: () => number = Date.now) {
    ensureOutboxSchema(db);
    this.#db = db;
    this.#nowMs = nowMs;
    this.#insert = db.prepare(
      `INSERT INTO outbox_reports (digest, epoch, sequence, event_keys_json, signatures, status,
         hold_until_ms, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)
       ON CONFLICT (digest) DO NOTHING`,
    );
    this.#get = db.prepare(`SELECT ${REPORT_COLUMNS} FROM outbox_reports WHERE digest = ?`);
    this.#eventKeys = db.prepare(`SELECT event_keys_json FROM outbox_reports WHERE digest = ?`);
    this.#open = db.prepare(
      `SELECT ${REPORT_COLUMNS} FROM outbox_reports
       WHERE status IN ('pending', 'submitted', 'included') ORDER BY sequence, created_at_ms`,
    );
    this.#bySequence = db.prepare(
      `SELECT ${REPORT_COLUMNS} FROM outbox_reports WHERE sequence = ? ORDER BY created_at_ms`,
    );
    this.#setStatus = db.prepare(
      `UPDATE outbox_reports SET status = ?, note = ?, updated_at_ms = ? WHERE digest = ?`,
    );
    this.#setIncluded = db.prepare(
      `UPDATE outbox_reports SET status = ?, tx_hash = ?, block_number = ?, block_hash = ?,
         updated_at_ms = ? WHERE digest = ?`,
    );
    this.#insertAttempt = db.prepare(
      `INSERT INTO outbox_attempts (tx_hash, digest, nonce, gas_limit, max_fee_per_gas,
         max_priority_fee_per_gas, raw_tx, sent_at_ms, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'live')
       ON CONFLICT (tx_hash) DO UPDATE SET status = 'live', sent_at_ms = excluded.sent_at_ms`,
    );
    this.#attempts = db.prepare(
      `SELECT * FROM outbox_attempts WHERE digest = ? ORDER BY sent_at_ms, rowid`,
    );
    this.#setAttemptStatus = db.prepare(`UPDATE outbox_attempts SET status = ? WHERE tx_hash = ?`);
    this.#liveAttempts = db.prepare(
      `SELECT a.* FROM outbox_attempts a JOIN outbox_reports r ON r.digest = a.digest
       WHERE a.status = 'live' AND r.status = 'submitted' ORDER BY a.nonce, a.sent_at_ms`,
    );
    this.#nonce = db.prepare(`SELECT next_nonce FROM transmitter_nonces WHERE address = ?`);
    this.#putNonce = db.prepare(
      `INSERT INTO transmitter_nonces (address, next_nonce) VALUES (?, ?)
       ON CONFLICT (address) DO UPDATE SET next_nonce = excluded.next_nonce`,
    );
    this.#maxLive = db.prepare(
      `SELECT max(a.nonce) AS n FROM outbox_attempts a JOIN outbox_reports r ON r.digest = a.digest
       WHERE a.status = 'live' AND r.status = 'submitted'`,
    );
    this.#confirmedSince = db.prepare(
      `SELECT ${REPORT_COLUMNS} FROM outbox_reports WHERE status = 'confirmed' AND block_number >= ?
       ORDER BY block_number`,
    );
    this.#counts = db.prepare(`SELECT status, count(*) AS n FROM outbox_reports GROUP BY status`);
    this.#recent = db.prepare(
      `SELECT ${REPORT_COLUMNS} FROM outbox_reports ORDER BY sequence DESC, created_at_ms DESC LIMIT ?`,
    );
  }

  /** Queues a report that reached its quorum (idempotent by digest). Returns true if new. */
  enqueue(report: {
    digest: Hex;
    epoch: number;
    sequence: bigint;
    eventKeys: readonly Hex[];
    signatures: Hex;
    holdUntilMs?: number;
  }): boolean {
    const now = this.#nowMs();
    const result = this.#insert.run(
      report.digest,
      report.epoch,
      report.sequence,
      JSON.stringify(report.eventKeys),
      report.signatures,
      report.holdUntilMs ?? 0,
      now,
      now,
    );
    return result.changes === 1;
  }

  #toReport(row: ReportRow): OutboxReport {
    const digest = row.digest as Hex;
    const eventKeysOf = (): readonly Hex[] => this.#eventKeysOf(digest);
    return {
      digest,
      epoch: row.epoch,
      sequence: BigInt(row.sequence),
      get eventKeys() {
        return eventKeysOf();
      },
      signatures: row.signatures as Hex,
      status: row.status as OutboxStatus,
      txHash: row.tx_hash as Hex | null,
      blockNumber: row.block_number === null ? null : BigInt(row.block_number),
      blockHash: row.block_hash as Hex | null,
      note: row.note,
      holdUntilMs: row.hold_until_ms,
      createdAtMs: row.created_at_ms,
      updatedAtMs: row.updated_at_ms,
    };
  }

  #eventKeysOf(digest: Hex): readonly Hex[] {
    let keys = this.#eventKeysCache.get(digest);
    if (keys === undefined) {
      const row = this.#eventKeys.get(digest) as { event_keys_json: string } | undefined;
      keys = Object.freeze(row === undefined ? [] : (JSON.parse(row.event_keys_json) as Hex[]));
      this.#eventKeysCache.set(digest, keys);
      if (this.#eventKeysCache.size > EVENT_KEYS_CACHE_LIMIT) {
        this.#eventKeysCache.delete(this.#eventKeysCache.keys().next().value!);
      }
    }
    return keys;
  }

  get(digest: Hex): OutboxReport | undefined {
    const row = this.#get.get(digest) as ReportRow | undefined;
    return row === undefined ? undefined : this.#toReport(row);
  }

  /** Reports still on their way (pending, submitted, included), by sequence. */
  open(): OutboxReport[] {
    return (this.#open.all() as unknown as ReportRow[]).map((row) => this.#toReport(row));
  }

  /** Every report this node queued for `sequence`, oldest first. */
  bySequence(sequence: bigint): OutboxReport[] {
    return (this.#bySequence.all(sequence) as unknown as ReportRow[]).map((row) =>
      this.#toReport(row),
    );
  }

  /** The most recent reports, newest first (for status pages). */
  recent(limit: number): OutboxReport[] {
    return (this.#recent.all(limit) as unknown as ReportRow[]).map((row) => this.#toReport(row));
  }

  /** Moves a report to `status` with an explanatory note. */
  setStatus(digest: Hex, status: OutboxStatus, note: string | null = null): void {
    this.#setStatus.run(status, note, this.#nowMs(), digest);
  }

  /** The report's transaction was mined (`included`) or is deep enough (`confirmed`). */
  setIncluded(
    digest: Hex,
    status: "included" | "confirmed",
    txHash: Hex,
    blockNumber: bigint,
    blockHash: Hex,
  ): void {
    this.#setIncluded.run(status, txHash, blockNumber, blockHash, this.#nowMs(), digest);
  }

  /**
   * Back to pending, every live attempt dropped: after a reorg removed the report's transaction,
   * when its nonce was consumed by something else, or on an operator's `resend`. A new transaction
   * will be built; if an old one is mined after all, its receipt is still recognised.
   */
  requeue(digest: Hex, note: string): void {
    inTransaction(this.#db, () => {
      this.#setIncluded.run("pending", null, null, null, this.#nowMs(), digest);
      this.#setStatus.run("pending", note, this.#nowMs(), digest);
      for (const attempt of this.attempts(digest)) {
        if (attempt.status === "live") this.#setAttemptStatus.run("dropped", attempt.txHash);
      }
    });
  }

  /**
   * Records a signed transaction for a report BEFORE it is broadcast (write-ahead), marks the
   * report submitted and any earlier live attempt for it replaced, and remembers the transmitter's
   * next nonce.
   *
   * A transaction already recorded (the same hash) is the same transaction: signing is
   * deterministic (RFC 6979), so a report queued again after its attempt was dropped (refused by
   * the node, lost from its pool, an operator's `resend`) and rebuilt with the same nonce, fees,
   * gas and calldata yields the same bytes. Its row is made live again with the new send time
   * (the stuck-transaction clock starts over) instead of a second row, which the table's key
   * refuses.
   */
  recordAttempt(
    transmitter: Address,
    attempt: Omit<TransactionAttempt, "status" | "sentAtMs">,
  ): TransactionAttempt {
    return inTransaction(this.#db, () => {
      const recorded: TransactionAttempt = { ...attempt, sentAtMs: this.#nowMs(), status: "live" };
      for (const earlier of this.attempts(attempt.digest)) {
        if (earlier.status === "live") this.#setAttemptStatus.run("replaced", earlier.txHash);
      }
      this.#insertAttempt.run(
        recorded.txHash,
        recorded.digest,
        recorded.nonce,
        recorded.gasLimit.toString(),
        recorded.maxFeePerGas.toString(),
        recorded.maxPriorityFeePerGas.toString(),
        recorded.rawTx,
        recorded.sentAtMs,
      );
      if ((this.nextNonce(transmitter) ?? 0) < recorded.nonce + 1) {
        this.#putNonce.run(transmitter, recorded.nonce + 1);
      }
      this.#setStatus.run("submitted", null, this.#nowMs(), attempt.digest);
      return recorded;
    });
  }

  /** The highest nonce among live attempts of submitted reports, or undefined. */
  maxLiveNonce(): number | undefined {
    const row = this.#maxLive.get() as { n: number | null };
    return row.n ?? undefined;
  }

  /** Confirmed reports included at or after `fromBlock` (still inside the reorg window). */
  confirmedSince(fromBlock: bigint): OutboxReport[] {
    return (this.#confirmedSince.all(fromBlock) as unknown as ReportRow[]).map((row) =>
      this.#toReport(row),
    );
  }

  /** Every attempt for a report, oldest first. */
  attempts(digest: Hex): TransactionAttempt[] {
    return (this.#attempts.all(digest) as unknown as AttemptRow[]).map(toAttempt);
  }

  /** Live attempts of submitted reports, by nonce (re-broadcast after a restart). */
  liveAttempts(): TransactionAttempt[] {
    return (this.#liveAttempts.all() as unknown as AttemptRow[]).map(toAttempt);
  }

  setAttemptStatus(txHash: Hex, status: TransactionAttempt["status"]): void {
    this.#setAttemptStatus.run(status, txHash);
  }

  /** The next nonce the transmitter will use, as persisted (undefined before the first). */
  nextNonce(transmitter: Address): number | undefined {
    const row = this.#nonce.get(transmitter) as { next_nonce: number } | undefined;
    return row?.next_nonce;
  }

  /** Sets the transmitter's next nonce (reconciliation with the chain). */
  setNextNonce(transmitter: Address, nonce: number): void {
    this.#putNonce.run(transmitter, nonce);
  }

  /** How many reports are in each status. */
  counts(): Record<OutboxStatus, number> {
    const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<
      OutboxStatus,
      number
    >;
    for (const row of this.#counts.all() as { status: string; n: number }[]) {
      counts[row.status as OutboxStatus] = row.n;
    }
    return counts;
  }
}
