/**
 * `invoice check`: what the chain knows of a seller's invoice, from its fields and the seller of
 * record (`--seller`; registrations are bound to their seller): not registered, registered and
 * free to finance, financed already (by whom, when — under this seller's registration or any
 * other's), cancelled — or an altered copy of a registered invoice (same seller, buyer and
 * number; another date, amount or currency).
 */
import { z } from "zod";

import type { InvoiceFingerprints, NormalizedInvoice } from "../../lib/trade/invoiceFingerprint.ts";
import { operatorAction } from "../support/action.ts";
import type { TaskContext } from "../support/context.ts";
import { formatTime } from "../support/output.ts";
import {
  describeInvoice,
  fingerprintInvoice,
  INVOICE_OPTIONS,
  readInvoice,
} from "./invoiceInput.ts";
import {
  deployedInvoiceRegistry,
  invoiceStatusName,
  type InvoiceStatusName,
} from "./invoiceRegistry.ts";

export interface RegisteredInvoice {
  invoiceId: string;
  status: InvoiceStatusName;
  seller: string;
  registeredAt: number;
  /** The financing bank (null until financed). */
  bank: string | null;
  financedAt: number | null;
  /** When it was repaid or cancelled. */
  closedAt: number | null;
}

export interface CheckResult {
  invoice: NormalizedInvoice;
  seller: string;
  fingerprints: InvoiceFingerprints;
  /**
   * unregistered: no fingerprint is known; registered: the invoice as presented is on the
   * chain; altered-copy: only its identity fingerprint is, under another invoice.
   */
  finding: "unregistered" | "registered" | "altered-copy";
  /** The seller's invoice the fingerprints lead to (null if unregistered). */
  registered: RegisteredInvoice | null;
  /** The invoice, of any seller, financed under one of these fingerprints (null if none). */
  financedElsewhere: RegisteredInvoice | null;
  /** Whether a bank may finance the invoice as presented now. */
  financeable: boolean;
}

const ZERO = "0x" + "0".repeat(64);

export default operatorAction({
  options: (m) =>
    z
      .object({ seller: m.party, ...INVOICE_OPTIONS })
      .transform((o, ctx) => ({ seller: o.seller, invoice: readInvoice(o, ctx) })),
  async run({ seller, invoice }, ctx): Promise<CheckResult> {
    const fingerprints = await fingerprintInvoice(ctx.hre, invoice);
    const registry = await deployedInvoiceRegistry(ctx);
    // The registry finds a seller's invoice by its identity fingerprint and compares the exact one.
    const [registeredId, , exactMatches] = await registry.lookup(seller, fingerprints);
    const found = registeredId !== ZERO ? registeredId : null;
    const registered = found === null ? null : await readRegistered(ctx, found, seller);
    const [financedExact] = await registry.financedInvoiceOf(fingerprints.exact);
    const [financedIdentity] = await registry.financedInvoiceOf(fingerprints.identity);
    const financedId = financedExact !== ZERO ? financedExact : financedIdentity;
    const financedElsewhere =
      financedId === ZERO || financedId === found
        ? null
        : await readRegistered(ctx, financedId, await sellerOf(ctx, financedId));
    return {
      invoice,
      seller,
      fingerprints,
      finding: found === null ? "unregistered" : exactMatches ? "registered" : "altered-copy",
      registered,
      financedElsewhere,
      financeable: exactMatches && registered?.status === "Registered" && financedId === ZERO,
    };
  },
  render(result, ctx) {
    const lines = [
      `Checked: ${describeInvoice(result.invoice)}, seller of record ${ctx.party(result.seller)}`,
    ];
    const r = result.registered;
    const elsewhere = result.financedElsewhere;
    if (elsewhere !== null && elsewhere.bank !== null && elsewhere.financedAt !== null) {
      lines.push(
        `FINANCED ALREADY as invoice ${elsewhere.invoiceId} of ${ctx.party(elsewhere.seller)}, by ${ctx.party(elsewhere.bank)} on ${formatTime(elsewhere.financedAt)}: no bank may finance it again.`,
      );
    }
    if (result.finding === "unregistered" || r === null) {
      lines.push(
        "Not registered: the seller has not registered this invoice, so no bank can finance it.",
      );
      return lines;
    }
    if (result.finding === "altered-copy") {
      lines.push(
        `NOT the registered invoice: invoice ${r.invoiceId} has the same seller, buyer and number but another date, amount or currency. Treat this copy as altered.`,
      );
    } else {
      lines.push(`Registered as invoice ${r.invoiceId}.`);
    }
    lines.push(
      `  status ${r.status}; seller ${ctx.party(r.seller)}, registered ${formatTime(r.registeredAt)}`,
    );
    if (r.bank !== null && r.financedAt !== null) {
      lines.push(`  financed by ${ctx.party(r.bank)} on ${formatTime(r.financedAt)}`);
    }
    if (r.closedAt !== null) {
      lines.push(
        `  ${r.status === "Repaid" ? "repaid" : "cancelled"} on ${formatTime(r.closedAt)}`,
      );
    }
    lines.push(result.financeable ? "It may be financed." : "It may NOT be financed.");
    return lines;
  },
});

async function readRegistered(
  ctx: TaskContext,
  invoiceId: string,
  seller: string,
): Promise<RegisteredInvoice> {
  const registry = await deployedInvoiceRegistry(ctx);
  const record = await ctx.view(`reading invoice ${invoiceId}`, () => registry.invoice(invoiceId));
  const financed = record.financedAt !== 0n;
  return {
    invoiceId,
    status: invoiceStatusName(record.status),
    seller,
    registeredAt: Number(record.registeredAt),
    bank: financed ? record.bank : null,
    financedAt: financed ? Number(record.financedAt) : null,
    closedAt: record.closedAt !== 0n ? Number(record.closedAt) : null,
  };
}

/**
 * The seller of invoice `invoiceId`, from its `InvoiceRegistered` event: the registry keeps the
 * seller in the invoice's id (keccak256(seller, identity fingerprint)), not in its record.
 */
async function sellerOf(ctx: TaskContext, invoiceId: string): Promise<string> {
  const registry = await deployedInvoiceRegistry(ctx);
  const [registered] = await ctx.view(`reading the registration of invoice ${invoiceId}`, () =>
    registry.queryFilter(registry.filters.InvoiceRegistered(invoiceId)),
  );
  if (registered === undefined)
    throw new Error(`invoice ${invoiceId} has no InvoiceRegistered event`);
  return registered.args.seller;
}
