/**
 * The DCSA requests the gateway is handling: carriers' issuance requests (received → ISSU, BREQ
 * or REFU) and the surrender requests it made of carriers (requested → SURR or SREJ).
 */
import type { DatabaseSync } from "node:sqlite";

/** Where an issuance request stands: RECEIVED once answered 204, then the DCSA response code. */
export type IssuanceStatus = "RECEIVED" | "ISSU" | "BREQ" | "REFU";

export interface IssuanceRecord {
  reference: string;
  carrierId: string;
  status: IssuanceStatus;
  /** The issuance request as received. */
  request: unknown;
  billId: bigint | undefined;
  txHash: string | undefined;
  reason: string | undefined;
}

interface IssuanceRow {
  reference: string;
  carrier_id: string;
  status: string;
  request: string;
  bill_id: string | null;
  tx_hash: string | null;
  reason: string | null;
}

function toIssuance(row: IssuanceRow): IssuanceRecord {
  return {
    reference: row.reference,
    carrierId: row.carrier_id,
    status: row.status as IssuanceStatus,
    request: JSON.parse(row.request) as unknown,
    billId: row.bill_id === null ? undefined : BigInt(row.bill_id),
    txHash: row.tx_hash ?? undefined,
    reason: row.reason ?? undefined,
  };
}

export class IssuanceStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
    db.exec(`CREATE TABLE IF NOT EXISTS issuance_requests (
      reference TEXT PRIMARY KEY,
      carrier_id TEXT NOT NULL,
      status TEXT NOT NULL,
      request TEXT NOT NULL,
      bill_id TEXT,
      tx_hash TEXT,
      reason TEXT,
      received_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    )`);
  }

  get(reference: string): IssuanceRecord | undefined {
    const row = this.#db
      .prepare("SELECT * FROM issuance_requests WHERE reference = ?")
      .get(reference) as IssuanceRow | undefined;
    return row === undefined ? undefined : toIssuance(row);
  }

  /** Records a received request (replacing a failed one, BREQ/REFU, of the same reference). */
  receive(reference: string, carrierId: string, request: unknown, now = Date.now()): void {
    this.#db
      .prepare(
        `INSERT INTO issuance_requests (reference, carrier_id, status, request, received_at, updated_at)
         VALUES (?, ?, 'RECEIVED', ?, ?, ?)
         ON CONFLICT(reference) DO UPDATE SET carrier_id = excluded.carrier_id, status = 'RECEIVED',
           request = excluded.request, bill_id = NULL, tx_hash = NULL, reason = NULL,
           received_at = excluded.received_at, updated_at = excluded.updated_at
         WHERE issuance_requests.status IN ('BREQ', 'REFU')`,
      )
      .run(reference, carrierId, JSON.stringify(request), now, now);
  }

  /** Requests received and not yet decided (to resume after a restart), oldest first. */
  undecided(): IssuanceRecord[] {
    const rows = this.#db
      .prepare("SELECT * FROM issuance_requests WHERE status = 'RECEIVED' ORDER BY received_at")
      .all() as unknown as IssuanceRow[];
    return rows.map(toIssuance);
  }

  decide(
    reference: string,
    status: Exclude<IssuanceStatus, "RECEIVED">,
    details: { billId?: bigint; txHash?: string; reason?: string },
    now = Date.now(),
  ): void {
    this.#db
      .prepare(
        "UPDATE issuance_requests SET status = ?, bill_id = ?, tx_hash = ?, reason = ?, updated_at = ? WHERE reference = ?",
      )
      .run(
        status,
        details.billId?.toString() ?? null,
        details.txHash ?? null,
        details.reason ?? null,
        now,
        reference,
      );
  }
}

/** SREQ: surrender for delivery; AREQ: surrender for amendment (DCSA `surrenderRequestCode`). */
export type SurrenderCode = "SREQ" | "AREQ";
/** REQUESTED until the carrier answers; then its answer. */
export type SurrenderStatus = "REQUESTED" | "SURR" | "SREJ";

export interface SurrenderRecord {
  surrenderReference: string;
  reference: string;
  billId: bigint;
  carrierId: string;
  code: SurrenderCode;
  /** The chain log that started it: `<tx hash>:<log index>`. */
  eventId: string;
  status: SurrenderStatus;
  comments: string | undefined;
}

interface SurrenderRow {
  surrender_reference: string;
  reference: string;
  bill_id: string;
  carrier_id: string;
  code: string;
  event_id: string;
  status: string;
  comments: string | null;
}

function toSurrender(row: SurrenderRow): SurrenderRecord {
  return {
    surrenderReference: row.surrender_reference,
    reference: row.reference,
    billId: BigInt(row.bill_id),
    carrierId: row.carrier_id,
    code: row.code as SurrenderCode,
    eventId: row.event_id,
    status: row.status as SurrenderStatus,
    comments: row.comments ?? undefined,
  };
}

export class SurrenderStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
    db.exec(`CREATE TABLE IF NOT EXISTS surrender_requests (
      surrender_reference TEXT PRIMARY KEY,
      reference TEXT NOT NULL,
      bill_id TEXT NOT NULL,
      carrier_id TEXT NOT NULL,
      code TEXT NOT NULL,
      event_id TEXT NOT NULL UNIQUE,
      status TEXT NOT NULL,
      comments TEXT,
      requested_at INTEGER NOT NULL,
      answered_at INTEGER
    )`);
  }

  /** Records a surrender seen on chain; false when that chain event was recorded already. */
  request(record: Omit<SurrenderRecord, "status" | "comments">, now = Date.now()): boolean {
    const result = this.#db
      .prepare(
        `INSERT INTO surrender_requests
           (surrender_reference, reference, bill_id, carrier_id, code, event_id, status, requested_at)
         VALUES (?, ?, ?, ?, ?, ?, 'REQUESTED', ?) ON CONFLICT(event_id) DO NOTHING`,
      )
      .run(
        record.surrenderReference,
        record.reference,
        record.billId.toString(),
        record.carrierId,
        record.code,
        record.eventId,
        now,
      );
    return Number(result.changes) > 0;
  }

  get(surrenderReference: string): SurrenderRecord | undefined {
    const row = this.#db
      .prepare("SELECT * FROM surrender_requests WHERE surrender_reference = ?")
      .get(surrenderReference) as SurrenderRow | undefined;
    return row === undefined ? undefined : toSurrender(row);
  }

  /** The latest surrender of bill `billId` with `status`, if any. */
  latestFor(billId: bigint, status: SurrenderStatus): SurrenderRecord | undefined {
    const row = this.#db
      .prepare(
        "SELECT * FROM surrender_requests WHERE bill_id = ? AND status = ? ORDER BY requested_at DESC LIMIT 1",
      )
      .get(billId.toString(), status) as SurrenderRow | undefined;
    return row === undefined ? undefined : toSurrender(row);
  }

  answer(
    surrenderReference: string,
    status: "SURR" | "SREJ",
    comments: string | undefined,
    now = Date.now(),
  ): void {
    this.#db
      .prepare(
        "UPDATE surrender_requests SET status = ?, comments = ?, answered_at = ? WHERE surrender_reference = ? AND status = 'REQUESTED'",
      )
      .run(status, comments ?? null, now, surrenderReference);
  }
}
