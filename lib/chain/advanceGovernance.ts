/**
 * The governance calls that connect a pre-shipment advance contract (contracts/finance/
 * PreShipmentAdvance.sol) to the consortium: it holds escrow in deposit tokens (custodian) and it
 * is told which contracts pay the proceeds it is assigned (the payment commitments for orders, the
 * letter of credit for credits). It is also named a product of the document guard
 * (`documentProductCall`, lib/chain/documentFinancingGovernance.ts) and of the voucher contract
 * (`productCall`, lib/chain/voucherGovernance.ts), so it may hold the vouchers carved out for it.
 * Each is a proposal the administrators approve (lib/chain/governance.ts executes them).
 */
import type { DepositToken, PreShipmentAdvance } from "../../types/ethers-contracts/index.js";
import type { GovernanceCall } from "./governance.ts";
import { AdvanceSourceKind, type AdvanceSourceKindName } from "../trade/preShipmentAdvance.ts";

/** The calls that make `advance` a custodian of each token. */
export async function advanceCustodianCalls(
  advance: PreShipmentAdvance,
  tokens: readonly DepositToken[],
): Promise<GovernanceCall[]> {
  const advanceAddress = await advance.getAddress();
  return Promise.all(
    tokens.map(async (token) => ({
      target: await token.getAddress(),
      data: token.interface.encodeFunctionData("setCustodian", [advanceAddress, true]),
      description: `Approve the pre-shipment advance contract ${advanceAddress} as custodian of escrowed advances`,
    })),
  );
}

/** The call that names `payer` the contract whose proceeds repay advances on `kind` sources. */
export async function proceedsPayerCall(
  advance: PreShipmentAdvance,
  kind: AdvanceSourceKindName,
  payer: string,
): Promise<GovernanceCall> {
  return {
    target: await advance.getAddress(),
    data: advance.interface.encodeFunctionData("setProceedsPayer", [
      AdvanceSourceKind[kind],
      payer,
    ]),
    description: `Name ${payer} the payer whose proceeds repay advances on ${kind === "PurchaseOrder" ? "purchase orders" : "letters of credit"}`,
  };
}
