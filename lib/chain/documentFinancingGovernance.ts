/**
 * The governance calls that put the consortium's one-document-one-facility guard
 * (contracts/finance/DocumentFinancingRegistry.sol) to work: naming the product contracts that
 * may claim documents in it, and naming it in the invoice registry, whose financing and whose
 * voucher contract then claim invoices there. Each is a proposal the administrators approve
 * (lib/chain/governance.ts executes them).
 */
import type {
  DocumentFinancingRegistry,
  InvoiceRegistry,
} from "../../types/ethers-contracts/index.js";
import type { GovernanceCall } from "./governance.ts";

/** The call that names (or, with `allowed` false, removes) `product` in the guard. */
export async function documentProductCall(
  guard: DocumentFinancingRegistry,
  product: string,
  allowed = true,
): Promise<GovernanceCall> {
  return {
    target: await guard.getAddress(),
    data: guard.interface.encodeFunctionData("setProduct", [product, allowed]),
    description: allowed
      ? `Let ${product} claim the documents its facilities rest on`
      : `Stop ${product} from claiming documents (it may still release its own)`,
  };
}

/**
 * The calls that name `products` in the guard and the guard in the invoice registry. The invoice
 * registry and its voucher contract must be among `products` for financing and confirmation to
 * go on working once the guard is named.
 */
export async function documentGuardCalls(
  guard: DocumentFinancingRegistry,
  invoices: InvoiceRegistry,
  products: readonly string[],
): Promise<GovernanceCall[]> {
  const calls: GovernanceCall[] = [];
  for (const product of products) calls.push(await documentProductCall(guard, product));
  const guardAddress = await guard.getAddress();
  calls.push({
    target: await invoices.getAddress(),
    data: invoices.interface.encodeFunctionData("setDocumentFinancing", [guardAddress]),
    description: `Claim financed and voucher-backed invoices in the document-financing guard ${guardAddress}`,
  });
  return calls;
}
