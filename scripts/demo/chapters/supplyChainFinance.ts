/**
 * Demo chapter: supply-chain finance on open account. The core enterprise (Huangpu Medical, an
 * OBLIGOR by governance) confirms a CNY 10,000,000 payable at 90 days to its tier-1 supplier for
 * two registered invoices; tier 1 passes 3,000,000 to a tier-2 supplier, tier 2 passes 1,000,000
 * to tier 3, and tier 3 discounts all of it at a bank at 3.5 %; a second bank's attempt to
 * finance one of those invoices directly is refused; at maturity the core enterprise funds the
 * payable and one sweep pays every holder; the books balance.
 */
import { id } from "ethers";

import { executeGovernance, onboardingCall } from "../../../lib/chain/governance.ts";
import { invoiceFingerprints } from "../../../lib/trade/invoiceFingerprint.ts";
import type { PayableVoucher } from "../../../types/ethers-contracts/index.js";
import { discountPrice } from "../../../lib/trade/vouchers.ts";
import { type DemoContext, deployed, member } from "../DemoContext.ts";

/** The same fixed key the documents chapter uses: the consortium's, held off-chain. */
const DEMO_FINGERPRINT_KEY = id("caravel demo invoice fingerprint key");
const DAY = 86_400;

/** ERC-3525 `transferFrom(fromTokenId, to, value)`: a split to a new voucher of `to`. */
function split(vouchers: PayableVoucher, from: bigint, to: string, value: bigint) {
  const transferValue = vouchers["transferFrom(uint256,address,uint256)"];
  return transferValue(from, to, value);
}

/** "CNY 1,234.56" for an amount in fen. */
function cny(fen: bigint): string {
  const yuan = fen / 100n;
  const cents = (fen % 100n).toString().padStart(2, "0");
  return `CNY ${yuan.toLocaleString("en-US")}.${cents}`;
}

export async function supplyChainFinance(ctx: DemoContext): Promise<void> {
  const { ethers, networkHelpers } = ctx.connection;
  const signers = await ethers.getSigners();
  const coreEnterprise = member(ctx, "importer");
  const tier1 = member(ctx, "exporter");
  const bank = member(ctx, "issuingBank");
  const secondBank = member(ctx, "advisingBank");
  const [tier2, tier3] = [signers[16]!, signers[17]!];
  const names = new Map([
    [tier2.address.toLowerCase(), "Suzhou Precision Castings"],
    [tier3.address.toLowerCase(), "Kunshan Fasteners"],
  ]);
  const nameOf = (address: string) => names.get(address.toLowerCase()) ?? ctx.nameOf(address);

  const registry = await ethers.getContractAt("ConsortiumRegistry", deployed(ctx, "registry"));
  const invoices = await ethers.getContractAt("InvoiceRegistry", deployed(ctx, "invoiceRegistry"));
  const vouchers = await ethers.getContractAt("PayableVoucher", deployed(ctx, "payableVoucher"));
  const token = await ethers.getContractAt("DepositToken", deployed(ctx, "cnyDeposit"));
  const vouchersAddress = await vouchers.getAddress();
  const tokenAddress = await token.getAddress();

  ctx.timeline.chapter("Supply-chain finance: a core enterprise's payable, split down three tiers");
  const admins = [signers[0]!, signers[1]!];
  for (const [signer, name, registrationId] of [
    [tier2, "Suzhou Precision Castings Co., Ltd.", "91320500MA1TIER200"],
    [tier3, "Kunshan Fasteners Co., Ltd.", "91320583MA1TIER300"],
  ] as const) {
    await executeGovernance(
      registry,
      admins[0]!,
      admins.slice(1),
      await onboardingCall(registry, signer.address, {
        name,
        registrationId,
        country: "CN",
        roles: ["EXPORTER"],
      }),
    );
  }
  await ctx.timeline.note(
    "administrators",
    "onboard the tier-2 and tier-3 suppliers (Suzhou Precision Castings, Kunshan Fasteners) as EXPORTER members",
  );

  // Two invoices of the tier-1 supplier to the core enterprise.
  const invoice = (invoiceNumber: string, amount: string) =>
    invoiceFingerprints(
      {
        sellerTaxId: "GB 123 4567 89",
        buyerTaxId: "91310101MA1FPX1234",
        invoiceNumber,
        issueDate: "2026-06-01",
        amount,
        currency: "CNY",
      },
      DEMO_FINGERPRINT_KEY,
    );
  const first = invoice("API-2026/0601", "6,000,000.00");
  const second = invoice("API-2026/0602", "4,000,000.00");
  await ctx.timeline.step(
    "Albion Precision",
    "registers invoices API-2026/0601 (CNY 6,000,000) and API-2026/0602 (CNY 4,000,000) to Huangpu Medical",
    () => invoices.connect(tier1).register(first),
    () => invoices.connect(tier1).register(second),
  );

  const confirmedAt = (await ethers.provider.getBlock("latest"))!.timestamp;
  const maturity = BigInt(confirmedAt + 90 * DAY);
  const amount = 1_000_000_000n; // CNY 10,000,000.00
  await ctx.timeline.step(
    "Huangpu Medical",
    `confirms a payable of ${cny(amount)} at 90 days to Albion Precision for both invoices: voucher #1`,
    () =>
      vouchers.connect(coreEnterprise).confirm({
        supplier: tier1.address,
        amount,
        token: tokenAddress,
        maturity,
        invoices: [first, second],
      }),
  );
  const payableId = 1n;
  await ctx.timeline.step(
    "Albion Precision",
    `passes ${cny(300_000_000n)} to its tier-2 supplier Suzhou Precision Castings: voucher #2`,
    () => split(vouchers.connect(tier1), 1n, tier2.address, 300_000_000n),
  );
  await ctx.timeline.step(
    "Suzhou Precision",
    `passes ${cny(100_000_000n)} to its tier-3 supplier Kunshan Fasteners: voucher #3`,
    () => split(vouchers.connect(tier2), 2n, tier3.address, 100_000_000n),
  );

  // Tier 3 discounts all of its voucher at the bank at 3.5 %, actual/360 to maturity.
  await ctx.timeline.step(
    "Pudong Commercial Bank",
    "takes in a deposit of CNY 1,000,000 for discounting",
    () => token.connect(bank).mint(bank.address, 100_000_000n, id("scf discounting")),
    () => token.connect(bank).approve(vouchersAddress, 100_000_000n),
  );
  const offerExpires = BigInt(confirmedAt + 7 * DAY);
  await ctx.timeline.step(
    "Kunshan Fasteners",
    `offers all of voucher #3 (${cny(100_000_000n)}) to Pudong Commercial Bank at up to 3.5 % a year`,
    () => vouchers.connect(tier3).offerDiscount(3n, bank.address, 100_000_000n, 350, offerExpires),
  );
  const acceptAt = BigInt((await ethers.provider.getBlock("latest"))!.timestamp + 1);
  await networkHelpers.time.setNextBlockTimestamp(acceptAt);
  const quote = discountPrice(100_000_000n, 350n, maturity, acceptAt);
  const tier3Before = await token.balanceOf(tier3.address);
  await ctx.timeline.step(
    "Pudong Commercial Bank",
    `accepts at 3.5 % over ${quote.days} days: pays Kunshan Fasteners ${cny(quote.price)} and holds voucher #4`,
    () => vouchers.connect(bank).acceptDiscount(1n, 350),
  );
  const tier3Received = (await token.balanceOf(tier3.address)) - tier3Before;

  await ctx.timeline.refused(
    "Thames Trade Bank",
    "tries to finance invoice API-2026/0602 directly",
    () => invoices.connect(secondBank).finance(tier1.address, second),
    ctx.explain,
  );
  // Registrations are bound to their seller, so another member can register the same invoice
  // as its own; backing is recorded per fingerprint, so no bank can finance that copy either.
  await ctx.timeline.step(
    "Suzhou Precision",
    "registers a copy of invoice API-2026/0602 as its own",
    () => invoices.connect(tier2).register(second),
  );
  await ctx.timeline.refused(
    "Thames Trade Bank",
    "tries to finance the copy of invoice API-2026/0602 registered from Suzhou Precision's account",
    () => invoices.connect(secondBank).finance(tier2.address, second),
    ctx.explain,
  );

  const tree: string[] = [];
  const payable = await vouchers.payableOf(payableId);
  for (let v = payable.rootVoucher; v !== 0n;) {
    const voucher = await vouchers.voucher(v);
    tree.push(`#${v} ${nameOf(voucher.holder)} ${cny(voucher.value)} (from #${voucher.parent})`);
    v = voucher.next;
  }
  await ctx.timeline.note(
    "PayableVoucher",
    `split tree read from the contract: ${tree.join("; ")}`,
  );

  // Maturity: the core enterprise pays once; one sweep pays every holder.
  await networkHelpers.time.increaseTo(Number(maturity));
  const holders = [tier1, tier2, tier3, bank];
  const before = await Promise.all(holders.map((h) => token.balanceOf(h.address)));
  await ctx.timeline.step(
    "Pudong Commercial Bank",
    `takes in Huangpu Medical's deposit of ${cny(amount)}`,
    () => token.connect(bank).mint(coreEnterprise.address, amount, id("scf maturity")),
  );
  await ctx.timeline.step(
    "Huangpu Medical",
    `funds payable ${payableId} with ${cny(amount)} at maturity`,
    () => token.connect(coreEnterprise).approve(vouchersAddress, amount),
    () => vouchers.connect(coreEnterprise).fund(payableId, amount),
  );
  await ctx.timeline.step("Automation", "sweeps payable 1: pays every holder what it holds", () =>
    vouchers.sweep(payableId, 50),
  );
  const paid = (await Promise.all(holders.map((h) => token.balanceOf(h.address)))).map(
    (b, i) => b - before[i]!,
  );
  await ctx.timeline.note(
    "PayableVoucher",
    `paid ${holders.map((h, i) => `${nameOf(h.address)} ${cny(paid[i]!)}`).join(", ")}`,
  );
  const totalPaid = paid.reduce((a, b) => a + b, 0n);
  const settled = await vouchers.payableOf(payableId);
  await ctx.timeline.note(
    "books",
    `the books balance: confirmed ${cny(amount)} = funded ${cny(settled.funded)} = paid out ${cny(totalPaid)} ` +
      `(Albion ${cny(paid[0]!)} + Suzhou ${cny(paid[1]!)} + Pudong ${cny(paid[3]!)}); ` +
      `Kunshan was paid ${cny(tier3Received)} early by the bank, which earns ${cny(paid[3]! - tier3Received)} at maturity`,
  );
  if (totalPaid !== amount || settled.redeemed !== amount) {
    throw new Error(`the books do not balance: paid ${totalPaid} of ${amount}`);
  }
}
