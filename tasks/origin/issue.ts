/**
 * `origin issue`: a chamber of commerce issues a certificate of origin for an exporter's
 * goods, registering the hash of the certificate document (the document stays off-chain).
 */
import { z } from "zod";

import { operatorAction } from "../support/action.ts";
import { country, DAY_SECONDS, date, documentHash, optionalDate } from "../support/inputs.ts";
import { formatTime } from "../support/output.ts";
import { type CallOutcome, perform, renderOutcome } from "../support/transactions.ts";
import {
  asciiBytes,
  certificateIdOf,
  certificateNumber,
  hsCodes,
  originCriterion,
  tradeAgreement,
} from "./originInput.ts";
import { deployedOriginRegistry, ORIGIN_REGISTRY } from "./originRegistry.ts";

export interface IssueResult {
  certificateId: string;
  number: string;
  documentHash: string;
  issuedAt: bigint;
  validUntil: bigint;
  outcome: CallOutcome;
}

export default operatorAction({
  options: (m) =>
    z.object({
      as: m.member,
      number: certificateNumber,
      exporter: m.party,
      consignee: m.party,
      hsCodes,
      origin: country,
      criterion: originCriterion,
      agreement: tradeAgreement,
      issuedOn: optionalDate,
      validUntil: date,
      document: documentHash,
    }),
  async run(args, ctx): Promise<IssueResult> {
    const registry = await deployedOriginRegistry(ctx);
    const head = await ctx.ethers.provider.getBlock("latest");
    // Without --issued-on the certificate is dated the chain's current day.
    const issuedAt = args.issuedOn ?? (BigInt(head?.timestamp ?? 0) / DAY_SECONDS) * DAY_SECONDS;
    const validUntil = args.validUntil + DAY_SECONDS - 1n;
    const request = {
      number: args.number,
      exporter: args.exporter,
      consignee: args.consignee,
      hsCodes: args.hsCodes,
      countryOfOrigin: asciiBytes(args.origin, 2),
      originCriterion: asciiBytes(args.criterion, 4),
      tradeAgreement: asciiBytes(args.agreement, 16),
      issuedAt,
      validUntil,
      documentHash: args.document,
    };
    const outcome = await perform(ctx, {
      as: args.as,
      contract: ORIGIN_REGISTRY,
      to: await registry.getAddress(),
      data: registry.interface.encodeFunctionData("issue", [request]),
      action: `issue certificate of origin ${args.number} (${args.origin} origin, ${args.criterion} under ${args.agreement}) for ${ctx.party(args.exporter)}`,
    });
    return {
      certificateId: certificateIdOf(args.number),
      number: args.number,
      documentHash: args.document,
      issuedAt,
      validUntil,
      outcome,
    };
  },
  render(result, ctx) {
    return [
      ...renderOutcome(ctx, result.outcome),
      `Certificate ${result.number}: id ${result.certificateId}, issued ${formatTime(result.issuedAt)}, valid until ${formatTime(result.validUntil)}, document ${result.documentHash}`,
    ];
  },
});
