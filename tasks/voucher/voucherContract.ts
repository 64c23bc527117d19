/** The voucher contract as the voucher tasks see it: the deployment, a payable's money, inputs. */
import { z } from "zod";

import { PAYABLE_STATUSES, statusName } from "../../lib/trade/vouchers.ts";
import { PayableVoucher__factory } from "../../types/ethers-contracts/index.js";
import type { PayableVoucher } from "../../types/ethers-contracts/index.js";
import type { NormalizedInvoice } from "../../lib/trade/invoiceFingerprint.ts";
import { tokenUnits } from "../credit/creditContract.ts";
import { readInvoiceFiles } from "../invoice/invoiceInput.ts";
import type { TaskContext } from "../support/context.ts";
import { InvalidInputError, optionFlag } from "../../lib/errors/caravelError.ts";
import { formatUnits, toBaseUnits, wholeNumber } from "../support/inputs.ts";

export const PAYABLE_VOUCHER = "PayableVoucher";
/** `PayableVoucher.MAX_INVOICES`: the most invoices one payable pays. */
export const MAX_INVOICES = 32;

export const voucherId = wholeNumber();
export const payableId = wholeNumber();
export const offerId = wholeNumber();

/** An annual rate in percent with at most two decimals ("3.5"), as basis points. */
export const ratePercent: z.ZodType<bigint, z.ZodTypeDef, unknown> = z
  .string({ required_error: "is required" })
  .trim()
  .transform((v, ctx) => {
    const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(v);
    const bps =
      match === null ? NaN : Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
    if (match === null || bps > 10_000) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `"${v}" is not an annual rate in percent from 0 to 100 with at most two decimals (e.g. 3.5)`,
      });
      return z.NEVER;
    }
    return BigInt(bps);
  });

/**
 * Comma-separated invoice files (JSON, each as `invoice register --invoice` takes one), at most
 * `PayableVoucher.MAX_INVOICES`: the invoices the obligor received, which it fingerprints itself
 * as a bank does to finance one.
 */
export const invoiceFiles: z.ZodType<NormalizedInvoice[], z.ZodTypeDef, unknown> = z
  .string({ required_error: "is required" })
  .transform((v, ctx) => {
    const files = v
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    if (files.length === 0 || files.length > MAX_INVOICES) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message:
          files.length === 0
            ? "is required (invoice files, comma-separated)"
            : `names ${files.length} invoices; a payable pays at most ${MAX_INVOICES}`,
      });
      return z.NEVER;
    }
    return readInvoiceFiles(files, ctx);
  });

export async function deployedPayableVoucher(ctx: TaskContext): Promise<PayableVoucher> {
  return PayableVoucher__factory.connect(await ctx.deployed(PAYABLE_VOUCHER), ctx.ethers.provider);
}

/** The settlement token of a payable and how its amounts read. */
export interface PayableMoney {
  token: string;
  symbol: string;
  decimals: number;
}

export async function payableMoney(
  ctx: TaskContext,
  vouchers: PayableVoucher,
  id: bigint,
): Promise<PayableMoney> {
  const payable = await ctx.view(`reading payable ${id}`, () => vouchers.payableOf(id));
  return { token: payable.token, ...(await tokenUnits(ctx, payable.token)) };
}

/** The money of the payable voucher `id` belongs to. */
export async function voucherMoney(
  ctx: TaskContext,
  vouchers: PayableVoucher,
  id: bigint,
): Promise<{ payableId: bigint; money: PayableMoney }> {
  const voucher = await ctx.view(`reading voucher ${id}`, () => vouchers.voucher(id));
  return {
    payableId: voucher.payableId,
    money: await payableMoney(ctx, vouchers, voucher.payableId),
  };
}

/** "3,000,000.00 cCNY" */
export function money(m: PayableMoney, value: bigint): string {
  return `${formatUnits(value, m.decimals)} ${m.symbol}`;
}

/** An amount option typed in the payable's token, in base units; refused naming `field`. */
export function valueOption(field: string, text: string, m: PayableMoney): bigint {
  const value = toBaseUnits(field, text, m.decimals, m.symbol);
  if (value === 0n) throw new InvalidInputError(optionFlag(field), "must be more than zero");
  return value;
}

export function payableStatusName(status: bigint): string {
  return statusName(PAYABLE_STATUSES, status);
}
