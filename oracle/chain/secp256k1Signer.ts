/**
 * secp256k1 signing for the daemons: a member's signature over a report digest, a proposer's
 * signature over a proposal and the transmitter's over a transaction hash.
 *
 * Through libsecp256k1's N-API binding (the one the off-chain verifier loads) where it loads, else
 * @noble/curves. Both take the nonce from RFC 6979 with no extra entropy and return the low-s
 * signature, exactly as viem's `sign` does (on @noble/curves), so a signature is the same bytes
 * whichever signs it; a test holds both to viem over many keys and digests. (Only a digest of n or
 * more, which keccak gives with probability 2^-128, gets another valid signature from
 * libsecp256k1, which feeds it to RFC 6979 unreduced; a process signs on one engine throughout, so
 * its signatures stay deterministic.) Why not viem's
 * `sign`: it runs noble's multiplication without a precomputed table for the base point, about
 * 0.64 ms of CPU a signature against 0.04 ms for libsecp256k1, and a leader makes three a report
 * (its proposal, its own signature, the transaction), every other signer one.
 */
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { loadSecp256k1Addon } from "../verifier/secp256k1Native.ts";

/** A recoverable signature: `r ‖ s` (64 bytes, s low) and the parity of R's y. */
export interface RecoverableSignature {
  compact: Uint8Array;
  recoveryId: 0 | 1;
}

/** Signs a 32-byte digest with a 32-byte secret key. */
export type DigestSigner = (digest: Uint8Array, secretKey: Uint8Array) => RecoverableSignature;

function checkLengths(digest: Uint8Array, secretKey: Uint8Array): void {
  if (digest.length !== 32) throw new TypeError(`digest: ${digest.length} bytes, not 32`);
  if (secretKey.length !== 32) throw new TypeError(`secret key: ${secretKey.length} bytes, not 32`);
}

/** libsecp256k1's signer; throws when its binding does not load on this platform. */
export function createNativeSigner(): DigestSigner {
  const addon = loadSecp256k1Addon();
  return (digest, secretKey) => {
    checkLengths(digest, secretKey);
    const out = { signature: new Uint8Array(64), recid: 0 };
    if (addon.ecdsaSign(out, digest, secretKey, undefined, undefined) !== 0) {
      throw new Error("libsecp256k1 refused to sign: the secret key is not a valid scalar");
    }
    return { compact: out.signature, recoveryId: out.recid === 1 ? 1 : 0 };
  };
}

/** @noble/curves' signer (its base point's table is precomputed when the module loads). */
export function createJsSigner(): DigestSigner {
  return (digest, secretKey) => {
    checkLengths(digest, secretKey);
    const recovered = secp256k1.sign(digest, secretKey, {
      prehash: false,
      lowS: true,
      extraEntropy: false,
      format: "recovered",
    });
    return { compact: recovered.subarray(1), recoveryId: recovered[0] === 1 ? 1 : 0 };
  };
}

let shared: DigestSigner | undefined;

/** Signs `digest` with `secretKey` on libsecp256k1 where it loads, on @noble/curves otherwise. */
export function signRecoverable(digest: Uint8Array, secretKey: Uint8Array): RecoverableSignature {
  if (shared === undefined) {
    try {
      shared = createNativeSigner();
    } catch {
      shared = createJsSigner();
    }
  }
  return shared(digest, secretKey);
}
