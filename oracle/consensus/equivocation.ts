/**
 * Equivocation: one committee member signing two different reports for the same (epoch,
 * sequence). Honest nodes never do it (their signature store forbids it); a node that does is
 * caught by anyone holding both signed reports, which this module turns into a proof.
 */
import type { Address, Hex } from "viem";
import { reportDigest, type CustomsReport, type ReportDomain } from "../chain/report.ts";
import { recoverDigestSigner } from "../chain/signing.ts";

/** A report with one member's signature over its digest. */
export interface SignedReport {
  report: CustomsReport;
  signature: Hex;
}

/** Proof that `signer` signed two different reports for one (epoch, sequence). */
export interface EquivocationProof {
  signer: Address;
  epoch: number;
  sequence: bigint;
  first: { digest: Hex; signature: Hex };
  second: { digest: Hex; signature: Hex };
}

/**
 * Whether `a` and `b` prove an equivocation: same epoch and sequence, different digests, both
 * signatures valid and by the same key. Returns the proof, or null when they do not (different
 * slots, the same report, different signers, or a signature that does not verify).
 */
export async function detectEquivocation(
  domain: ReportDomain,
  a: SignedReport,
  b: SignedReport,
): Promise<EquivocationProof | null> {
  if (a.report.epoch !== b.report.epoch || a.report.sequence !== b.report.sequence) return null;
  const digestA = reportDigest(domain, a.report);
  const digestB = reportDigest(domain, b.report);
  if (digestA === digestB) return null;
  let signerA: Address;
  let signerB: Address;
  try {
    signerA = await recoverDigestSigner(digestA, a.signature);
    signerB = await recoverDigestSigner(digestB, b.signature);
  } catch {
    return null;
  }
  if (signerA !== signerB) return null;
  return {
    signer: signerA,
    epoch: a.report.epoch,
    sequence: a.report.sequence,
    first: { digest: digestA, signature: a.signature },
    second: { digest: digestB, signature: b.signature },
  };
}
