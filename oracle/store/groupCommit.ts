/**
 * Group commit: work queued during one turn of the event loop runs in one SQLite transaction, each
 * piece in its own SAVEPOINT (a piece that throws undoes only its own writes), and every caller is
 * answered only after the single COMMIT. With synchronous=FULL that is one fsync per batch instead
 * of one per message, and a 202 still means "on disk".
 */
import type { DatabaseSync } from "node:sqlite";
import { inTransaction } from "./database.ts";

interface Job {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** Most pieces of work per transaction (default 512). */
  maxBatch?: number;
  /** Called after each commit with the batch size (for metrics). */
  onCommit?: (size: number) => void;
}

export class GroupCommit {
  readonly #db: DatabaseSync;
  readonly #maxBatch: number;
  readonly #onCommit: ((size: number) => void) | undefined;
  #queue: Job[] = [];
  #scheduled = false;

  constructor(db: DatabaseSync, options: GroupCommitOptions = {}) {
    this.#db = db;
    this.#maxBatch = options.maxBatch ?? 512;
    if (!Number.isInteger(this.#maxBatch) || this.#maxBatch < 1) {
      throw new RangeError(`maxBatch must be a positive integer, got ${this.#maxBatch}`);
    }
    this.#onCommit = options.onCommit;
  }

  /** Runs `work` in the next batch; resolves with its result once the batch is committed. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /** How many pieces of work wait for the next batch. */
  get pending(): number {
    return this.#queue.length;
  }

  #flush(): void {
    const batch = this.#queue.splice(0, this.#maxBatch);
    if (this.#queue.length > 0) setImmediate(() => this.#flush());
    else this.#scheduled = false;
    const results: { ok: boolean; value: unknown }[] = [];
    try {
      inTransaction(this.#db, () => {
        for (const job of batch) {
          try {
            results.push({ ok: true, value: inTransaction(this.#db, job.work) });
          } catch (error) {
            results.push({ ok: false, value: error });
          }
        }
      });
    } catch (error) {
      // BEGIN or COMMIT failed: nothing of this batch is durable, so nobody hears "done".
      for (const job of batch) job.reject(error);
      return;
    }
    this.#onCommit?.(batch.length);
    batch.forEach((job, i) => {
      const result = results[i]!;
      if (result.ok) job.resolve(result.value);
      else job.reject(result.value);
    });
  }
}
