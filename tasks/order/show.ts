/**
 * `order show`: a purchase order as the chain holds it: its parties, status, terms, fingerprints
 * (and which facility of the document-financing guard holds it, when the deployment has one),
 * the amendment pending and who agreed to cancel it.
 */
import { z } from "zod";

import { DocumentKind } from "../../lib/trade/enums.ts";
import type { OrderTerms } from "../../lib/trade/purchaseOrder.ts";
import { DocumentFinancingRegistry__factory } from "../../types/ethers-contracts/index.js";
import { operatorAction } from "../support/action.ts";
import type { TaskContext } from "../support/context.ts";
import { formatTime } from "../support/output.ts";
import {
  deployedPurchaseOrder,
  describeTerms,
  orderId,
  orderStatusName,
  termsOfStruct,
} from "./orderContract.ts";

export interface ShowOrderResult {
  orderId: bigint;
  importer: string;
  status: string;
  issuedAt: bigint;
  acceptedAt: bigint;
  amendments: number;
  terms: OrderTerms;
  fingerprints: { exact: string; fuzzy: string };
  /** The facility the order backs in the document-financing guard; null when none (or no guard). */
  financedBy: { product: string; facilityId: bigint } | null;
  pendingAmendment: { proposer: string; termsHash: string; terms: OrderTerms } | null;
  cancellationAgreedBy: string[];
}

const ZERO_ADDRESS = /^0x0{40}$/i;

export default operatorAction({
  options: () => z.object({ order: orderId }),
  async run(args, ctx): Promise<ShowOrderResult> {
    const orders = await deployedPurchaseOrder(ctx);
    const order = await ctx.view(`reading order ${args.order}`, () => orders.order(args.order));
    const [fingerprints, pending] = await Promise.all([
      orders.orderFingerprints(args.order),
      orders.pendingAmendment(args.order),
    ]);
    const agreed: string[] = [];
    for (const party of [order.importer, order.terms.exporter]) {
      if (await orders.cancellationConsent(args.order, party)) agreed.push(party);
    }
    return {
      orderId: args.order,
      importer: order.importer,
      status: orderStatusName(order.status),
      issuedAt: order.issuedAt,
      acceptedAt: order.acceptedAt,
      amendments: Number(order.amendments),
      terms: termsOfStruct(order.terms),
      fingerprints: { exact: fingerprints.exact, fuzzy: fingerprints.fuzzy },
      financedBy: await financedBy(ctx, fingerprints.fuzzy),
      pendingAmendment: ZERO_ADDRESS.test(pending.proposer)
        ? null
        : {
            proposer: pending.proposer,
            termsHash: pending.termsHash,
            terms: termsOfStruct(pending.terms),
          },
      cancellationAgreedBy: agreed,
    };
  },
  render: (r, ctx) => [
    `Purchase order ${r.orderId}: ${r.status}`,
    `  importer        ${ctx.party(r.importer)}`,
    ...describeTerms(ctx, r.terms),
    `  issued          ${formatTime(r.issuedAt)}`,
    ...(r.acceptedAt === 0n ? [] : [`  accepted        ${formatTime(r.acceptedAt)}`]),
    `  amendments      ${r.amendments} in force`,
    `  fingerprints    exact ${r.fingerprints.exact}`,
    `                  fuzzy ${r.fingerprints.fuzzy}`,
    `  financing       ${r.financedBy === null ? "backs no facility" : `backs facility ${r.financedBy.facilityId} of ${ctx.party(r.financedBy.product)}`}`,
    ...(r.pendingAmendment === null
      ? []
      : [
          `Amendment pending, proposed by ${ctx.party(r.pendingAmendment.proposer)} (${r.pendingAmendment.termsHash}):`,
          ...describeTerms(ctx, r.pendingAmendment.terms),
        ]),
    ...(r.cancellationAgreedBy.length === 0
      ? []
      : [`Cancellation agreed by ${r.cancellationAgreedBy.map((p) => ctx.party(p)).join(", ")}.`]),
  ],
});

/** The facility the order's fuzzy fingerprint backs, when the deployment has a guard. */
async function financedBy(
  ctx: TaskContext,
  fuzzy: string,
): Promise<{ product: string; facilityId: bigint } | null> {
  let guardAddress: string;
  try {
    guardAddress = ctx.book().address("DocumentFinancingRegistry");
  } catch {
    return null; // a deployment without the guard
  }
  const guard = DocumentFinancingRegistry__factory.connect(guardAddress, ctx.ethers.provider);
  const facility = await ctx.view("reading the document-financing guard", () =>
    guard.facilityOf(DocumentKind.PurchaseOrder, fuzzy),
  );
  return ZERO_ADDRESS.test(facility.product)
    ? null
    : { product: facility.product, facilityId: facility.facilityId };
}
