/**
 * Opens a service's SQLite store (Node 22's built-in `node:sqlite`): an oracle node's, the eBL gateway's.
 *
 * Journal: WAL, so readers (metrics, /v1/quarantine, the consensus loop) never block the writer.
 * Durability: `synchronous=FULL` by default. In WAL mode NORMAL survives a process crash but can
 * lose the last commits on power loss or an OS crash; the ingest API answers 202 ("accepted, you
 * may forget it") only after the commit, so a lost commit would be an accepted event dropped.
 * FULL fsyncs the WAL on every commit, which is what makes the 202 a promise. Tests and benchmarks
 * may pass `synchronous: "NORMAL"` to measure the difference; production keeps FULL.
 */
import { DatabaseSync } from "node:sqlite";

export interface OpenDatabaseOptions {
  /** `FULL` (default) or `NORMAL`; see the module comment. */
  synchronous?: "FULL" | "NORMAL";
  /** How long a writer waits for another connection's lock, in ms (default 5000). */
  busyTimeoutMs?: number;
  /** Most memory SQLite's page cache may use, in MiB (default 32; SQLite's own default is 2). */
  cacheSizeMiB?: number;
}

/** The page cache a service store gets unless told otherwise (see `openDatabase`). */
export const DEFAULT_CACHE_SIZE_MIB = 32;

/** Opens (creating if needed) the database at `path` with WAL, a busy timeout and foreign keys. */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): DatabaseSync {
  const synchronous = options.synchronous ?? "FULL";
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new RangeError(`busyTimeoutMs must be a non-negative integer, got ${busyTimeoutMs}`);
  }
  const cacheSizeMiB = options.cacheSizeMiB ?? DEFAULT_CACHE_SIZE_MIB;
  if (!Number.isInteger(cacheSizeMiB) || cacheSizeMiB < 1) {
    throw new RangeError(`cacheSizeMiB must be a positive integer, got ${cacheSizeMiB}`);
  }
  const db = new DatabaseSync(path);
  db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec(`PRAGMA synchronous = ${synchronous}`);
  db.exec("PRAGMA foreign_keys = ON");
  // Checkpoint the WAL every 8,000 pages (32 MB) rather than SQLite's 1,000: event keys are hashes,
  // so every commit dirties index pages all over the file, and a page written back once per
  // checkpoint instead of once per few commits saves work. Ingesting 60,000 events in 200-event
  // messages into one store: 31,300 events/s at 1,000, 34,600 at 8,000, and the time per 10,000
  // no longer grows with the store.
  db.exec("PRAGMA wal_autocheckpoint = 8000");
  // A page cache of 32 MiB instead of SQLite's 2 MiB: the stores' unique indexes are keyed by
  // hashes and message ids, so each insert and duplicate probe reads a random page of each, and
  // past about 2 MiB of index pages nearly every one was a read from the OS (a system call and a
  // copy). Storing 60,000 customs events with their messages: 45 -> 40 us of CPU per event, the
  // inserts alone 21.5 -> 15.8 (docs/BENCHMARKS.md "An oracle node's CPU"). 32 and not more: the
  // cache fills as the store grows and counts in the process's RSS, and a node's budget is 300 MB
  // (docs/OPERATIONS.md). A negative cache_size is in KiB.
  db.exec(`PRAGMA cache_size = -${cacheSizeMiB * 1024}`);
  return db;
}

let savepointCounter = 0;

/**
 * Runs `work` inside one `BEGIN IMMEDIATE … COMMIT`, rolling back if it throws, so a crash or an
 * error never leaves half of it written. A nested call runs in a SAVEPOINT: if it throws, only its
 * own writes are undone and the outer transaction goes on.
 */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  if (db.isTransaction) {
    const name = `caravel_sp_${++savepointCounter}`;
    db.exec(`SAVEPOINT ${name}`);
    try {
      const result = work();
      db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      db.exec(`ROLLBACK TO ${name}`);
      db.exec(`RELEASE ${name}`);
      throw error;
    }
  }
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = work();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw error;
  }
}
