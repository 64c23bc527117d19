/**
 * The governance calls that connect a pre-shipment advance contract (contracts/finance/
 * PreShipmentAdvance.sol) to the consortium: it holds escrow in deposit tokens (custodian), it is
 * told which contracts pay the proceeds it is assigned (the payment commitments for orders, the
 * letter of credit for credits), and, so that a payer can carve its share out of a voucher, it is
 * onboarded as a member holding EXPORTER: the voucher contract lets only active EXPORTER or BANK
 * members hold and redeem vouchers, and the advance holds them as the exporter's assignee.
 * Each is a proposal the administrators approve (lib/chain/governance.ts executes them).
 */
import type {
  ConsortiumRegistry,
  DepositToken,
  PreShipmentAdvance,
} from "../../types/ethers-contracts/index.js";
import { type GovernanceCall, onboardingCall } from "./governance.ts";
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

/** The call that onboards `advance` as a member holding EXPORTER, so it may hold vouchers. */
export async function advanceMembershipCall(
  registry: ConsortiumRegistry,
  advance: PreShipmentAdvance,
  country: string,
): Promise<GovernanceCall> {
  return onboardingCall(registry, await advance.getAddress(), {
    name: "Caravel pre-shipment advances (contract)",
    registrationId: `CONTRACT-${(await advance.getAddress()).slice(2, 14).toUpperCase()}`,
    country,
    roles: ["EXPORTER"],
  });
}
