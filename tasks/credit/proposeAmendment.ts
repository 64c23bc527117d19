/**
 * `credit propose-amendment`: the issuing bank proposes an amendment — a new amount, expiry,
 * latest shipment date or presentation period, or the cancellation of the credit. Until the
 * beneficiary accepts it, the old terms stand (UCP 600 art. 10).
 */
import { z } from "zod";

import { buildAmendment, endOfLocalDay } from "../../lib/trade/letterOfCredit.ts";
import { operatorAction } from "../support/action.ts";
import { InvalidInputError } from "../../lib/errors/caravelError.ts";
import {
  amountText,
  calendarDate,
  optionalOf,
  text,
  toBaseUnits,
  utcOffset,
  wholeNumber,
} from "../support/inputs.ts";
import {
  type CallOutcome,
  eventOf,
  perform,
  renderOutcome,
  simulatedResult,
} from "../support/transactions.ts";
import {
  creditId,
  creditMoney,
  type CreditMoney,
  deployedLetterOfCredit,
  LETTER_OF_CREDIT,
} from "./creditContract.ts";

export interface ProposeAmendmentResult {
  lcId: bigint;
  amendmentId: bigint;
  money: CreditMoney;
  outcome: CallOutcome;
}

export default operatorAction({
  options: (m) =>
    z.object({
      as: m.member,
      credit: creditId,
      amount: optionalOf(amountText),
      expires: optionalOf(calendarDate),
      latestShipment: optionalOf(calendarDate),
      presentationDays: optionalOf(wholeNumber()),
      cancel: z.boolean(),
      utcOffset,
      details: text(4096),
    }),
  async run(args, ctx): Promise<ProposeAmendmentResult> {
    const changes = [args.amount, args.expires, args.latestShipment, args.presentationDays];
    const changesTerms = changes.some((c) => c !== null);
    if (args.cancel && changesTerms) {
      throw new InvalidInputError("--cancel", "a cancellation changes no terms (UCP 600 art. 10a)");
    }
    if (!args.cancel && !changesTerms) {
      throw new InvalidInputError(
        "--amount",
        "the amendment changes nothing: give --amount, --expires, --latest-shipment, --presentation-days or --cancel",
      );
    }
    const lc = await deployedLetterOfCredit(ctx);
    const money = await creditMoney(ctx, lc, args.credit);
    const amendment = buildAmendment({
      ...(args.amount === null
        ? {}
        : { amount: toBaseUnits("amount", args.amount, money.decimals, money.currency) }),
      ...(args.expires === null ? {} : { expiresAt: endOfLocalDay(args.expires, args.utcOffset) }),
      ...(args.latestShipment === null
        ? {}
        : { latestShipmentAt: endOfLocalDay(args.latestShipment, args.utcOffset) }),
      ...(args.presentationDays === null
        ? {}
        : { presentationDays: Number(args.presentationDays) }),
      cancellation: args.cancel,
      details: args.details,
    });
    const what = [
      args.amount === null ? null : `amount ${args.amount} ${money.currency}`,
      args.expires === null ? null : `expiry ${args.expires}`,
      args.latestShipment === null ? null : `latest shipment ${args.latestShipment}`,
      args.presentationDays === null ? null : `presentation period ${args.presentationDays} days`,
      args.cancel ? "cancellation" : null,
    ].filter((w) => w !== null);
    const outcome = await perform(ctx, {
      as: args.as,
      contract: LETTER_OF_CREDIT,
      to: await lc.getAddress(),
      data: lc.interface.encodeFunctionData("proposeAmendment", [args.credit, amendment]),
      action: `propose amending credit ${args.credit}: ${what.join(", ")}`,
    });
    const amendmentId = outcome.sent
      ? (eventOf(outcome, "AmendmentProposed").args["amendmentId"] as bigint)
      : (simulatedResult(lc.interface, "proposeAmendment", outcome)[0] as bigint);
    return { lcId: args.credit, amendmentId, money, outcome };
  },
  render(r, ctx) {
    return [
      ...renderOutcome(ctx, r.outcome),
      `Amendment ${r.amendmentId}${r.outcome.sent ? "" : " (would be)"}: the beneficiary accepts it with \`npx hardhat credit accept-amendment --credit ${r.lcId} --amendment ${r.amendmentId}\`, or rejects it.`,
    ];
  },
});
