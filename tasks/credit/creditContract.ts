/**
 * The letter of credit as the credit tasks see it: the deployed contract, the money of a
 * credit (its settlement token's decimals and symbol, its currency), and references to the
 * deployment's tokens and feeds by name.
 */
import { getAddress, isAddress, ZeroAddress } from "ethers";
import { z } from "zod";

import { decodeCode } from "../../lib/trade/letterOfCredit.ts";
import {
  DepositToken__factory,
  LetterOfCredit__factory,
} from "../../types/ethers-contracts/index.js";
import type { LetterOfCredit } from "../../types/ethers-contracts/index.js";
import type { TaskContext } from "../support/context.ts";
import { InvalidInputError } from "../../lib/errors/caravelError.ts";
import { formatUnits, wholeNumber } from "../support/inputs.ts";

export const LETTER_OF_CREDIT = "LetterOfCredit";

export async function deployedLetterOfCredit(ctx: TaskContext): Promise<LetterOfCredit> {
  return LetterOfCredit__factory.connect(await ctx.deployed(LETTER_OF_CREDIT), ctx.ethers.provider);
}

/** `--credit`: a credit's id (1, 2, ...). */
export const creditId = wholeNumber();

/** The units a credit's amounts are written in. */
export interface CreditMoney {
  token: string;
  /** The token's symbol ("cCNY"). */
  symbol: string;
  /** The token's decimals: credit amounts and token amounts both carry them. */
  decimals: number;
  /** The credit's currency ("USD"). */
  currency: string;
}

/** The settlement token of `token`: its symbol and decimals. */
export async function tokenUnits(
  ctx: TaskContext,
  token: string,
): Promise<{ symbol: string; decimals: number }> {
  const erc20 = DepositToken__factory.connect(token, ctx.ethers.provider);
  const [symbol, decimals] = await ctx.view(`reading the token at ${token}`, () =>
    Promise.all([erc20.symbol(), erc20.decimals()]),
  );
  return { symbol, decimals: Number(decimals) };
}

/** The money of credit `lcId` (reverts, decoded, for an unknown credit). */
export async function creditMoney(
  ctx: TaskContext,
  lc: LetterOfCredit,
  lcId: bigint,
): Promise<CreditMoney> {
  const terms = await ctx.view(`reading credit ${lcId}`, () => lc.terms(lcId));
  const units = await tokenUnits(ctx, terms.settlementToken);
  return { token: terms.settlementToken, ...units, currency: decodeCode(terms.currency) };
}

/** "250,000.00 USD" */
export function creditAmount(money: CreditMoney, value: bigint): string {
  return `${formatUnits(value, money.decimals)} ${money.currency}`;
}

/** "1,776,500.00 cCNY" */
export function tokenAmount(money: CreditMoney, value: bigint): string {
  return `${formatUnits(value, money.decimals)} ${money.symbol}`;
}

/**
 * A contract of the deployment by name ("CnyDepositToken", "UsdCnyFeed") or an address;
 * `none` allowed, it gives the zero address.
 */
export function contractRef(ctx: TaskContext, field: string, value: string, none = false): string {
  const given = value.trim();
  if (none && (given === "" || given.toLowerCase() === "none")) return ZeroAddress;
  if (given.startsWith("0x")) {
    if (!isAddress(given)) {
      throw new InvalidInputError(
        field,
        `"${given}" is not an address (0x followed by 40 hex digits)`,
      );
    }
    return getAddress(given.toLowerCase());
  }
  try {
    return ctx.book().address(given);
  } catch {
    const names = Object.keys(ctx.book().futures).map((f) => f.slice(f.lastIndexOf("#") + 1));
    throw new InvalidInputError(
      field,
      `the deployment has no contract named "${given}" (it has ${names.join(", ")})`,
    );
  }
}

/** A set of names from a comma-separated list, each one of `known`. */
export function namesList<T extends string>(known: readonly T[], what: string) {
  return z.string().transform((v, ctx) => {
    const names: T[] = [];
    for (const part of v.split(",").map((p) => p.trim())) {
      if (part === "") continue;
      const found = known.find((k) => k.toLowerCase() === part.toLowerCase());
      if (found === undefined) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `"${part}" is not ${what} (${known.join(", ")})`,
        });
        return z.NEVER;
      }
      if (!names.includes(found)) names.push(found);
    }
    return names;
  });
}
