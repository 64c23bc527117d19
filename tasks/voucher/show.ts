/**
 * `voucher show`: a payable — obligor, supplier, amount, maturity, status, funding, the invoices
 * it pays — and the whole tree of its vouchers from the first supplier down to the last tier,
 * each with its holder, its value and what it could redeem now. Read from the contract alone:
 * the payable's list of vouchers (in the sweep's order) and each voucher's parent.
 */
import { z } from "zod";

import type { PayableVoucher } from "../../types/ethers-contracts/index.js";
import { operatorAction } from "../support/action.ts";
import type { TaskContext } from "../support/context.ts";
import { formatTime } from "../support/output.ts";
import {
  deployedPayableVoucher,
  money,
  payableId,
  payableMoney,
  type PayableMoney,
  payableStatusName,
} from "./voucherContract.ts";

export interface VoucherNode {
  voucherId: bigint;
  parent: bigint;
  holder: string;
  value: bigint;
  claimable: bigint;
  /** Depth in the split tree: 0 for the supplier's first voucher. */
  depth: number;
}

export interface ShowResult {
  payableId: bigint;
  status: string;
  obligor: string;
  supplier: string;
  amount: bigint;
  funded: bigint;
  redeemed: bigint;
  maturity: bigint;
  invoiceIds: string[];
  money: PayableMoney;
  /** Depth-first, children in the order they were split off. */
  vouchers: VoucherNode[];
}

/** The most vouchers read when walking a payable's list. */
const MAX_VOUCHERS_SHOWN = 10_000;

export default operatorAction({
  options: () => z.object({ payable: payableId }),
  async run(args, ctx): Promise<ShowResult> {
    return readPayable(ctx, await deployedPayableVoucher(ctx), args.payable);
  },
  render: (r, ctx) => renderPayable(r, ctx),
});

/** Payable `id` and its split tree, read from the contract (a revert becomes its sentence). */
export async function readPayable(
  ctx: TaskContext,
  vouchers: PayableVoucher,
  id: bigint,
): Promise<ShowResult> {
  const p = await ctx.view(`reading payable ${id}`, () => vouchers.payableOf(id));
  const [status, invoiceIds, m] = await Promise.all([
    vouchers.status(id),
    vouchers.invoicesOf(id),
    payableMoney(ctx, vouchers, id),
  ]);
  const flat: Omit<VoucherNode, "depth">[] = [];
  for (let v = p.rootVoucher; v !== 0n && flat.length < MAX_VOUCHERS_SHOWN;) {
    const [voucher, claimable] = await Promise.all([vouchers.voucher(v), vouchers.claimable(v)]);
    flat.push({
      voucherId: v,
      parent: voucher.parent,
      holder: voucher.holder,
      value: voucher.value,
      claimable,
    });
    v = voucher.next;
  }
  return {
    payableId: id,
    status: payableStatusName(status),
    obligor: p.obligor,
    supplier: p.supplier,
    amount: p.amount,
    funded: p.funded,
    redeemed: p.redeemed,
    maturity: p.maturity,
    invoiceIds: [...invoiceIds],
    money: m,
    vouchers: splitTree(flat),
  };
}

export function renderPayable(r: ShowResult, ctx: TaskContext): string[] {
  const f = (v: bigint) => money(r.money, v);
  return [
    `Payable ${r.payableId}: ${r.status}`,
    `  obligor   ${ctx.party(r.obligor)}`,
    `  supplier  ${ctx.party(r.supplier)}`,
    `  amount    ${f(r.amount)}, due ${formatTime(r.maturity)}`,
    `  funded    ${f(r.funded)}; paid out ${f(r.redeemed)}`,
    `  invoices  ${r.invoiceIds.join(", ")}`,
    "Vouchers (split tree):",
    ...r.vouchers.map(
      (v) =>
        `  ${"  ".repeat(v.depth)}#${v.voucherId} ${ctx.party(v.holder)}: ${f(v.value)}${v.claimable > 0n ? ` (claimable now ${f(v.claimable)})` : ""}`,
    ),
  ];
}

/** Orders vouchers depth-first from the root, children in the order they were split off. */
export function splitTree(flat: readonly Omit<VoucherNode, "depth">[]): VoucherNode[] {
  const children = new Map<bigint, Omit<VoucherNode, "depth">[]>();
  for (const v of flat) children.set(v.parent, [...(children.get(v.parent) ?? []), v]);
  for (const list of children.values()) list.sort((a, b) => (a.voucherId < b.voucherId ? -1 : 1));
  const out: VoucherNode[] = [];
  const visit = (parent: bigint, depth: number) => {
    for (const v of children.get(parent) ?? []) {
      out.push({ ...v, depth });
      visit(v.voucherId, depth + 1);
    }
  };
  visit(0n, 0);
  return out;
}
