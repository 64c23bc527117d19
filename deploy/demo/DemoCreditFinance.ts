/**
 * Ignition module "DemoCreditFinance": the letters of credit's open-account finance on the local
 * network, through governance proposals two demo administrators propose and approve: the credit
 * contract names the voucher contract its deferred-payment undertakings are issued in and the
 * pre-shipment advance contract beneficiaries may assign proceeds to (UCP 600 art. 39); the voucher
 * contract names the credit contract a product; and the issuing bank (made an OBLIGOR by the
 * commitments' setup) authorises the credit contract to issue in its name. The credit contract is
 * also a product of the document-financing guard and names it, so every presentation claims its
 * invoice and its bill there (one document backs one facility across products) and must carry
 * their fingerprints (lib/trade/documentFingerprint.ts).
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { IgnitionModule } from "@nomicfoundation/ignition-core";

import { DEMO_ADMINISTRATOR_INDEXES, demoMember } from "../../lib/chain/demoConsortium.ts";
import type {
  GovernedConsortiumProvider,
  LetterOfCreditProvider,
} from "../modules/LetterOfCredit.ts";
import type { DocumentFinancingProvider } from "../modules/DocumentFinancing.ts";
import type { PayableVoucherProvider } from "../modules/PayableVoucher.ts";
import type { PreShipmentAdvanceProvider } from "../modules/PreShipmentAdvance.ts";
import { keyedGovernedCalls } from "./proposeAndApprove.ts";

export function demoCreditFinanceModule(
  consortium: GovernedConsortiumProvider,
  credit: LetterOfCreditProvider,
  vouchers: PayableVoucherProvider,
  advances: PreShipmentAdvanceProvider,
  guard: DocumentFinancingProvider,
  /** The module that made the issuing bank an OBLIGOR (the commitments' setup). */
  obligorSetup: IgnitionModule,
) {
  return buildModule("DemoCreditFinance", (m) => {
    const { registry } = m.useModule(consortium);
    const { letterOfCredit } = m.useModule(credit);
    const { payableVoucher } = m.useModule(vouchers);
    const { preShipmentAdvance } = m.useModule(advances);
    const { documentFinancing } = m.useModule(guard);
    const proposer = m.getAccount(DEMO_ADMINISTRATOR_INDEXES[0]);
    const approver = m.getAccount(DEMO_ADMINISTRATOR_INDEXES[1]);
    const bank = m.getAccount(demoMember("issuingBank").accountIndex);
    const call = keyedGovernedCalls(m, registry, proposer, approver);

    call(
      "credit_voucher_product",
      payableVoucher,
      "setProduct",
      [letterOfCredit, true],
      "The letters of credit issue their banks' deferred payment undertakings as vouchers",
    );
    call(
      "credit_guard_product",
      documentFinancing,
      "setProduct",
      [letterOfCredit, true],
      "The letters of credit claim the invoice and the bill presented under them in the document-financing guard",
    );
    call(
      "credit_finance",
      letterOfCredit,
      "configureFinance",
      [
        {
          vouchers: payableVoucher,
          proceedsAssignee: preShipmentAdvance,
          documents: documentFinancing,
        },
      ],
      "The credits' voucher contract, proceeds assignee (the pre-shipment advances) and document-financing guard",
    );
    m.call(payableVoucher, "authoriseProduct", [letterOfCredit, true], {
      from: bank,
      id: "credit_bank_authorises",
      after: [obligorSetup],
    });
    return { letterOfCredit };
  });
}
