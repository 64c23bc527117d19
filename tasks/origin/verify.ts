/**
 * `origin verify`: anyone checks a certificate of origin by its number and, when given, the
 * document presented: Valid, Revoked (with the reason, and the correction that replaced it),
 * Expired, HashMismatch (the document is not the one issued) or Unknown — with what the
 * certificate states.
 */
import { z } from "zod";

import { operatorAction } from "../support/action.ts";
import { optionalDocumentHash } from "../support/inputs.ts";
import { formatTime } from "../support/output.ts";
import { ascii } from "../../lib/chain/revertTable.ts";
import { certificateIdOf, certificateNumber } from "./originInput.ts";
import {
  certificateNumberOf,
  deployedOriginRegistry,
  verdictName,
  type VerdictName,
} from "./originRegistry.ts";

export interface CertificateFacts {
  issuer: string;
  exporter: string;
  consignee: string;
  countryOfOrigin: string;
  originCriterion: string;
  tradeAgreement: string;
  hsCodes: string[];
  issuedAt: number;
  validUntil: number;
  revokedAt: number | null;
  revocationReason: string | null;
  documentHash: string;
  /** The number of the certificate this one corrects. */
  replaces: string | null;
  /** The number of the certificate that corrects this one. */
  replacedBy: string | null;
}

export interface VerifyResult {
  number: string;
  certificateId: string;
  /** Compared with the registered hash when --document was given. */
  documentChecked: boolean;
  verdict: VerdictName;
  certificate: CertificateFacts | null;
}

const ZERO = "0x" + "0".repeat(64);

export default operatorAction({
  options: () =>
    z.object({
      number: certificateNumber,
      document: optionalDocumentHash,
    }),
  async run(args, ctx): Promise<VerifyResult> {
    const registry = await deployedOriginRegistry(ctx);
    const certificateId = certificateIdOf(args.number);
    const documentChecked = args.document !== null;
    const verdict = verdictName(
      args.document !== null
        ? await registry.verifyById(certificateId, args.document)
        : await registry.statusOf(certificateId),
    );
    if (verdict === "Unknown") {
      return { number: args.number, certificateId, documentChecked, verdict, certificate: null };
    }
    const record = await ctx.view(`reading certificate ${args.number}`, () =>
      registry.certificate(certificateId),
    );
    const revoked = record.revokedAt !== 0n;
    return {
      number: args.number,
      certificateId,
      documentChecked,
      verdict,
      certificate: {
        issuer: record.issuer,
        exporter: record.exporter,
        consignee: record.consignee,
        countryOfOrigin: ascii(record.countryOfOrigin),
        originCriterion: ascii(record.originCriterion),
        tradeAgreement: ascii(record.tradeAgreement),
        hsCodes: record.hsCodes.map((c) => c.toString().padStart(6, "0")),
        issuedAt: Number(record.issuedAt),
        validUntil: Number(record.validUntil),
        revokedAt: revoked ? Number(record.revokedAt) : null,
        revocationReason: revoked ? await registry.revocationReason(certificateId) : null,
        documentHash: record.documentHash,
        replaces:
          record.replaces === ZERO ? null : await certificateNumberOf(registry, record.replaces),
        replacedBy:
          record.replacedBy === ZERO
            ? null
            : await certificateNumberOf(registry, record.replacedBy),
      },
    };
  },
  render(result, ctx) {
    const c = result.certificate;
    const verdictLine = {
      Unknown: `Unknown: no certificate of origin is numbered "${result.number}".`,
      Valid: result.documentChecked
        ? `Valid: certificate ${result.number} is in force and the document is the one issued.`
        : `Valid: certificate ${result.number} is in force (no document compared; add --document to check one).`,
      Revoked: `Revoked: certificate ${result.number} was revoked by its issuer.`,
      Expired: `Expired: certificate ${result.number} is no longer valid.`,
      HashMismatch: `HashMismatch: the document presented is NOT the certificate ${result.number} that was issued.`,
    }[result.verdict];
    if (c === null) return [verdictLine];
    return [
      verdictLine,
      `  issued by ${ctx.party(c.issuer)} on ${formatTime(c.issuedAt)}, valid until ${formatTime(c.validUntil)}`,
      `  exporter ${ctx.party(c.exporter)}, consignee ${ctx.party(c.consignee)}`,
      `  origin ${c.countryOfOrigin}, criterion ${c.originCriterion} under ${c.tradeAgreement}, HS ${c.hsCodes.join(", ")}`,
      `  document ${c.documentHash}`,
      ...(c.revokedAt === null
        ? []
        : [`  revoked on ${formatTime(c.revokedAt)}: "${c.revocationReason ?? ""}"`]),
      ...(c.replacedBy === null ? [] : [`  replaced by certificate ${c.replacedBy}`]),
      ...(c.replaces === null ? [] : [`  corrects certificate ${c.replaces}`]),
    ];
  },
});
