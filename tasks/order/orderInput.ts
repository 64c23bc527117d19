/**
 * The order's terms as task options (`--exporter`, `--number`, `--currency`, `--amount`,
 * `--goods`, `--incoterm`, `--loading`, `--discharge`, `--latest-shipment`, `--payment-term`),
 * validated by lib/trade/purchaseOrder.ts; a problem is reported at the option it concerns.
 */
import { z } from "zod";

import {
  type NormalizedOrderTerms,
  normalizeOrderTerms,
  type OrderField,
  OrderFieldError,
  type RawOrderTerms,
} from "../../lib/trade/purchaseOrder.ts";
import { InvalidInputError, optionFlag } from "../../lib/errors/caravelError.ts";

/** Task option → the order field it gives. */
export const ORDER_OPTIONS = {
  exporter: "exporter",
  number: "orderNumber",
  currency: "currency",
  amount: "amount",
  goods: "goods",
  incoterm: "incoterm",
  loading: "portOfLoading",
  discharge: "portOfDischarge",
  latestShipment: "latestShipmentDate",
  paymentTerm: "paymentTermDays",
} as const satisfies Record<string, OrderField>;

export type OrderOption = keyof typeof ORDER_OPTIONS;

/** The order options as zod shape: strings, "" when not given. */
export const ORDER_OPTION_SHAPE = Object.fromEntries(
  Object.keys(ORDER_OPTIONS).map((o) => [o, z.string().default("")]),
) as { [K in OrderOption]: z.ZodDefault<z.ZodString> };

const OPTION_OF = Object.fromEntries(
  Object.entries(ORDER_OPTIONS).map(([option, field]) => [field, option]),
) as Record<OrderField, OrderOption>;

/**
 * Normalize `raw` (every field given) at chain time `now`, refusing a bad field at its option
 * (`--latest-shipment: "2020-01-01" is not in the future ...`).
 */
export function normalizeOrderOptions(raw: RawOrderTerms, now: bigint): NormalizedOrderTerms {
  try {
    return normalizeOrderTerms(raw, now);
  } catch (error) {
    if (error instanceof OrderFieldError) {
      throw new InvalidInputError(
        optionFlag(OPTION_OF[error.field]),
        `${JSON.stringify(error.value)} ${error.problem}`,
      );
    }
    throw error;
  }
}

/** The raw terms from option values, each given one replacing the one in `base` (if any). */
export function rawTermsFrom(
  options: Readonly<Record<OrderOption, string>>,
  base?: RawOrderTerms,
): RawOrderTerms {
  const raw: Partial<RawOrderTerms> = { ...base };
  for (const [option, field] of Object.entries(ORDER_OPTIONS) as [OrderOption, OrderField][]) {
    const value = options[option].trim();
    if (value !== "") raw[field] = value;
    else if (raw[field] === undefined) {
      throw new InvalidInputError(optionFlag(option), "is required");
    }
  }
  return raw as RawOrderTerms;
}
