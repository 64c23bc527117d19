/**
 * `voucher accept`: the bank an offer was made to accepts it at `--rate` percent a year: in one
 * transaction it pays the holder the discounted price (actual/360 to maturity) and receives the
 * value as its own voucher. The bank approves the voucher contract for the price first.
 */
import { discountPrice } from "../../lib/trade/vouchers.ts";
import { DepositToken__factory } from "../../types/ethers-contracts/index.js";
import { operatorAction } from "../support/action.ts";
import { z } from "zod";
import { type CallOutcome, perform, renderOutcome } from "../support/transactions.ts";
import {
  deployedPayableVoucher,
  money,
  offerId,
  PAYABLE_VOUCHER,
  payableMoney,
  ratePercent,
} from "./voucherContract.ts";

export interface AcceptResult {
  offerId: bigint;
  value: bigint;
  /** The price at the latest block's time (the chain computes it at the block that includes it). */
  price: bigint;
  days: bigint;
  approval: CallOutcome | null;
  accept: CallOutcome | null;
}

export default operatorAction({
  options: (m) => z.object({ as: m.member, offer: offerId, rate: ratePercent }),
  async run(args, ctx): Promise<AcceptResult> {
    const vouchers = await deployedPayableVoucher(ctx);
    const offer = await ctx.view(`reading offer ${args.offer}`, () => vouchers.offer(args.offer));
    const voucher = await ctx.view(`reading voucher ${offer.voucherId}`, () =>
      vouchers.voucher(offer.voucherId),
    );
    const payable = await vouchers.payableOf(voucher.payableId);
    const m = await payableMoney(ctx, vouchers, voucher.payableId);
    const now = BigInt((await ctx.ethers.provider.getBlock("latest"))!.timestamp);
    const { price, days } = discountPrice(offer.value, args.rate, payable.maturity, now);
    const to = await vouchers.getAddress();
    const token = DepositToken__factory.connect(m.token, ctx.ethers.provider);
    let approval: CallOutcome | null = null;
    if ((await token.allowance(args.as.address, to)) < price) {
      approval = await perform(ctx, {
        as: args.as,
        contract: ctx.book().contractAt(m.token)?.name ?? m.token,
        to: m.token,
        data: token.interface.encodeFunctionData("approve", [to, price]),
        action: `let the voucher contract take ${money(m, price)} for the discount`,
      });
      if (!approval.sent) {
        return { offerId: args.offer, value: offer.value, price, days, approval, accept: null };
      }
    }
    const accept = await perform(ctx, {
      as: args.as,
      contract: PAYABLE_VOUCHER,
      to,
      data: vouchers.interface.encodeFunctionData("acceptDiscount", [args.offer, args.rate]),
      action: `accept offer ${args.offer}: pay ${money(m, price)} for ${money(m, offer.value)} at ${Number(args.rate) / 100} % over ${days} days`,
    });
    return { offerId: args.offer, value: offer.value, price, days, approval, accept };
  },
  render: (r, ctx) => [
    ...(r.approval === null ? [] : renderOutcome(ctx, r.approval)),
    ...(r.accept === null
      ? [`Then: accept offer ${r.offerId} — checked once the approval is sent.`]
      : renderOutcome(ctx, r.accept)),
  ],
});
