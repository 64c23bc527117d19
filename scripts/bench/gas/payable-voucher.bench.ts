/**
 * Gas of the supply-chain finance vouchers (PayableVoucher), all-in (each transaction's gasUsed):
 * confirm, split to a new holder, whole transfer, merge, accept a discount, fund, redeem, and the
 * sweep per holder — each measured in a payable holding 10 vouchers and in one holding 10,000
 * (goal: the same within 1 %). The vouchers are made by VoucherBulkHolder, a supplier member that
 * splits through the contract's real `transferFrom` (200 per transaction).
 *
 * Baseline in the same run: Solv's ERC-3525 reference implementation (@solvprotocol/erc-3525, with
 * the OpenZeppelin 4 it needs) doing the same split to a new holder and whole transfer, with a slot
 * of 10,000 tokens too. Goal: Caravel's split and transfer, membership checks included, cost no
 * more than the reference's (ratio <= 1.0).
 *
 *   npx hardhat run scripts/bench/gas/payable-voucher.bench.ts     (or: npm run bench:gas)
 *
 * Prints one JSON object per line: {"bench","metric","value","unit"} and, where compared,
 * "baseline" and "ratio".
 */
import { id } from "ethers";
import { network } from "hardhat";

import {
  DEMO_ADMINISTRATOR_INDEXES,
  DEMO_APPROVAL_THRESHOLD,
  DEMO_MEMBERS,
} from "../../../lib/chain/demoConsortium.ts";
import { executeGovernance, onboardingCall } from "../../../lib/chain/governance.ts";
import { obligorCalls, voucherSetupCalls } from "../../../lib/chain/voucherGovernance.ts";

const SIZES = [10, 10_000] as const;
const FILL_BATCH = 200;
const DAY = 86_400;
const BENCH = "payable-voucher";

const { ethers, networkHelpers } = await network.create();
const signers = await ethers.getSigners();
const admins = DEMO_ADMINISTRATOR_INDEXES.map((i) => signers[i]!);
const member = (key: string) => signers[DEMO_MEMBERS.find((m) => m.key === key)!.accountIndex]!;

function emit(metric: string, value: bigint, baseline?: bigint): void {
  const line: Record<string, string | number> = {
    bench: BENCH,
    metric,
    value: Number(value),
    unit: "gas",
  };
  if (baseline !== undefined) {
    line["baseline"] = Number(baseline);
    line["ratio"] = Number(((Number(value) / Number(baseline)) * 1e6).toFixed(0)) / 1e6;
  }
  console.log(JSON.stringify(line));
}

async function gasOf(
  tx: Promise<{ wait: () => Promise<{ gasUsed: bigint } | null> }>,
): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("no receipt");
  return receipt.gasUsed;
}

// ---- the consortium, the registries, the token, the vouchers
const registry = await ethers.deployContract("ConsortiumRegistry", [
  admins.map((a) => a.address),
  DEMO_APPROVAL_THRESHOLD,
]);
const govern = (call: { target: string; data: string; description: string }) =>
  executeGovernance(registry, admins[0]!, admins.slice(1), call);
for (const m of DEMO_MEMBERS) {
  await govern(await onboardingCall(registry, signers[m.accountIndex]!.address, m));
}
const registryAddress = await registry.getAddress();
const invoices = await ethers.deployContract("InvoiceRegistry", [registryAddress]);
const token = await ethers.deployContract("DepositToken", [
  registryAddress,
  "Caravel CNY Deposit",
  "cCNY",
  "0x434e59",
  2,
]);
const vouchers = await ethers.deployContract("PayableVoucher", [
  registryAddress,
  await invoices.getAddress(),
  2,
  5 * DAY,
]);
const vouchersAddress = await vouchers.getAddress();
const obligor = member("importer");
const tier1 = member("exporter");
const banks = [member("issuingBank"), member("advisingBank")];
for (const call of await voucherSetupCalls(vouchers, invoices, token)) await govern(call);
for (const call of await obligorCalls(registry, vouchers, obligor.address, 10n ** 30n)) {
  await govern(call);
}
const holder = await ethers.deployContract("VoucherBulkHolder", [vouchersAddress]);
const holderAddress = await holder.getAddress();
// Fresh recipients for "split to a new holder", one per size; a bulk supplier holding the bulk.
const freshSuppliers = [signers[16]!, signers[17]!];
for (const [account, name] of [
  [holderAddress, "Bulk Supplier"],
  [freshSuppliers[0]!.address, "Tier-2 Supplier A"],
  [freshSuppliers[1]!.address, "Tier-2 Supplier B"],
] as const) {
  await govern(
    await onboardingCall(registry, account, {
      name,
      registrationId: `BENCH-${name.replaceAll(" ", "-")}`,
      country: "CN",
      roles: ["EXPORTER"],
    }),
  );
}

// Money everywhere it will be paid, so no measured transfer creates a balance from zero.
const minter = banks[0]!;
for (const account of [obligor, tier1, ...banks]) {
  await (await token.connect(minter).mint(account.address, 10n ** 15n, id("bench"))).wait();
  await (await token.connect(account).approve(vouchersAddress, ethers.MaxUint256)).wait();
}
await (await token.connect(minter).mint(holderAddress, 1n, id("bench"))).wait();

let invoiceSerial = 0;
async function confirmToHolder(amount: bigint, maturity: bigint) {
  invoiceSerial += 1;
  const fingerprints = {
    exact: id(`bench invoice ${invoiceSerial}`),
    identity: id(`bench identity ${invoiceSerial}`),
  };
  await (await holder.registerInvoice(await invoices.getAddress(), fingerprints)).wait();
  const request = {
    supplier: holderAddress,
    amount,
    token: await token.getAddress(),
    maturity,
    invoices: [fingerprints],
  };
  const [payableId, voucherId] = await vouchers.connect(obligor).confirm.staticCall(request);
  const gas = await gasOf(vouchers.connect(obligor).confirm(request));
  return { payableId, voucherId, gas };
}

const start = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
const maturity = start + BigInt(90 * DAY);
// A warm-up payable: counters, the contract's token balance and the obligor's outstanding exist.
const warmUp = await confirmToHolder(1_000n, maturity);
await (await vouchers.connect(obligor).fund(warmUp.payableId, 1n)).wait();

interface Measured {
  confirm: bigint;
  split: bigint;
  wholeTransfer: bigint;
  merge: bigint;
  acceptDiscount: bigint;
  fund: bigint;
  redeem: bigint;
  sweepPerHolder: bigint;
}
const results = new Map<number, Measured>();
const payables: { size: number; payableId: bigint; a: bigint; amount: bigint }[] = [];
const partial: Partial<Record<number, Partial<Measured>>> = {};

for (const [i, size] of SIZES.entries()) {
  const amount = 10n ** 12n;
  const { payableId, voucherId: root, gas: confirm } = await confirmToHolder(amount, maturity);
  // The bulk: size - 5 vouchers of 1 fen each, split off the root by the bulk supplier.
  for (let made = 0; made < size - 5; made += FILL_BATCH) {
    await (await holder.splitMany(root, Math.min(FILL_BATCH, size - 5 - made), 1n)).wait();
  }
  // Three vouchers for the tier-1 supplier, whose operations are measured.
  const [a, b, c] = [root + BigInt(size - 4), root + BigInt(size - 3), root + BigInt(size - 2)];
  for (const value of [10n ** 9n, 10n ** 6n, 10n ** 6n]) {
    await (await holder.split(root, tier1.address, value)).wait();
  }
  for (const v of [a, b, c]) {
    if ((await vouchers.ownerOf(v)) !== tier1.address)
      throw new Error(`voucher ${v} is not tier 1's`);
  }
  const t1 = vouchers.connect(tier1);
  const split = await gasOf(
    t1["transferFrom(uint256,address,uint256)"](a, freshSuppliers[i]!.address, 10n ** 6n),
  );
  const wholeTransfer = await gasOf(t1.transferVoucher(b, holderAddress));
  const merge = await gasOf(t1.merge(c, a));
  const bank = banks[i]!;
  const expiresAt = BigInt((await ethers.provider.getBlock("latest"))!.timestamp + DAY);
  await (await t1.offerDiscount(a, bank.address, 10n ** 6n, 350, expiresAt)).wait();
  const { offers } = await vouchers.counts();
  const acceptDiscount = await gasOf(vouchers.connect(bank).acceptDiscount(offers, 350));
  const fund = await gasOf(vouchers.connect(obligor).fund(payableId, amount));
  const { vouchers: count } = await vouchers.counts();
  partial[size] = { confirm, split, wholeTransfer, merge, acceptDiscount, fund };
  payables.push({ size, payableId, a, amount });
  void count;
}

await networkHelpers.time.increaseTo(Number(maturity));
for (const { size, payableId, a } of payables) {
  const redeem = await gasOf(vouchers.connect(tier1).redeem(a));
  const sweep = await gasOf(vouchers.sweep(payableId, 10));
  results.set(size, { ...(partial[size] as Measured), redeem, sweepPerHolder: sweep / 10n });
}

const labels: Record<keyof Measured, string> = {
  confirm: "confirm (1 invoice)",
  split: "split to a new holder",
  wholeTransfer: "whole transfer",
  merge: "merge",
  acceptDiscount: "accept a discount",
  fund: "fund",
  redeem: "redeem",
  sweepPerHolder: "sweep, per holder (batch of 10)",
};
const small = results.get(SIZES[0])!;
const large = results.get(SIZES[1])!;
for (const key of Object.keys(labels) as (keyof Measured)[]) {
  emit(`${labels[key]}, 10 vouchers in the slot`, small[key]);
  emit(`${labels[key]}, 10,000 vouchers in the slot (baseline: 10)`, large[key], small[key]);
}

// ---- the baseline: Solv's ERC-3525 reference, a slot of 10,000 tokens
const solv = await ethers.deployContract("SolvErc3525Baseline");
const slot = 1n;
await (await solv.mint(tier1.address, slot, 10n ** 12n)).wait();
const solvRoot = 1n;
const solvT1 = solv.connect(tier1);
// The reference's mint writes far more storage than a voucher split: fewer per transaction.
const SOLV_FILL_BATCH = 40;
for (let made = 0; made < SIZES[1] - 4; made += SOLV_FILL_BATCH) {
  await (
    await solv.mintMany(tier1.address, slot, Math.min(SOLV_FILL_BATCH, SIZES[1] - 4 - made))
  ).wait();
}
const solvSplit = await gasOf(
  solvT1["transferFrom(uint256,address,uint256)"](solvRoot, signers[18]!.address, 10n ** 6n),
);
const solvWhole = await gasOf(
  solvT1["transferFrom(address,address,uint256)"](
    tier1.address,
    signers[19]!.address,
    solvRoot + 1n,
  ),
);
await (
  await solvT1["transferFrom(address,address,uint256)"](
    tier1.address,
    signers[19]!.address,
    solvRoot + 2n,
  )
).wait();
const solvWholeToHolder = await gasOf(
  solvT1["transferFrom(address,address,uint256)"](
    tier1.address,
    signers[19]!.address,
    solvRoot + 3n,
  ),
);
emit("Solv ERC-3525 reference: split to a new holder, 10,000 tokens in the slot", solvSplit);
emit("Solv ERC-3525 reference: whole transfer to a new holder", solvWhole);
emit("Solv ERC-3525 reference: whole transfer to an existing holder", solvWholeToHolder);
emit("split to a new holder vs the Solv reference (10,000 in the slot)", large.split, solvSplit);
emit(
  "whole transfer to an existing holder vs the Solv reference",
  large.wholeTransfer,
  solvWholeToHolder,
);
