/**
 * Which bill of lading a customs declaration covers (its carrier and B/L number), whether it is an
 * export or an import declaration, and where it is lodged. WCO notifications carry only the
 * declaration (MRN/LRN), so the oracle resolves the shipment, the procedure (which decides what a
 * function code means: 09 clears goods for export at origin, or for import at destination) and the
 * UN/LOCODE here. A shipment is "known" once any declaration is linked to it.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Address, Hex } from "viem";
import type { CustomsProcedure } from "../ingest/wcoDms.ts";

export interface DeclarationLink {
  declarationId: string;
  /** The member address of the carrier that issued the bill (lower case). */
  carrier: Address;
  /** The carrier's B/L number. */
  shipmentRef: string;
  procedure: CustomsProcedure;
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
  carrier: string;
  shipment_ref: string;
  procedure: string;
  location: string;
  message_id: string;
  linked_at: number;
  source_doc_hash: string;
}

function rowToLink(row: LinkRow): DeclarationLink {
  return {
    declarationId: row.declaration_id,
    carrier: row.carrier as Address,
    shipmentRef: row.shipment_ref,
    procedure: row.procedure as CustomsProcedure,
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
      carrier         TEXT NOT NULL,
      shipment_ref    TEXT NOT NULL,
      procedure       TEXT NOT NULL CHECK (procedure IN ('export', 'import')),
      location        TEXT NOT NULL,
      message_id      TEXT NOT NULL,
      linked_at       INTEGER NOT NULL,
      source_doc_hash TEXT NOT NULL,
      created_at_ms   INTEGER NOT NULL
    ) STRICT;
  `);
  const columns = db.prepare(`SELECT name FROM pragma_table_info('declaration_links')`).all() as {
    name: string;
  }[];
  if (!columns.some((c) => c.name === "carrier")) {
    throw new Error(
      "declaration_links has no carrier column: this store was written before links named the carrier and the procedure (issue #12); start the node with a fresh data directory",
    );
  }
  db.exec(
    `CREATE INDEX IF NOT EXISTS declaration_links_carrier_shipment ON declaration_links(carrier, shipment_ref)`,
  );
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
      `INSERT INTO declaration_links (declaration_id, carrier, shipment_ref, procedure, location,
         message_id, linked_at, source_doc_hash, created_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (declaration_id) DO NOTHING`,
    );
    this.#byDeclaration = db.prepare(
      `SELECT declaration_id, carrier, shipment_ref, procedure, location, message_id, linked_at,
         source_doc_hash
       FROM declaration_links WHERE declaration_id = ?`,
    );
    this.#byShipment = db.prepare(
      `SELECT 1 AS present FROM declaration_links WHERE carrier = ? AND shipment_ref = ? LIMIT 1`,
    );
    this.#count = db.prepare(`SELECT count(*) AS n FROM declaration_links`);
  }

  /**
   * Records a link. The same declaration linked again to the same carrier, B/L, procedure and
   * location is a duplicate; to anything else it is a conflict (the first link stays).
   */
  link(link: DeclarationLink): LinkResult {
    const inserted = this.#insert.run(
      link.declarationId,
      link.carrier,
      link.shipmentRef,
      link.procedure,
      link.location,
      link.messageId,
      link.linkedAt,
      link.sourceDocHash,
      this.#nowMs(),
    );
    if (inserted.changes === 1) return { status: "linked" };
    const existing = this.find(link.declarationId)!;
    return existing.carrier === link.carrier &&
      existing.shipmentRef === link.shipmentRef &&
      existing.procedure === link.procedure &&
      existing.location === link.location
      ? { status: "duplicate" }
      : { status: "conflict", existing };
  }

  /** The link of a declaration (by MRN or LRN, whichever was linked), or undefined. */
  find(declarationId: string): DeclarationLink | undefined {
    const row = this.#byDeclaration.get(declarationId) as LinkRow | undefined;
    return row === undefined ? undefined : rowToLink(row);
  }

  /** Whether any declaration is linked to the bill `shipmentRef` of `carrier`. */
  isKnownShipment(carrier: Address, shipmentRef: string): boolean {
    return this.#byShipment.get(carrier, shipmentRef) !== undefined;
  }

  count(): number {
    return (this.#count.get() as { n: number }).n;
  }
}
