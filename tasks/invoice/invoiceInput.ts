/**
 * The invoice an invoice task works on, given as its fields (`--seller-tax-id`,
 * `--buyer-tax-id`, `--invoice-number`, `--issue-date`, `--amount`, `--currency`) or as a JSON
 * file with the same fields (`--invoice`), normalized by lib/trade/invoiceFingerprint.ts;
 * and the consortium's fingerprint key, the configuration variable CARAVEL_INVOICE_KEY.
 */
import { readFileSync } from "node:fs";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { z } from "zod";

import {
  FingerprintKeySchema,
  fingerprintKeyFromHex,
  fingerprintsOf,
  type InvoiceFingerprints,
  InvoiceFieldError,
  type NormalizedInvoice,
  normalizeInvoice,
  type RawInvoice,
} from "../../lib/trade/invoiceFingerprint.ts";
import { CURRENCY_EXPONENTS } from "../../lib/iso/iso4217.ts";
import { fetchConfigurationVariable } from "../support/configurationVariables.ts";
import { INVOICE_KEY_VARIABLE } from "../../lib/env/variables.ts";
import { CaravelError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";

const FIELD_NAMES = [
  "sellerTaxId",
  "buyerTaxId",
  "invoiceNumber",
  "issueDate",
  "amount",
  "currency",
] as const;

/** The invoice options, as zod shape: every one a string, "" when not given. */
export const INVOICE_OPTIONS = {
  invoice: z.string(),
  sellerTaxId: z.string(),
  buyerTaxId: z.string(),
  invoiceNumber: z.string(),
  issueDate: z.string(),
  amount: z.string(),
  currency: z.string(),
};

type InvoiceOptionValues = { [K in keyof typeof INVOICE_OPTIONS]: string };

/**
 * The normalized invoice the options describe; a problem is reported on `ctx` at the option
 * it concerns (the field's own option, or --invoice for the file).
 */
export function readInvoice(options: InvoiceOptionValues, ctx: z.RefinementCtx): NormalizedInvoice {
  const given = FIELD_NAMES.filter((f) => options[f].trim() !== "");
  let raw: unknown;
  if (options.invoice.trim() !== "") {
    if (given.length > 0) {
      return refuse(ctx, "invoice", "give the invoice file or its fields, not both");
    }
    try {
      raw = JSON.parse(readFileSync(options.invoice, "utf8"));
    } catch (error) {
      return refuse(
        ctx,
        "invoice",
        `cannot read ${options.invoice} as JSON (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  } else {
    const missing = FIELD_NAMES.find((f) => options[f].trim() === "");
    if (missing !== undefined) {
      return refuse(ctx, missing, "is required (or give the whole invoice with --invoice)");
    }
    const fields: Partial<RawInvoice> = {};
    for (const f of FIELD_NAMES) fields[f] = options[f];
    raw = fields;
  }
  try {
    return normalizeInvoice(raw);
  } catch (error) {
    if (error instanceof InvoiceFieldError) {
      return refuse(
        ctx,
        options.invoice.trim() !== "" ? "invoice" : error.field,
        error.message.slice(error.field.length + 2),
      );
    }
    if (error instanceof z.ZodError) {
      const issue = error.issues[0]!;
      const problem =
        issue.code === z.ZodIssueCode.invalid_type && issue.received === "undefined"
          ? "is required"
          : issue.message;
      return refuse(ctx, "invoice", `${issue.path.join(".") || "the file"} ${problem}`);
    }
    throw error;
  }
}

/**
 * The normalized invoices in the JSON files `files` (each as `--invoice` takes one), for a task
 * that names several invoices in one option; a problem is reported on `ctx` (at that option)
 * naming the file and, when it is one, the field.
 */
export function readInvoiceFiles(
  files: readonly string[],
  ctx: z.RefinementCtx,
): NormalizedInvoice[] {
  const invoices: NormalizedInvoice[] = [];
  for (const file of files) {
    const problem = (message: string): never => {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${file}: ${message}` });
      return z.NEVER as never;
    };
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      return problem(
        `cannot read the invoice as JSON (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    try {
      invoices.push(normalizeInvoice(raw));
    } catch (error) {
      if (error instanceof InvoiceFieldError) return problem(error.message);
      if (error instanceof z.ZodError) {
        const issue = error.issues[0]!;
        const missing =
          issue.code === z.ZodIssueCode.invalid_type && issue.received === "undefined";
        return problem(
          `${issue.path.join(".") || "the file"} ${missing ? "is required" : issue.message}`,
        );
      }
      throw error;
    }
  }
  return invoices;
}

function refuse(ctx: z.RefinementCtx, option: string, message: string): never {
  ctx.addIssue({ code: z.ZodIssueCode.custom, path: [option], message });
  return z.NEVER as never;
}

/** The consortium's fingerprint key, from CARAVEL_INVOICE_KEY. */
export async function invoiceKey(hre: HardhatRuntimeEnvironment): Promise<Uint8Array> {
  const value = await fetchConfigurationVariable(
    hre,
    INVOICE_KEY_VARIABLE,
    TASK_ERRORS.INVOICE_KEY,
  );
  if (!FingerprintKeySchema.safeParse(value).success) {
    throw new CaravelError(
      `${INVOICE_KEY_VARIABLE} is not a fingerprint key: it takes 32 to 64 bytes as 0x-hex.`,
      { code: TASK_ERRORS.INVOICE_KEY },
    );
  }
  return fingerprintKeyFromHex(value);
}

/** The fingerprints of `invoice` under the consortium's key. */
export async function fingerprintInvoice(
  hre: HardhatRuntimeEnvironment,
  invoice: NormalizedInvoice,
): Promise<InvoiceFingerprints> {
  return fingerprintsOf(invoice, await invoiceKey(hre));
}

/** How an invoice reads once normalized, for people. */
export function describeInvoice(invoice: NormalizedInvoice): string {
  return `invoice ${invoice.invoiceNumber} of ${invoice.issueDate}, seller ${invoice.sellerTaxId}, buyer ${invoice.buyerTaxId}, ${formatMinor(invoice.amountMinor, invoice.currency)}`;
}

/** 12500050n USD → "125,000.50 USD". */
export function formatMinor(amountMinor: bigint, currency: string): string {
  const exponent = CURRENCY_EXPONENTS.get(currency) ?? 0;
  const digits = amountMinor.toString().padStart(exponent + 1, "0");
  const whole = BigInt(digits.slice(0, digits.length - exponent)).toLocaleString("en-US");
  return `${exponent === 0 ? whole : `${whole}.${digits.slice(digits.length - exponent)}`} ${currency}`;
}
