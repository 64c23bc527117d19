/**
 * Pre-shipment advances: every step and refusal, tranches on the customs milestones, interest
 * actual/360 per day, repayment first out of the proceeds (money and voucher), overdue, and the
 * escrow given back. Milestones come from the customs status double here; the scenario tests with
 * the real oracle are in PreShipmentAdvance.oracle.test.ts.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";
import { network } from "hardhat";

import { documentProductCall } from "../../lib/chain/documentFinancingGovernance.ts";
import { CustomsEventType } from "../../lib/trade/enums.ts";
import {
  AdvanceMilestone,
  AdvanceSourceKind,
  AdvanceStatus,
  advanceInterest,
  parseTranches,
} from "../../lib/trade/preShipmentAdvance.ts";
import {
  BL_NUMBER,
  DAY,
  deployAdvanceWorld,
  fundedAdvance,
  now,
  ORDER_AMOUNT,
  ORDER_ID,
  issueOrder,
  RATE_BPS,
  reach,
  standardOffer,
  usd,
  type AdvanceWorld,
} from "./advanceFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

const LIMIT = (ORDER_AMOUNT * 8000n) / 10_000n; // USD 200,000
const PURCHASE_ORDER_KIND = 1; // IDocumentFinancing.DocumentKind.PurchaseOrder

async function world(): Promise<AdvanceWorld> {
  return deployAdvanceWorld(ethers);
}

async function fundedWorld() {
  const w = await networkHelpers.loadFixture(world);
  const id = await fundedAdvance(w, ethers);
  return { w, id };
}

async function balance(w: AdvanceWorld, who: string): Promise<bigint> {
  return w.token.balanceOf(who);
}

describe("PreShipmentAdvance", function () {
  describe("offer", function () {
    it("records the bank's offer on an accepted order with its tranches", async function () {
      const w = await networkHelpers.loadFixture(world);
      const offer = await standardOffer(w, ethers);
      await expect(w.advance.connect(w.bank).offer(offer))
        .to.emit(w.advance, "AdvanceOffered")
        .withArgs(
          1n,
          w.bank.address,
          w.exporter.address,
          AdvanceSourceKind.PurchaseOrder,
          ORDER_ID,
          LIMIT,
          RATE_BPS,
        );
      const a = await w.advance.advance(1n);
      expect(a.status).to.equal(AdvanceStatus.Offered);
      expect(a.limit).to.equal(LIMIT);
      expect(a.latestShipmentAt).to.equal(w.latestShipmentAt);
      const tranches = await w.advance.tranches(1n);
      expect(tranches.map((t) => [Number(t.milestone), Number(t.shareBps)])).to.deep.equal([
        [AdvanceMilestone.ExportDeclarationAccepted, 3000],
        [AdvanceMilestone.Loaded, 4000],
        [AdvanceMilestone.Departed, 3000],
      ]);
    });

    it("refuses an offer from a member that is not a bank", async function () {
      const w = await networkHelpers.loadFixture(world);
      await expect(
        w.advance.connect(w.importer).offer(await standardOffer(w, ethers)),
      ).to.be.revertedWithCustomError(w.advance, "ConsortiumUnauthorizedAccount");
    });

    it("refuses an advance on an order the exporter has not accepted, naming its status", async function () {
      const w = await networkHelpers.loadFixture(world);
      const orderId = await issueOrder(w.orders, ethers, w.importer, w.exporter.address);
      const offer = { ...(await standardOffer(w, ethers)), sourceId: orderId };
      await expect(w.advance.connect(w.bank).offer(offer))
        .to.be.revertedWithCustomError(w.advance, "AdvanceSourceNotEligible")
        .withArgs(AdvanceSourceKind.PurchaseOrder, orderId, 1); // Issued
      expect(await w.advance.advanceCount()).to.equal(0n);
    });

    it("refuses an offer to an exporter other than the order's", async function () {
      const w = await networkHelpers.loadFixture(world);
      const offer = { ...(await standardOffer(w, ethers)), exporter: w.otherExporter.address };
      await expect(w.advance.connect(w.bank).offer(offer))
        .to.be.revertedWithCustomError(w.advance, "AdvanceSourceExporterMismatch")
        .withArgs(
          AdvanceSourceKind.PurchaseOrder,
          ORDER_ID,
          w.exporter.address,
          w.otherExporter.address,
        );
    });

    it("refuses an offer in a token of another currency than the order's", async function () {
      const w = await networkHelpers.loadFixture(world);
      const orderId = await issueOrder(w.orders, ethers, w.importer, w.exporter.address, {
        currency: "EUR",
      });
      await (await w.orders.connect(w.exporter).accept(orderId)).wait();
      const offer = { ...(await standardOffer(w, ethers)), sourceId: orderId };
      await expect(w.advance.connect(w.bank).offer(offer))
        .to.be.revertedWithCustomError(w.advance, "AdvanceCurrencyMismatch")
        .withArgs(AdvanceSourceKind.PurchaseOrder, orderId, "0x455552", "0x555344");
    });

    it("refuses a limit above the agreed share of the order", async function () {
      const w = await networkHelpers.loadFixture(world);
      const offer = { ...(await standardOffer(w, ethers)), limit: LIMIT + 1n };
      await expect(w.advance.connect(w.bank).offer(offer))
        .to.be.revertedWithCustomError(w.advance, "AdvanceLimitAboveShare")
        .withArgs(LIMIT + 1n, 8000, LIMIT);
    });

    it("refuses tranches that do not add up to 100 %", async function () {
      const w = await networkHelpers.loadFixture(world);
      const offer = await standardOffer(w, ethers);
      offer.tranches[2] = { milestone: AdvanceMilestone.Departed, shareBps: 2900 };
      await expect(w.advance.connect(w.bank).offer(offer))
        .to.be.revertedWithCustomError(w.advance, "AdvanceTrancheSharesSum")
        .withArgs(9900);
    });

    it("refuses tranches whose milestones are out of shipment order, naming the field", async function () {
      const w = await networkHelpers.loadFixture(world);
      const offer = await standardOffer(w, ethers);
      offer.tranches = [
        { milestone: AdvanceMilestone.Loaded, shareBps: 5000 },
        { milestone: AdvanceMilestone.ExportDeclarationAccepted, shareBps: 5000 },
      ];
      await expect(w.advance.connect(w.bank).offer(offer))
        .to.be.revertedWithCustomError(w.advance, "AdvanceInvalidField")
        .withArgs("tranches.milestone");
    });

    it("refuses an offer that has already expired", async function () {
      const w = await networkHelpers.loadFixture(world);
      const offer = { ...(await standardOffer(w, ethers)), expiresAt: await now(ethers) };
      await expect(w.advance.connect(w.bank).offer(offer))
        .to.be.revertedWithCustomError(w.advance, "AdvanceInvalidField")
        .withArgs("expiresAt");
    });
  });

  describe("accept and fund", function () {
    it("claims the order in the document guard and binds the shipment on acceptance", async function () {
      const w = await networkHelpers.loadFixture(world);
      await (await w.advance.connect(w.bank).offer(await standardOffer(w, ethers))).wait();
      await expect(w.advance.connect(w.exporter).accept(1n, w.carrier.address, BL_NUMBER))
        .to.emit(w.advance, "AdvanceAccepted")
        .withArgs(1n, w.exporter.address)
        .and.to.emit(w.advance, "AdvanceShipmentBound")
        .withArgs(1n, w.shipmentRef, w.carrier.address, BL_NUMBER);
      const { exact, fuzzy } = await w.orders.orderFingerprints(ORDER_ID);
      const held = await w.guard.facilityOf(PURCHASE_ORDER_KIND, exact);
      expect(held.product).to.equal(await w.advance.getAddress());
      expect(held.facilityId).to.equal(1n);
      expect((await w.guard.facilityOf(PURCHASE_ORDER_KIND, fuzzy)).facilityId).to.equal(1n);
      expect(await w.advance.advanceOfSource(AdvanceSourceKind.PurchaseOrder, ORDER_ID)).to.equal(
        1n,
      );
    });

    it("refuses a second advance on the same order, naming the advance that holds it", async function () {
      const w = await networkHelpers.loadFixture(world);
      const offer = await standardOffer(w, ethers);
      await (await w.advance.connect(w.bank).offer(offer)).wait();
      await (await w.advance.connect(w.members["advisingBank"]!).offer(offer)).wait();
      await (await w.advance.connect(w.exporter).accept(1n, w.carrier.address, BL_NUMBER)).wait();
      await expect(w.advance.connect(w.exporter).accept(2n, w.carrier.address, BL_NUMBER))
        .to.be.revertedWithCustomError(w.advance, "AdvanceSourceAlreadyAdvanced")
        .withArgs(AdvanceSourceKind.PurchaseOrder, ORDER_ID, 1n);
      expect((await w.advance.advance(2n)).status).to.equal(AdvanceStatus.Offered);
    });

    it("refuses an order that already backs another product's facility, naming it", async function () {
      const w = await networkHelpers.loadFixture(world);
      // Another product (here an account governance named) claimed the order first.
      const otherProduct = w.members["advisingBank"]!;
      await w.govern(await documentProductCall(w.guard, otherProduct.address));
      const { exact, fuzzy } = await w.orders.orderFingerprints(ORDER_ID);
      await (
        await w.guard.connect(otherProduct).claim(PURCHASE_ORDER_KIND, [exact, fuzzy], 42n)
      ).wait();
      await (await w.advance.connect(w.bank).offer(await standardOffer(w, ethers))).wait();
      await expect(w.advance.connect(w.exporter).accept(1n, w.carrier.address, BL_NUMBER))
        .to.be.revertedWithCustomError(w.guard, "DocumentAlreadyBacksFacility")
        .withArgs(PURCHASE_ORDER_KIND, exact, otherProduct.address, 42n);
      expect((await w.advance.advance(1n)).status).to.equal(AdvanceStatus.Offered);
      expect(await w.advance.advanceOfSource(AdvanceSourceKind.PurchaseOrder, ORDER_ID)).to.equal(
        0n,
      );
    });

    it("refuses acceptance by anyone but the exporter", async function () {
      const w = await networkHelpers.loadFixture(world);
      await (await w.advance.connect(w.bank).offer(await standardOffer(w, ethers))).wait();
      await expect(w.advance.connect(w.importer).accept(1n, w.carrier.address, BL_NUMBER))
        .to.be.revertedWithCustomError(w.advance, "AdvanceNotExporter")
        .withArgs(1n, w.importer.address, w.exporter.address);
    });

    it("refuses acceptance after the offer expired", async function () {
      const w = await networkHelpers.loadFixture(world);
      const offer = await standardOffer(w, ethers);
      await (await w.advance.connect(w.bank).offer(offer)).wait();
      await time.increaseTo(offer.expiresAt + 1n);
      await expect(w.advance.connect(w.exporter).accept(1n, w.carrier.address, BL_NUMBER))
        .to.be.revertedWithCustomError(w.advance, "AdvanceOfferExpired")
        .withArgs(1n, offer.expiresAt);
    });

    it("refuses a shipment whose carrier is not a CARRIER member", async function () {
      const w = await networkHelpers.loadFixture(world);
      await (await w.advance.connect(w.bank).offer(await standardOffer(w, ethers))).wait();
      await expect(
        w.advance.connect(w.exporter).accept(1n, w.importer.address, BL_NUMBER),
      ).to.be.revertedWithCustomError(w.advance, "ConsortiumUnauthorizedAccount");
      expect((await w.advance.advance(1n)).status).to.equal(AdvanceStatus.Offered);
    });

    it("escrows the whole limit from the bank when it funds", async function () {
      const w = await networkHelpers.loadFixture(world);
      await (await w.advance.connect(w.bank).offer(await standardOffer(w, ethers))).wait();
      await (await w.advance.connect(w.exporter).accept(1n, w.carrier.address, BL_NUMBER)).wait();
      await expect(w.advance.connect(w.bank).fund(1n)).to.changeTokenBalances(
        ethers,
        w.token,
        [w.bank, w.advance],
        [-LIMIT, LIMIT],
      );
      const a = await w.advance.advance(1n);
      expect(a.status).to.equal(AdvanceStatus.Funded);
      expect(a.escrowed).to.equal(LIMIT);
    });

    it("lets the bank withdraw an accepted offer it has not funded, releasing the order", async function () {
      const w = await networkHelpers.loadFixture(world);
      await (await w.advance.connect(w.bank).offer(await standardOffer(w, ethers))).wait();
      await (await w.advance.connect(w.exporter).accept(1n, w.carrier.address, BL_NUMBER)).wait();
      await expect(w.advance.connect(w.bank).withdrawOffer(1n)).to.emit(
        w.advance,
        "AdvanceOfferWithdrawn",
      );
      expect(
        (
          await w.guard.facilityOf(
            PURCHASE_ORDER_KIND,
            (await w.orders.orderFingerprints(ORDER_ID)).exact,
          )
        ).product,
      ).to.equal(ethers.ZeroAddress);
      expect(await w.advance.advanceOfSource(AdvanceSourceKind.PurchaseOrder, ORDER_ID)).to.equal(
        0n,
      );
    });
  });

  describe("tranches", function () {
    it("refuses a tranche before the customs oracle reports its milestone", async function () {
      const { w, id } = await networkHelpers.loadFixture(fundedWorld);
      await expect(w.advance.connect(w.exporter).claimTranche(id, 0n))
        .to.be.revertedWithCustomError(w.advance, "AdvanceMilestoneNotReached")
        .withArgs(id, 0n, AdvanceMilestone.ExportDeclarationAccepted, w.shipmentRef);
      expect((await w.advance.advance(id)).released).to.equal(0n);
    });

    it("releases 30 % when the export declaration is accepted and 40 % when the goods are loaded", async function () {
      const { w, id } = await networkHelpers.loadFixture(fundedWorld);
      await reach(w, ethers, CustomsEventType.DeclarationAccepted);
      await expect(w.advance.connect(w.exporter).claimTranche(id, 0n))
        .to.emit(w.advance, "AdvanceTrancheReleased")
        .withArgs(id, 0n, AdvanceMilestone.ExportDeclarationAccepted, usd(60_000), usd(60_000));
      await expect(
        w.advance.connect(w.exporter).claimTranche(id, 1n),
      ).to.be.revertedWithCustomError(w.advance, "AdvanceMilestoneNotReached");
      await reach(w, ethers, CustomsEventType.Loaded);
      await expect(w.advance.connect(w.exporter).claimTranche(id, 1n)).to.changeTokenBalances(
        ethers,
        w.token,
        [w.exporter, w.advance],
        [usd(80_000), -usd(80_000)],
      );
    });

    it("releases each tranche exactly once", async function () {
      const { w, id } = await networkHelpers.loadFixture(fundedWorld);
      await reach(w, ethers, CustomsEventType.DeclarationAccepted);
      await (await w.advance.connect(w.exporter).claimTranche(id, 0n)).wait();
      await expect(w.advance.connect(w.exporter).claimTranche(id, 0n))
        .to.be.revertedWithCustomError(w.advance, "AdvanceTrancheAlreadyReleased")
        .withArgs(id, 0n);
    });

    it("counts a later milestone as reaching the earlier ones", async function () {
      const { w, id } = await networkHelpers.loadFixture(fundedWorld);
      await reach(w, ethers, CustomsEventType.Departed);
      for (const index of [2n, 0n, 1n])
        await (await w.advance.connect(w.exporter).claimTranche(id, index)).wait();
      expect((await w.advance.advance(id)).released).to.equal(LIMIT);
    });

    it("refuses a tranche claimed by anyone but the exporter", async function () {
      const { w, id } = await networkHelpers.loadFixture(fundedWorld);
      await reach(w, ethers, CustomsEventType.DeclarationAccepted);
      await expect(w.advance.connect(w.bank).claimTranche(id, 0n))
        .to.be.revertedWithCustomError(w.advance, "AdvanceNotExporter")
        .withArgs(id, w.bank.address, w.exporter.address);
    });

    it("refuses a tranche while no shipment is bound, and binds one later", async function () {
      const w = await networkHelpers.loadFixture(world);
      await (await w.advance.connect(w.bank).offer(await standardOffer(w, ethers))).wait();
      await (await w.advance.connect(w.exporter).accept(1n, ethers.ZeroAddress, "")).wait();
      await (await w.advance.connect(w.bank).fund(1n)).wait();
      await reach(w, ethers, CustomsEventType.DeclarationAccepted);
      await expect(w.advance.connect(w.exporter).claimTranche(1n, 0n))
        .to.be.revertedWithCustomError(w.advance, "AdvanceShipmentNotBound")
        .withArgs(1n);
      await (
        await w.advance.connect(w.exporter).bindShipment(1n, w.carrier.address, BL_NUMBER)
      ).wait();
      await expect(w.advance.connect(w.exporter).bindShipment(1n, w.carrier.address, "OTHER1"))
        .to.be.revertedWithCustomError(w.advance, "AdvanceShipmentAlreadyBound")
        .withArgs(1n, w.shipmentRef);
      await (await w.advance.connect(w.exporter).claimTranche(1n, 0n)).wait();
    });
  });

  describe("interest and repayment", function () {
    it("accrues interest actual/360 for each whole day on the principal released", async function () {
      const { w, id } = await networkHelpers.loadFixture(fundedWorld);
      await reach(w, ethers, CustomsEventType.DeclarationAccepted);
      await (await w.advance.connect(w.exporter).claimTranche(id, 0n)).wait();
      await time.increase(10 * DAY + 3600);
      await reach(w, ethers, CustomsEventType.Loaded);
      await (await w.advance.connect(w.exporter).claimTranche(id, 1n)).wait();
      await time.increase(20 * DAY);
      const [principal, interest] = await w.advance.owed(id);
      expect(principal).to.equal(usd(140_000));
      // 10 days on 60,000, then 20 days on 140,000 (the part day after the tenth goes with the closing balance)
      const expected =
        advanceInterest(usd(60_000), RATE_BPS, 10) + advanceInterest(usd(140_000), RATE_BPS, 20);
      expect(interest).to.equal(expected);
      expect(await w.advance.outstanding(await w.payer.getAddress(), ORDER_ID)).to.equal(
        principal + interest,
      );
    });

    it("pays the bank first out of the proceeds and the exporter the rest", async function () {
      const { w, id } = await networkHelpers.loadFixture(fundedWorld);
      await reach(w, ethers, CustomsEventType.Loaded);
      await (await w.advance.connect(w.exporter).claimTranche(id, 0n)).wait();
      await (await w.advance.connect(w.exporter).claimTranche(id, 1n)).wait();
      await time.increase(45 * DAY);
      const owedNow = await w.advance.outstanding(await w.payer.getAddress(), ORDER_ID);
      const exporterBefore = await balance(w, w.exporter.address);
      const bankBefore = await balance(w, w.bank.address);
      const tx = w.payer
        .connect(w.bank)
        .pay(w.advance, ORDER_ID, w.token, ORDER_AMOUNT, w.exporter.address);
      await expect(tx).to.emit(w.advance, "AdvanceRepaid");
      expect(await balance(w, w.exporter.address)).to.equal(
        exporterBefore + ORDER_AMOUNT - owedNow,
      );
      // the bank paid the proceeds in and received what the advance was owed
      expect(await balance(w, w.bank.address)).to.equal(bankBefore - ORDER_AMOUNT + owedNow);
      const a = await w.advance.advance(id);
      expect(a.status).to.equal(AdvanceStatus.Repaid);
      expect(a.principalRepaid).to.equal(usd(140_000));
      expect(a.interestPaid).to.equal(owedNow - usd(140_000));
      expect(await w.advance.outstanding(await w.payer.getAddress(), ORDER_ID)).to.equal(0n);
    });

    it("takes partial proceeds as interest first, then principal", async function () {
      const { w, id } = await networkHelpers.loadFixture(fundedWorld);
      await reach(w, ethers, CustomsEventType.DeclarationAccepted);
      await (await w.advance.connect(w.exporter).claimTranche(id, 0n)).wait();
      await time.increase(30 * DAY);
      const [, interest] = await w.advance.owed(id);
      await (
        await w.payer
          .connect(w.bank)
          .pay(w.advance, ORDER_ID, w.token, usd(10_000), w.exporter.address)
      ).wait();
      const a = await w.advance.advance(id);
      expect(a.interestPaid).to.equal(interest);
      expect(a.principalRepaid).to.equal(usd(10_000) - interest);
      expect(a.status).to.equal(AdvanceStatus.Funded);
    });

    it("refuses proceeds announced by a contract governance did not name", async function () {
      const { w } = await networkHelpers.loadFixture(fundedWorld);
      await expect(w.advance.connect(w.bank).onProceeds(ORDER_ID, await w.token.getAddress(), 1n))
        .to.be.revertedWithCustomError(w.advance, "AdvanceNotPayer")
        .withArgs(w.bank.address);
    });

    it("refuses proceeds the payer announced but never transferred", async function () {
      const { w, id } = await networkHelpers.loadFixture(fundedWorld);
      await reach(w, ethers, CustomsEventType.DeclarationAccepted);
      await (await w.advance.connect(w.exporter).claimTranche(id, 0n)).wait();
      const held = LIMIT - usd(60_000);
      await expect(w.payer.announceOnly(w.advance, ORDER_ID, w.token, usd(1_000)))
        .to.be.revertedWithCustomError(w.advance, "AdvanceProceedsNotReceived")
        .withArgs(await w.token.getAddress(), held + usd(1_000), held);
    });

    it("refuses proceeds beyond what the advance is owed", async function () {
      const { w, id } = await networkHelpers.loadFixture(fundedWorld);
      await reach(w, ethers, CustomsEventType.DeclarationAccepted);
      await (await w.advance.connect(w.exporter).claimTranche(id, 0n)).wait();
      await expect(w.payer.announceOnly(w.advance, ORDER_ID, w.token, usd(60_001)))
        .to.be.revertedWithCustomError(w.advance, "AdvanceProceedsAboveOutstanding")
        .withArgs(id, usd(60_001), usd(60_000));
    });

    it("returns the escrow never released to the bank once repaid", async function () {
      const { w, id } = await networkHelpers.loadFixture(fundedWorld);
      await reach(w, ethers, CustomsEventType.Loaded);
      await (await w.advance.connect(w.exporter).claimTranche(id, 0n)).wait();
      await expect(w.advance.connect(w.bank).withdrawEscrow(id))
        .to.be.revertedWithCustomError(w.advance, "AdvanceEscrowLocked")
        .withArgs(id, AdvanceStatus.Funded);
      await (
        await w.payer
          .connect(w.bank)
          .pay(w.advance, ORDER_ID, w.token, ORDER_AMOUNT, w.exporter.address)
      ).wait();
      await expect(w.advance.connect(w.bank).withdrawEscrow(id)).to.changeTokenBalances(
        ethers,
        w.token,
        [w.bank, w.advance],
        [LIMIT - usd(60_000), -(LIMIT - usd(60_000))],
      );
      const a = await w.advance.advance(id);
      expect(a.escrowed).to.equal(a.released + a.returned);
      await expect(w.advance.connect(w.exporter).claimTranche(id, 1n))
        .to.be.revertedWithCustomError(w.advance, "AdvanceWrongStatus")
        .withArgs(id, AdvanceStatus.Repaid, AdvanceStatus.Funded);
    });
  });

  describe("overdue", function () {
    it("makes an advance whose goods never departed overdue after the latest shipment date plus grace", async function () {
      const { w, id } = await networkHelpers.loadFixture(fundedWorld);
      await reach(w, ethers, CustomsEventType.Loaded);
      await (await w.advance.connect(w.exporter).claimTranche(id, 0n)).wait();
      await (await w.advance.connect(w.exporter).claimTranche(id, 1n)).wait();
      const overdueFrom = w.latestShipmentAt + 10n * BigInt(DAY);
      await time.increaseTo(overdueFrom - 1n); // the next block is at overdueFrom, not after it
      await expect(w.advance.markOverdue(id))
        .to.be.revertedWithCustomError(w.advance, "AdvanceNotYetOverdue")
        .withArgs(id, overdueFrom);
      await time.increaseTo(overdueFrom);
      const [principal, interest] = await w.advance.owed(id);
      await expect(w.advance.markOverdue(id))
        .to.emit(w.advance, "AdvanceOverdue")
        .withArgs(id, w.bank.address, principal + interest, principal, interest);
      const a = await w.advance.advance(id);
      expect(a.status).to.equal(AdvanceStatus.Overdue);
      expect(a.overdueClaim).to.equal(principal + interest);
      await expect(w.advance.connect(w.bank).withdrawEscrow(id)).to.changeTokenBalances(
        ethers,
        w.token,
        [w.bank],
        [usd(60_000)],
      );
    });

    it("refuses to call an advance overdue once its goods departed", async function () {
      const { w, id } = await networkHelpers.loadFixture(fundedWorld);
      await reach(w, ethers, CustomsEventType.Departed);
      await time.increaseTo(w.latestShipmentAt + 11n * BigInt(DAY));
      await expect(w.advance.markOverdue(id))
        .to.be.revertedWithCustomError(w.advance, "AdvanceShipmentDeparted")
        .withArgs(id, w.shipmentRef);
    });

    it("still takes the proceeds of an overdue advance", async function () {
      const { w, id } = await networkHelpers.loadFixture(fundedWorld);
      await reach(w, ethers, CustomsEventType.DeclarationAccepted);
      await (await w.advance.connect(w.exporter).claimTranche(id, 0n)).wait();
      await time.increaseTo(w.latestShipmentAt + 11n * BigInt(DAY));
      await (await w.advance.markOverdue(id)).wait();
      await (
        await w.payer
          .connect(w.bank)
          .pay(w.advance, ORDER_ID, w.token, ORDER_AMOUNT, w.exporter.address)
      ).wait();
      expect((await w.advance.advance(id)).status).to.equal(AdvanceStatus.Repaid);
    });
  });

  describe("TypeScript mirrors", function () {
    it("names the same enum values as the contract", function () {
      const artifact = JSON.parse(
        readFileSync(
          path.resolve(
            "artifacts/contracts/finance/PreShipmentAdvance.sol/PreShipmentAdvance.json",
          ),
          "utf8",
        ),
      ) as { buildInfoId: string };
      const output = JSON.parse(
        readFileSync(
          path.resolve("artifacts/build-info", `${artifact.buildInfoId}.output.json`),
          "utf8",
        ),
      ) as { output: { sources: Record<string, { ast: unknown }> } };
      const enums = new Map<string, string[]>();
      const walk = (node: unknown): void => {
        if (node === null || typeof node !== "object") return;
        const n = node as {
          nodeType?: string;
          canonicalName?: string;
          members?: { name: string }[];
        };
        if (n.nodeType === "EnumDefinition" && n.canonicalName !== undefined) {
          enums.set(
            n.canonicalName,
            (n.members ?? []).map((m) => m.name),
          );
        }
        for (const value of Object.values(node)) walk(value);
      };
      for (const source of Object.values(output.output.sources)) walk(source.ast);
      expect(enums.get("IPreShipmentAdvance.SourceKind")).to.deep.equal(
        Object.keys(AdvanceSourceKind),
      );
      expect(enums.get("IPreShipmentAdvance.Milestone")).to.deep.equal(
        Object.keys(AdvanceMilestone),
      );
      expect(enums.get("IPreShipmentAdvance.AdvanceStatus")).to.deep.equal(
        Object.keys(AdvanceStatus),
      );
    });

    it("parses a tranche schedule and names what is wrong with a bad one", function () {
      expect(parseTranches("declaration:30, loaded:40, departed:30")).to.deep.equal([
        { milestone: 0, shareBps: 3000 },
        { milestone: 1, shareBps: 4000 },
        { milestone: 2, shareBps: 3000 },
      ]);
      expect(() => parseTranches("loaded:50,declaration:50")).to.throw(/shipment order/);
      expect(() => parseTranches("declaration:30,loaded:40")).to.throw(/add up to 70 %/);
      expect(() => parseTranches("boarded:100")).to.throw(/"boarded" is not a milestone/);
    });
  });
});
