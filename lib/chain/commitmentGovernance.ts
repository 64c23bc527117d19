/**
 * The governance calls that put bank payment commitments (contracts/finance/PaymentCommitment.sol)
 * to work: naming the commitments contract a product of the voucher contract (it issues the
 * bank's vouchers) and of the document-financing guard (it claims the invoice and the bill), and
 * making a bank an OBLIGOR with a limit. The bank then authorises the commitments contract itself
 * (`authoriseProduct` on the voucher contract, `commitmentAuthorisation`): that is the bank's act,
 * not governance's. Each call is a proposal the administrators approve (lib/chain/governance.ts).
 */
import type {
  ConsortiumRegistry,
  DocumentFinancingRegistry,
  PayableVoucher,
  PaymentCommitment,
} from "../../types/ethers-contracts/index.js";
import { documentProductCall } from "./documentFinancingGovernance.ts";
import type { GovernanceCall } from "./governance.ts";
import { obligorCalls, productCall } from "./voucherGovernance.ts";

/** The calls that name `commitments` in the voucher contract and in the guard. */
export async function commitmentSetupCalls(
  commitments: PaymentCommitment,
  vouchers: PayableVoucher,
  guard: DocumentFinancingRegistry,
): Promise<GovernanceCall[]> {
  const address = await commitments.getAddress();
  return [await productCall(vouchers, address), await documentProductCall(guard, address)];
}

/** The calls that let `bank` commit up to `limit` outstanding: OBLIGOR, and its limit. */
export async function commitmentBankCalls(
  registry: ConsortiumRegistry,
  vouchers: PayableVoucher,
  bank: string,
  limit: bigint,
): Promise<GovernanceCall[]> {
  return obligorCalls(registry, vouchers, bank, limit);
}

/** The bank's own transaction authorising the commitments contract to issue its vouchers. */
export async function commitmentAuthorisation(
  vouchers: PayableVoucher,
  commitments: PaymentCommitment,
  authorised = true,
): Promise<{ to: string; data: string }> {
  return {
    to: await vouchers.getAddress(),
    data: vouchers.interface.encodeFunctionData("authoriseProduct", [
      await commitments.getAddress(),
      authorised,
    ]),
  };
}
