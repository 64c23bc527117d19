/**
 * The governance calls that set up supply-chain finance vouchers (contracts/finance/): naming the
 * voucher contract in the invoice registry, allowing a settlement token and making the voucher
 * contract its custodian, granting a member the OBLIGOR role, setting its limit and its lender.
 * Each is a proposal the administrators approve (lib/chain/governance.ts executes them).
 */
import type {
  ConsortiumRegistry,
  DepositToken,
  InvoiceRegistry,
  PayableVoucher,
} from "../../types/ethers-contracts/index.js";
import type { GovernanceCall } from "./governance.ts";
import { roleId } from "./roles.ts";

/** The calls that connect a freshly deployed voucher contract to the registry and a token. */
export async function voucherSetupCalls(
  vouchers: PayableVoucher,
  invoices: InvoiceRegistry,
  token: DepositToken,
): Promise<GovernanceCall[]> {
  const vouchersAddress = await vouchers.getAddress();
  const tokenAddress = await token.getAddress();
  return [
    {
      target: await invoices.getAddress(),
      data: invoices.interface.encodeFunctionData("setVoucherContract", [vouchersAddress]),
      description: `Let the voucher contract ${vouchersAddress} mark invoices as backing payables`,
    },
    {
      target: tokenAddress,
      data: token.interface.encodeFunctionData("setCustodian", [vouchersAddress, true]),
      description: "Approve the voucher contract as custodian of funded payables",
    },
    {
      target: vouchersAddress,
      data: vouchers.interface.encodeFunctionData("setSettlementToken", [tokenAddress, true]),
      description: `Allow ${tokenAddress} for settling payables`,
    },
  ];
}

/** The calls that make `obligor` a core enterprise with `limit` outstanding and `lender` (if any). */
export async function obligorCalls(
  registry: ConsortiumRegistry,
  vouchers: PayableVoucher,
  obligor: string,
  limit: bigint,
  lender?: string,
): Promise<GovernanceCall[]> {
  const vouchersAddress = await vouchers.getAddress();
  const calls: GovernanceCall[] = [
    {
      target: await registry.getAddress(),
      data: registry.interface.encodeFunctionData("grantRole", [roleId("OBLIGOR"), obligor]),
      description: `Grant OBLIGOR to ${obligor}: it may confirm payables as vouchers`,
    },
    {
      target: vouchersAddress,
      data: vouchers.interface.encodeFunctionData("setObligorLimit", [obligor, limit]),
      description: `Set the limit of ${obligor}'s outstanding confirmed payables to ${limit}`,
    },
  ];
  if (lender !== undefined) {
    calls.push({
      target: vouchersAddress,
      data: vouchers.interface.encodeFunctionData("setLender", [obligor, lender]),
      description: `Name ${lender} the lender that may adjust ${obligor}'s limit`,
    });
  }
  return calls;
}

/**
 * The call that names `product` a product contract of the voucher contract: it may issue
 * payables for an obligor that authorised it (a payment commitment's bank, a deferred-payment
 * credit's) and hold and redeem vouchers (an assignee of proceeds).
 */
export async function productCall(
  vouchers: PayableVoucher,
  product: string,
  allowed = true,
): Promise<GovernanceCall> {
  return {
    target: await vouchers.getAddress(),
    data: vouchers.interface.encodeFunctionData("setProduct", [product, allowed]),
    description: `${allowed ? "Name" : "Remove"} ${product} ${allowed ? "a" : "as a"} product contract of the vouchers: it may issue payables for obligors that authorise it, and hold vouchers`,
  };
}
