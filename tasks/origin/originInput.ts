/**
 * The options of the certificate-of-origin tasks, validated as the registry would
 * (contracts/libraries/OriginCodes.sol), so a malformed certificate is refused here, naming
 * the option, before anything is sent.
 */
import { keccak256, toUtf8Bytes, zeroPadBytes } from "ethers";
import { z } from "zod";

/** Origin criteria (OriginCodes.sol): preferential ones and LST, the non-preferential rule. */
export const ORIGIN_CRITERIA = ["WO", "PE", "PSR", "CTC", "RVC", "ACU", "DMI", "LST"] as const;
export const NON_PREFERENTIAL = "NON-PREFERENTIAL";
const MAX_NUMBER_LENGTH = 64;
const MAX_HS_CODES = 16;

/** A certificate number exactly as printed: 1-64 printable ASCII characters. */
export const certificateNumber: z.ZodType<string, z.ZodTypeDef, unknown> = z
  .string({ required_error: "is required" })
  .refine((v) => v.length > 0, "is required")
  .refine(
    (v) => v.length <= MAX_NUMBER_LENGTH && /^[\x20-\x7e]+$/.test(v) && v.trim() === v,
    (v) => ({
      message: `"${v}" is not a certificate number: 1-${MAX_NUMBER_LENGTH} printable ASCII characters, as printed, without leading or trailing spaces`,
    }),
  );

/** The registry's id of certificate `number`. */
export function certificateIdOf(number: string): string {
  return keccak256(toUtf8Bytes(number));
}

/** HS subheadings, comma-separated, with or without their dot ("9018.19,902290"). */
export const hsCodes: z.ZodType<number[], z.ZodTypeDef, unknown> = z
  .string({ required_error: "is required" })
  .transform((v, ctx) => {
    const parts = v.split(",").map((p) => p.trim());
    if (v.trim() === "") {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "is required" });
      return z.NEVER;
    }
    if (parts.length > MAX_HS_CODES) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `lists ${parts.length} codes; a certificate takes at most ${MAX_HS_CODES}`,
      });
      return z.NEVER;
    }
    const codes: number[] = [];
    for (const part of parts) {
      const digits = part.replace(".", "");
      const chapter = Number(digits.slice(0, 2));
      if (!/^\d{6}$/.test(digits) || chapter < 1 || chapter > 97 || chapter === 77) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `"${part}" is not a 6-digit HS subheading of chapters 01-97 (e.g. 901819 or 9018.19)`,
        });
        return z.NEVER;
      }
      codes.push(Number(digits));
    }
    return codes;
  });

export const originCriterion: z.ZodType<string, z.ZodTypeDef, unknown> = z
  .string({ required_error: "is required" })
  .transform((v, ctx) => {
    const upper = v.trim().toUpperCase();
    if (!(ORIGIN_CRITERIA as readonly string[]).includes(upper)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `"${v}" is not an origin criterion (${ORIGIN_CRITERIA.join(", ")})`,
      });
      return z.NEVER;
    }
    return upper;
  });

export const tradeAgreement: z.ZodType<string, z.ZodTypeDef, unknown> = z
  .string()
  .transform((v, ctx) => {
    const upper = v.trim().toUpperCase();
    if (!/^[A-Z0-9](?:[A-Z0-9-]{0,14}[A-Z0-9])?$/.test(upper)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `"${v}" is not a trade agreement code: 1-16 of A-Z, 0-9 and - (e.g. RCEP, or ${NON_PREFERENTIAL})`,
      });
      return z.NEVER;
    }
    return upper;
  });

/** Left-aligned, zero-padded ASCII in `bytes` bytes (bytes2 country, bytes4 criterion...). */
export function asciiBytes(text: string, bytes: number): string {
  return zeroPadBytes(toUtf8Bytes(text), bytes);
}
