/**
 * What the chain watcher has read from the chain, so a reorganisation can be undone exactly: the
 * block ranges it scanned (each with the hash of its last block), every report transaction it
 * applied to the inbox (with its block), and the key of every event a report carried that the
 * inbox does not record as carried by that transaction: events this node had not observed (yet),
 * and repeats of events an earlier report carried (the leader never proposes an event the chain
 * already has). Events the inbox marks are not written twice. The cursor is the last scanned range.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Hex } from "viem";
import { inTransaction } from "./database.ts";

export function ensureChainWatchSchema(db: DatabaseSync): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS chain_watch_blocks (
      block_number INTEGER PRIMARY KEY,
      block_hash   TEXT NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS chain_watch_marks (
      tx_hash      TEXT PRIMARY KEY,
      block_number INTEGER NOT NULL,
      sequence     INTEGER NOT NULL,
      event_count  INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX IF NOT EXISTS chain_watch_marks_block ON chain_watch_marks(block_number);
    CREATE TABLE IF NOT EXISTS chain_applied_events (
      event_key    TEXT PRIMARY KEY,
      tx_hash      TEXT NOT NULL,
      block_number INTEGER NOT NULL,
      sequence     INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX IF NOT EXISTS chain_applied_events_block ON chain_applied_events(block_number);
  `);
}

export interface ScannedBlock {
  blockNumber: bigint;
  blockHash: Hex;
}

/** A report transaction the watcher found on chain, with the keys of the events it carried. */
export interface AppliedTransaction {
  txHash: Hex;
  blockNumber: bigint;
  sequence: bigint;
  eventKeys: readonly Hex[];
}

export class ChainWatchLog {
  readonly #db: DatabaseSync;
  readonly #insertBlock: StatementSync;
  readonly #latest: StatementSync;
  readonly #recent: StatementSync;
  readonly #insertMark: StatementSync;
  readonly #marksAbove: StatementSync;
  readonly #deleteMarksAbove: StatementSync;
  readonly #deleteBlocksAbove: StatementSync;
  readonly #pruneBlocks: StatementSync;
  readonly #insertApplied: StatementSync;
  readonly #isApplied: StatementSync;
  readonly #deleteAppliedAbove: StatementSync;

  constructor(db: DatabaseSync) {
    ensureChainWatchSchema(db);
    this.#db = db;
    this.#insertBlock = db.prepare(
      `INSERT INTO chain_watch_blocks (block_number, block_hash) VALUES (?, ?)
       ON CONFLICT (block_number) DO UPDATE SET block_hash = excluded.block_hash`,
    );
    this.#latest = db.prepare(
      `SELECT block_number, block_hash FROM chain_watch_blocks ORDER BY block_number DESC LIMIT 1`,
    );
    this.#recent = db.prepare(
      `SELECT block_number, block_hash FROM chain_watch_blocks ORDER BY block_number DESC LIMIT ?`,
    );
    this.#insertMark = db.prepare(
      `INSERT INTO chain_watch_marks (tx_hash, block_number, sequence, event_count)
       VALUES (?, ?, ?, ?) ON CONFLICT (tx_hash) DO UPDATE SET block_number = excluded.block_number`,
    );
    this.#marksAbove = db.prepare(
      `SELECT tx_hash FROM chain_watch_marks WHERE block_number > ? ORDER BY block_number`,
    );
    this.#deleteMarksAbove = db.prepare(`DELETE FROM chain_watch_marks WHERE block_number > ?`);
    this.#deleteBlocksAbove = db.prepare(`DELETE FROM chain_watch_blocks WHERE block_number > ?`);
    this.#pruneBlocks = db.prepare(`DELETE FROM chain_watch_blocks WHERE block_number < ?`);
    this.#insertApplied = db.prepare(
      `INSERT INTO chain_applied_events (event_key, tx_hash, block_number, sequence)
       SELECT value, ?2, ?3, ?4 FROM json_each(?1) WHERE true ON CONFLICT (event_key) DO NOTHING`,
    );
    this.#isApplied = db.prepare(
      `SELECT tx_hash, block_number FROM chain_applied_events WHERE event_key = ?`,
    );
    this.#deleteAppliedAbove = db.prepare(
      `DELETE FROM chain_applied_events WHERE block_number > ?`,
    );
  }

  /** The last scanned block (the cursor), or undefined before the first scan. */
  cursor(): ScannedBlock | undefined {
    const row = this.#latest.get() as { block_number: number; block_hash: string } | undefined;
    return row === undefined
      ? undefined
      : { blockNumber: BigInt(row.block_number), blockHash: row.block_hash as Hex };
  }

  /** Scanned range ends, newest first (to find where a reorganisation forked). */
  recent(limit: number): ScannedBlock[] {
    return (this.#recent.all(limit) as { block_number: number; block_hash: string }[]).map((r) => ({
      blockNumber: BigInt(r.block_number),
      blockHash: r.block_hash as Hex,
    }));
  }

  /**
   * Records a scanned range ending at `end` and the transactions marked in it, in one transaction,
   * and forgets range ends older than `keepFrom`. For each transaction `apply(mark)` marks the inbox
   * and returns the keys the inbox now records as carried by it; the others are recorded here.
   */
  recordScan(
    end: ScannedBlock,
    marks: readonly AppliedTransaction[],
    keepFrom: bigint,
    apply: (mark: AppliedTransaction) => ReadonlySet<Hex>,
  ): void {
    inTransaction(this.#db, () => {
      for (const m of marks) {
        const inInbox = apply(m);
        this.#insertMark.run(m.txHash, m.blockNumber, m.sequence, m.eventKeys.length);
        const elsewhere = m.eventKeys.filter((key) => !inInbox.has(key));
        if (elsewhere.length > 0) {
          this.#insertApplied.run(JSON.stringify(elsewhere), m.txHash, m.blockNumber, m.sequence);
        }
      }
      this.#insertBlock.run(end.blockNumber, end.blockHash);
      this.#pruneBlocks.run(keepFrom);
    });
  }

  /** The transaction that carried this event on chain (as scanned so far), if any. */
  appliedBy(eventKey: Hex): { txHash: Hex; blockNumber: number } | undefined {
    const row = this.#isApplied.get(eventKey) as
      { tx_hash: string; block_number: number } | undefined;
    return row === undefined
      ? undefined
      : { txHash: row.tx_hash as Hex, blockNumber: row.block_number };
  }

  /**
   * Undoes everything recorded above `forkBlock` in one transaction: `unmark(txHash)` is called for
   * each transaction marked there, then the marks and range ends are deleted.
   */
  rewindTo(forkBlock: bigint, unmark: (txHash: Hex) => void): Hex[] {
    return inTransaction(this.#db, () => {
      const txs = (this.#marksAbove.all(forkBlock) as { tx_hash: string }[]).map(
        (r) => r.tx_hash as Hex,
      );
      for (const tx of txs) unmark(tx);
      this.#deleteMarksAbove.run(forkBlock);
      this.#deleteAppliedAbove.run(forkBlock);
      this.#deleteBlocksAbove.run(forkBlock);
      return txs;
    });
  }
}
