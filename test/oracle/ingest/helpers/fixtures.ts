/** Shared set-up for the ingest tests: temp databases, a fixed clock, tokens, the shared samples. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hashToken, type IngestClient } from "../../../../oracle/ingest/auth.ts";
import { IngestPipeline } from "../../../../oracle/ingest/pipeline.ts";
import { openDatabase } from "../../../../oracle/store/database.ts";
import type { DatabaseSync } from "node:sqlite";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

/** The read-only reference folder (env CARAVEL_SHARED_DIR, default ../shared from the repo root). */
export function sharedDir(): string {
  return path.resolve(repoRoot, process.env.CARAVEL_SHARED_DIR ?? "../shared");
}

/** `sharedDir()/<sub>` if it exists, else undefined (the caller skips with a message). */
export function sharedSamples(sub: string): string | undefined {
  const dir = path.join(sharedDir(), sub);
  return existsSync(dir) ? dir : undefined;
}

/** 2026-06-01T00:00:00Z: later than every shared sample, so none is "in the future". */
export const FIXED_NOW_MS = Date.UTC(2026, 5, 1);

export interface TempStore {
  dir: string;
  dbPath: string;
  db: DatabaseSync;
  close(): void;
}

/** A fresh SQLite file in a temp directory; `close()` closes it and removes the directory. */
export function tempStore(prefix = "caravel-ingest-"): TempStore {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const dbPath = path.join(dir, "node.db");
  const db = openDatabase(dbPath);
  return {
    dir,
    dbPath,
    db,
    close() {
      if (db.isOpen) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function fixedPipeline(db: DatabaseSync, nowMs = FIXED_NOW_MS): IngestPipeline {
  return new IngestPipeline({ db, nowMs: () => nowMs });
}

export const TOKENS = {
  customs: "customs-token-0123456789abcdef",
  carrier: "carrier-token-0123456789abcdef",
  caravel: "caravel-token-0123456789abcdef",
  operator: "operator-token-0123456789abcdef",
} as const;

export const CLIENTS: IngestClient[] = [
  { id: "hmrc-cds", tokenSha256: hashToken(TOKENS.customs), scopes: ["customs"] },
  { id: "carrier", tokenSha256: hashToken(TOKENS.carrier), scopes: ["transport"] },
  { id: "caravel", tokenSha256: hashToken(TOKENS.caravel), scopes: ["events"] },
  { id: "ops", tokenSha256: hashToken(TOKENS.operator), scopes: ["operator"] },
];

/** A canonical declaration-link message body. */
export function linkMessage(
  declarationId: string,
  shipmentRef: string,
  location: string,
  messageId = `link-${declarationId}`,
): string {
  return JSON.stringify({
    kind: "declaration-link",
    messageId,
    declarationId,
    shipmentRef,
    location,
    linkedAt: "2026-01-01T00:00:00Z",
  });
}
