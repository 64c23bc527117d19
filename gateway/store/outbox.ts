/**
 * Calls the gateway owes carriers' systems (issuance responses, surrender requests), written in the
 * same transaction as the state they report, and delivered by the callback sender until the
 * carrier answers 2xx — across restarts: a message is deleted only once delivered.
 */
import type { DatabaseSync } from "node:sqlite";

export interface OutboxMessage {
  id: number;
  carrierId: string;
  /** What it is, for logs and metrics: "issuance-response", "surrender-request". */
  kind: string;
  /** The path under the carrier's callback URL, e.g. "/v3/ebl-issuance-responses". */
  path: string;
  body: unknown;
  attempts: number;
  nextAttemptAt: number;
}

interface Row {
  id: number | bigint;
  carrier_id: string;
  kind: string;
  path: string;
  body: string;
  attempts: number | bigint;
  next_attempt_at: number | bigint;
}

export class Outbox {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
    db.exec(`CREATE TABLE IF NOT EXISTS carrier_outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      carrier_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      path TEXT NOT NULL,
      body TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL,
      last_error TEXT
    )`);
  }

  enqueue(carrierId: string, kind: string, path: string, body: unknown, now = Date.now()): number {
    const result = this.#db
      .prepare(
        "INSERT INTO carrier_outbox (carrier_id, kind, path, body, next_attempt_at) VALUES (?, ?, ?, ?, ?)",
      )
      .run(carrierId, kind, path, JSON.stringify(body), now);
    return Number(result.lastInsertRowid);
  }

  /** Messages due at `now`, oldest first. */
  due(now = Date.now(), limit = 50): OutboxMessage[] {
    const rows = this.#db
      .prepare("SELECT * FROM carrier_outbox WHERE next_attempt_at <= ? ORDER BY id LIMIT ?")
      .all(now, limit) as unknown as Row[];
    return rows.map((row) => ({
      id: Number(row.id),
      carrierId: row.carrier_id,
      kind: row.kind,
      path: row.path,
      body: JSON.parse(row.body) as unknown,
      attempts: Number(row.attempts),
      nextAttemptAt: Number(row.next_attempt_at),
    }));
  }

  delivered(id: number): void {
    this.#db.prepare("DELETE FROM carrier_outbox WHERE id = ?").run(id);
  }

  failed(id: number, error: string, nextAttemptAt: number): void {
    this.#db
      .prepare(
        "UPDATE carrier_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
      )
      .run(error.slice(0, 500), nextAttemptAt, id);
  }

  pending(): number {
    const row = this.#db.prepare("SELECT COUNT(*) AS n FROM carrier_outbox").get() as {
      n: number | bigint;
    };
    return Number(row.n);
  }
}
