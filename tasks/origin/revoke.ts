/**
 * `origin revoke`: the chamber that issued a certificate of origin revokes it, with a reason
 * on the record. Revocation is final.
 */
import { z } from "zod";

import { operatorAction } from "../support/action.ts";
import { text } from "../support/inputs.ts";
import { type CallOutcome, perform, renderOutcome } from "../support/transactions.ts";
import { certificateIdOf, certificateNumber } from "./originInput.ts";
import { deployedOriginRegistry, ORIGIN_REGISTRY } from "./originRegistry.ts";

export interface RevokeResult {
  certificateId: string;
  number: string;
  reason: string;
  outcome: CallOutcome;
}

// CertificateOfOriginRegistry.MAX_REASON_LENGTH.
const MAX_REASON_BYTES = 280;

export default operatorAction({
  options: (m) =>
    z.object({ as: m.member, number: certificateNumber, reason: text(MAX_REASON_BYTES) }),
  async run(args, ctx): Promise<RevokeResult> {
    const registry = await deployedOriginRegistry(ctx);
    const certificateId = certificateIdOf(args.number);
    const outcome = await perform(ctx, {
      as: args.as,
      contract: ORIGIN_REGISTRY,
      to: await registry.getAddress(),
      data: registry.interface.encodeFunctionData("revoke", [certificateId, args.reason]),
      action: `revoke certificate of origin ${args.number} ("${args.reason}")`,
    });
    return { certificateId, number: args.number, reason: args.reason, outcome };
  },
  render: (result, ctx) => renderOutcome(ctx, result.outcome),
});
