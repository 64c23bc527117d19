/**
 * keccak256 for the daemon's hot paths, on hash-wasm's WebAssembly Keccak.
 *
 * Every node hashes every event several times (its shipment and message references, its key, its
 * EIP-712 struct hash) and every raw message once. On this project's 2-core machines the pure-JS
 * keccak (@noble/hashes, under viem) was a quarter of a node's CPU time under load; the WASM one
 * was 10× faster on 32–192-byte inputs and 17× on 100 kB in a micro-benchmark here. A test
 * checks it against @noble/hashes on random input of every length up to two blocks and beyond.
 *
 * One hasher instance per thread: each call runs init → update → digest with no await between, so
 * calls never interleave.
 */
import { createKeccak } from "hash-wasm";
import type { Hex } from "viem";

const hasher = await createKeccak(256);

function absorb(data: Uint8Array | string): void {
  hasher.init();
  // An empty input is not handed over at all: once hash-wasm has read a zero-length Buffer, V8
  // gives that Buffer a null data pointer and node:sqlite then binds it as NULL, not as an empty
  // blob (an empty message body could no longer be quarantined; a test covers it).
  if (data.length > 0) hasher.update(data);
}

/** keccak256 of `data` (bytes, or a string taken as its UTF-8 bytes), as 32 bytes. */
export function keccak256Bytes(data: Uint8Array | string): Uint8Array {
  absorb(data);
  return hasher.digest("binary");
}

/** keccak256 of `data` (bytes, or a string taken as its UTF-8 bytes), as `0x` + 64 lower-case hex digits. */
export function keccak256Hex(data: Uint8Array | string): Hex {
  absorb(data);
  return `0x${hasher.digest("hex")}`;
}
