/**
 * Checks a report's signatures before it is submitted: every signature must recover to a distinct
 * committee member, and there must be at least `threshold` of them.
 *
 * Every signer recovery in the daemons goes through `recoverSigners`, which runs on the off-chain
 * verifier (`oracle/verifier/`: libsecp256k1 through its N-API binding, worker threads for
 * large batches, the EIP-2 low-s rule as the contract's verifier applies it).
 */
import { getAddress, hexToBytes, type Address, type Hex } from "viem";
import { recoverAddresses } from "../verifier/index.ts";

/** Recovers the signer of each 64-byte compact (or 65-byte) signature over `digest`; null where one is malformed. */
export async function recoverSigners(
  digest: Hex,
  signatures: readonly Hex[],
): Promise<(Address | null)[]> {
  const digestBytes = hexToBytes(digest);
  const items = signatures.map((signature) => ({
    digest: digestBytes,
    signature: hexToBytes(signature),
  }));
  const recovered = await recoverAddresses(items);
  return recovered.map((address) => (address === null ? null : getAddress(address)));
}

export interface SignatureCheckResult {
  /** Valid signatures by distinct members, in the order given. */
  accepted: { signer: Address; signature: Hex }[];
  /** Signatures refused, with the reason (not a member, duplicate signer, malformed). */
  refused: { signature: Hex; reason: string }[];
  /** Whether `accepted` reaches the threshold. */
  quorum: boolean;
}

/** Sorts out which signatures count toward the quorum of `members` at `threshold`. */
export async function checkReportSignatures(
  digest: Hex,
  signatures: readonly Hex[],
  members: readonly Address[],
  threshold: number,
): Promise<SignatureCheckResult> {
  const memberSet = new Set(members.map((m) => m.toLowerCase()));
  const signers = await recoverSigners(digest, signatures);
  const seen = new Set<string>();
  const result: SignatureCheckResult = { accepted: [], refused: [], quorum: false };
  signers.forEach((signer, index) => {
    const signature = signatures[index]!;
    if (signer === null) {
      result.refused.push({ signature, reason: "malformed signature" });
    } else if (!memberSet.has(signer.toLowerCase())) {
      result.refused.push({ signature, reason: `signer ${signer} is not a committee member` });
    } else if (seen.has(signer.toLowerCase())) {
      result.refused.push({ signature, reason: `second signature by ${signer}` });
    } else {
      seen.add(signer.toLowerCase());
      result.accepted.push({ signer, signature });
    }
  });
  result.quorum = result.accepted.length >= threshold;
  return result;
}
