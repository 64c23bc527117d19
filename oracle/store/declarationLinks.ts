/**
 * Which bill of lading a customs declaration covers, and where it is lodged. WCO notifications carry
 * only the declaration (MRN/LRN), so the oracle resolves the B/L number and UN/LOCODE here. A
 * shipment is "known" once any declaration is linked to it.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Hex } from "viem";

export interface DeclarationLink {
  declarationId: string;
  shipmentRef: string;
  location: string;
  messageId: string;
  linkedAt: number;
  sourceDocHash: Hex;
}

export type LinkResult =
  | { status: "linked" }
  | { status: "duplicate" }
  | { status: "conflict"; existing: DeclarationLink };

interface LinkRow {
  declaration_id: string;
  shipment_ref: string;
  location: string;
  message_id: string;
  linked_at: number;
  source_doc_hash: string;
}

function rowToLink(row: LinkRow): DeclarationLink {
  return {
    declarationId: row.declaration_id,
    shipmentRef: row.shipment_ref,
    location: row.location,
    messageId: row.message_id,
    linkedAt: row.linked_at,
    sourceDocHash: row.source_doc_hash as Hex,
  };
}

/** Creates the link table if it does not exist (idempotent). */
export function ensureDeclarationLinkSchema(db: DatabaseSync): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS declaration_links (
      declaration_id  TEXT PRIMARY KEY,
      shipment_ref    TEXT NOT NULL,
      location        TEXT NOT NULL,
      message_id      TEXT NOT NULL,
      linked_at       INTEGER NOT NULL,
      source_doc_hash TEXT NOT NULL,
      created_at_ms   INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX IF NOT EXISTS declaration_links_shipment ON declaration_links(shipment_ref);
  `);
}

export class DeclarationLinks {
  readonly #insert: StatementSync;
  readonly #byDeclaration: StatementSync;
  readonly #byShipment: StatementSync;
  readonly #count: StatementSync;
  readonly #nowMs: () => number;

  constructor(db: DatabaseSync, options: { nowMs?: () => number } = {}) {
    ensureDeclarationLinkSchema(db);
    this.#nowMs = options.nowMs ?? Date.now;
    this.#insert = db.prepare(
      `INSERT INTO declaration_links (declaration_id, shipment_ref, location, message_id, linked_at,
         source_doc_hash, created_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (declaration_id) DO NOTHING`,
    );
    this.#byDeclaration = db.prepare(
      `SELECT declaration_id, shipment_ref, location, message_id, linked_at, source_doc_hash
       FROM declaration_links WHERE declaration_id = ?`,
    );
    this.#byShipment = db.prepare(
      `SELECT 1 AS present FROM declaration_links WHERE shipment_ref = ? LIMIT 1`,
    );
    this.#count = db.prepare(`SELECT count(*) AS n FROM declaration_links`);
  }

  /**
   * Records a link. The same declaration linked again to the same B/L and location is a duplicate;
   * to another B/L or location it is a conflict (the first link stays).
   */
  link(link: DeclarationLink): LinkResult {
    const inserted = this.#insert.run(
      link.declarationId,
      link.shipmentRef,
      link.location,
      link.messageId,
      link.linkedAt,
      link.sourceDocHash,
      this.#nowMs(),
    );
    if (inserted.changes === 1) return { status: "linked" };
    const existing = this.find(link.declarationId)!;
    return existing.shipmentRef === link.shipmentRef && existing.location === link.location
      ? { status: "duplicate" }
      : { status: "conflict", existing };
  }

  /** The link of a declaration (by MRN or LRN, whichever was linked), or undefined. */
  find(declarationId: string): DeclarationLink | undefined {
    const row = this.#byDeclaration.get(declarationId) as LinkRow | undefined;
    return row === undefined ? undefined : rowToLink(row);
  }

  /** Whether any declaration is linked to this B/L number. */
  isKnownShipment(shipmentRef: string): boolean {
    return this.#byShipment.get(shipmentRef) !== undefined;
  }

  count(): number {
    return (this.#count.get() as { n: number }).n;
  }
}
