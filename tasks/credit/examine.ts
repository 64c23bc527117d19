/**
 * `credit examine`: the examining bank has the chain examine the current presentation
 * against the credit and the documents of record (bill of lading, certificate of origin), and
 * record what it finds: each discrepancy in words, with the rule it comes from. The bank then
 * honours (`credit honour`) or refuses (`credit refuse`).
 */
import { z } from "zod";

import { discrepancyNames, DISCREPANCY_TEXT } from "../../lib/trade/letterOfCredit.ts";
import { operatorAction } from "../support/action.ts";
import {
  type CallOutcome,
  eventOf,
  perform,
  renderOutcome,
  simulatedResult,
} from "../support/transactions.ts";
import { creditId, deployedLetterOfCredit, LETTER_OF_CREDIT } from "./creditContract.ts";

export interface ExamineResult {
  lcId: bigint;
  /** The discrepancies the chain found, by name (empty: complying as far as the chain can tell). */
  discrepancies: string[];
  /** The same, in words. */
  findings: string[];
  outcome: CallOutcome;
}

export default operatorAction({
  options: (m) => z.object({ as: m.member, credit: creditId }),
  async run(args, ctx): Promise<ExamineResult> {
    const lc = await deployedLetterOfCredit(ctx);
    const outcome = await perform(ctx, {
      as: args.as,
      contract: LETTER_OF_CREDIT,
      to: await lc.getAddress(),
      data: lc.interface.encodeFunctionData("examine", [args.credit]),
      action: `examine the presentation under credit ${args.credit}`,
    });
    const bits = outcome.sent
      ? (eventOf(outcome, "PresentationExamined").args["discrepancies"] as bigint)
      : (simulatedResult(lc.interface, "examine", outcome)[0] as bigint);
    const names = discrepancyNames(bits);
    return {
      lcId: args.credit,
      discrepancies: names,
      findings: names.map((n) => DISCREPANCY_TEXT[n]),
      outcome,
    };
  },
  render(r, ctx) {
    const next = `npx hardhat credit ${r.discrepancies.length === 0 ? "honour" : "refuse"} --credit ${r.lcId}`;
    return [
      ...renderOutcome(ctx, r.outcome),
      ...(r.discrepancies.length === 0
        ? ["The chain found no discrepancy: the presentation complies as far as it can tell."]
        : [
            `The chain found ${r.discrepancies.length} discrepanc${r.discrepancies.length === 1 ? "y" : "ies"}:`,
            ...r.discrepancies.map((name, i) => `  - ${name}: ${r.findings[i]}`),
          ]),
      `Next: ${next}`,
    ];
  },
});
