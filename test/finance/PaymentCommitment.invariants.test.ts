/**
 * Fuzzed invariants of payment commitments paid through vouchers with an assignee of proceeds
 * (fast-check drives random amounts, tolerances, debts, splits and funding sequences against the
 * contracts on the in-process chain; a failure shrinks to the smallest case):
 *   - the assignee's share is what it will be owed, never more, and never more than the voucher;
 *   - money is conserved: once the bank has funded the payable and every holder redeemed, what
 *     the assignee and the exporter's side (the exporter and whoever it passed value to) were paid
 *     adds up to exactly the voucher's amount, which is exactly what the bank paid in;
 *   - at no moment is more paid out than the bank funded.
 */
import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";

import {
  commit,
  type CommitmentWorld,
  deployCommitmentWorld,
  issueBill,
  placeOrder,
  presentation,
} from "./commitmentFixture.ts";
import { freshFingerprints, registerInvoice } from "./voucherFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

async function world(): Promise<CommitmentWorld> {
  const w = await deployCommitmentWorld(ethers);
  await w.govern({
    target: await w.commitments.getAddress(),
    data: w.commitments.interface.encodeFunctionData("setProceedsAssignee", [
      await w.assignee.getAddress(),
    ]),
    description: "Name the assignee of proceeds",
  });
  await w.govern({
    target: await w.cnyToken.getAddress(),
    data: w.cnyToken.interface.encodeFunctionData("setCustodian", [
      await w.assignee.getAddress(),
      true,
    ]),
    description: "The assignee may hold the deposit token",
  });
  return w;
}

interface Case {
  /** The order's amount, in fen. */
  ordered: bigint;
  toleranceBps: number;
  /** Where in [-tolerance, +tolerance] the invoice amount falls, per mille of the range. */
  invoicedAt: number;
  /** What the assignee will be owed, per mille of the order amount (up to 3x). */
  owedPerMille: number;
  /** Per mille of the exporter's voucher it passes to tier 2 before maturity (0: none). */
  passedPerMille: number;
  /** Funding instalments, per mille of what is left each time; the last one funds the rest. */
  instalments: number[];
}

const cases: fc.Arbitrary<Case> = fc.record({
  ordered: fc.bigInt({ min: 100n, max: 1_000_000_000n }), // up to CNY 10m: within the bank's limit
  toleranceBps: fc.integer({ min: 0, max: 1_000 }),
  invoicedAt: fc.integer({ min: 0, max: 1_000 }),
  owedPerMille: fc.integer({ min: 0, max: 3_000 }),
  passedPerMille: fc.integer({ min: 0, max: 1_000 }),
  instalments: fc.array(fc.integer({ min: 1, max: 1_000 }), { maxLength: 3 }),
});

describe("PaymentCommitment invariants", function () {
  it("gives the assignee at most what it is owed and the voucher, and pays out exactly what the bank funded", async function () {
    this.timeout(600_000);
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const w = await networkHelpers.loadFixture(world);
        const spread = (c.ordered * BigInt(c.toleranceBps)) / 10_000n;
        const invoiced = c.ordered - spread + (2n * spread * BigInt(c.invoicedAt)) / 1_000n;
        const owed = (c.ordered * BigInt(c.owedPerMille)) / 1_000n;

        const orderId = await placeOrder(w, { amount: c.ordered });
        await commit(w, { orderId, toleranceBps: c.toleranceBps });
        const invoice = await registerInvoice(w, ethers, w.exporter, freshFingerprints(ethers));
        const { billId } = await issueBill(w);
        const commitments = await w.commitments.getAddress();
        await (await w.assignee.setDebt(commitments, orderId, owed, owed)).wait();
        await (
          await w.commitments
            .connect(w.exporter)
            .present(orderId, presentation(w, invoice, billId, { amount: invoiced }))
        ).wait();

        const record = await w.commitments.commitment(orderId);
        const share = record.assigneeShare;
        expect(share <= owed, "assignee share above what it is owed").to.equal(true);
        expect(share <= invoiced, "assignee share above the voucher").to.equal(true);
        expect(share).to.equal(owed < invoiced ? owed : invoiced);
        expect(record.amount).to.equal(invoiced);

        // The exporter passes part of its voucher on before maturity.
        const exporterValue = invoiced - share;
        const holders: { voucherId: bigint; holder: string }[] = [
          { voucherId: record.voucherId, holder: w.exporter.address },
        ];
        if (share !== 0n) {
          holders.push({
            voucherId: await w.assignee.receivedVoucherId(commitments, orderId),
            holder: await w.assignee.getAddress(),
          });
        }
        const passed = (exporterValue * BigInt(c.passedPerMille)) / 1_000n;
        if (passed !== 0n) {
          const split = w.vouchers.connect(w.exporter)["transferFrom(uint256,address,uint256)"];
          const tier2Voucher = await split.staticCall(record.voucherId, w.tier2.address, passed);
          await (await split(record.voucherId, w.tier2.address, passed)).wait();
          holders.push({ voucherId: tier2Voucher, holder: w.tier2.address });
        }

        await time.increaseTo(record.maturity);
        const token = w.cnyToken;
        const before = await Promise.all(holders.map((h) => token.balanceOf(h.holder)));
        let funded = 0n;
        const redeemAll = async () => {
          for (const h of holders) {
            if ((await w.vouchers.claimable(h.voucherId)) === 0n) continue;
            if (h.holder === (await w.assignee.getAddress())) {
              await (await w.assignee.redeem(await w.vouchers.getAddress(), h.voucherId)).wait();
            } else {
              const signer = [w.exporter, w.tier2].find((s) => s.address === h.holder)!;
              await (await w.vouchers.connect(signer).redeem(h.voucherId)).wait();
            }
          }
          const paid = (await w.vouchers.payableOf(record.payableId)).redeemed;
          expect(paid <= funded, "paid out more than funded").to.equal(true);
        };
        for (const part of c.instalments) {
          const amount = ((invoiced - funded) * BigInt(part)) / 1_000n;
          if (amount === 0n) continue;
          await (await w.vouchers.connect(w.commitmentBank).fund(record.payableId, amount)).wait();
          funded += amount;
          await redeemAll();
        }
        if (funded < invoiced) {
          await (
            await w.vouchers.connect(w.commitmentBank).fund(record.payableId, invoiced - funded)
          ).wait();
          funded = invoiced;
        }
        await redeemAll();

        const after = await Promise.all(holders.map((h) => token.balanceOf(h.holder)));
        const received = after.map((a, i) => a - before[i]!);
        const toAssignee = share === 0n ? 0n : received[1]!;
        const total = received.reduce((sum, r) => sum + r, 0n);
        expect(total, "paid to assignee + exporter's side").to.equal(invoiced);
        expect(toAssignee).to.equal(share);
        expect((await w.vouchers.payableOf(record.payableId)).redeemed).to.equal(invoiced);
      }),
      { numRuns: 40 },
    );
  });
});
