/** Shared set-up for the ingest tests: temp databases, a fixed clock, tokens, the shared samples. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Address } from "viem";
import { carrierDirectory, type CarrierDirectory } from "../../../../oracle/events/carriers.ts";
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

/**
 * The carriers the ingest tests' nodes know: MAEU (the tests' B/L numbers), MSCU (a second carrier
 * using the same numbers) and EXCO, the originating party of the shared DCSA samples.
 */
export const TEST_CARRIERS: Readonly<Record<string, Address>> = {
  MAEU: "0x00000000000000000000000000000000000a11ce",
  MSCU: "0x00000000000000000000000000000000000b0b00",
  EXCO: "0x00000000000000000000000000000000000e8c00",
};

export const TEST_CARRIER_DIRECTORY: CarrierDirectory = carrierDirectory(TEST_CARRIERS);

export function fixedPipeline(db: DatabaseSync, nowMs = FIXED_NOW_MS): IngestPipeline {
  return new IngestPipeline({ db, nowMs: () => nowMs, carriers: TEST_CARRIER_DIRECTORY });
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

/**
 * A canonical declaration-link message body: declaration `declarationId` of the given procedure
 * (default an import declaration) covers bill `shipmentRef` of `carrier` (default MAEU).
 */
export function linkMessage(
  declarationId: string,
  shipmentRef: string,
  location: string,
  messageId = `link-${declarationId}`,
  options: { carrier?: string; procedure?: "export" | "import" } = {},
): string {
  return JSON.stringify({
    kind: "declaration-link",
    messageId,
    declarationId,
    carrier: options.carrier ?? "MAEU",
    shipmentRef,
    procedure: options.procedure ?? "import",
    location,
    linkedAt: "2026-01-01T00:00:00Z",
  });
}
