/**
 * The verifier: batch ECDSA verification and Ethereum signer recovery spread over worker
 * threads, one per core by default. A batch is split into chunks (several per thread, so a
 * thread slowed by other load does not hold up the rest), each packed into one transferable
 * buffer. Batches smaller than `inlineThreshold` are run on the calling thread instead: a
 * worker round trip costs more than a few verifications.
 */
import os from "node:os";

import { type ChunkJob, executeChunk } from "./chunk.ts";
import type { Secp256k1Engine } from "./engine.ts";
import { decodeRecoveredAddresses, encodeRecoverChunk } from "./recoverChunk.ts";
import { createSecp256k1Engine, defaultSecp256k1Backend } from "./secp256k1Engine.ts";
import type { Address, RecoverItem, Secp256k1Backend, VerifyItem, VerifyOptions } from "./types.ts";
import { decodeVerifyVerdicts, encodeVerifyChunk } from "./verifyChunk.ts";
import { WorkerPool } from "./workerPool.ts";

/** Below this many items a batch runs on the calling thread (native secp256k1 costs ~40 µs each). */
export const DEFAULT_INLINE_THRESHOLD = 16;
/** Chunks per thread a large batch is cut into, for load balancing. */
const CHUNKS_PER_THREAD = 8;
/** Fewest items worth one worker round trip. */
const MIN_CHUNK = 64;

export interface SignatureVerifierOptions {
  /** Worker threads; default `os.availableParallelism()`. */
  threads?: number;
  /**
   * secp256k1 implementation; default `native` when libsecp256k1's binding loads, else `js`.
   * Asking for `native` where it does not load throws.
   */
  backend?: Secp256k1Backend;
  /**
   * Batches with fewer items run inline on the calling thread; default
   * `DEFAULT_INLINE_THRESHOLD`. Use 0 to always use the workers. A P-256 item costs about
   * twice a native secp256k1 one (~95 µs), a JS-backend secp256k1 item ~25 times: lower the
   * threshold if such batches must not block the caller.
   */
  inlineThreshold?: number;
}

export interface SignatureVerifier {
  /** The secp256k1 implementation in use. */
  readonly backend: Secp256k1Backend;
  /** The pool size. */
  readonly threads: number;
  /** Worker threads currently running: 0 until the first pooled batch, and after `close()`. */
  readonly liveWorkers: number;
  /**
   * Plain ECDSA verification of each item, in order. Malformed items (wrong lengths, a public
   * key that is not a SEC1 point on the curve, r or s zero or not below n) are `false`; a scheme
   * other than "secp256k1" or "p256", or a byte field that is not a Uint8Array, rejects with
   * an error naming the item and field.
   */
  verifyBatch(items: readonly VerifyItem[], options?: VerifyOptions): Promise<boolean[]>;
  /**
   * The Ethereum address (lower-case hex) that signed each item's digest, or null where
   * `ecrecover` plus OpenZeppelin `ECDSA.tryRecover` would fail: v not 27/28, s above ⌊n/2⌋,
   * r or s out of range, no key recoverable, wrong lengths.
   */
  recoverAddresses(items: readonly RecoverItem[]): Promise<(Address | null)[]>;
  /** Terminates the workers; pending and later calls reject. */
  close(): Promise<void>;
}

/** How an unexpected value is named in an error: a string quoted, anything else by its type. */
function describeValue(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : describeType(value);
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

function assertBytes(value: unknown, method: string, field: string): void {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`${method}: ${field} must be a Uint8Array, got ${describeType(value)}`);
  }
}

function assertArray(items: unknown, method: string): void {
  if (!Array.isArray(items)) throw new TypeError(`${method}: items must be an array`);
}

/*
 * The item checks below are hand-written rather than zod schemas: they run once per item on
 * the hot path, where a schema parse (~1–2 µs an item) would be a noticeable share of a
 * ~23 µs-per-item budget. Callers are typed daemon code; untrusted input is validated with zod
 * where it enters the daemons.
 */
function checkVerifyItems(items: readonly VerifyItem[]): void {
  assertArray(items, "verifyBatch");
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    if (typeof item !== "object" || item === null) {
      throw new TypeError(`verifyBatch: items[${String(i)}] must be an object`);
    }
    const { scheme, digest, signature, publicKey } = item as Record<string, unknown>;
    if (scheme !== "secp256k1" && scheme !== "p256") {
      throw new TypeError(
        `verifyBatch: items[${String(i)}].scheme must be "secp256k1" or "p256", got ${describeValue(scheme)}`,
      );
    }
    assertBytes(digest, "verifyBatch", `items[${String(i)}].digest`);
    assertBytes(signature, "verifyBatch", `items[${String(i)}].signature`);
    assertBytes(publicKey, "verifyBatch", `items[${String(i)}].publicKey`);
  }
}

function checkRecoverItems(items: readonly RecoverItem[]): void {
  assertArray(items, "recoverAddresses");
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    if (typeof item !== "object" || item === null) {
      throw new TypeError(`recoverAddresses: items[${String(i)}] must be an object`);
    }
    const { digest, signature } = item as Record<string, unknown>;
    assertBytes(digest, "recoverAddresses", `items[${String(i)}].digest`);
    assertBytes(signature, "recoverAddresses", `items[${String(i)}].signature`);
  }
}

function checkOptions(options: SignatureVerifierOptions): void {
  const { threads, inlineThreshold, backend } = options;
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    throw new RangeError(
      `createSignatureVerifier: threads must be an integer ≥ 1, got ${String(threads)}`,
    );
  }
  if (
    inlineThreshold !== undefined &&
    !(Number.isInteger(inlineThreshold) && inlineThreshold >= 0)
  ) {
    throw new RangeError(
      `createSignatureVerifier: inlineThreshold must be an integer ≥ 0, got ${String(inlineThreshold)}`,
    );
  }
  if (backend !== undefined && backend !== "native" && backend !== "js") {
    throw new TypeError(
      `createSignatureVerifier: backend must be "native" or "js", got ${describeValue(backend)}`,
    );
  }
}

/** Creates an verifier that owns its worker threads until `close()`. */
export function createSignatureVerifier(options: SignatureVerifierOptions = {}): SignatureVerifier {
  checkOptions(options);
  const backend = options.backend ?? defaultSecp256k1Backend();
  const threads = options.threads ?? os.availableParallelism();
  const inlineThreshold = options.inlineThreshold ?? DEFAULT_INLINE_THRESHOLD;
  // Created now so that an unavailable native binding fails here, not on first use.
  const inlineEngine: Secp256k1Engine = createSecp256k1Engine(backend);
  const pool = new WorkerPool(threads, { secp256k1Backend: backend });
  let closed = false;

  /**
   * Cuts `count` items into chunks, packs each with `encode` and runs it inline or on the
   * pool, then hands each chunk's result bytes to `decode` with the chunk's first index.
   */
  async function run(
    count: number,
    encode: (start: number, end: number) => ArrayBuffer,
    job: Omit<ChunkJob, "input" | "count">,
    decode: (output: Uint8Array, start: number) => void,
  ): Promise<void> {
    if (closed) throw new Error("the verifier is closed");
    if (count === 0) return;
    if (count < inlineThreshold) {
      decode(executeChunk({ ...job, input: encode(0, count), count }, inlineEngine), 0);
      return;
    }
    const chunkSize = Math.max(MIN_CHUNK, Math.ceil(count / (threads * CHUNKS_PER_THREAD)));
    const chunks: Promise<void>[] = [];
    for (let start = 0; start < count; start += chunkSize) {
      const end = Math.min(count, start + chunkSize);
      const input = encode(start, end);
      chunks.push(
        pool
          .run({ ...job, input, count: end - start })
          .then((output) => decode(new Uint8Array(output), start)),
      );
    }
    await Promise.all(chunks);
  }

  return {
    backend,
    threads,
    get liveWorkers() {
      return pool.liveWorkers;
    },
    async verifyBatch(items, verifyOptions = {}) {
      checkVerifyItems(items);
      const verdicts = new Array<boolean>(items.length);
      await run(
        items.length,
        (start, end) => encodeVerifyChunk(items, start, end),
        { kind: "verify", lowS: verifyOptions.lowS === true },
        (output, start) => decodeVerifyVerdicts(output, verdicts, start),
      );
      return verdicts;
    },
    async recoverAddresses(items) {
      checkRecoverItems(items);
      const addresses = new Array<Address | null>(items.length);
      await run(
        items.length,
        (start, end) => encodeRecoverChunk(items, start, end),
        { kind: "recover", lowS: true },
        (output, start) => decodeRecoveredAddresses(output, addresses, start),
      );
      return addresses;
    },
    async close() {
      closed = true;
      await pool.close();
    },
  };
}
