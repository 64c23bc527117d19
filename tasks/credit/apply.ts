/**
 * `credit apply`: the applicant (an importer) applies for a documentary credit on its terms
 * (UCP 600): beneficiary, banks, amount and currency, settlement token and exchange-rate
 * feed, expiry, latest shipment, ports, origin, Incoterm, documents, goods.
 */
import { z } from "zod";

import { type LcDocumentName, LcDocument } from "../../lib/trade/enums.ts";
import { CURRENCY_EXPONENTS } from "../../lib/iso/iso4217.ts";
import {
  buildTerms,
  endOfLocalDay,
  INCOTERMS,
  MANDATORY_DOCUMENTS,
} from "../../lib/trade/letterOfCredit.ts";
import { operatorAction } from "../support/action.ts";
import {
  amountText,
  calendarDate,
  country,
  text,
  toBaseUnits,
  unLocode,
  utcOffset,
  wholeNumber,
} from "../support/inputs.ts";
import { formatTime } from "../support/output.ts";
import {
  type CallOutcome,
  eventOf,
  perform,
  renderOutcome,
  simulatedResult,
} from "../support/transactions.ts";
import {
  contractRef,
  creditAmount,
  type CreditMoney,
  deployedLetterOfCredit,
  LETTER_OF_CREDIT,
  namesList,
  tokenUnits,
} from "./creditContract.ts";
import { InvalidInputError } from "../../lib/errors/caravelError.ts";

export interface ApplyResult {
  lcId: bigint;
  money: CreditMoney;
  amount: bigint;
  expiresAt: number;
  latestShipmentAt: number;
  outcome: CallOutcome;
}

const EXTRA_DOCUMENTS = (Object.keys(LcDocument) as LcDocumentName[]).filter(
  (d) => !MANDATORY_DOCUMENTS.includes(d),
);

const currency = z.string({ required_error: "is required" }).transform((v, ctx) => {
  const code = v.trim().toUpperCase();
  if (!CURRENCY_EXPONENTS.has(code)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `"${v}" is not an ISO 4217 currency code`,
    });
    return z.NEVER;
  }
  return code;
});

const incoterm = z.string({ required_error: "is required" }).transform((v, ctx) => {
  const rule = INCOTERMS.find((r) => r === v.trim().toUpperCase());
  if (rule === undefined) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `"${v}" is not an Incoterms 2020 rule (${INCOTERMS.join(", ")})`,
    });
    return z.NEVER;
  }
  return rule;
});

export default operatorAction({
  options: (m) =>
    z
      .object({
        as: m.member,
        beneficiary: m.party,
        issuingBank: m.party,
        advisingBank: m.party,
        confirmingBank: m.optionalParty,
        token: z.string({ required_error: "is required" }).min(1, "is required"),
        fxFeed: z.string(),
        currency,
        amount: amountText,
        about: z.boolean(),
        partialsProhibited: z.boolean(),
        customsClearance: z.boolean(),
        expires: calendarDate,
        placeOfExpiry: unLocode,
        latestShipment: calendarDate,
        utcOffset,
        presentationDays: wholeNumber(),
        loading: unLocode,
        discharge: unLocode,
        origin: country,
        incoterm,
        documents: namesList(EXTRA_DOCUMENTS, "a document a credit may add"),
        goods: text(4096),
        advisingFee: amountText,
        confirmationFee: amountText,
        deferredDays: wholeNumber(0n),
      })
      .superRefine((o, ctx) => {
        if (o.latestShipment > o.expires) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ["latestShipment"],
            message: `the latest shipment date ${o.latestShipment} is after the expiry date ${o.expires}`,
          });
        }
        if (o.deferredDays > 65_535n) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ["deferredDays"],
            message: `${o.deferredDays} days is more than a credit can defer payment (65535)`,
          });
        }
        if (o.discharge === o.loading) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ["discharge"],
            message: `the port of discharge must differ from the port of loading (${o.loading})`,
          });
        }
      }),
  async run(args, ctx): Promise<ApplyResult> {
    const lc = await deployedLetterOfCredit(ctx);
    const confirmingBank = args.confirmingBank ?? undefined;
    const token = contractRef(ctx, "--token", args.token);
    const fxFeed = contractRef(ctx, "--fx-feed", args.fxFeed, true);
    const units = await tokenUnits(ctx, token);
    const money: CreditMoney = { token, ...units, currency: args.currency };
    const amount = toBaseUnits("amount", args.amount, units.decimals, args.currency);
    const advisingFee = toBaseUnits("advisingFee", args.advisingFee, units.decimals, units.symbol);
    const confirmationFee = toBaseUnits(
      "confirmationFee",
      args.confirmationFee,
      units.decimals,
      units.symbol,
    );
    if (confirmingBank === undefined && confirmationFee !== 0n) {
      throw new InvalidInputError(
        "--confirmation-fee",
        "a confirmation fee needs a --confirming-bank",
      );
    }
    const expiresAt = endOfLocalDay(args.expires, args.utcOffset);
    const latestShipmentAt = endOfLocalDay(args.latestShipment, args.utcOffset);
    const terms = buildTerms({
      beneficiary: args.beneficiary,
      issuingBank: args.issuingBank,
      advisingBank: args.advisingBank,
      ...(confirmingBank === undefined ? {} : { confirmingBank }),
      settlementToken: token,
      ...(fxFeed === "0x0000000000000000000000000000000000000000" ? {} : { fxFeed }),
      currency: args.currency,
      amount,
      aboutAmount: args.about,
      partialDrawingsAllowed: !args.partialsProhibited,
      customsClearanceRequired: args.customsClearance,
      expiresAt,
      placeOfExpiry: args.placeOfExpiry,
      latestShipmentAt,
      presentationDays: Number(args.presentationDays),
      portOfLoading: args.loading,
      portOfDischarge: args.discharge,
      countryOfOrigin: args.origin,
      incoterm: args.incoterm,
      requiredDocuments: [...MANDATORY_DOCUMENTS, ...args.documents],
      goodsDescription: args.goods,
      advisingFee,
      confirmationFee,
      deferredPaymentDays: Number(args.deferredDays),
    });
    const outcome = await perform(ctx, {
      as: args.as,
      contract: LETTER_OF_CREDIT,
      to: await lc.getAddress(),
      data: lc.interface.encodeFunctionData("applyForCredit", [terms]),
      action: `apply for a credit of ${creditAmount(money, amount)} in favour of ${ctx.party(args.beneficiary)}, issued by ${ctx.party(args.issuingBank)}`,
    });
    const lcId = outcome.sent
      ? (eventOf(outcome, "CreditApplied").args["lcId"] as bigint)
      : (simulatedResult(lc.interface, "applyForCredit", outcome)[0] as bigint);
    return { lcId, money, amount, expiresAt, latestShipmentAt, outcome };
  },
  render(r, ctx) {
    return [
      ...renderOutcome(ctx, r.outcome),
      `Credit ${r.lcId}${r.outcome.sent ? "" : " (would be)"}: ${creditAmount(r.money, r.amount)}, settled in ${r.money.symbol}; latest shipment ${formatTime(r.latestShipmentAt)}, expires ${formatTime(r.expiresAt)}.`,
    ];
  },
});
