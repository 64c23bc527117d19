/** The voucher contract as the voucher tasks see it: the deployment, a payable's money, inputs. */
import { z } from "zod";

import { PAYABLE_STATUSES, statusName } from "../../lib/trade/vouchers.ts";
import { PayableVoucher__factory } from "../../types/ethers-contracts/index.js";
import type { PayableVoucher } from "../../types/ethers-contracts/index.js";
import { tokenUnits } from "../credit/creditContract.ts";
import type { TaskContext } from "../support/context.ts";
import { InvalidInputError, optionFlag } from "../../lib/errors/caravelError.ts";
import { formatUnits, toBaseUnits, wholeNumber } from "../support/inputs.ts";

export const PAYABLE_VOUCHER = "PayableVoucher";

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

/** Comma-separated invoice ids (0x + 64 hex digits each), as `invoice register` prints them. */
export const invoiceIds: z.ZodType<string[], z.ZodTypeDef, unknown> = z
  .string({ required_error: "is required" })
  .transform((v, ctx) => {
    const ids = v
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    const bad = ids.find((s) => !/^0x[0-9a-fA-F]{64}$/.test(s));
    if (ids.length === 0 || bad !== undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message:
          bad === undefined
            ? "is required (invoice ids, comma-separated)"
            : `"${bad}" is not an invoice id (0x + 64 hex digits)`,
      });
      return z.NEVER;
    }
    return ids.map((s) => s.toLowerCase());
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
