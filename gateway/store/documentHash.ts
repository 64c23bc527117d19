/**
 * The hash the chain records for a DCSA transport document, and the canonical text it is taken of.
 *
 * Choice: the document is serialised with the JSON Canonicalization Scheme (RFC 8785, JCS: keys
 * sorted by UTF-16 code units, no whitespace, ECMAScript number formatting) through the
 * `canonicalize` package, and hashed with keccak256 over the UTF-8 bytes — the same function as
 * every other off-chain B/L document (`documentHashOf` in lib/trade/billOfLading.ts), so
 * `BillOfLading.billFacts(id).documentHash` means one thing whatever made the document. JCS and
 * not the bytes as received: two platforms, or one platform before and after a restart, re-encode
 * JSON (key order, spacing, `1.0` vs `1`), and the hash must survive that. DCSA's own checksums
 * (PINT's `documentChecksum`) are SHA-256 over the same canonical text; `sha256Checksum` gives it.
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { Hex } from "viem";

import { documentHashOf } from "../../lib/trade/billOfLading.ts";

/** The RFC 8785 canonical JSON text of `document` (throws for a value JSON cannot hold). */
export function canonicalJson(document: unknown): string {
  const text = canonicalize(document);
  if (text === undefined) throw new TypeError("the document has no JSON representation");
  return text;
}

/** The keccak256 of the canonical JSON of `document`: what the chain records as its hash. */
export function transportDocumentHash(document: unknown): Hex {
  return documentHashOf(canonicalJson(document)) as Hex;
}

/** SHA-256 (hex, lower case) of the canonical JSON of `document`: DCSA's document checksum. */
export function sha256Checksum(document: unknown): string {
  return createHash("sha256").update(canonicalJson(document), "utf8").digest("hex");
}
