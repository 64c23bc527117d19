/**
 * Test fixture for supply-chain finance vouchers: the demo consortium with a core enterprise
 * (the importer, made an OBLIGOR through governance, limit CNY 50,000,000, lender the issuing
 * bank), its tier-1 supplier (the exporter) and two further tiers onboarded as EXPORTERs, the CNY
 * deposit token, the invoice registry and the voucher contract, wired together by governance.
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

import { executeGovernance, onboardingCall } from "../../lib/chain/governance.ts";
import { obligorCalls, voucherSetupCalls } from "../../lib/chain/voucherGovernance.ts";
import type {
  DepositToken,
  InvoiceRegistry,
  PayableVoucher,
} from "../../types/ethers-contracts/index.js";
import { type Consortium, deployConsortium, memberSigner } from "../helpers/consortium.ts";

/** CNY in fen (the deposit token has 2 decimals). */
export function cny(yuan: number | bigint): bigint {
  return BigInt(yuan) * 100n;
}

export const DAY = 86_400;
/** Past maturity, how long before an unfunded payable is overdue. */
export const GRACE_PERIOD = 5 * DAY;
export const OBLIGOR_LIMIT = cny(50_000_000);

export interface VoucherWorld extends Consortium {
  vouchers: PayableVoucher;
  invoices: InvoiceRegistry;
  cnyToken: DepositToken;
  obligor: HardhatEthersSigner;
  tier1: HardhatEthersSigner;
  tier2: HardhatEthersSigner;
  tier3: HardhatEthersSigner;
  bank: HardhatEthersSigner;
  otherBank: HardhatEthersSigner;
  /** A member that may not hold vouchers (a carrier). */
  carrier: HardhatEthersSigner;
  /** Not a member of anything. */
  stranger: HardhatEthersSigner;
  /** Runs a governance call through the administrators. */
  govern(call: { target: string; data: string; description: string }): Promise<void>;
}

export async function deployVoucherWorld(ethers: HardhatEthers): Promise<VoucherWorld> {
  const consortium = await deployConsortium(ethers);
  const { registry, admins, outsiders } = consortium;
  const govern = async (call: { target: string; data: string; description: string }) => {
    await executeGovernance(registry, admins[0]!, admins.slice(1), call);
  };
  const [tier2, tier3, stranger] = outsiders as [
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
  ];
  await govern(
    await onboardingCall(registry, tier2.address, {
      name: "Suzhou Precision Castings Co., Ltd.",
      registrationId: "91320500MA1TIER200",
      country: "CN",
      roles: ["EXPORTER"],
    }),
  );
  await govern(
    await onboardingCall(registry, tier3.address, {
      name: "Kunshan Fasteners Co., Ltd.",
      registrationId: "91320583MA1TIER300",
      country: "CN",
      roles: ["EXPORTER"],
    }),
  );
  const registryAddress = await registry.getAddress();
  const invoices = (await ethers.deployContract("InvoiceRegistry", [
    registryAddress,
  ])) as unknown as InvoiceRegistry;
  const cnyToken = (await ethers.deployContract("DepositToken", [
    registryAddress,
    "Caravel CNY Deposit",
    "cCNY",
    "0x434e59",
    2,
  ])) as unknown as DepositToken;
  const vouchers = (await ethers.deployContract("PayableVoucher", [
    registryAddress,
    await invoices.getAddress(),
    2,
    GRACE_PERIOD,
  ])) as unknown as PayableVoucher;

  const obligor = memberSigner(consortium, "importer");
  const bank = memberSigner(consortium, "issuingBank");
  const otherBank = memberSigner(consortium, "advisingBank");
  for (const call of await voucherSetupCalls(vouchers, invoices, cnyToken)) await govern(call);
  for (const call of await obligorCalls(
    registry,
    vouchers,
    obligor.address,
    OBLIGOR_LIMIT,
    bank.address,
  )) {
    await govern(call);
  }

  const vouchersAddress = await vouchers.getAddress();
  for (const [who, amount] of [
    [obligor, cny(100_000_000)],
    [bank, cny(100_000_000)],
    [otherBank, cny(100_000_000)],
  ] as const) {
    await (await cnyToken.connect(bank).mint(who.address, amount, ethers.id("deposit"))).wait();
    await (await cnyToken.connect(who).approve(vouchersAddress, ethers.MaxUint256)).wait();
  }

  return {
    ...consortium,
    vouchers,
    invoices,
    cnyToken,
    obligor,
    tier1: memberSigner(consortium, "exporter"),
    tier2,
    tier3,
    bank,
    otherBank,
    carrier: memberSigner(consortium, "carrier"),
    stranger,
    govern,
  };
}

let invoiceSerial = 0;

/** An invoice's fingerprints, as the seller, a bank and the obligor each compute them. */
export interface Fingerprints {
  exact: string;
  identity: string;
}

/** An invoice the fixture registered: its registry id and the fingerprints it was registered by. */
export interface FixtureInvoice {
  id: string;
  fingerprints: Fingerprints;
}

/** Fingerprints of an invoice nobody registered yet. */
export function freshFingerprints(ethers: HardhatEthers): Fingerprints {
  invoiceSerial += 1;
  return {
    exact: ethers.id(`invoice ${invoiceSerial} exact`),
    identity: ethers.id(`invoice ${invoiceSerial} identity`),
  };
}

/**
 * Registers an invoice from `seller` (default: the tier-1 supplier): a fresh one, or the one with
 * `fingerprints` (a copy of another seller's, when that seller registered them already).
 */
export async function registerInvoice(
  world: VoucherWorld,
  ethers: HardhatEthers,
  seller: HardhatEthersSigner = world.tier1,
  fingerprints: Fingerprints = freshFingerprints(ethers),
): Promise<FixtureInvoice> {
  await (await world.invoices.connect(seller).register(fingerprints)).wait();
  return {
    id: await world.invoices.invoiceIdOf(seller.address, fingerprints.identity),
    fingerprints,
  };
}

/** Confirms a payable of `amount` maturing in `days` days to the tier-1 supplier for new invoices. */
export async function confirmPayable(
  world: VoucherWorld,
  ethers: HardhatEthers,
  amount: bigint,
  options: { days?: number; invoiceCount?: number } = {},
): Promise<{
  payableId: bigint;
  voucherId: bigint;
  maturity: bigint;
  invoices: FixtureInvoice[];
  invoiceIds: string[];
}> {
  const invoices: FixtureInvoice[] = [];
  for (let i = 0; i < (options.invoiceCount ?? 1); i += 1) {
    invoices.push(await registerInvoice(world, ethers));
  }
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const maturity = now + BigInt((options.days ?? 90) * DAY);
  const request = {
    supplier: world.tier1.address,
    amount,
    token: await world.cnyToken.getAddress(),
    maturity,
    invoices: invoices.map((i) => i.fingerprints),
  };
  const [payableId, voucherId] = await world.vouchers
    .connect(world.obligor)
    .confirm.staticCall(request);
  await (await world.vouchers.connect(world.obligor).confirm(request)).wait();
  return { payableId, voucherId, maturity, invoices, invoiceIds: invoices.map((i) => i.id) };
}
