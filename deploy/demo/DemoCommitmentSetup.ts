/**
 * Ignition module "DemoCommitmentSetup": puts bank payment commitments to work the way the
 * consortium would, through governance proposals two demo administrators propose and approve —
 * the commitments contract becomes a product of the voucher contract (it issues the bank's
 * vouchers) and of the document-financing guard (it claims the invoice and the bill), and the
 * issuing bank (the demo importer's bank) becomes an OBLIGOR with a limit of CNY 20,000,000.00
 * (parameter `commitmentBankLimit`, in fen) — and then the bank authorises the commitments
 * contract on the voucher contract, its own act.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { id } from "ethers";

import { DEMO_ADMINISTRATOR_INDEXES, demoMember } from "../../lib/chain/demoConsortium.ts";
import type { DocumentFinancingProvider } from "../modules/DocumentFinancing.ts";
import type { GovernedConsortiumProvider } from "../modules/LetterOfCredit.ts";
import type { PayableVoucherProvider } from "../modules/PayableVoucher.ts";
import type { PaymentCommitmentProvider } from "../modules/PaymentCommitment.ts";
import { keyedEncoder, keyedGovernance } from "./proposeAndApprove.ts";

/** The module "DemoCommitmentSetup": the proposals and the bank's authorisation. */
export function demoCommitmentSetupModule(
  consortium: GovernedConsortiumProvider,
  commitments: PaymentCommitmentProvider,
  vouchers: PayableVoucherProvider,
  guard: DocumentFinancingProvider,
) {
  return buildModule("DemoCommitmentSetup", (m) => {
    const { registry } = m.useModule(consortium);
    const { paymentCommitment } = m.useModule(commitments);
    const { payableVoucher } = m.useModule(vouchers);
    const { documentFinancing } = m.useModule(guard);
    const proposer = m.getAccount(DEMO_ADMINISTRATOR_INDEXES[0]);
    const approver = m.getAccount(DEMO_ADMINISTRATOR_INDEXES[1]);
    const bank = m.getAccount(demoMember("issuingBank").accountIndex);
    const encode = keyedEncoder(m);
    // After the whole demo consortium: the bank must be onboarded before it is granted OBLIGOR.
    const govern = keyedGovernance(m, registry, proposer, approver, { after: [consortium] });

    govern(
      "commitment_voucher_product",
      payableVoucher,
      encode("commitment_voucher_product", payableVoucher, "setProduct", [paymentCommitment, true]),
      "The payment commitments issue their banks' vouchers (a product of the voucher contract)",
    );
    govern(
      "commitment_guard_product",
      documentFinancing,
      encode("commitment_guard_product", documentFinancing, "setProduct", [
        paymentCommitment,
        true,
      ]),
      "The payment commitments claim the invoice and the bill they pay on in the document-financing guard",
    );
    const role = govern(
      "commitment_bank_obligor",
      registry,
      encode("commitment_bank_obligor", registry, "grantRole", [id("OBLIGOR"), bank]),
      "The issuing bank may stand as obligor of the vouchers its payment commitments issue (OBLIGOR)",
    );
    govern(
      "commitment_bank_limit",
      payableVoucher,
      encode("commitment_bank_limit", payableVoucher, "setObligorLimit", [
        bank,
        m.getParameter("commitmentBankLimit", 2_000_000_000n),
      ]),
      "The issuing bank's limit of outstanding payables, its payment commitments' vouchers included",
    );
    m.call(payableVoucher, "authoriseProduct", [paymentCommitment, true], {
      from: bank,
      id: "commitment_bank_authorises",
      after: [role],
    });
    return { paymentCommitment };
  });
}
