/**
 * The gateway's durable store: one SQLite database (node:sqlite, WAL, synchronous FULL: a 204 to a
 * carrier is a promise) in `store.dataDir`, holding the transport documents off chain, the
 * issuance requests and their state, the surrender requests, the outbox of calls to carriers'
 * systems and the chain watcher's cursor. Modules (the DCSA issuance/surrender API here, PINT
 * beside it) add their own tables through `migrate`.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { DatabaseSync } from "node:sqlite";

import { inTransaction, openDatabase } from "../../lib/sqlite/database.ts";
import { DocumentStore } from "./documents.ts";
import { Outbox } from "./outbox.ts";
import { IssuanceStore, SurrenderStore } from "./requests.ts";

export const DATABASE_FILE = "gateway.sqlite";

export class GatewayStore {
  readonly db: DatabaseSync;
  readonly documents: DocumentStore;
  readonly issuances: IssuanceStore;
  readonly surrenders: SurrenderStore;
  readonly outbox: Outbox;
  #closed = false;

  private constructor(db: DatabaseSync) {
    this.db = db;
    this.documents = new DocumentStore(db);
    this.issuances = new IssuanceStore(db);
    this.surrenders = new SurrenderStore(db);
    this.outbox = new Outbox(db);
    this.migrate(
      "cursor",
      `CREATE TABLE IF NOT EXISTS chain_cursor (
         name TEXT PRIMARY KEY,
         block INTEGER NOT NULL
       )`,
    );
  }

  /** Opens (creating if needed) the store in `dataDir`. */
  static open(dataDir: string, options: { synchronous?: "FULL" | "NORMAL" } = {}): GatewayStore {
    mkdirSync(dataDir, { recursive: true });
    return new GatewayStore(openDatabase(path.join(dataDir, DATABASE_FILE), options));
  }

  /** Runs a module's schema statements (each `CREATE … IF NOT EXISTS`) in one transaction. */
  migrate(_module: string, ...statements: string[]): void {
    inTransaction(this.db, () => {
      for (const statement of statements) this.db.exec(statement);
    });
  }

  /** Runs `work` in one transaction. */
  transaction<T>(work: () => T): T {
    return inTransaction(this.db, work);
  }

  /** The block the watcher named `name` read last, if any. */
  cursor(name: string): bigint | undefined {
    const row = this.db.prepare("SELECT block FROM chain_cursor WHERE name = ?").get(name) as
      { block: number | bigint } | undefined;
    return row === undefined ? undefined : BigInt(row.block);
  }

  setCursor(name: string, block: bigint): void {
    this.db
      .prepare(
        "INSERT INTO chain_cursor (name, block) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET block = excluded.block",
      )
      .run(name, block);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.db.close();
  }
}
