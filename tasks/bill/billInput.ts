/**
 * The options of the bill tasks, validated as the bill would (lib/trade/billOfLading.ts
 * mirrors its codes), so a malformed bill is refused here, naming the option.
 */
import { z } from "zod";

import {
  isImoNumber,
  isReference,
  MAX_BL_NUMBER_LENGTH,
  MAX_VOYAGE_NUMBER_LENGTH,
} from "../../lib/trade/billOfLading.ts";
import type { MemberInputs } from "../support/inputs.ts";

/** A B/L number as printed: 1-20 printable ASCII characters, no spaces. */
export const blNumber: z.ZodType<string, z.ZodTypeDef, unknown> = z
  .string({ required_error: "is required" })
  .refine((v) => v !== "", "is required")
  .refine(
    (v) => isReference(v, MAX_BL_NUMBER_LENGTH),
    (v) => ({
      message: `"${v}" is not a B/L number: 1-${MAX_BL_NUMBER_LENGTH} printable ASCII characters, no spaces`,
    }),
  );

export const voyageNumber: z.ZodType<string, z.ZodTypeDef, unknown> = z
  .string({ required_error: "is required" })
  .refine((v) => v !== "", "is required")
  .refine(
    (v) => isReference(v, MAX_VOYAGE_NUMBER_LENGTH),
    (v) => ({
      message: `"${v}" is not a voyage number: 1-${MAX_VOYAGE_NUMBER_LENGTH} printable ASCII characters, no spaces`,
    }),
  );

/** An IMO ship number: 7 digits, the last a check digit. */
export const vesselImo: z.ZodType<number, z.ZodTypeDef, unknown> = z
  .string({ required_error: "is required" })
  .transform((v, ctx) => {
    const digits = v.trim().replace(/^IMO\s*/i, "");
    if (!/^\d{7}$/.test(digits) || !isImoNumber(Number(digits))) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `"${v}" is not an IMO ship number (7 digits, the last a check digit, e.g. 9321483)`,
      });
      return z.NEVER;
    }
    return Number(digits);
  });

/** The option naming a bill, and the carrier that issued it (optional). */
export function billOptions(m: MemberInputs) {
  return {
    bill: blNumber,
    carrier: z.string().transform((v, ctx) => {
      if (v.trim() === "") return null;
      const parsed = m.party.safeParse(v);
      if (parsed.success) return parsed.data;
      ctx.addIssue({ ...parsed.error.issues[0]!, code: z.ZodIssueCode.custom });
      return z.NEVER;
    }),
  };
}
