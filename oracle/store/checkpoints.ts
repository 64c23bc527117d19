/**
 * Named checkpoints of a node's loops (e.g. the last chain block the watcher applied, with its
 * hash), as small JSON values. A checkpoint is written in the same SQLite transaction as the rows
 * derived up to it, so a restart resumes exactly where the last commit left off.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";

export function ensureCheckpointSchema(db: DatabaseSync): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS checkpoints (
      name          TEXT PRIMARY KEY,
      value_json    TEXT NOT NULL,
      updated_at_ms INTEGER NOT NULL
    ) STRICT;
  `);
}

export class Checkpoints {
  readonly #get: StatementSync;
  readonly #put: StatementSync;
  readonly #delete: StatementSync;
  readonly #nowMs: () => number;

  constructor(db: DatabaseSync, nowMs: () => number = Date.now) {
    ensureCheckpointSchema(db);
    this.#nowMs = nowMs;
    this.#get = db.prepare(`SELECT value_json FROM checkpoints WHERE name = ?`);
    this.#put = db.prepare(
      `INSERT INTO checkpoints (name, value_json, updated_at_ms) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET value_json = excluded.value_json,
         updated_at_ms = excluded.updated_at_ms`,
    );
    this.#delete = db.prepare(`DELETE FROM checkpoints WHERE name = ?`);
  }

  /** The checkpoint's value, parsed by `parse` (which validates it), or undefined if unset. */
  get<T>(name: string, parse: (value: unknown) => T): T | undefined {
    const row = this.#get.get(name) as { value_json: string } | undefined;
    return row === undefined ? undefined : parse(JSON.parse(row.value_json));
  }

  /** Sets the checkpoint (call inside the transaction that writes what it covers). */
  set(name: string, value: unknown): void {
    this.#put.run(name, JSON.stringify(value), this.#nowMs());
  }

  delete(name: string): void {
    this.#delete.run(name);
  }
}
