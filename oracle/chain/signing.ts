/**
 * Signing report digests as a committee member, and recovering who signed one.
 *
 * Signatures travel and land on chain as 64-byte EIP-2098 compact signatures
 * (`r ‖ yParity·2^255 | s`), the form `submitReport` takes concatenated. Signing runs on
 * `secp256k1Signer.ts` (libsecp256k1 where it loads): the same bytes viem's `sign` gives, at a
 * fifteenth of its CPU.
 */
import {
  bytesToHex,
  hashMessage,
  hexToBytes,
  serializeSignature,
  size,
  type Address,
  type Hex,
} from "viem";
import { privateKeyToAddress } from "viem/accounts";
import type { Secret } from "../config/secrets.ts";
import { signRecoverable } from "./secp256k1Signer.ts";
import { recoverSigners } from "./signatureCheck.ts";

/** A signature as viem's `sign` returns it (what its transaction serializers take). */
export interface SignatureParts {
  r: Hex;
  s: Hex;
  v: bigint;
  yParity: 0 | 1;
}

/** Signs a 32-byte hash with `key`: the fields viem's `sign({ hash, privateKey })` returns. */
export function signHash(hash: Hex, key: Secret<Hex>): SignatureParts {
  const { compact, recoveryId } = signRecoverable(hexToBytes(hash), hexToBytes(key.reveal()));
  return {
    r: bytesToHex(compact.subarray(0, 32)),
    s: bytesToHex(compact.subarray(32)),
    v: recoveryId === 1 ? 28n : 27n,
    yParity: recoveryId,
  };
}

/**
 * EIP-191's hash of a 32-byte digest signed as a message: viem's `hashMessage({ raw })`, refusing
 * anything but a digest (a proposal signs the report's 32-byte digest, nothing else).
 */
export function eip191HashOfDigest(digest: Hex): Hex {
  const length = size(digest);
  if (length !== 32) throw new TypeError(`digest: ${length} bytes, not 32`);
  return hashMessage({ raw: digest });
}

/**
 * A proposer's authentication of a proposal: EIP-191 over the report digest, 65 bytes
 * `r ‖ s ‖ v` (v 27 or 28), as viem's `signMessage({ message: { raw: digest } })` gives it.
 */
export function signProposal(digest: Hex, key: Secret<Hex>): Hex {
  return serializeSignature(signHash(eip191HashOfDigest(digest), key));
}

/** A 64-byte compact signature in hex (0x + 128 digits). */
export const COMPACT_SIGNATURE_PATTERN = /^0x[0-9a-fA-F]{128}$/;

/** Signs `digest` (already the EIP-712 digest) with the member key; returns the compact form. */
export async function signDigest(digest: Hex, key: Secret<Hex>): Promise<Hex> {
  const { compact, recoveryId } = signRecoverable(hexToBytes(digest), hexToBytes(key.reveal()));
  // EIP-2098: yParity in the top bit of s (free: s is low).
  if (recoveryId === 1) compact[32] = compact[32]! | 0x80;
  return bytesToHex(compact);
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
