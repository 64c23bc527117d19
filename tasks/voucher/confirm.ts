/**
 * `voucher confirm`: a core enterprise (an OBLIGOR) confirms what it owes a supplier for invoices
 * the supplier registered: the chain mints the supplier a voucher for the amount, payable at
 * maturity in the settlement token. Refused beyond the obligor's limit, naming the shortfall.
 *
 * The invoices are the files the obligor received (`--invoices a.json,b.json`); it fingerprints
 * them under the consortium's key (CARAVEL_INVOICE_KEY) as a bank does to finance one, and the
 * registry resolves the fingerprints to the supplier's registrations, refusing an invoice
 * financed or backing a payable already under any seller's registration.
 */
import { z } from "zod";

import { type InvoiceFingerprints, invoiceIdOf } from "../../lib/trade/invoiceFingerprint.ts";
import { contractRef, tokenUnits } from "../credit/creditContract.ts";
import { operatorAction } from "../support/action.ts";
import { amountText, date, formatUnits, toBaseUnits } from "../support/inputs.ts";
import { formatTime } from "../support/output.ts";
import {
  type CallOutcome,
  eventOf,
  perform,
  renderOutcome,
  simulatedResult,
} from "../support/transactions.ts";
import { fingerprintInvoice } from "../invoice/invoiceInput.ts";
import { deployedPayableVoucher, invoiceFiles, PAYABLE_VOUCHER } from "./voucherContract.ts";

export interface ConfirmResult {
  /** The payable and the supplier's voucher (as the chain would number them, when simulated). */
  payableId: bigint;
  voucherId: bigint;
  amount: bigint;
  /** The invoices' fingerprints, in the order given, and their ids in the registry. */
  fingerprints: InvoiceFingerprints[];
  invoiceIds: string[];
  outcome: CallOutcome;
}

export default operatorAction({
  options: (m) =>
    z.object({
      as: m.member,
      supplier: m.party,
      amount: amountText,
      token: z.string().default("CnyDepositToken"),
      maturity: date,
      invoices: invoiceFiles,
    }),
  async run(args, ctx): Promise<ConfirmResult> {
    const vouchers = await deployedPayableVoucher(ctx);
    const token = contractRef(ctx, "--token", args.token);
    const units = await tokenUnits(ctx, token);
    const amount = toBaseUnits("amount", args.amount, units.decimals, units.symbol);
    const fingerprints: InvoiceFingerprints[] = [];
    for (const invoice of args.invoices)
      fingerprints.push(await fingerprintInvoice(ctx.hre, invoice));
    const request = {
      supplier: args.supplier,
      amount,
      token,
      maturity: args.maturity,
      invoices: fingerprints,
    };
    const outcome = await perform(ctx, {
      as: args.as,
      contract: PAYABLE_VOUCHER,
      to: await vouchers.getAddress(),
      data: vouchers.interface.encodeFunctionData("confirm", [request]),
      action: `confirm a payable of ${formatUnits(amount, units.decimals)} ${units.symbol} to ${ctx.party(args.supplier)}, due ${formatTime(args.maturity)}, for ${args.invoices.length} invoice(s)`,
    });
    const [payableId, voucherId] = outcome.sent
      ? [
          eventOf(outcome, "PayableConfirmed").args["payableId"] as bigint,
          eventOf(outcome, "VoucherIssued").args["voucherId"] as bigint,
        ]
      : (simulatedResult(vouchers.interface, "confirm", outcome) as [bigint, bigint]);
    // The ids the registry resolves the fingerprints to: the supplier's registrations.
    const invoiceIds = outcome.sent
      ? [...(eventOf(outcome, "PayableConfirmed").args["invoiceIds"] as string[])]
      : fingerprints.map((f) => invoiceIdOf(args.supplier, f.identity));
    return { payableId, voucherId, amount, fingerprints, invoiceIds, outcome };
  },
  render: (r, ctx) => [
    ...renderOutcome(ctx, r.outcome),
    `Payable ${r.payableId}; the supplier's voucher ${r.voucherId}.`,
    `Invoices: ${r.invoiceIds.join(", ")}`,
  ],
});
