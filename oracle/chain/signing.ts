/**
 * Signing report digests as a committee member, and recovering who signed one.
 *
 * Signatures travel and land on chain as 64-byte EIP-2098 compact signatures
 * (`r ‖ yParity·2^255 | s`), the form `submitReport` takes concatenated.
 */
import {
  serializeCompactSignature,
  signatureToCompactSignature,
  type Address,
  type Hex,
} from "viem";
import { privateKeyToAddress, sign } from "viem/accounts";
import type { Secret } from "../config/secrets.ts";
import { recoverSigners } from "./signatureCheck.ts";

/** A 64-byte compact signature in hex (0x + 128 digits). */
export const COMPACT_SIGNATURE_PATTERN = /^0x[0-9a-fA-F]{128}$/;

/** Signs `digest` (already the EIP-712 digest) with the member key; returns the compact form. */
export async function signDigest(digest: Hex, key: Secret<Hex>): Promise<Hex> {
  const signature = await sign({ hash: digest, privateKey: key.reveal() });
  return serializeCompactSignature(signatureToCompactSignature(signature));
}

/**
 * The address a compact signature over `digest` recovers to (through the off-chain verifier); throws on
 * a malformed or high-s signature.
 */
export async function recoverDigestSigner(digest: Hex, compactSignature: Hex): Promise<Address> {
  const [signer] = await recoverSigners(digest, [compactSignature]);
  if (signer == null) throw new Error("the signature recovers to no signer");
  return signer;
}

/** The address of a member key (for checking a key matches its committee entry). */
export function addressOfKey(key: Secret<Hex>): Address {
  return privateKeyToAddress(key.reveal());
}
