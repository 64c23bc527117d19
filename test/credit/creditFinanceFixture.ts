/**
 * The credit fixture with open-account finance wired in: a voucher contract (USD, 2 decimals) that
 * the letter-of-credit contract may issue funded payables in, the issuing and the confirming bank
 * made OBLIGORs through governance and each authorising the credit contract to issue in its name,
 * and a `ProceedsAssigneeDouble` named the proceeds assignee (until the pre-shipment advance lands).
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";

import { executeGovernance, type GovernanceCall } from "../../lib/chain/governance.ts";
import { roleId } from "../../lib/chain/roles.ts";
import type {
  InvoiceRegistry,
  PayableVoucher,
  ProceedsAssigneeDouble,
} from "../../types/ethers-contracts/index.js";
import { type CreditFixture, deployCreditFixture } from "./fixtures.ts";

export const VOUCHER_GRACE_PERIOD = 5 * 86_400;

export interface CreditFinanceFixture extends CreditFixture {
  vouchers: PayableVoucher;
  assignee: ProceedsAssigneeDouble;
  govern: (call: GovernanceCall) => Promise<void>;
}

export async function deployCreditFinanceFixture(
  ethers: HardhatEthers,
  networkHelpers: NetworkHelpers,
): Promise<CreditFinanceFixture> {
  const f = await deployCreditFixture(ethers, networkHelpers);
  const govern = async (call: GovernanceCall): Promise<void> => {
    await executeGovernance(f.registry, f.admins[0]!, f.admins.slice(1), call);
  };
  const registryAddress = await f.registry.getAddress();
  const invoices = (await ethers.deployContract("InvoiceRegistry", [
    registryAddress,
  ])) as unknown as InvoiceRegistry;
  const vouchers = (await ethers.deployContract("PayableVoucher", [
    registryAddress,
    await invoices.getAddress(),
    2,
    VOUCHER_GRACE_PERIOD,
  ])) as unknown as PayableVoucher;
  const assignee = (await ethers.deployContract(
    "ProceedsAssigneeDouble",
  )) as unknown as ProceedsAssigneeDouble;
  const lcAddress = await f.lc.getAddress();
  const vouchersAddress = await vouchers.getAddress();
  const assigneeAddress = await assignee.getAddress();
  const token = f.usdToken;
  const tokenAddress = await token.getAddress();

  const calls: GovernanceCall[] = [
    {
      target: tokenAddress,
      data: token.interface.encodeFunctionData("setCustodian", [vouchersAddress, true]),
      description: "Approve the voucher contract as custodian of funded payables",
    },
    {
      target: tokenAddress,
      data: token.interface.encodeFunctionData("setCustodian", [assigneeAddress, true]),
      description: "Approve the proceeds assignee as custodian",
    },
    {
      target: vouchersAddress,
      data: vouchers.interface.encodeFunctionData("setSettlementToken", [tokenAddress, true]),
      description: "Allow cUSD for settling payables",
    },
    {
      target: vouchersAddress,
      data: vouchers.interface.encodeFunctionData("setProduct", [lcAddress, true]),
      description: "Name the letter-of-credit contract a product that issues funded payables",
    },
    {
      target: vouchersAddress,
      data: vouchers.interface.encodeFunctionData("setProduct", [assigneeAddress, true]),
      description: "Name the proceeds assignee a product that holds vouchers",
    },
    {
      target: lcAddress,
      data: f.lc.interface.encodeFunctionData("configureFinance", [
        {
          vouchers: vouchersAddress,
          proceedsAssignee: assigneeAddress,
          documents: ethers.ZeroAddress,
        },
      ]),
      description: "Name the credits' voucher contract and proceeds assignee",
    },
  ];
  for (const bank of [f.issuingBank, f.confirmingBank]) {
    calls.push({
      target: registryAddress,
      data: f.registry.interface.encodeFunctionData("grantRole", [roleId("OBLIGOR"), bank.address]),
      description: `Grant OBLIGOR to ${bank.address}: its deferred payment undertakings are vouchers`,
    });
  }
  for (const call of calls) await govern(call);
  for (const bank of [f.issuingBank, f.confirmingBank]) {
    await (await vouchers.connect(bank).authoriseProduct(lcAddress, true)).wait();
  }
  return { ...f, vouchers, assignee, govern };
}
