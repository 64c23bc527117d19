/**
 * The trading day's product rows (scripts/bench/day/mix.ts) run a handful of units against the
 * in-process chain with the whole platform deployed, as `npm run bench:day` runs them, and each
 * product ends in its final state. Customs at destination is the real CustomsOracle: a report
 * signed by three of the demo committee (what the five nodes do in the bench).
 */
import { expect } from "chai";
import hre from "hardhat";
import {
  type Abi,
  type Address,
  decodeFunctionResult,
  encodeFunctionData,
  type Hex,
  keccak256,
  type Log,
  numberToHex,
  toHex,
} from "viem";

import { demoMember } from "../../lib/chain/demoConsortium.ts";
import type { MemberRoleName } from "../../lib/chain/roles.ts";
import { shipmentRefOf } from "../../lib/trade/billOfLading.ts";
import { CommitmentStatus, LcStatus, OrderStatus } from "../../lib/trade/enums.ts";
import { AdvanceStatus } from "../../lib/trade/preShipmentAdvance.ts";
import { orderNumberBytes } from "../../lib/trade/purchaseOrder.ts";
import { DEV_CARRIER_CODE, localCarriers } from "../../oracle/cli/localNetwork.ts";
import {
  type CustomsJourney,
  DAY_ACTIVITIES,
  type DayActivity,
  type DayContext,
  onboardInBatches,
  warmPools,
} from "../../scripts/bench/day/mix.ts";
import { deployCaravel } from "../../scripts/dev/deployCaravel.ts";
import { customsDomain, customsEvent, signReportWith } from "../oracle/helpers/customsReport.ts";

const connection = await hre.network.create();
const { ethers, networkHelpers, provider } = connection;

const CONTRACTS: Record<string, string> = {
  registry: "ConsortiumRegistry",
  billOfLading: "BillOfLading",
  customsOracle: "CustomsOracle",
  letterOfCredit: "LetterOfCredit",
  certificateOfOrigin: "CertificateOfOriginRegistry",
  usdDeposit: "DepositToken",
  invoiceRegistry: "InvoiceRegistry",
  purchaseOrder: "PurchaseOrder",
  payableVoucher: "PayableVoucher",
  cnyDeposit: "DepositToken",
  paymentCommitment: "PaymentCommitment",
  preShipmentAdvance: "PreShipmentAdvance",
};

type Pool = Exclude<keyof DayContext["accounts"], "admins">;
const POOLS: Record<Pool, { size: number; role: MemberRoleName }> = {
  carriers: { size: 2, role: "CARRIER" },
  exporters: { size: 2, role: "EXPORTER" },
  importers: { size: 2, role: "IMPORTER" },
  banks: { size: 2, role: "BANK" },
  chambers: { size: 1, role: "CHAMBER" },
  coreEnterprises: { size: 1, role: "IMPORTER" },
  suppliers: { size: 3, role: "EXPORTER" },
};

function activity(name: string): DayActivity {
  const found = DAY_ACTIVITIES.find((a) => a.name === name);
  if (found === undefined) throw new Error(`the day has no "${name}" row`);
  return found;
}

async function request(method: string, params: unknown[]): Promise<unknown> {
  return provider.request({ method, params });
}

/** The platform deployed, the pools onboarded and each row's setup run: what day.ts does. */
async function dayContext(): Promise<DayContext> {
  const addresses = (await deployCaravel(connection)) as Record<string, Address>;
  const abis: Record<string, Abi> = {};
  for (const [key, name] of Object.entries(CONTRACTS)) {
    abis[key] = (await hre.artifacts.readArtifact(name)).abi as Abi;
  }
  const signers = await ethers.getSigners();
  const admins = [signers[0]!.address, signers[1]!.address] as Address[];
  const pools = Object.fromEntries(
    Object.entries(POOLS).map(([pool, { size }]) => [
      pool,
      Array.from(
        { length: size },
        (_, i) => `0x${keccak256(toHex(`day-mix-test:${pool}:${i}`)).slice(-40)}` as Address,
      ),
    ]),
  ) as Record<Pool, Address[]>;
  const carrier = localCarriers()[DEV_CARRIER_CODE]!;
  for (const account of [...Object.values(pools).flat(), carrier]) {
    await request("hardhat_impersonateAccount", [account]);
    await request("hardhat_setBalance", [account, numberToHex(10n ** 22n)]);
  }
  const send: DayContext["send"] = async (tx) =>
    (await request("eth_sendTransaction", [
      { from: tx.from, to: tx.to, data: tx.data, gas: numberToHex(tx.gas) },
    ])) as Hex;
  const read = async <T>(contract: string, functionName: string, args: readonly unknown[]) => {
    const abi = abis[contract]!;
    const data = encodeFunctionData({ abi, functionName, args } as Parameters<
      typeof encodeFunctionData
    >[0]);
    const result = (await request("eth_call", [
      { to: addresses[contract], data },
      "latest",
    ])) as Hex;
    return decodeFunctionResult({ abi, functionName, data: result } as Parameters<
      typeof decodeFunctionResult
    >[0]) as T;
  };
  const oracle = await ethers.getContractAt("CustomsOracle", addresses["customsOracle"]!);
  const committee = [1, 2, 3].map((n) => signers[demoMember(`oracle${n}`).accountIndex]!);
  const ctx: DayContext = {
    addresses,
    abis,
    accounts: { admins, ...pools },
    send,
    record: () => undefined,
    read,
    chainTime: async () => (await ethers.provider.getBlock("latest"))!.timestamp,
    async waitForChainTime(time) {
      while ((await ethers.provider.getBlock("latest"))!.timestamp < time) {
        await request("evm_mine", []);
      }
    },
    logsOf: async (hash) =>
      ((await request("eth_getTransactionReceipt", [hash])) as { logs: Log[] }).logs,
    customs: {
      carrier: { code: DEV_CARRIER_CODE, address: carrier },
      // The committee's report: declared, loaded and departed at the port of loading; arrived,
      // declared and cleared at the port of discharge.
      async clear(journeys: readonly CustomsJourney[]) {
        const head = await ethers.provider.getBlock("latest");
        const now = head!.timestamp;
        const events = journeys.flatMap((j) => {
          const ref = shipmentRefOf(j.carrier, j.blNumber);
          return [
            customsEvent(ref, "DeclarationAccepted", now - 600, j.portOfLoading),
            customsEvent(ref, "Loaded", now - 500, j.portOfLoading),
            customsEvent(ref, "Departed", now - 400, j.portOfLoading),
            customsEvent(ref, "Arrived", now - 180, j.portOfDischarge),
            customsEvent(ref, "DeclarationAccepted", now - 120, j.portOfDischarge),
            customsEvent(ref, "Cleared", now - 60, j.portOfDischarge),
          ];
        });
        const [, , epoch] = await oracle.committee();
        const sequence = (await oracle.lastSequence()) + 1n;
        const { chainId } = await ethers.provider.getNetwork();
        const report = { epoch, sequence, events };
        const signatures = await signReportWith(
          committee,
          customsDomain(chainId, await oracle.getAddress()),
          report,
        );
        await (
          await oracle.connect(committee[0]!).submitReport(epoch, sequence, events, signatures)
        ).wait();
      },
    },
  };
  // The pools onboarded as day.ts onboards them.
  await onboardInBatches(
    ctx,
    Object.entries(pools).flatMap(([pool, accounts]) =>
      accounts.map((account, i) => ({
        account,
        member: {
          name: `Day test ${pool} ${i}`,
          registrationId: `DAY-TEST-${pool}-${i}`,
          country: "SG",
          roles: [POOLS[pool as Pool].role],
        },
      })),
    ),
  );
  // A day of 5 units per row: the vouchers' setup confirms 5 payables maturing today.
  for (const row of DAY_ACTIVITIES) await row.setup?.(ctx, 5);
  return ctx;
}

describe("the trading day's product rows (scripts/bench/day/mix.ts)", function () {
  this.timeout(300_000);

  it("settles every documentary credit of two slices, repaying the advances drawn on them first and paying each exporter from escrow", async function () {
    const ctx = await networkHelpers.loadFixture(dayContext);
    const lc = await ethers.getContractAt("LetterOfCredit", ctx.addresses["letterOfCredit"]!);
    const usd = await ethers.getContractAt("DepositToken", ctx.addresses["usdDeposit"]!);
    const advance = await ethers.getContractAt(
      "PreShipmentAdvance",
      ctx.addresses["preShipmentAdvance"]!,
    );
    const firstAdvance = await advance.advanceCount();
    const before = await Promise.all(ctx.accounts.exporters.map((e) => usd.balanceOf(e)));
    const credits = activity("documentary credits");
    const first = Number(await lc.creditCount());
    await credits.run(ctx, 0, 2);
    await credits.run(ctx, 2, 5);

    expect(await lc.creditCount()).to.equal(BigInt(first + 5));
    let drawn = 0n;
    for (let id = first + 1; id <= first + 5; id++) {
      expect(await lc.status(id), `credit ${id}`).to.equal(BigInt(LcStatus.Closed));
      drawn += (await lc.terms(id)).amount; // a USD credit escrowed in USD deposits: 1:1
    }
    // Unit 2 took an advance: drawn in its three tranches, repaid out of the settlement.
    expect(await advance.advanceCount()).to.equal(firstAdvance + 1n);
    const advanced = await advance.advance(firstAdvance + 1n);
    expect(advanced.status).to.equal(BigInt(AdvanceStatus.Repaid));
    expect(advanced.releasedMask).to.equal(0b111n);
    const after = await Promise.all(ctx.accounts.exporters.map((e) => usd.balanceOf(e)));
    const received = after.reduce((sum, b, i) => sum + b - before[i]!, 0n);
    expect(advanced.principalRepaid).to.be.greaterThan(0n);
    // The exporters received every credit's amount: the advance's principal as tranches before
    // settlement, which repaid it to the bank (no interest accrues within the day), the rest then.
    expect(drawn).to.be.greaterThan(0n);
    expect(received).to.equal(drawn);
  });

  it("onboards every member of two onboarding slices run at once, each proposal approved under its own id", async function () {
    const ctx = await networkHelpers.loadFixture(dayContext);
    const registry = await ethers.getContractAt("ConsortiumRegistry", ctx.addresses["registry"]!);
    const proposalsBefore = await registry.proposalCount();
    // day.ts runs a part up to a slice ahead of the slowest: two slices of one row at once.
    await Promise.all([
      activity("onboarding").run(ctx, 0, 200),
      activity("onboarding").run(ctx, 200, 400),
    ]);

    expect(await registry.proposalCount()).to.equal(proposalsBefore + 4n);
    for (let id = proposalsBefore + 1n; id <= proposalsBefore + 4n; id++) {
      expect((await registry.proposal(id)).executed, `proposal ${id}`).to.equal(true);
    }
    for (let n = 0; n < 400; n++) {
      const account = `0x${keccak256(toHex(`caravel-day-member:${n}`)).slice(-40)}`;
      expect(await registry.isActiveMember(account), `member ${n}`).to.equal(true);
    }
  });

  it("issues purchase orders and leaves each accepted, declined, amended or cancelled by its share", async function () {
    const ctx = await networkHelpers.loadFixture(dayContext);
    const po = await ethers.getContractAt("PurchaseOrder", ctx.addresses["purchaseOrder"]!);
    const first = Number(await po.orderCount());
    // Units 0..59 hold every share: 7, 27, 47 declined; 3, 13, ... amended; 11 cancelled.
    await activity("purchase orders").run(ctx, 0, 30);
    await activity("purchase orders").run(ctx, 30, 60);

    expect(await po.orderCount()).to.equal(BigInt(first + 60));
    const statusOf = async (n: number) => {
      const id = await po.orderIdOf(
        ctx.accounts.importers[n % ctx.accounts.importers.length]!,
        orderNumberBytes(`DAY-PO-${n}`),
      );
      return { id, status: Number(await po.orderStatus(id)) };
    };
    for (const n of [7, 27, 47]) {
      expect((await statusOf(n)).status, `order ${n}`).to.equal(OrderStatus.Declined);
    }
    expect((await statusOf(11)).status).to.equal(OrderStatus.Cancelled);
    for (const n of [0, 1, 3, 13, 59]) {
      expect((await statusOf(n)).status, `order ${n}`).to.equal(OrderStatus.Accepted);
    }
    const amended = await po.order((await statusOf(13)).id);
    expect(amended.amendments).to.equal(1n);
    expect(amended.terms.amount).to.equal((21_000n + 13n * 100n) * 100n);
  });

  it("pays every voucher of a payable at maturity: tiers split, a share discounted, the rest swept", async function () {
    const ctx = await networkHelpers.loadFixture(dayContext);
    const vouchers = await ethers.getContractAt("PayableVoucher", ctx.addresses["payableVoucher"]!);
    const [firstPayable] = await vouchers.counts();
    const row = activity("vouchers");
    // Units 0..3: tier 3 for 0 and 2, discounted 0..2, a holder's own redemption for 1.
    await row.run(ctx, 0, 2);
    await row.run(ctx, 2, 4);

    // Four of the five payables maturing today (confirmed in setup) are paid in full.
    const [payables, , offers] = await vouchers.counts();
    expect(payables).to.equal(firstPayable + 4n);
    expect(offers).to.be.greaterThanOrEqual(3n);
    const paid: bigint[] = [];
    for (let id = firstPayable - 4n; id <= firstPayable; id++) {
      const payable = await vouchers.payableOf(id);
      if (payable.redeemed !== 0n) paid.push(id);
    }
    expect(paid).to.have.length(4);
    for (const id of paid) {
      const payable = await vouchers.payableOf(id);
      expect(payable.funded, `payable ${id}`).to.equal(payable.amount);
      expect(payable.redeemed, `payable ${id}`).to.equal(payable.amount);
      // Every voucher of the payable is paid out: none has anything left to claim.
      for (let v = payable.rootVoucher; v !== 0n; v = (await vouchers.voucher(v)).next) {
        expect(await vouchers.claimable(v), `voucher ${v}`).to.equal(0n);
      }
    }
  });

  it("makes every payment commitment irrevocable on documents matching its order, issuing the bank's voucher to the exporter", async function () {
    const ctx = await networkHelpers.loadFixture(dayContext);
    const pc = await ethers.getContractAt("PaymentCommitment", ctx.addresses["paymentCommitment"]!);
    const po = await ethers.getContractAt("PurchaseOrder", ctx.addresses["purchaseOrder"]!);
    const vouchers = await ethers.getContractAt("PayableVoucher", ctx.addresses["payableVoucher"]!);
    const firstOrder = await po.orderCount();
    await activity("payment commitments").run(ctx, 0, 2);
    await activity("payment commitments").run(ctx, 2, 3);

    expect(await po.orderCount()).to.equal(firstOrder + 3n);
    for (let orderId = firstOrder + 1n; orderId <= firstOrder + 3n; orderId++) {
      const commitment = await pc.commitment(orderId);
      expect(commitment.status, `order ${orderId}`).to.equal(BigInt(CommitmentStatus.Irrevocable));
      const voucher = await vouchers.voucher(commitment.voucherId);
      expect(voucher.holder).to.equal((await po.order(orderId)).terms.exporter);
      expect(voucher.value).to.equal(commitment.amount);
    }
  });

  it("warms the pools before the day: every trading member holds deposits and a voucher, every bank a voucher, a credit stays open with its advance funded, through a day's credits and vouchers", async function () {
    const ctx = await networkHelpers.loadFixture(dayContext);
    const at = (name: string) => ctx.addresses[name]!;
    const usd = await ethers.getContractAt("DepositToken", at("usdDeposit"));
    const cny = await ethers.getContractAt("DepositToken", at("cnyDeposit"));
    const vouchers = await ethers.getContractAt("PayableVoucher", at("payableVoucher"));
    const lc = await ethers.getContractAt("LetterOfCredit", at("letterOfCredit"));
    const advance = await ethers.getContractAt("PreShipmentAdvance", at("preShipmentAdvance"));
    const po = await ethers.getContractAt("PurchaseOrder", at("purchaseOrder"));
    const warm = await warmPools(ctx);

    /** What the warm-up claims, read from the chain; checked before the day's rows and after. */
    const expectWarm = async () => {
      expect(warm.tradingMembers).to.deep.equal([
        ...ctx.accounts.exporters,
        ...ctx.accounts.suppliers,
      ]);
      for (const [i, member] of warm.tradingMembers.entries()) {
        expect(await usd.balanceOf(member), `USD of ${member}`).to.be.greaterThan(0n);
        expect(await cny.balanceOf(member), `CNY of ${member}`).to.be.greaterThan(0n);
        const payable = await vouchers.payableOf(warm.payables[i]!);
        const root = await vouchers.voucher(payable.rootVoucher);
        expect(root.holder.toLowerCase(), `voucher of ${member}`).to.equal(member.toLowerCase());
        expect(root.value, `voucher of ${member}`).to.be.greaterThan(0n);
      }
      expect([...warm.bankVouchers.keys()]).to.deep.equal(ctx.accounts.banks);
      for (const [bank, voucherId] of warm.bankVouchers) {
        const held = await vouchers.voucher(voucherId);
        expect(held.holder.toLowerCase(), `voucher of bank ${bank}`).to.equal(bank.toLowerCase());
        expect(held.value, `voucher of bank ${bank}`).to.be.greaterThan(0n);
      }
      const funded = await vouchers.payableOf(warm.fundedPayable);
      expect(funded.funded).to.be.greaterThan(0n);
      expect(funded.redeemed).to.equal(0n);
      expect(await cny.balanceOf(at("payableVoucher"))).to.be.at.least(funded.funded);
      expect(await lc.status(warm.openCredit)).to.equal(BigInt(LcStatus.Advised));
      const open = await lc.openCreditCount();
      const listed: bigint[] = [];
      for (let i = 0n; i < open; i++) listed.push(await lc.openCreditAt(i));
      expect(listed).to.include(warm.openCredit);
      expect(await usd.balanceOf(at("letterOfCredit"))).to.be.greaterThan(0n);
      const advanced = await advance.advance(warm.fundedAdvance);
      expect(advanced.status).to.equal(BigInt(AdvanceStatus.Funded));
      expect(advanced.sourceId).to.equal(warm.openCredit);
      expect(await usd.balanceOf(at("preShipmentAdvance"))).to.be.at.least(advanced.escrowed);
      expect(advanced.escrowed).to.be.greaterThan(0n);
      expect((await po.order(warm.acceptedOrder)).status).to.equal(BigInt(OrderStatus.Accepted));
    };
    await expectWarm();
    // The day's own credits settle and its payables maturing today are paid in full; nothing of
    // the warm-up matures, ships or settles, so every member keeps what it held.
    await activity("documentary credits").run(ctx, 0, 3);
    await activity("vouchers").run(ctx, 0, 3);
    await expectWarm();
  });
});
