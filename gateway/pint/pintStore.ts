/**
 * What the PINT side of a gateway keeps durably (node:sqlite): transfers received (pending until
 * finish-transfer, then accepted with the signed answer given), their additional documents, the
 * outbox of transfers being sent (so a restart resumes them), and for every bill the transport
 * document and the transfer chain it arrived with (to send it on, and to answer a replay DUPE).
 * The gateway's own store (`gateway/store/`) may share the database: the tables are prefixed.
 */
import { DatabaseSync } from "node:sqlite";

import type { EblEnvelope } from "./envelope.ts";

/** A transfer received, from its start to its answer. */
export interface InboundTransfer {
  envelopeReference: string;
  transportDocumentChecksum: string;
  lastEntryChecksum: string;
  envelope: EblEnvelope;
  /** Checksums announced in the manifest. */
  announced: string[];
  state: "pending" | "accepted";
  billId: bigint | undefined;
}

/** A transfer being sent, until the receiver's signed answer or abandonment. */
export interface OutboundTransfer {
  billId: bigint;
  receiverPlatform: string;
  receiverUrl: string;
  envelope: EblEnvelope;
  documents: { checksum: string; content: Uint8Array }[];
  lastEntryChecksum: string;
  state: "sending" | "received" | "abandoned";
  attempts: number;
  nextAttemptAt: number;
  lastError: string | undefined;
}

/** A bill's transport document and the transfer chain it last arrived with (or left with). */
export interface BillDocuments {
  transportDocument: Record<string, unknown>;
  transferChain: string[];
}

export class PintStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
    db.exec(`
      CREATE TABLE IF NOT EXISTS pint_inbound (
        envelope_reference TEXT PRIMARY KEY,
        td_checksum TEXT NOT NULL,
        last_entry_checksum TEXT NOT NULL,
        envelope TEXT NOT NULL,
        announced TEXT NOT NULL,
        state TEXT NOT NULL,
        bill_id TEXT
      );
      CREATE INDEX IF NOT EXISTS pint_inbound_td ON pint_inbound (td_checksum, state);
      CREATE TABLE IF NOT EXISTS pint_inbound_document (
        envelope_reference TEXT NOT NULL,
        checksum TEXT NOT NULL,
        content BLOB NOT NULL,
        PRIMARY KEY (envelope_reference, checksum)
      );
      CREATE TABLE IF NOT EXISTS pint_outbox (
        bill_id TEXT PRIMARY KEY,
        receiver_platform TEXT NOT NULL,
        receiver_url TEXT NOT NULL,
        envelope TEXT NOT NULL,
        documents TEXT NOT NULL,
        last_entry_checksum TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT
      );
      CREATE TABLE IF NOT EXISTS pint_bill (
        bill_id TEXT PRIMARY KEY,
        transport_document TEXT NOT NULL,
        transfer_chain TEXT NOT NULL
      );
    `);
  }

  /** Opens (creating) a store at `path` (":memory:" for none), WAL and full fsync. */
  static open(path: string): PintStore {
    const db = new DatabaseSync(path);
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = FULL");
    return new PintStore(db);
  }

  close(): void {
    this.#db.close();
  }

  // ------------------------------------------------------------------ inbound

  savePending(transfer: Omit<InboundTransfer, "state" | "billId">): void {
    this.#db
      .prepare(
        `INSERT INTO pint_inbound (envelope_reference, td_checksum, last_entry_checksum, envelope, announced, state)
         VALUES (?, ?, ?, ?, ?, 'pending')`,
      )
      .run(
        transfer.envelopeReference,
        transfer.transportDocumentChecksum,
        transfer.lastEntryChecksum,
        JSON.stringify(transfer.envelope),
        JSON.stringify(transfer.announced),
      );
  }

  /** Replaces a pending transfer by a restarted one, keeping the documents it still announces. */
  restartPending(previous: string, next: Omit<InboundTransfer, "state" | "billId">): void {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      this.savePending(next);
      this.#db
        .prepare(
          `INSERT INTO pint_inbound_document (envelope_reference, checksum, content)
           SELECT ?, checksum, content FROM pint_inbound_document WHERE envelope_reference = ?`,
        )
        .run(next.envelopeReference, previous);
      this.#db
        .prepare("DELETE FROM pint_inbound_document WHERE envelope_reference = ?")
        .run(previous);
      this.#db.prepare("DELETE FROM pint_inbound WHERE envelope_reference = ?").run(previous);
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  markAccepted(envelopeReference: string, billId: bigint): void {
    this.#db
      .prepare(
        "UPDATE pint_inbound SET state = 'accepted', bill_id = ? WHERE envelope_reference = ?",
      )
      .run(billId.toString(), envelopeReference);
  }

  dropPending(envelopeReference: string): void {
    this.#db
      .prepare("DELETE FROM pint_inbound_document WHERE envelope_reference = ?")
      .run(envelopeReference);
    this.#db
      .prepare("DELETE FROM pint_inbound WHERE envelope_reference = ? AND state = 'pending'")
      .run(envelopeReference);
  }

  inbound(envelopeReference: string): InboundTransfer | undefined {
    const row = this.#db
      .prepare("SELECT * FROM pint_inbound WHERE envelope_reference = ?")
      .get(envelopeReference);
    return row === undefined ? undefined : inboundOf(row);
  }

  /** The transfers of one transport document in `state`, oldest first. */
  inboundFor(
    transportDocumentChecksum: string,
    state: InboundTransfer["state"],
  ): InboundTransfer[] {
    return this.#db
      .prepare("SELECT * FROM pint_inbound WHERE td_checksum = ? AND state = ? ORDER BY rowid")
      .all(transportDocumentChecksum, state)
      .map(inboundOf);
  }

  saveDocument(envelopeReference: string, checksum: string, content: Uint8Array): void {
    this.#db
      .prepare(
        "INSERT OR REPLACE INTO pint_inbound_document (envelope_reference, checksum, content) VALUES (?, ?, ?)",
      )
      .run(envelopeReference, checksum, content);
  }

  receivedDocuments(envelopeReference: string): string[] {
    return this.#db
      .prepare("SELECT checksum FROM pint_inbound_document WHERE envelope_reference = ?")
      .all(envelopeReference)
      .map((row) => String(row.checksum));
  }

  // ------------------------------------------------------------------ outbox

  queueOutbound(transfer: Omit<OutboundTransfer, "state" | "attempts" | "lastError">): void {
    this.#db
      .prepare(
        `INSERT OR REPLACE INTO pint_outbox
           (bill_id, receiver_platform, receiver_url, envelope, documents, last_entry_checksum, state, attempts, next_attempt_at, last_error)
         VALUES (?, ?, ?, ?, ?, ?, 'sending', 0, ?, NULL)`,
      )
      .run(
        transfer.billId.toString(),
        transfer.receiverPlatform,
        transfer.receiverUrl,
        JSON.stringify(transfer.envelope),
        JSON.stringify(
          transfer.documents.map((d) => ({
            checksum: d.checksum,
            content: Buffer.from(d.content).toString("base64"),
          })),
        ),
        transfer.lastEntryChecksum,
        transfer.nextAttemptAt,
      );
  }

  recordAttempt(billId: bigint, error: string, nextAttemptAt: number): void {
    this.#db
      .prepare(
        "UPDATE pint_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE bill_id = ?",
      )
      .run(error, nextAttemptAt, billId.toString());
  }

  finishOutbound(billId: bigint, state: "received" | "abandoned", note: string | undefined): void {
    this.#db
      .prepare("UPDATE pint_outbox SET state = ?, last_error = ? WHERE bill_id = ?")
      .run(state, note ?? null, billId.toString());
  }

  outbound(billId: bigint): OutboundTransfer | undefined {
    const row = this.#db
      .prepare("SELECT * FROM pint_outbox WHERE bill_id = ?")
      .get(billId.toString());
    return row === undefined ? undefined : outboundOf(row);
  }

  /** Every transfer still being sent (what a restarted gateway resumes). */
  sending(): OutboundTransfer[] {
    return this.#db
      .prepare("SELECT * FROM pint_outbox WHERE state = 'sending' ORDER BY next_attempt_at")
      .all()
      .map(outboundOf);
  }

  // ------------------------------------------------------------------ bills

  rememberBill(billId: bigint, documents: BillDocuments): void {
    this.#db
      .prepare(
        "INSERT OR REPLACE INTO pint_bill (bill_id, transport_document, transfer_chain) VALUES (?, ?, ?)",
      )
      .run(
        billId.toString(),
        JSON.stringify(documents.transportDocument),
        JSON.stringify(documents.transferChain),
      );
  }

  bill(billId: bigint): BillDocuments | undefined {
    const row = this.#db
      .prepare("SELECT * FROM pint_bill WHERE bill_id = ?")
      .get(billId.toString());
    if (row === undefined) return undefined;
    return {
      transportDocument: JSON.parse(String(row.transport_document)) as Record<string, unknown>,
      transferChain: JSON.parse(String(row.transfer_chain)) as string[],
    };
  }
}

type Row = Record<string, unknown>;

function inboundOf(row: Row): InboundTransfer {
  return {
    envelopeReference: String(row.envelope_reference),
    transportDocumentChecksum: String(row.td_checksum),
    lastEntryChecksum: String(row.last_entry_checksum),
    envelope: JSON.parse(String(row.envelope)) as EblEnvelope,
    announced: JSON.parse(String(row.announced)) as string[],
    state: row.state === "accepted" ? "accepted" : "pending",
    billId:
      row.bill_id === null || row.bill_id === undefined ? undefined : BigInt(String(row.bill_id)),
  };
}

function outboundOf(row: Row): OutboundTransfer {
  const state = String(row.state);
  return {
    billId: BigInt(String(row.bill_id)),
    receiverPlatform: String(row.receiver_platform),
    receiverUrl: String(row.receiver_url),
    envelope: JSON.parse(String(row.envelope)) as EblEnvelope,
    documents: (JSON.parse(String(row.documents)) as { checksum: string; content: string }[]).map(
      (d) => ({
        checksum: d.checksum,
        content: Buffer.from(d.content, "base64"),
      }),
    ),
    lastEntryChecksum: String(row.last_entry_checksum),
    state: state === "received" || state === "abandoned" ? state : "sending",
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    lastError: row.last_error === null ? undefined : String(row.last_error),
  };
}
