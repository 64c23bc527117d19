/**
 * The consensus tables of a node's store:
 *
 * - `consensus_reports`: every report body the node has seen (by digest), kept once.
 * - `consensus_own_signatures`: the one report this node signed for each (epoch, sequence). The row
 *   is committed BEFORE the signature leaves the node, and the primary key makes a second,
 *   different report for the same (epoch, sequence) impossible to sign: the node can never
 *   equivocate, even across crashes and restarts.
 * - `consensus_evidence`: signatures by committee members the node has received (its own too),
 *   with the report they sign. Two rows by one signer for one (epoch, sequence) with different
 *   digests are proof of equivocation (`equivocations()`).
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Address, Hex } from "viem";
import type { OnChainCustomsEvent } from "../events/customsEvent.ts";
import type { CustomsReport } from "../chain/report.ts";
import { inTransaction } from "./database.ts";

export function ensureSignatureSchema(db: DatabaseSync): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS consensus_reports (
      digest      TEXT PRIMARY KEY,
      epoch       INTEGER NOT NULL,
      sequence    INTEGER NOT NULL,
      events_json TEXT NOT NULL,
      event_keys_json TEXT,
      seen_at_ms  INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS consensus_own_signatures (
      epoch        INTEGER NOT NULL,
      sequence     INTEGER NOT NULL,
      digest       TEXT NOT NULL REFERENCES consensus_reports(digest),
      signature    TEXT NOT NULL,
      signed_at_ms INTEGER NOT NULL,
      PRIMARY KEY (epoch, sequence)
    ) STRICT;
    CREATE TABLE IF NOT EXISTS consensus_evidence (
      signer         TEXT NOT NULL,
      epoch          INTEGER NOT NULL,
      sequence       INTEGER NOT NULL,
      digest         TEXT NOT NULL REFERENCES consensus_reports(digest),
      signature      TEXT NOT NULL,
      received_at_ms INTEGER NOT NULL,
      PRIMARY KEY (signer, epoch, sequence, digest)
    ) STRICT;
  `);
}

/** A report as stored (events in report order). */
export interface StoredReport {
  digest: Hex;
  report: CustomsReport;
}

/** What happened when the node was asked to sign a report. */
export type SignOnceResult =
  | { status: "signed"; signature: Hex; fresh: boolean }
  | { status: "conflict"; signed: StoredReport; signature: Hex };

/** A signature by a committee member over a report digest. */
export interface ReportSignature {
  signer: Address;
  signature: Hex;
}

/** One signer, one (epoch, sequence), two or more different digests it signed. */
export interface EquivocationRecord {
  signer: Address;
  epoch: number;
  sequence: bigint;
  digests: Hex[];
}

function serializeEvents(events: readonly OnChainCustomsEvent[]): string {
  return JSON.stringify(events);
}

export class SignatureStore {
  readonly #db: DatabaseSync;
  /** Digests known to be stored already (recent ones), so a report body is written once. */
  readonly #stored = new Set<Hex>();
  readonly #nowMs: () => number;
  readonly #insertReport: StatementSync;
  readonly #report: StatementSync;
  readonly #ownAt: StatementSync;
  readonly #insertOwn: StatementSync;
  readonly #insertEvidence: StatementSync;
  readonly #evidenceAt: StatementSync;
  readonly #evidenceFor: StatementSync;
  readonly #equivocations: StatementSync;
  readonly #ownCount: StatementSync;
  readonly #keys: StatementSync;
  readonly #ownAbove: StatementSync;

  constructor(db: DatabaseSync, nowMs: () => number = Date.now) {
    ensureSignatureSchema(db);
    this.#db = db;
    this.#nowMs = nowMs;
    this.#insertReport = db.prepare(
      `INSERT INTO consensus_reports (digest, epoch, sequence, events_json, event_keys_json, seen_at_ms)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (digest) DO UPDATE SET event_keys_json = coalesce(event_keys_json, excluded.event_keys_json)`,
    );
    this.#report = db.prepare(
      `SELECT digest, epoch, sequence, events_json FROM consensus_reports WHERE digest = ?`,
    );
    this.#ownAt = db.prepare(
      `SELECT digest, signature FROM consensus_own_signatures WHERE epoch = ? AND sequence = ?`,
    );
    this.#insertOwn = db.prepare(
      `INSERT INTO consensus_own_signatures (epoch, sequence, digest, signature, signed_at_ms)
       VALUES (?, ?, ?, ?, ?)`,
    );
    this.#insertEvidence = db.prepare(
      `INSERT INTO consensus_evidence (signer, epoch, sequence, digest, signature, received_at_ms)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.#evidenceAt = db.prepare(
      `SELECT DISTINCT digest FROM consensus_evidence WHERE signer = ? AND epoch = ? AND sequence = ?`,
    );
    this.#evidenceFor = db.prepare(
      `SELECT signer, signature FROM consensus_evidence WHERE digest = ? ORDER BY signer`,
    );
    this.#equivocations = db.prepare(
      `SELECT signer, epoch, sequence, group_concat(DISTINCT digest) AS digests
       FROM consensus_evidence GROUP BY signer, epoch, sequence HAVING count(DISTINCT digest) > 1
       ORDER BY epoch, sequence, signer`,
    );
    this.#ownCount = db.prepare(`SELECT count(*) AS n FROM consensus_own_signatures`);
    this.#keys = db.prepare(`SELECT event_keys_json FROM consensus_reports WHERE digest = ?`);
    this.#ownAbove = db.prepare(
      `SELECT digest FROM consensus_own_signatures WHERE epoch = ? AND sequence > ?
       ORDER BY sequence LIMIT ?`,
    );
  }

  /** Runs `work` in one transaction (several stores share the database). */
  transaction<T>(work: () => T): T {
    return inTransaction(this.#db, work);
  }

  /** Keeps a report body, and its event keys when the caller has them (idempotent). */
  saveReport(digest: Hex, report: CustomsReport, eventKeys?: readonly Hex[]): void {
    if (this.#stored.has(digest)) return;
    if (this.#stored.size >= 1_000) this.#stored.clear();
    if (eventKeys !== undefined) this.#stored.add(digest);
    this.#insertReport.run(
      digest,
      report.epoch,
      report.sequence,
      serializeEvents(report.events),
      eventKeys === undefined ? null : JSON.stringify(eventKeys),
      this.#nowMs(),
    );
  }

  /** The event keys of a stored report, if they were stored with it. */
  eventKeysOf(digest: Hex): Hex[] | undefined {
    const row = this.#keys.get(digest) as { event_keys_json: string | null } | undefined;
    return row?.event_keys_json == null ? undefined : (JSON.parse(row.event_keys_json) as Hex[]);
  }

  /** The stored report with this digest, or undefined. */
  report(digest: Hex): StoredReport | undefined {
    const row = this.#report.get(digest) as
      { digest: string; epoch: number; sequence: number | bigint; events_json: string } | undefined;
    if (row === undefined) return undefined;
    return {
      digest: row.digest as Hex,
      report: {
        epoch: row.epoch,
        sequence: BigInt(row.sequence),
        events: JSON.parse(row.events_json) as OnChainCustomsEvent[],
      },
    };
  }

  /** What this node signed for (epoch, sequence), if anything. */
  ownSignatureAt(
    epoch: number,
    sequence: bigint,
  ): { signed: StoredReport; signature: Hex } | undefined {
    const row = this.#ownAt.get(epoch, sequence) as
      { digest: string; signature: string } | undefined;
    if (row === undefined) return undefined;
    const signed = this.report(row.digest as Hex);
    if (signed === undefined) throw new Error(`own signature for unknown report ${row.digest}`);
    return { signed, signature: row.signature as Hex };
  }

  /**
   * Records that this node signs `report` (digest `digest`) with `signature`, unless it already
   * signed a different report for the same (epoch, sequence): then nothing is written and the
   * earlier report and signature are returned as a conflict. Signing the same report again
   * returns the stored signature. The caller releases the signature only after this returns.
   */
  signOnce(
    digest: Hex,
    report: CustomsReport,
    signature: Hex,
    eventKeys?: readonly Hex[],
  ): SignOnceResult {
    return inTransaction(this.#db, () => {
      const existing = this.ownSignatureAt(report.epoch, report.sequence);
      if (existing !== undefined) {
        if (existing.signed.digest === digest) {
          return { status: "signed", signature: existing.signature, fresh: false };
        }
        return { status: "conflict", signed: existing.signed, signature: existing.signature };
      }
      this.saveReport(digest, report, eventKeys);
      this.#insertOwn.run(report.epoch, report.sequence, digest, signature, this.#nowMs());
      return { status: "signed", signature, fresh: true };
    });
  }

  /**
   * Keeps a member's (already verified) signature over a report as evidence. Returns the other
   * digests the same signer signed for the same (epoch, sequence): non-empty = equivocation.
   */
  recordEvidence(digest: Hex, report: CustomsReport, evidence: ReportSignature): Hex[] {
    return inTransaction(this.#db, () => {
      this.saveReport(digest, report);
      this.#insertEvidence.run(
        evidence.signer,
        report.epoch,
        report.sequence,
        digest,
        evidence.signature,
        this.#nowMs(),
      );
      return (
        this.#evidenceAt.all(evidence.signer, report.epoch, report.sequence) as { digest: string }[]
      )
        .map((r) => r.digest as Hex)
        .filter((d) => d !== digest);
    });
  }

  /** Every signature kept for a digest. */
  signaturesFor(digest: Hex): ReportSignature[] {
    return (this.#evidenceFor.all(digest) as { signer: string; signature: string }[]).map((r) => ({
      signer: r.signer as Address,
      signature: r.signature as Hex,
    }));
  }

  /** Every detected equivocation (same signer, same epoch and sequence, different digests). */
  equivocations(): EquivocationRecord[] {
    return (
      this.#equivocations.all() as {
        signer: string;
        epoch: number;
        sequence: number | bigint;
        digests: string;
      }[]
    ).map((r) => ({
      signer: r.signer as Address,
      epoch: r.epoch,
      sequence: BigInt(r.sequence),
      digests: r.digests.split(",") as Hex[],
    }));
  }

  /** The digests this node signed in `epoch` for sequences above `sequence` (at most `limit`). */
  ownDigestsAbove(epoch: number, sequence: bigint, limit: number): Hex[] {
    return (this.#ownAbove.all(epoch, sequence, limit) as { digest: string }[]).map(
      (r) => r.digest as Hex,
    );
  }

  /** How many reports this node has signed. */
  ownSignatureCount(): number {
    return (this.#ownCount.get() as { n: number }).n;
  }
}
