/**
 * Fuzzed invariants of the voucher contract (fast-check drives random operation sequences
 * against the contract on the in-process chain; a failure shrinks to the shortest sequence):
 *   - for every payable, the value of its vouchers plus the value redeemed equals the amount
 *     confirmed: split, value transfer, merge, whole transfer and discount create or destroy none;
 *   - redemptions never exceed what was funded, and the contract holds exactly the difference;
 *   - partial funding is shared pro rata: every voucher is paid the same fraction of its value;
 *   - a discount moves exactly the agreed price from the bank to the holder;
 *   - an invoice backs at most one payable, and is never both financed and backing a payable,
 *     whichever seller's registration of it (or of a copy altered in amount) is named.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";

import { discountPrice } from "../../lib/trade/vouchers.ts";
import {
  confirmPayable,
  DAY,
  deployVoucherWorld,
  type FixtureInvoice,
  registerInvoice,
  type VoucherWorld,
} from "./voucherFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

async function world(): Promise<VoucherWorld> {
  return deployVoucherWorld(ethers);
}

/** Parts of a 1..1000 per-mille fraction. */
const perMille = fc.integer({ min: 1, max: 1000 });

type BeforeMaturity =
  | { kind: "split"; from: number; to: number; part: number }
  | { kind: "move"; from: number; to: number; part: number }
  | { kind: "merge"; from: number; to: number }
  | { kind: "whole"; voucher: number; to: number }
  | { kind: "discount"; voucher: number; part: number; rateBps: number }
  | { kind: "fund"; part: number };
type AfterMaturity =
  | { kind: "fund"; part: number }
  | { kind: "redeem"; voucher: number }
  | { kind: "sweep"; batch: number };

const beforeMaturity: fc.Arbitrary<BeforeMaturity> = fc.oneof(
  fc.record({ kind: fc.constant("split" as const), from: fc.nat(), to: fc.nat(), part: perMille }),
  fc.record({ kind: fc.constant("move" as const), from: fc.nat(), to: fc.nat(), part: perMille }),
  fc.record({ kind: fc.constant("merge" as const), from: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant("whole" as const), voucher: fc.nat(), to: fc.nat() }),
  fc.record({
    kind: fc.constant("discount" as const),
    voucher: fc.nat(),
    part: perMille,
    rateBps: fc.integer({ min: 0, max: 2_000 }),
  }),
  fc.record({ kind: fc.constant("fund" as const), part: perMille }),
);
const afterMaturity: fc.Arbitrary<AfterMaturity> = fc.oneof(
  fc.record({ kind: fc.constant("fund" as const), part: perMille }),
  fc.record({ kind: fc.constant("redeem" as const), voucher: fc.nat() }),
  fc.record({ kind: fc.constant("sweep" as const), batch: fc.integer({ min: 1, max: 4 }) }),
);

function holders(w: VoucherWorld): HardhatEthersSigner[] {
  return [w.tier1, w.tier2, w.tier3, w.bank];
}

async function voucherIds(w: VoucherWorld): Promise<bigint[]> {
  const { vouchers } = await w.vouchers.counts();
  return Array.from({ length: Number(vouchers) }, (_, i) => BigInt(i + 1));
}

async function holderOf(w: VoucherWorld, id: bigint): Promise<HardhatEthersSigner> {
  const holder = await w.vouchers.ownerOf(id);
  const signer = [...holders(w)].find((s) => s.address === holder);
  if (signer === undefined) throw new Error(`voucher ${id} is held by an unexpected ${holder}`);
  return signer;
}

function pick<T>(list: readonly T[], index: number): T {
  return list[index % list.length]!;
}

async function expectConserved(w: VoucherWorld, payableId: bigint): Promise<void> {
  const payable = await w.vouchers.payableOf(payableId);
  let live = 0n;
  for (const id of await voucherIds(w)) live += await w.vouchers["balanceOf(uint256)"](id);
  expect(live + payable.redeemed, "live value + redeemed = confirmed").to.equal(payable.amount);
  expect(payable.redeemed <= payable.funded, "redeemed <= funded").to.equal(true);
  expect(await w.cnyToken.balanceOf(await w.vouchers.getAddress())).to.equal(
    payable.funded - payable.redeemed,
  );
}

describe("PayableVoucher invariants (fuzzed)", function () {
  it("conserves value, never pays out more than funded, shares funding pro rata, and moves exactly the discount price", async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1_000n, max: 5_000_000_000n }),
        fc.array(beforeMaturity, { maxLength: 10 }),
        fc.array(afterMaturity, { maxLength: 8 }),
        async (amount, before, after) => {
          const w = await networkHelpers.loadFixture(world);
          const { payableId, maturity } = await confirmPayable(w, ethers, amount, { days: 30 });
          const fund = async (part: number) => {
            const p = await w.vouchers.payableOf(payableId);
            const value = ((p.amount - p.funded) * BigInt(part)) / 1000n;
            if (value === 0n) return;
            await (await w.vouchers.connect(w.obligor).fund(payableId, value)).wait();
          };

          for (const op of before) {
            const ids = await voucherIds(w);
            if (op.kind === "fund") {
              await fund(op.part);
            } else if (op.kind === "split" || op.kind === "move") {
              const from = pick(ids, op.from);
              const holder = await holderOf(w, from);
              const value =
                ((await w.vouchers["balanceOf(uint256)"](from)) * BigInt(op.part)) / 1000n;
              if (value === 0n) continue;
              const v = w.vouchers.connect(holder);
              if (op.kind === "split") {
                const to = pick(holders(w), op.to);
                await (
                  await v["transferFrom(uint256,address,uint256)"](from, to.address, value)
                ).wait();
              } else {
                const to = pick(ids, op.to);
                if (to === from) continue;
                await (await v["transferFrom(uint256,uint256,uint256)"](from, to, value)).wait();
              }
            } else if (op.kind === "merge") {
              const from = pick(ids, op.from);
              const holder = await holderOf(w, from);
              const mine: bigint[] = [];
              for (const id of ids)
                if ((await w.vouchers.ownerOf(id)) === holder.address) mine.push(id);
              const to = pick(mine, op.to);
              if (to === from || (await w.vouchers["balanceOf(uint256)"](from)) === 0n) continue;
              await (await w.vouchers.connect(holder).merge(from, to)).wait();
            } else if (op.kind === "whole") {
              const id = pick(ids, op.voucher);
              const holder = await holderOf(w, id);
              const to = pick(holders(w), op.to);
              await (await w.vouchers.connect(holder).transferVoucher(id, to.address)).wait();
            } else {
              const id = pick(ids, op.voucher);
              const holder = await holderOf(w, id);
              if (holder === w.bank) continue;
              const value =
                ((await w.vouchers["balanceOf(uint256)"](id)) * BigInt(op.part)) / 1000n;
              if (value === 0n) continue;
              const expiresAt = BigInt(await time.latest()) + BigInt(DAY);
              await (
                await w.vouchers
                  .connect(holder)
                  .offerDiscount(id, w.bank.address, value, op.rateBps, expiresAt)
              ).wait();
              const offerId = (await w.vouchers.counts()).offers;
              const at = BigInt(await time.latest()) + 1n;
              await time.setNextBlockTimestamp(at);
              const [price] = await w.vouchers.discountPrice(payableId, value, op.rateBps, at);
              // The chain's price is the one lib/trade/vouchers.ts shows operators beforehand.
              expect(price).to.equal(discountPrice(value, BigInt(op.rateBps), maturity, at).price);
              const bankBefore = await w.cnyToken.balanceOf(w.bank.address);
              const holderBefore = await w.cnyToken.balanceOf(holder.address);
              await (await w.vouchers.connect(w.bank).acceptDiscount(offerId, op.rateBps)).wait();
              expect(await w.cnyToken.balanceOf(w.bank.address)).to.equal(bankBefore - price);
              expect(await w.cnyToken.balanceOf(holder.address)).to.equal(holderBefore + price);
            }
            await expectConserved(w, payableId);
          }

          await time.increaseTo(maturity);
          const ids = await voucherIds(w);
          const valueAtMaturity = new Map<bigint, bigint>();
          for (const id of ids) valueAtMaturity.set(id, await w.vouchers["balanceOf(uint256)"](id));
          for (const op of after) {
            if (op.kind === "fund") {
              await fund(op.part);
            } else if (op.kind === "redeem") {
              const id = pick(ids, op.voucher);
              if ((await w.vouchers.claimable(id)) === 0n) continue;
              await (await w.vouchers.connect(await holderOf(w, id)).redeem(id)).wait();
            } else {
              const { upkeepNeeded } = await w.vouchers.checkUpkeep(
                ethers.AbiCoder.defaultAbiCoder().encode(["uint256"], [payableId]),
              );
              if (!upkeepNeeded) continue;
              await (await w.vouchers.sweep(payableId, op.batch)).wait();
            }
            await expectConserved(w, payableId);
          }

          // Everyone redeems what is claimable now: each has been paid the same share.
          for (const id of ids) {
            if ((await w.vouchers.claimable(id)) === 0n) continue;
            await (await w.vouchers.connect(await holderOf(w, id)).redeem(id)).wait();
          }
          await expectConserved(w, payableId);
          const p = await w.vouchers.payableOf(payableId);
          for (const id of ids) {
            const atMaturity = valueAtMaturity.get(id)!;
            const paid = atMaturity - (await w.vouchers["balanceOf(uint256)"](id));
            const share = (atMaturity * p.funded) / p.amount;
            // Rounding down at each of at most |after| + 1 redemptions of this voucher.
            expect(paid <= share + 1n, `voucher ${id} paid ${paid}, share ${share}`).to.equal(true);
            expect(
              paid + BigInt(after.length) + 1n >= share,
              `voucher ${id} paid ${paid}, share ${share}`,
            ).to.equal(true);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("lets an invoice back at most one payable and never be both financed and backing, whichever seller registered which copy", async function () {
    // Four invoices, each registered by three sellers: the tier-1 and tier-2 suppliers register
    // the same fingerprints, the tier-3 supplier a copy altered in amount (same identity
    // fingerprint). Banks finance and the obligor confirms payables naming any seller's copies;
    // the model tracks the underlying invoice, not the registration.
    const INVOICES = 4;
    const SELLERS = 3;
    type Action =
      | { kind: "confirm"; seller: number; invoices: number[] }
      | { kind: "finance"; seller: number; invoice: number };
    const action: fc.Arbitrary<Action> = fc.oneof(
      fc.record({
        kind: fc.constant("confirm" as const),
        seller: fc.nat({ max: SELLERS - 1 }),
        invoices: fc.array(fc.nat({ max: INVOICES - 1 }), { minLength: 1, maxLength: 3 }),
      }),
      fc.record({
        kind: fc.constant("finance" as const),
        seller: fc.nat({ max: SELLERS - 1 }),
        invoice: fc.nat({ max: INVOICES - 1 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 12 }), async (actions) => {
        const w = await networkHelpers.loadFixture(world);
        const sellers = [w.tier1, w.tier2, w.tier3];
        // copies[invoice][seller]
        const copies: FixtureInvoice[][] = [];
        for (let i = 0; i < INVOICES; i += 1) {
          const original = await registerInvoice(w, ethers, w.tier1);
          const altered = {
            exact: ethers.id(`${original.fingerprints.exact} altered`),
            identity: original.fingerprints.identity,
          };
          copies.push([
            original,
            await registerInvoice(w, ethers, w.tier2, original.fingerprints),
            await registerInvoice(w, ethers, w.tier3, altered),
          ]);
        }
        // invoice -> the seller whose copy was financed / backs, and the payable it backs
        const financed = new Map<number, number>();
        const backing = new Map<number, { seller: number; payableId: bigint }>();
        const taken = (i: number) => financed.has(i) || backing.has(i);
        for (const a of actions) {
          const seller = sellers[a.seller]!;
          if (a.kind === "finance") {
            const tx = w.invoices
              .connect(w.otherBank)
              .finance(seller.address, copies[a.invoice]![a.seller]!.fingerprints);
            if (taken(a.invoice)) {
              await expect(tx).to.be.revert(ethers);
            } else {
              await (await tx).wait();
              financed.set(a.invoice, a.seller);
            }
          } else {
            const allowed =
              new Set(a.invoices).size === a.invoices.length && !a.invoices.some(taken);
            const request = {
              supplier: seller.address,
              amount: 1_000n,
              token: await w.cnyToken.getAddress(),
              maturity: BigInt(await time.latest()) + BigInt(DAY),
              invoices: a.invoices.map((i) => copies[i]![a.seller]!.fingerprints),
            };
            const tx = w.vouchers.connect(w.obligor).confirm(request);
            if (!allowed) {
              await expect(tx).to.be.revert(ethers);
            } else {
              await (await tx).wait();
              const { payables } = await w.vouchers.counts();
              for (const i of a.invoices) backing.set(i, { seller: a.seller, payableId: payables });
            }
          }
        }
        for (let i = 0; i < INVOICES; i += 1) {
          let financedCopies = 0;
          let backingCopies = 0;
          for (let s = 0; s < SELLERS; s += 1) {
            const copy = copies[i]![s]!;
            const { status } = await w.invoices.invoice(copy.id);
            const backs = await w.invoices.backingPayable(copy.id);
            if (status === 2n) financedCopies += 1;
            if (backs !== 0n) backingCopies += 1;
            expect(
              status === 2n && backs !== 0n,
              `copy ${s} of ${i} financed and backing`,
            ).to.equal(false);
            expect(status === 2n, `copy ${s} of ${i} financed`).to.equal(financed.get(i) === s);
            const model = backing.get(i);
            expect(backs, `copy ${s} of ${i} backing`).to.equal(
              model?.seller === s ? model.payableId : 0n,
            );
          }
          expect(financedCopies + backingCopies, `invoice ${i} financed or backing`).to.equal(
            taken(i) ? 1 : 0,
          );
        }
      }),
      { numRuns: 30 },
    );
  });
});
