/**
 * DCSA PINT 3.0 identities and checksums shared by the gateway, the tasks and the tests: the
 * canonical form of a transport document and its SHA-256 checksum (what PINT signs), the hash
 * the chain keeps for it, how a party on another platform is named on chain, and the platform
 * code as the contract's `bytes4`.
 *
 * Why derived addresses for foreign parties: the bill's id embeds its carrier's address and the
 * record names a shipper and a consignee; a carrier or shipper that lives on another platform has
 * no account here. Each is named by an address derived from its DCSA identity (code list provider
 * and party code), so the same carrier + B/L number always maps to the same bill id on every
 * Caravel chain, and a bill that comes back finds its own record. Nobody holds the key of such an
 * address; it only names.
 */
import { createHash } from "node:crypto";

import canonicalize from "canonicalize";

import { getAddress, keccak256, stringToHex, toHex, type Address, type Hex } from "viem";

/** A DCSA `IdentifyingCode`: who a party is in some code list. */
export interface IdentifyingCode {
  codeListProvider: string;
  partyCode: string;
  codeListName?: string;
}

/** A DCSA eBL platform code: 1 to 4 non-space ASCII characters (e.g. "BOLE", "IDT"). */
const PLATFORM_CODE = /^[\x21-\x7e]{1,4}$/;

/**
 * RFC 8785 (JSON Canonicalization Scheme) text of `value`, through the `canonicalize` package as
 * the gateway's document store takes it (gateway/store/documentHash.ts), so a checksum and the
 * chain's document hash are of the same text. Throws for a value JSON cannot hold.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("the value has no JSON representation");
  return text;
}

/** SHA-256 of `data` as 64 lower-case hex digits (the PINT checksum form). */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** PINT `transportDocumentChecksum`: SHA-256 of the document's canonical JSON. */
export function transportDocumentChecksum(transportDocument: unknown): string {
  return sha256Hex(canonicalJson(transportDocument));
}

/** The `documentHash` the chain keeps for a DCSA transport document: keccak256 of its canonical JSON. */
export function transportDocumentHash(transportDocument: unknown): Hex {
  return keccak256(stringToHex(canonicalJson(transportDocument)));
}

/** A PINT checksum (64 hex digits) as the contract's `bytes32`. */
export function checksumBytes32(checksum: string): Hex {
  if (!/^[0-9a-f]{64}$/.test(checksum)) {
    throw new Error(`checksum "${checksum}" is not 64 lower-case hex digits`);
  }
  return `0x${checksum}`;
}

/** A DCSA platform code as the contract's `bytes4` (ASCII, right-padded with zero bytes). */
export function platformBytes4(code: string): Hex {
  if (!PLATFORM_CODE.test(code)) {
    throw new Error(
      `eBL platform "${code}" is not a DCSA platform code (1-4 printable characters)`,
    );
  }
  return toHex(new TextEncoder().encode(code.padEnd(4, "\0")));
}

/** The platform code of a `bytes4` read from the contract. */
export function platformText(bytes4: Hex): string {
  return Buffer.from(bytes4.slice(2), "hex").toString("ascii").replace(/\0+$/, "");
}

function identityText(code: IdentifyingCode): string {
  return `${code.codeListProvider}\u0000${code.codeListName ?? ""}\u0000${code.partyCode}`;
}

/** The `recipient` key an export records: keccak256 of the party's identifying code. */
export function partyKey(code: IdentifyingCode): Hex {
  return keccak256(stringToHex(identityText(code)));
}

/** The address that names, on chain, a party with no account here (see the module comment). */
export function foreignPartyAddress(code: IdentifyingCode): Address {
  return getAddress(
    `0x${keccak256(stringToHex(`caravel.pint.party\u0000${identityText(code)}`)).slice(26)}`,
  );
}

/** The address that names a carrier with no account here, from the document's carrier code. */
export function foreignCarrierAddress(
  carrierCode: string,
  carrierCodeListProvider: string,
): Address {
  return foreignPartyAddress({ codeListProvider: carrierCodeListProvider, partyCode: carrierCode });
}
