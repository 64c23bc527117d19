/**
 * `money mint`: a bank mints deposit tokens to an account when its customer's deposit
 * arrives (the bank itself, to fund a credit's escrow).
 */
import { encodeBytes32String, id } from "ethers";
import { z } from "zod";

import { DepositToken__factory } from "../../types/ethers-contracts/index.js";
import { contractRef, tokenUnits } from "../credit/creditContract.ts";
import { operatorAction } from "../support/action.ts";
import { amountText, formatUnits, text, toBaseUnits } from "../support/inputs.ts";
import { type CallOutcome, perform, renderOutcome } from "../support/transactions.ts";

export interface MintResult {
  token: string;
  amount: bigint;
  outcome: CallOutcome;
}

export default operatorAction({
  options: (m) =>
    z.object({
      as: m.member,
      token: z.string({ required_error: "is required" }).min(1, "is required"),
      to: m.party,
      amount: amountText,
      depositRef: text(256),
    }),
  async run(args, ctx): Promise<MintResult> {
    const token = contractRef(ctx, "--token", args.token);
    const units = await tokenUnits(ctx, token);
    const amount = toBaseUnits("amount", args.amount, units.decimals, units.symbol);
    const deposit = DepositToken__factory.connect(token, ctx.ethers.provider);
    // The bank's own reference: kept readable when it fits 31 bytes, else hashed.
    const depositRef =
      Buffer.byteLength(args.depositRef) <= 31
        ? encodeBytes32String(args.depositRef)
        : id(args.depositRef);
    const outcome = await perform(ctx, {
      as: args.as,
      contract: ctx.book().contractAt(token)?.name ?? token,
      to: token,
      data: deposit.interface.encodeFunctionData("mint", [args.to, amount, depositRef]),
      action: `mint ${formatUnits(amount, units.decimals)} ${units.symbol} to ${ctx.party(args.to)} against deposit ${args.depositRef}`,
    });
    return { token, amount, outcome };
  },
  render: (r, ctx) => renderOutcome(ctx, r.outcome),
});
