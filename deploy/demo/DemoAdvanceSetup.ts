/**
 * Ignition module "DemoAdvanceSetup": puts the pre-shipment advances to work the way the
 * consortium would, through governance proposals two demo administrators propose and approve: the
 * advance contract may hold the USD and CNY deposit tokens (the banks' escrow), claims the orders it
 * advances on in the document-financing guard, holds and redeems the vouchers carved out for it
 * (a product of the voucher contract), and is repaid by the letter of credit's settlement (the
 * payer of credit-backed advances).
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { DEMO_ADMINISTRATOR_INDEXES } from "../../lib/chain/demoConsortium.ts";
import { AdvanceSourceKind } from "../../lib/trade/preShipmentAdvance.ts";
import type { DocumentFinancingProvider } from "../modules/DocumentFinancing.ts";
import type {
  GovernedConsortiumProvider,
  LetterOfCreditProvider,
  MoneyProvider,
} from "../modules/LetterOfCredit.ts";
import type { PayableVoucherProvider } from "../modules/PayableVoucher.ts";
import type { PreShipmentAdvanceProvider } from "../modules/PreShipmentAdvance.ts";
import { keyedGovernedCalls } from "./proposeAndApprove.ts";

export function demoAdvanceSetupModule(
  consortium: GovernedConsortiumProvider,
  money: MoneyProvider,
  guard: DocumentFinancingProvider,
  vouchers: PayableVoucherProvider,
  credit: LetterOfCreditProvider,
  advances: PreShipmentAdvanceProvider,
) {
  return buildModule("DemoAdvanceSetup", (m) => {
    const { registry } = m.useModule(consortium);
    const { cnyDeposit, usdDeposit } = m.useModule(money);
    const { documentFinancing } = m.useModule(guard);
    const { payableVoucher } = m.useModule(vouchers);
    const { letterOfCredit } = m.useModule(credit);
    const { preShipmentAdvance } = m.useModule(advances);
    const proposer = m.getAccount(DEMO_ADMINISTRATOR_INDEXES[0]);
    const approver = m.getAccount(DEMO_ADMINISTRATOR_INDEXES[1]);
    const call = keyedGovernedCalls(m, registry, proposer, approver);

    call(
      "advance_usd_custodian",
      usdDeposit,
      "setCustodian",
      [preShipmentAdvance, true],
      "The pre-shipment advance contract may hold USD deposits the banks escrow",
    );
    call(
      "advance_cny_custodian",
      cnyDeposit,
      "setCustodian",
      [preShipmentAdvance, true],
      "The pre-shipment advance contract may hold CNY deposits the banks escrow",
    );
    call(
      "advance_guard_product",
      documentFinancing,
      "setProduct",
      [preShipmentAdvance, true],
      "The pre-shipment advance contract claims the orders it advances on in the document-financing guard",
    );
    call(
      "advance_voucher_product",
      payableVoucher,
      "setProduct",
      [preShipmentAdvance, true],
      "The pre-shipment advance contract may hold and redeem the vouchers carved out for it",
    );
    call(
      "advance_credit_payer",
      preShipmentAdvance,
      "setProceedsPayer",
      [AdvanceSourceKind.LetterOfCredit, letterOfCredit],
      "The letter of credit's settlement repays advances on credits",
    );
    return { preShipmentAdvance };
  });
}
