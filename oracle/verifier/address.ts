/** Ethereum addresses from public keys, and their lower-case hex form. */
import { keccak256Bytes } from "../crypto/keccak256.ts";

import type { Address } from "./types.ts";

/** Writes the address of an uncompressed public key (65 bytes, `04 ‖ x ‖ y`) into `out[offset..offset+20)`. */
export function writeAddress(uncompressed: Uint8Array, out: Uint8Array, offset: number): void {
  const hash = keccak256Bytes(uncompressed.subarray(1, 65));
  out.set(hash.subarray(12, 32), offset);
}

const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/** `0x` + 40 lower-case hex digits for the 20 bytes at `bytes[offset..offset+20)`. */
export function addressToHex(bytes: Uint8Array, offset: number): Address {
  let hex = "0x";
  for (let i = offset; i < offset + 20; i++) hex += HEX_PAIRS[bytes[i]!]!;
  return hex as Address;
}
