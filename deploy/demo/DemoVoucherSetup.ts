/**
 * Ignition module "DemoVoucherSetup": wires the vouchers the way the consortium would, through
 * governance proposals two demo administrators propose and approve: the invoice registry lets the
 * voucher contract mark invoices, the voucher contract may hold the CNY deposit token and settles
 * in it, and the demo importer becomes an OBLIGOR with a limit of CNY 50,000,000.00 (parameter
 * `obligorLimit`, in fen) and the issuing bank as its lender.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { id } from "ethers";

import { DEMO_ADMINISTRATOR_INDEXES, demoMember } from "../../lib/chain/demoConsortium.ts";
import type { GovernedConsortiumProvider, MoneyProvider } from "../modules/LetterOfCredit.ts";
import type { InvoiceRegistryProvider, PayableVoucherProvider } from "../modules/PayableVoucher.ts";
import { keyedEncoder, keyedGovernance } from "./proposeAndApprove.ts";

/** The module "DemoVoucherSetup": the governance proposals that put the vouchers to work. */
export function demoVoucherSetupModule(
  consortium: GovernedConsortiumProvider,
  money: MoneyProvider,
  invoices: InvoiceRegistryProvider,
  vouchers: PayableVoucherProvider,
) {
  return buildModule("DemoVoucherSetup", (m) => {
    const { registry } = m.useModule(consortium);
    const { cnyDeposit } = m.useModule(money);
    const { invoiceRegistry } = m.useModule(invoices);
    const { payableVoucher } = m.useModule(vouchers);
    const proposer = m.getAccount(DEMO_ADMINISTRATOR_INDEXES[0]);
    const approver = m.getAccount(DEMO_ADMINISTRATOR_INDEXES[1]);
    const obligor = m.getAccount(demoMember("importer").accountIndex);
    const lender = m.getAccount(demoMember("issuingBank").accountIndex);

    const govern = keyedGovernance(m, registry, proposer, approver);

    const encode = keyedEncoder(m);

    govern(
      "voucher_contract",
      invoiceRegistry,
      encode("voucher_contract", invoiceRegistry, "setVoucherContract", [payableVoucher]),
      "The voucher contract may mark invoices as backing payables",
    );
    govern(
      "voucher_custodian",
      cnyDeposit,
      encode("voucher_custodian", cnyDeposit, "setCustodian", [payableVoucher, true]),
      "The voucher contract may hold the CNY deposit token funded into payables",
    );
    govern(
      "voucher_token",
      payableVoucher,
      encode("voucher_token", payableVoucher, "setSettlementToken", [cnyDeposit, true]),
      "Payables may settle in the CNY deposit token",
    );
    govern(
      "obligor_role",
      registry,
      encode("obligor_role", registry, "grantRole", [id("OBLIGOR"), obligor]),
      "The importer may confirm payables as vouchers (OBLIGOR)",
    );
    govern(
      "obligor_limit",
      payableVoucher,
      encode("obligor_limit", payableVoucher, "setObligorLimit", [
        obligor,
        m.getParameter("obligorLimit", 5_000_000_000n),
      ]),
      "The importer's limit of outstanding confirmed payables",
    );
    govern(
      "obligor_lender",
      payableVoucher,
      encode("obligor_lender", payableVoucher, "setLender", [obligor, lender]),
      "The issuing bank is the importer's lender and may adjust its limit",
    );
    return { payableVoucher };
  });
}
