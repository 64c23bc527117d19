/**
 * Transport documents held off chain, by transportDocumentReference and by their hash. Each is
 * kept as its canonical JSON text (documentHash.ts), so the hash is recomputed from exactly what
 * is stored; a document read back for use is checked against the hash the chain records for its
 * bill (`readVerified`), and a difference is an error, never a silent answer.
 */
import type { DatabaseSync } from "node:sqlite";
import type { Hex } from "viem";

import { CaravelError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";
import { canonicalJson, transportDocumentHash } from "./documentHash.ts";
import { documentHashOf } from "../../lib/trade/billOfLading.ts";

export interface StoredDocument {
  reference: string;
  /** keccak256 of `canonical`: the hash the chain records. */
  hash: Hex;
  /** The document as parsed from the stored canonical JSON. */
  document: unknown;
  canonical: string;
  /** The carrier member that issued it. */
  carrier: string;
  /** The bill's id on chain, once issued (decimal). */
  billId: bigint | undefined;
  storedAt: Date;
}

/** A document with that reference is already stored. */
export class DuplicateDocumentError extends CaravelError {
  override name = "DuplicateDocumentError" as const;
  constructor(readonly reference: string) {
    super(`a transport document with reference ${reference} is already stored`, {
      code: TASK_ERRORS.INVALID_INPUT,
    });
  }
}

/** The stored document's hash is not the one the chain records for its bill. */
export class DocumentHashMismatchError extends CaravelError {
  override name = "DocumentHashMismatchError" as const;
  constructor(
    readonly reference: string,
    readonly storedHash: Hex,
    readonly chainHash: Hex,
  ) {
    super(`the stored transport document ${reference} does not match the chain`, {
      code: TASK_ERRORS.NOT_FOUND,
      metaMessages: [`stored document hash: ${storedHash}`, `chain records:        ${chainHash}`],
    });
  }
}

interface Row {
  reference: string;
  hash: string;
  canonical: string;
  carrier: string;
  bill_id: string | null;
  stored_at: number | bigint;
}

function rowToDocument(row: Row): StoredDocument {
  return {
    reference: row.reference,
    hash: row.hash as Hex,
    canonical: row.canonical,
    document: JSON.parse(row.canonical) as unknown,
    carrier: row.carrier,
    billId: row.bill_id === null ? undefined : BigInt(row.bill_id),
    storedAt: new Date(Number(row.stored_at)),
  };
}

export class DocumentStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
    db.exec(`CREATE TABLE IF NOT EXISTS transport_documents (
      reference TEXT PRIMARY KEY,
      hash TEXT NOT NULL,
      canonical TEXT NOT NULL,
      carrier TEXT NOT NULL,
      bill_id TEXT,
      stored_at INTEGER NOT NULL
    )`);
    db.exec("CREATE INDEX IF NOT EXISTS transport_documents_hash ON transport_documents (hash)");
    db.exec("CREATE INDEX IF NOT EXISTS transport_documents_bill ON transport_documents (bill_id)");
  }

  /**
   * Stores `document` under `reference` (its canonical JSON); returns its hash. Throws
   * DuplicateDocumentError when the reference is taken, and changes nothing then.
   */
  put(reference: string, document: unknown, carrier: string, now: Date = new Date()): Hex {
    const canonical = canonicalJson(document);
    const hash = documentHashOf(canonical) as Hex;
    const inserted = this.#db
      .prepare(
        `INSERT INTO transport_documents (reference, hash, canonical, carrier, stored_at)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT(reference) DO NOTHING`,
      )
      .run(reference, hash, canonical, carrier, now.getTime());
    if (Number(inserted.changes) === 0) throw new DuplicateDocumentError(reference);
    return hash;
  }

  /** Records the bill the document was issued as. */
  linkBill(reference: string, billId: bigint): void {
    this.#db
      .prepare("UPDATE transport_documents SET bill_id = ? WHERE reference = ?")
      .run(billId.toString(), reference);
  }

  /** Forgets a document that was never issued (a refused issuance), so the carrier can resubmit. */
  removeUnissued(reference: string): void {
    this.#db
      .prepare("DELETE FROM transport_documents WHERE reference = ? AND bill_id IS NULL")
      .run(reference);
  }

  byReference(reference: string): StoredDocument | undefined {
    const row = this.#db
      .prepare("SELECT * FROM transport_documents WHERE reference = ?")
      .get(reference) as Row | undefined;
    return row === undefined ? undefined : rowToDocument(row);
  }

  byHash(hash: Hex): StoredDocument | undefined {
    const row = this.#db
      .prepare("SELECT * FROM transport_documents WHERE hash = ? ORDER BY stored_at LIMIT 1")
      .get(hash.toLowerCase()) as Row | undefined;
    return row === undefined ? undefined : rowToDocument(row);
  }

  byBill(billId: bigint): StoredDocument | undefined {
    const row = this.#db
      .prepare("SELECT * FROM transport_documents WHERE bill_id = ?")
      .get(billId.toString()) as Row | undefined;
    return row === undefined ? undefined : rowToDocument(row);
  }

  count(): number {
    const row = this.#db.prepare("SELECT COUNT(*) AS n FROM transport_documents").get() as {
      n: number | bigint;
    };
    return Number(row.n);
  }

  /**
   * The document stored under `reference`, after checking it against `chainHash` (what the chain
   * records for its bill): the hash is recomputed from the stored text, so a row edited behind the
   * gateway's back is caught too. Throws DocumentHashMismatchError when they differ; undefined
   * when nothing is stored under `reference`.
   */
  readVerified(reference: string, chainHash: Hex): StoredDocument | undefined {
    const stored = this.byReference(reference);
    if (stored === undefined) return undefined;
    const recomputed = transportDocumentHash(stored.document);
    if (
      recomputed.toLowerCase() !== chainHash.toLowerCase() ||
      stored.hash.toLowerCase() !== chainHash.toLowerCase()
    ) {
      throw new DocumentHashMismatchError(reference, recomputed, chainHash);
    }
    return stored;
  }
}
