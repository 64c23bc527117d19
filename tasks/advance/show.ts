/**
 * `advance show`: an advance — bank, exporter, the order or credit it rests on, its status, the
 * escrow (released, returned, held), each tranche with its milestone and whether the shipment
 * reached it, what is owed now (principal and interest), the voucher share it holds, and the
 * bank's claim if it became overdue. Read from the contract alone.
 */
import { z } from "zod";

import type { PreShipmentAdvance } from "../../types/ethers-contracts/index.js";
import { operatorAction } from "../support/action.ts";
import type { TaskContext } from "../support/context.ts";
import { formatTime } from "../support/output.ts";
import {
  advanceId,
  type AdvanceMoney,
  advanceMoney,
  deployedAdvance,
  milestoneName,
  money,
  statusName,
} from "./advanceContract.ts";

export interface TrancheView {
  index: number;
  milestone: string;
  shareBps: number;
  released: boolean;
  reached: boolean;
}

export interface AdvanceView {
  advanceId: bigint;
  status: string;
  bank: string;
  exporter: string;
  source: string;
  money: AdvanceMoney;
  limit: bigint;
  rateBps: number;
  escrowed: bigint;
  released: bigint;
  returned: bigint;
  held: bigint;
  principalOwed: bigint;
  interestOwed: bigint;
  interestPaid: bigint;
  principalRepaid: bigint;
  latestShipmentAt: bigint;
  graceDays: number;
  shipmentRef: string;
  tranches: TrancheView[];
  voucher: { vouchers: string; voucherId: bigint; value: bigint } | null;
  overdueClaim: bigint;
}

export default operatorAction({
  options: () => z.object({ id: advanceId }),
  async run(args, ctx): Promise<AdvanceView> {
    return readAdvance(ctx, await deployedAdvance(ctx), args.id);
  },
  render: (r, ctx) => renderAdvance(r, ctx),
});

/** Advance `id` as the contract holds it (a revert becomes its sentence). */
export async function readAdvance(
  ctx: TaskContext,
  advance: PreShipmentAdvance,
  id: bigint,
): Promise<AdvanceView> {
  const a = await ctx.view(`reading advance ${id}`, () => advance.advance(id));
  const [tranches, [principalOwed, interestOwed], held, m] = await Promise.all([
    advance.tranches(id),
    advance.owed(id),
    advance.heldVoucher(id),
    advanceMoney(ctx, a.token),
  ]);
  const trancheViews: TrancheView[] = [];
  for (const [index, t] of tranches.entries()) {
    trancheViews.push({
      index,
      milestone: milestoneName(t.milestone),
      shareBps: Number(t.shareBps),
      released: (Number(a.releasedMask) & (1 << index)) !== 0,
      reached: await advance.milestoneReached(id, t.milestone),
    });
  }
  return {
    advanceId: id,
    status: statusName(a.status),
    bank: a.bank,
    exporter: a.exporter,
    source: `${Number(a.sourceKind) === 0 ? "order" : "credit"} ${a.sourceId}`,
    money: m,
    limit: a.limit,
    rateBps: Number(a.rateBps),
    escrowed: a.escrowed,
    released: a.released,
    returned: a.returned,
    held: a.escrowed - a.released - a.returned,
    principalOwed,
    interestOwed,
    interestPaid: a.interestPaid,
    principalRepaid: a.principalRepaid,
    latestShipmentAt: a.latestShipmentAt,
    graceDays: Number(a.graceDays),
    shipmentRef: a.shipmentRef,
    tranches: trancheViews,
    voucher:
      held.vouchers === "0x0000000000000000000000000000000000000000"
        ? null
        : { vouchers: held.vouchers, voucherId: held.voucherId, value: held.value },
    overdueClaim: a.overdueClaim,
  };
}

export function renderAdvance(r: AdvanceView, ctx: TaskContext): string[] {
  const f = (v: bigint) => money(r.money, v);
  return [
    `Advance ${r.advanceId}: ${r.status}, on ${r.source}`,
    `  bank      ${ctx.party(r.bank)}`,
    `  exporter  ${ctx.party(r.exporter)}`,
    `  limit     ${f(r.limit)} at ${(r.rateBps / 100).toFixed(2)} % a year (actual/360)`,
    `  escrow    ${f(r.escrowed)}: released ${f(r.released)}, returned ${f(r.returned)}, held ${f(r.held)}`,
    `  owed      ${f(r.principalOwed)} principal + ${f(r.interestOwed)} interest; repaid ${f(r.principalRepaid)} + ${f(r.interestPaid)}`,
    `  shipment  ${r.shipmentRef === "0x" + "0".repeat(64) ? "not bound yet" : r.shipmentRef}; latest ${formatTime(r.latestShipmentAt)}, grace ${r.graceDays} days`,
    "Tranches:",
    ...r.tranches.map(
      (t) =>
        `  ${t.index}. ${(t.shareBps / 100).toFixed(2)} % on ${t.milestone}: ${t.released ? "released" : t.reached ? "milestone reached, claimable" : "waiting for the milestone"}`,
    ),
    ...(r.voucher === null
      ? []
      : [`Voucher share: #${r.voucher.voucherId} worth ${f(r.voucher.value)}`]),
    ...(r.overdueClaim === 0n ? [] : [`Overdue: the bank's claim was ${f(r.overdueClaim)}`]),
  ];
}
