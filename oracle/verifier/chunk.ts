/**
 * One unit of work, the same whether it runs on a worker thread or inline on the caller's:
 * a packed buffer of items plus what to do with them. Requests and responses are what
 * `workerPool.ts` and `worker.ts` post to each other (buffers transferred, not copied).
 */
import type { Secp256k1Engine } from "./engine.ts";
import { executeRecoverChunk } from "./recoverChunk.ts";
import type { Secp256k1Backend } from "./types.ts";
import { executeVerifyChunk } from "./verifyChunk.ts";

export interface ChunkJob {
  kind: "verify" | "recover";
  /** Items packed by `encodeVerifyChunk` / `encodeRecoverChunk`. */
  input: ArrayBuffer;
  count: number;
  /** Verify only: refuse s above ⌊n/2⌋. */
  lowS: boolean;
}

export interface ChunkRequest extends ChunkJob {
  id: number;
}

export type ChunkResponse = { id: number; output: ArrayBuffer } | { id: number; error: string };

/** What every worker is started with (`workerData`). */
export interface WorkerConfig {
  secp256k1Backend: Secp256k1Backend;
}

/** Runs one job; the result bytes are laid out as the job kind's decoder expects. */
export function executeChunk(job: ChunkJob, secp256k1: Secp256k1Engine): Uint8Array {
  const input = new Uint8Array(job.input);
  return job.kind === "verify"
    ? executeVerifyChunk(input, job.count, job.lowS, secp256k1)
    : executeRecoverChunk(input, job.count, secp256k1);
}
