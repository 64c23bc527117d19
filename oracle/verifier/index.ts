/**
 * Off-chain signature verifier: the daemons check every signature with it before a report
 * goes on chain.
 *
 * - `verifyBatch`: plain ECDSA (secp256k1 or P-256) over 32-byte digests, 64-byte `r ‖ s`
 *   signatures, SEC1 public keys. Plain means Wycheproof's semantics: (r, s) and (r, n − s)
 *   are both valid. `{ lowS: true }` adds Ethereum's / Bitcoin's low-s rule (s ≤ ⌊n/2⌋).
 * - `recoverAddresses`: the signer address as `ecrecover` + OpenZeppelin `ECDSA.tryRecover`
 *   see it, low-s rule always applied, returned in lower-case hex (compare with viem's
 *   `isAddressEqual` or after lower-casing).
 * - `decodeDerSignature`: strict DER → `r ‖ s`, for signatures from HSMs and KMSs.
 *
 * The module-level functions share one lazily created verifier whose idle workers never
 * keep the process alive; a daemon that wants to own the lifetime calls `createSignatureVerifier`.
 */
import { type SignatureVerifier, createSignatureVerifier } from "./signatureVerifier.ts";
import type { Address, RecoverItem, VerifyItem, VerifyOptions } from "./types.ts";

export {
  type SignatureVerifier,
  type SignatureVerifierOptions,
  createSignatureVerifier,
} from "./signatureVerifier.ts";
export { DEFAULT_INLINE_THRESHOLD } from "./signatureVerifier.ts";
export { decodeDerSignature } from "./der.ts";
export { nativeSecp256k1Available } from "./secp256k1Native.ts";
export type {
  Address,
  RecoverItem,
  Secp256k1Backend,
  SignatureScheme,
  VerifyItem,
  VerifyOptions,
} from "./types.ts";

let shared: SignatureVerifier | undefined;

function sharedVerifier(): SignatureVerifier {
  shared ??= createSignatureVerifier();
  return shared;
}

/** `verifyBatch` on the shared verifier (all cores, native secp256k1 where it loads). */
export function verifyBatch(
  items: readonly VerifyItem[],
  options?: VerifyOptions,
): Promise<boolean[]> {
  return sharedVerifier().verifyBatch(items, options);
}

/** `recoverAddresses` on the shared verifier. */
export function recoverAddresses(items: readonly RecoverItem[]): Promise<(Address | null)[]> {
  return sharedVerifier().recoverAddresses(items);
}
