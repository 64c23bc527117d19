/** The invoice registry as the invoice tasks see it. */
import { InvoiceRegistry__factory } from "../../types/ethers-contracts/index.js";
import type { InvoiceRegistry } from "../../types/ethers-contracts/index.js";
import type { TaskContext } from "../support/context.ts";
import { INVOICE_STATUSES } from "../../lib/chain/revertTable.ts";

export const INVOICE_REGISTRY = "InvoiceRegistry";

export type InvoiceStatusName = (typeof INVOICE_STATUSES)[number];

export async function deployedInvoiceRegistry(ctx: TaskContext): Promise<InvoiceRegistry> {
  return InvoiceRegistry__factory.connect(
    await ctx.deployed(INVOICE_REGISTRY),
    ctx.ethers.provider,
  );
}

export function invoiceStatusName(status: bigint): InvoiceStatusName {
  const name = INVOICE_STATUSES[Number(status)];
  if (name === undefined) throw new Error(`unknown invoice status ${status}`);
  return name;
}
