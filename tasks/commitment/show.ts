/** `commitment show`: a commitment — its bank, terms, status and, once irrevocable, its voucher. */
import { z } from "zod";

import { CommitmentStatus, enumName } from "../../lib/trade/enums.ts";
import { tokenUnits } from "../credit/creditContract.ts";
import { operatorAction } from "../support/action.ts";
import { formatUnits } from "../support/inputs.ts";
import { formatTime } from "../support/output.ts";
import { deployedCommitments, orderId } from "./commitmentContract.ts";

export interface ShowResult {
  orderId: bigint;
  status: string;
  bank: string;
  token: string;
  symbol: string;
  decimals: number;
  toleranceBps: bigint;
  customsRequired: boolean;
  expiresAt: bigint;
  amount: bigint;
  maturity: bigint;
  payableId: bigint;
  voucherId: bigint;
  assigneeShare: bigint;
  billId: bigint;
}

export default operatorAction({
  options: () => z.object({ order: orderId }),
  async run(args, ctx): Promise<ShowResult> {
    const commitments = await deployedCommitments(ctx);
    const c = await ctx.view(`reading commitment ${args.order}`, () =>
      commitments.commitment(args.order),
    );
    const status = enumName(CommitmentStatus, c.status);
    const units = status === "None" ? { symbol: "", decimals: 0 } : await tokenUnits(ctx, c.token);
    return {
      orderId: args.order,
      status,
      bank: c.bank,
      token: c.token,
      ...units,
      toleranceBps: c.toleranceBps,
      customsRequired: c.customsRequired,
      expiresAt: c.expiresAt,
      amount: c.amount,
      maturity: c.maturity,
      payableId: c.payableId,
      voucherId: c.voucherId,
      assigneeShare: c.assigneeShare,
      billId: c.billId,
    };
  },
  render: (r, ctx) => {
    if (r.status === "None") return [`No commitment rests on order ${r.orderId}.`];
    const f = (v: bigint) => `${formatUnits(v, r.decimals)} ${r.symbol}`;
    const lines = [
      `Commitment ${r.orderId}: ${r.status}`,
      `  bank       ${ctx.party(r.bank)}`,
      `  terms      tolerance ${Number(r.toleranceBps) / 100} %, customs clearance ${r.customsRequired ? "required" : "not required"}, expires ${formatTime(r.expiresAt)}`,
    ];
    if (r.status === "Irrevocable") {
      lines.push(
        `  pays       ${f(r.amount)} on ${formatTime(r.maturity)}: payable ${r.payableId}, the exporter's voucher ${r.voucherId}`,
        `  assignee   ${r.assigneeShare === 0n ? "none" : f(r.assigneeShare)}`,
        `  bill       ${r.billId}`,
      );
    }
    return lines;
  },
});
