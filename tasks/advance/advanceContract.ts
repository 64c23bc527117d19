/** The advance contract as the `advance` tasks see it: the deployment, an advance's money, inputs. */
import { z } from "zod";

import {
  AdvanceMilestone,
  AdvanceSourceKind,
  AdvanceStatus,
  advanceEnumName,
  parseTranches,
  type TrancheSpec,
} from "../../lib/trade/preShipmentAdvance.ts";
import { InvalidInputError, optionFlag } from "../../lib/errors/caravelError.ts";
import { PreShipmentAdvance__factory } from "../../types/ethers-contracts/index.js";
import type { PreShipmentAdvance } from "../../types/ethers-contracts/index.js";
import { tokenUnits } from "../credit/creditContract.ts";
import type { TaskContext } from "../support/context.ts";
import { formatUnits, wholeNumber } from "../support/inputs.ts";

function given(): z.ZodString {
  return z.string({ required_error: "is required" }).trim();
}

export const PRE_SHIPMENT_ADVANCE = "PreShipmentAdvance";

export const advanceId = wholeNumber();
export const trancheIndex = wholeNumber(0n);

/** "order" or "credit": what the advance rests on. */
export const sourceKind: z.ZodType<number, z.ZodTypeDef, unknown> = given().transform((v, ctx) => {
  const kind = { order: AdvanceSourceKind.PurchaseOrder, credit: AdvanceSourceKind.LetterOfCredit }[
    v.toLowerCase()
  ];
  if (kind === undefined) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${v}" is not order or credit` });
    return z.NEVER;
  }
  return kind;
});

/** A tranche schedule ("declaration:30,loaded:40,departed:30"), refused naming what is wrong. */
export const tranches: z.ZodType<TrancheSpec[], z.ZodTypeDef, unknown> = given().transform(
  (v, ctx) => {
    try {
      return parseTranches(v);
    } catch (error) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: (error as Error).message.replace(/^tranches: /, ""),
      });
      return z.NEVER;
    }
  },
);

/** A share of the order or credit in percent with at most two decimals ("80"), as basis points. */
export const sharePercent: z.ZodType<number, z.ZodTypeDef, unknown> = given().transform(
  (v, ctx) => {
    const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(v);
    const bps =
      match === null ? NaN : Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
    if (match === null || bps === 0 || bps > 10_000) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `"${v}" is not a share in percent above 0 and at most 100, with at most two decimals`,
      });
      return z.NEVER;
    }
    return bps;
  },
);

export async function deployedAdvance(ctx: TaskContext): Promise<PreShipmentAdvance> {
  return PreShipmentAdvance__factory.connect(
    await ctx.deployed(PRE_SHIPMENT_ADVANCE),
    ctx.ethers.provider,
  );
}

/** The token an amount is written in, and how it reads. */
export interface AdvanceMoney {
  token: string;
  symbol: string;
  decimals: number;
}

export async function advanceMoney(ctx: TaskContext, token: string): Promise<AdvanceMoney> {
  return { token, ...(await tokenUnits(ctx, token)) };
}

/** "60,000.00 cUSD" */
export function money(m: AdvanceMoney, value: bigint): string {
  return `${formatUnits(value, m.decimals)} ${m.symbol}`;
}

export function statusName(status: bigint | number): string {
  return advanceEnumName(AdvanceStatus, status);
}

export function milestoneName(milestone: bigint | number): string {
  return advanceEnumName(AdvanceMilestone, milestone);
}

/** A positive amount option, in base units; refused naming `field`. */
export function positive(field: string, value: bigint): bigint {
  if (value === 0n) throw new InvalidInputError(optionFlag(field), "must be more than zero");
  return value;
}
