import { expect } from "chai";
import { network } from "hardhat";

import { CommitmentStatus } from "../../lib/trade/enums.ts";
import { CustomsEventType } from "../../lib/trade/enums.ts";
import { shipmentRefOf, unLocode } from "../../lib/trade/billOfLading.ts";
import {
  describeMismatches,
  type MatchFieldName,
  mismatchBits,
  mismatchedFields,
} from "../../lib/trade/openAccountMatch.ts";
import {
  BANK_LIMIT,
  cny,
  CNY,
  commit,
  type CommitmentWorld,
  DAY,
  deployCommitmentWorld,
  issueBill,
  ORDER_AMOUNT,
  ORDER_ID,
  placeOrder,
  PAYMENT_TERM_DAYS,
  presentation,
  readyToPresent,
} from "./commitmentFixture.ts";
import { freshFingerprints, registerInvoice } from "./voucherFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

const DocumentKind = { Invoice: 0, PurchaseOrder: 1, BillOfLading: 2 } as const;

async function world(): Promise<CommitmentWorld> {
  return deployCommitmentWorld(ethers);
}

async function terms(
  w: CommitmentWorld,
  overrides: Partial<{
    toleranceBps: number;
    expiresAt: number;
    token: string;
    customsRequired: boolean;
  }> = {},
) {
  return {
    token: overrides.token ?? (await w.cnyToken.getAddress()),
    toleranceBps: overrides.toleranceBps ?? 500,
    customsRequired: overrides.customsRequired ?? false,
    expiresAt: overrides.expiresAt ?? (await time.latest()) + 90 * DAY,
  };
}

/** Everything a refused presentation must leave as it was. */
async function snapshot(w: CommitmentWorld, invoiceExact: string, orderId: bigint) {
  return {
    commitment: (await w.commitments.commitment(orderId)).toString(),
    counts: (await w.vouchers.counts()).toString(),
    claimed: (await w.guard.facilityOf(DocumentKind.Invoice, invoiceExact)).toString(),
    limit: (await w.vouchers.obligorLimit(w.commitmentBank.address)).toString(),
  };
}

/** Presents and expects a refusal naming exactly `fields`, with nothing changed. */
async function expectMismatch(
  w: CommitmentWorld,
  p: ReturnType<typeof presentation>,
  fields: MatchFieldName[],
  orderId: bigint = ORDER_ID,
): Promise<void> {
  const before = await snapshot(w, p.invoice.fingerprints.exact, orderId);
  const bits = mismatchBits(fields);
  expect(mismatchedFields(await w.commitments.check(orderId, p))).to.deep.equal(fields);
  await expect(w.commitments.connect(w.exporter).present(orderId, p))
    .to.be.revertedWithCustomError(w.commitments, "CommitmentDocumentsMismatch")
    .withArgs(orderId, bits);
  expect(await snapshot(w, p.invoice.fingerprints.exact, orderId)).to.deep.equal(before);
}

describe("PaymentCommitment", function () {
  describe("offer, consent, decline, withdraw", function () {
    it("lets a bank offer a commitment on an accepted order, with the terms on record", async function () {
      const w = await networkHelpers.loadFixture(world);
      const t = await terms(w, { toleranceBps: 250, customsRequired: true });
      await expect(w.commitments.connect(w.commitmentBank).offer(ORDER_ID, t))
        .to.emit(w.commitments, "CommitmentOffered")
        .withArgs(ORDER_ID, w.commitmentBank.address, t.token, 250, true, t.expiresAt);
      const c = await w.commitments.commitment(ORDER_ID);
      expect(c.status).to.equal(CommitmentStatus.Offered);
      expect(c.bank).to.equal(w.commitmentBank.address);
      expect(c.toleranceBps).to.equal(250n);
      expect(c.customsRequired).to.equal(true);
      expect(c.expiresAt).to.equal(BigInt(t.expiresAt));
    });

    it("refuses an offer on an order the exporter has not accepted", async function () {
      const w = await networkHelpers.loadFixture(world);
      const issued = await placeOrder(w, {}, false);
      await expect(w.commitments.connect(w.commitmentBank).offer(issued, await terms(w)))
        .to.be.revertedWithCustomError(w.commitments, "CommitmentOrderNotAccepted")
        .withArgs(issued, 1); // Issued
    });

    it("refuses an offer from a member that is not a bank", async function () {
      const w = await networkHelpers.loadFixture(world);
      await expect(
        w.commitments.connect(w.exporter).offer(ORDER_ID, await terms(w)),
      ).to.be.revertedWithCustomError(w.commitments, "ConsortiumUnauthorizedAccount");
    });

    it("refuses a second offer while one is live on the order", async function () {
      const w = await networkHelpers.loadFixture(world);
      await (await w.commitments.connect(w.commitmentBank).offer(ORDER_ID, await terms(w))).wait();
      await expect(w.commitments.connect(w.otherBank).offer(ORDER_ID, await terms(w)))
        .to.be.revertedWithCustomError(w.commitments, "CommitmentUnexpectedStatus")
        .withArgs(ORDER_ID, CommitmentStatus.Offered, CommitmentStatus.None);
    });

    it("refuses a token that is not a settlement token, a tolerance over 100 % and a past expiry, naming the field", async function () {
      const w = await networkHelpers.loadFixture(world);
      const bank = w.commitments.connect(w.commitmentBank);
      await expect(bank.offer(ORDER_ID, await terms(w, { token: w.stranger.address })))
        .to.be.revertedWithCustomError(w.commitments, "CommitmentInvalidField")
        .withArgs("token");
      await expect(bank.offer(ORDER_ID, await terms(w, { toleranceBps: 10_001 })))
        .to.be.revertedWithCustomError(w.commitments, "CommitmentInvalidField")
        .withArgs("toleranceBps");
      await expect(bank.offer(ORDER_ID, await terms(w, { expiresAt: await time.latest() })))
        .to.be.revertedWithCustomError(w.commitments, "CommitmentInvalidField")
        .withArgs("expiresAt");
      expect((await w.commitments.commitment(ORDER_ID)).status).to.equal(CommitmentStatus.None);
    });

    it("refuses an offer in a token of another currency than the order's", async function () {
      const w = await networkHelpers.loadFixture(world);
      const usd = await placeOrder(w, { currency: "0x555344" });
      await expect(w.commitments.connect(w.commitmentBank).offer(usd, await terms(w)))
        .to.be.revertedWithCustomError(w.commitments, "CommitmentCurrencyMismatch")
        .withArgs(usd, "0x555344", CNY);
    });

    it("lets only the order's importer consent, and then the commitment is Committed", async function () {
      const w = await networkHelpers.loadFixture(world);
      await (await w.commitments.connect(w.commitmentBank).offer(ORDER_ID, await terms(w))).wait();
      await expect(w.commitments.connect(w.exporter).consent(ORDER_ID))
        .to.be.revertedWithCustomError(w.commitments, "CommitmentUnauthorized")
        .withArgs(ORDER_ID, w.exporter.address, w.importer.address);
      await expect(w.commitments.connect(w.importer).consent(ORDER_ID))
        .to.emit(w.commitments, "CommitmentConsented")
        .withArgs(ORDER_ID, w.importer.address);
      expect((await w.commitments.commitment(ORDER_ID)).status).to.equal(
        CommitmentStatus.Committed,
      );
    });

    it("lets the importer decline an offer, after which another bank may offer", async function () {
      const w = await networkHelpers.loadFixture(world);
      await (await w.commitments.connect(w.otherBank).offer(ORDER_ID, await terms(w))).wait();
      await expect(w.commitments.connect(w.importer).decline(ORDER_ID))
        .to.emit(w.commitments, "CommitmentDeclined")
        .withArgs(ORDER_ID, w.importer.address);
      expect((await w.commitments.commitment(ORDER_ID)).status).to.equal(CommitmentStatus.Declined);
      await (await w.commitments.connect(w.commitmentBank).offer(ORDER_ID, await terms(w))).wait();
      const c = await w.commitments.commitment(ORDER_ID);
      expect(c.status).to.equal(CommitmentStatus.Offered);
      expect(c.bank).to.equal(w.commitmentBank.address);
    });

    it("lets the bank withdraw before the importer consents, and never after", async function () {
      const w = await networkHelpers.loadFixture(world);
      await (await w.commitments.connect(w.commitmentBank).offer(ORDER_ID, await terms(w))).wait();
      await expect(w.commitments.connect(w.otherBank).withdraw(ORDER_ID))
        .to.be.revertedWithCustomError(w.commitments, "CommitmentUnauthorized")
        .withArgs(ORDER_ID, w.otherBank.address, w.commitmentBank.address);
      await expect(w.commitments.connect(w.commitmentBank).withdraw(ORDER_ID))
        .to.emit(w.commitments, "CommitmentWithdrawn")
        .withArgs(ORDER_ID, w.commitmentBank.address);

      await (await w.commitments.connect(w.commitmentBank).offer(ORDER_ID, await terms(w))).wait();
      await (await w.commitments.connect(w.importer).consent(ORDER_ID)).wait();
      await expect(w.commitments.connect(w.commitmentBank).withdraw(ORDER_ID))
        .to.be.revertedWithCustomError(w.commitments, "CommitmentUnexpectedStatus")
        .withArgs(ORDER_ID, CommitmentStatus.Committed, CommitmentStatus.Offered);
    });
  });

  describe("a matching presentation", function () {
    it("makes the commitment irrevocable and issues the exporter a voucher with the bank as obligor, due the bill's date + the payment term", async function () {
      const w = await networkHelpers.loadFixture(world);
      const { invoice, billId } = await readyToPresent(w, ethers);
      const shippedAt = (await w.bills.billFacts(billId)).shippedOnBoardAt;
      const maturity = shippedAt + BigInt(PAYMENT_TERM_DAYS * DAY);
      const amount = ORDER_AMOUNT + cny(30_000); // within 5 %
      const p = presentation(w, invoice, billId, { amount });
      expect(await w.commitments.check(ORDER_ID, p)).to.equal(0n);

      await expect(w.commitments.connect(w.exporter).present(ORDER_ID, p))
        .to.emit(w.commitments, "CommitmentIrrevocable")
        .withArgs(ORDER_ID, 1n, billId, 1n, amount, maturity, 0n)
        .and.to.emit(w.commitments, "InvoicePresented")
        .withArgs(
          ORDER_ID,
          invoice.fingerprints.exact,
          w.importer.address,
          CNY,
          amount,
          p.invoice.goodsHash,
        )
        .and.to.emit(w.vouchers, "PayableConfirmed")
        .withArgs(
          1n,
          w.commitmentBank.address,
          w.exporter.address,
          amount,
          await w.cnyToken.getAddress(),
          maturity,
          [],
        );

      const c = await w.commitments.commitment(ORDER_ID);
      expect(c.status).to.equal(CommitmentStatus.Irrevocable);
      expect(c.amount).to.equal(amount);
      expect(c.maturity).to.equal(maturity);
      expect(c.billId).to.equal(billId);
      const payable = await w.vouchers.payableOf(c.payableId);
      expect(payable.obligor).to.equal(w.commitmentBank.address);
      expect(payable.supplier).to.equal(w.exporter.address);
      expect(payable.amount).to.equal(amount);
      expect(payable.maturity).to.equal(maturity);
      expect(await w.vouchers.ownerOf(c.voucherId)).to.equal(w.exporter.address);
      expect(await w.vouchers["balanceOf(uint256)"](c.voucherId)).to.equal(amount);
      expect((await w.vouchers.obligorLimit(w.commitmentBank.address)).outstanding).to.equal(
        amount,
      );
    });

    it("claims the invoice and the bill (with its shipment reference) for the commitment in the document guard", async function () {
      const w = await networkHelpers.loadFixture(world);
      const { invoice, billId, blNumber } = await readyToPresent(w, ethers);
      const p = presentation(w, invoice, billId);
      await (await w.commitments.connect(w.exporter).present(ORDER_ID, p)).wait();
      const commitments = await w.commitments.getAddress();
      for (const [kind, fingerprint] of [
        [DocumentKind.Invoice, invoice.fingerprints.exact],
        [DocumentKind.Invoice, invoice.fingerprints.identity],
        [DocumentKind.BillOfLading, p.billFingerprints[0]!],
        [DocumentKind.BillOfLading, shipmentRefOf(w.carrierSigner.address, blNumber)],
      ] as const) {
        const held = await w.guard.facilityOf(kind, fingerprint);
        expect([held.product, held.facilityId]).to.deep.equal([commitments, ORDER_ID]);
      }
    });

    it("refuses the same bill under a second commitment: one document, one facility", async function () {
      const w = await networkHelpers.loadFixture(world);
      const { invoice, billId, blNumber } = await readyToPresent(w, ethers);
      await (
        await w.commitments.connect(w.exporter).present(ORDER_ID, presentation(w, invoice, billId))
      ).wait();
      const second = await placeOrder(w);
      await commit(w, { orderId: second });
      const otherInvoice = await registerInvoice(w, ethers, w.exporter, freshFingerprints(ethers));
      const p = { ...presentation(w, otherInvoice, billId), billFingerprints: [] };
      await expect(w.commitments.connect(w.exporter).present(second, p))
        .to.be.revertedWithCustomError(w.guard, "DocumentAlreadyBacksFacility")
        .withArgs(
          DocumentKind.BillOfLading,
          shipmentRefOf(w.carrierSigner.address, blNumber),
          await w.commitments.getAddress(),
          ORDER_ID,
        );
      expect((await w.commitments.commitment(second)).status).to.equal(CommitmentStatus.Committed);
    });

    it("leaves an invoice a commitment holds unfinanceable at the invoice registry, naming the commitment", async function () {
      const w = await networkHelpers.loadFixture(world);
      const { invoice, billId } = await readyToPresent(w, ethers);
      await (
        await w.commitments.connect(w.exporter).present(ORDER_ID, presentation(w, invoice, billId))
      ).wait();
      await expect(
        w.invoices.connect(w.otherBank).finance(w.exporter.address, invoice.fingerprints),
      )
        .to.be.revertedWithCustomError(w.guard, "DocumentAlreadyBacksFacility")
        .withArgs(
          DocumentKind.Invoice,
          invoice.fingerprints.exact,
          await w.commitments.getAddress(),
          ORDER_ID,
        );
    });

    it("refuses a presentation by anyone but the order's exporter", async function () {
      const w = await networkHelpers.loadFixture(world);
      const { invoice, billId } = await readyToPresent(w, ethers);
      await expect(
        w.commitments.connect(w.tier2).present(ORDER_ID, presentation(w, invoice, billId)),
      )
        .to.be.revertedWithCustomError(w.commitments, "CommitmentUnauthorized")
        .withArgs(ORDER_ID, w.tier2.address, w.exporter.address);
    });

    it("refuses a presentation before the importer consented", async function () {
      const w = await networkHelpers.loadFixture(world);
      await (await w.commitments.connect(w.commitmentBank).offer(ORDER_ID, await terms(w))).wait();
      const invoice = await registerInvoice(w, ethers, w.exporter, freshFingerprints(ethers));
      const { billId } = await issueBill(w);
      await expect(
        w.commitments.connect(w.exporter).present(ORDER_ID, presentation(w, invoice, billId)),
      )
        .to.be.revertedWithCustomError(w.commitments, "CommitmentUnexpectedStatus")
        .withArgs(ORDER_ID, CommitmentStatus.Offered, CommitmentStatus.Committed);
    });

    it("refuses a voucher beyond the bank's obligor limit, leaving the commitment open", async function () {
      const w = await networkHelpers.loadFixture(world);
      const large = await placeOrder(w, { amount: BANK_LIMIT + 1n });
      const { invoice, billId } = await readyToPresent(w, ethers, { orderId: large });
      const p = presentation(w, invoice, billId, { amount: BANK_LIMIT + 1n });
      await expect(w.commitments.connect(w.exporter).present(large, p))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherLimitExceeded")
        .withArgs(w.commitmentBank.address, BANK_LIMIT, 0n, BANK_LIMIT + 1n, 1n);
      expect((await w.commitments.commitment(large)).status).to.equal(CommitmentStatus.Committed);
    });
  });

  describe("a presentation that does not match names every mismatched field and changes nothing", function () {
    it("names the parties: the invoice's buyer", async function () {
      const w = await networkHelpers.loadFixture(world);
      const { invoice, billId } = await readyToPresent(w, ethers);
      await expectMismatch(w, presentation(w, invoice, billId, { buyer: w.tier2.address }), [
        "InvoiceBuyer",
      ]);
    });

    it("names the parties: the bill's shipper (and its holder) when another exporter shipped", async function () {
      const w = await networkHelpers.loadFixture(world);
      const { invoice } = await readyToPresent(w, ethers);
      const { billId } = await issueBill(w, { shipper: w.tier2.address });
      await expectMismatch(w, presentation(w, invoice, billId), ["BillShipper", "BillHolder"]);
    });

    it("names the parties: a bill consigned to someone other than the importer", async function () {
      const w = await networkHelpers.loadFixture(world);
      const { invoice } = await readyToPresent(w, ethers);
      const { billId } = await issueBill(w, { consignee: w.tier2.address });
      await expectMismatch(w, presentation(w, invoice, billId), ["BillConsignee"]);
    });

    it("accepts a bill consigned to the importer and already passed to it", async function () {
      const w = await networkHelpers.loadFixture(world);
      const { invoice } = await readyToPresent(w, ethers);
      const { billId } = await issueBill(w, { consignee: w.importer.address });
      await (
        await w.bills.connect(w.exporter).transferPossession(billId, w.importer.address)
      ).wait();
      expect(await w.commitments.check(ORDER_ID, presentation(w, invoice, billId))).to.equal(0n);
    });

    it("names the holder: a bill the exporter passed to a third party", async function () {
      const w = await networkHelpers.loadFixture(world);
      const { invoice, billId } = await readyToPresent(w, ethers);
      await (await w.bills.connect(w.exporter).endorse(billId, w.tier2.address)).wait();
      await expectMismatch(w, presentation(w, invoice, billId), ["BillHolder"]);
    });

    it("names the ports of loading and of discharge", async function () {
      const w = await networkHelpers.loadFixture(world);
      const { invoice } = await readyToPresent(w, ethers);
      const loading = await issueBill(w, { portOfLoading: "NLRTM" });
      await expectMismatch(w, presentation(w, invoice, loading.billId), ["PortOfLoading"]);
      const discharge = await issueBill(w, { portOfDischarge: "SGSIN" });
      await expectMismatch(w, presentation(w, invoice, discharge.billId), ["PortOfDischarge"]);
    });

    it("names an invoice the exporter never registered, one registered under other fingerprints, and one a bank financed", async function () {
      const w = await networkHelpers.loadFixture(world);
      const { invoice, billId } = await readyToPresent(w, ethers);
      const unregistered = { id: "0x", fingerprints: freshFingerprints(ethers) };
      await expectMismatch(w, presentation(w, unregistered, billId), ["InvoiceNotRegistered"]);
      const other = await registerInvoice(w, ethers, w.exporter, freshFingerprints(ethers));
      const mixed = {
        id: invoice.id,
        fingerprints: { exact: invoice.fingerprints.exact, identity: other.fingerprints.identity },
      };
      await expectMismatch(w, presentation(w, mixed, billId), ["InvoiceNotRegistered"]);
      await (
        await w.invoices.connect(w.otherBank).finance(w.exporter.address, invoice.fingerprints)
      ).wait();
      await expectMismatch(w, presentation(w, invoice, billId), ["InvoiceNotRegistered"]);
    });

    it("names the goods and the currency of the invoice", async function () {
      const w = await networkHelpers.loadFixture(world);
      const { invoice, billId } = await readyToPresent(w, ethers);
      await expectMismatch(
        w,
        presentation(w, invoice, billId, { goodsHash: ethers.id("other goods") }),
        ["InvoiceGoods"],
      );
      await expectMismatch(w, presentation(w, invoice, billId, { currency: "0x555344" }), [
        "InvoiceCurrency",
      ]);
    });

    it("names an invoice amount beyond the tolerance either way, and accepts one at its edge", async function () {
      const w = await networkHelpers.loadFixture(world);
      const { invoice, billId } = await readyToPresent(w, ethers, { toleranceBps: 500 });
      const edge = ORDER_AMOUNT / 20n;
      for (const amount of [ORDER_AMOUNT + edge, ORDER_AMOUNT - edge]) {
        expect(
          await w.commitments.check(ORDER_ID, presentation(w, invoice, billId, { amount })),
        ).to.equal(0n);
      }
      for (const amount of [ORDER_AMOUNT + edge + 1n, ORDER_AMOUNT - edge - 1n]) {
        await expectMismatch(w, presentation(w, invoice, billId, { amount }), ["InvoiceAmount"]);
      }
    });

    it("names a shipment after the latest shipment date", async function () {
      const w = await networkHelpers.loadFixture(world);
      const soon = await placeOrder(w, { shipWithin: DAY });
      const { latestShipmentAt } = (await w.orders.order(soon)).terms;
      await time.increase(3 * DAY);
      const { invoice, billId } = await readyToPresent(w, ethers, { orderId: soon });
      await expectMismatch(w, presentation(w, invoice, billId), ["ShippedLate"], soon);
      const onTime = await issueBill(w, { shippedOnBoardAt: Number(latestShipmentAt) });
      expect(await w.commitments.check(soon, presentation(w, invoice, onTime.billId))).to.equal(0n);
    });

    it("names a maturity already past: shipped longer ago than the payment term", async function () {
      const w = await networkHelpers.loadFixture(world);
      const shortTerm = await placeOrder(w, { paymentTermDays: 1 });
      const { invoice } = await readyToPresent(w, ethers, { orderId: shortTerm });
      const { billId } = await issueBill(w, { shippedOnBoardAt: (await time.latest()) - 2 * DAY });
      await expectMismatch(w, presentation(w, invoice, billId), ["MaturityPassed"], shortTerm);
    });

    it("names customs not cleared, and clearance at another office than the port of discharge, where the commitment asks for clearance", async function () {
      const w = await networkHelpers.loadFixture(world);
      const { invoice, billId, blNumber } = await readyToPresent(w, ethers, {
        customsRequired: true,
      });
      const p = presentation(w, invoice, billId);
      await expectMismatch(w, p, ["CustomsNotCleared"]);
      const ref = shipmentRefOf(w.carrierSigner.address, blNumber);
      const now = await time.latest();
      await (await w.customs.record(ref, CustomsEventType.Cleared, now, unLocode("GBFXT"))).wait();
      await expectMismatch(w, p, ["ClearedElsewhere"]);
      await (await w.customs.record(ref, CustomsEventType.Cleared, now, unLocode("CNSHA"))).wait();
      await expect(w.commitments.connect(w.exporter).present(ORDER_ID, p)).to.emit(
        w.commitments,
        "CommitmentIrrevocable",
      );
    });

    it("names an unknown bill, and every field of a presentation wrong in many at once", async function () {
      const w = await networkHelpers.loadFixture(world);
      const { invoice } = await readyToPresent(w, ethers, { customsRequired: true });
      await expectMismatch(w, presentation(w, invoice, 12345n), ["BillNotActive"]);
      const { billId } = await issueBill(w, {
        shipper: w.tier2.address,
        portOfLoading: "NLRTM",
        portOfDischarge: "SGSIN",
      });
      const wrong = presentation(w, invoice, billId, {
        buyer: w.tier3.address,
        amount: ORDER_AMOUNT * 2n,
        goodsHash: ethers.id("bolts"),
      });
      const fields: MatchFieldName[] = [
        "InvoiceBuyer",
        "InvoiceAmount",
        "InvoiceGoods",
        "BillShipper",
        "BillHolder",
        "PortOfLoading",
        "PortOfDischarge",
        "CustomsNotCleared",
      ];
      await expectMismatch(w, wrong, fields);
      expect(describeMismatches(mismatchBits(fields))).to.match(
        /^InvoiceBuyer \(the invoice's buyer is not the order's importer\); InvoiceAmount .*; CustomsNotCleared \(customs at destination has not cleared the goods\)$/,
      );
    });
  });

  describe("expiry", function () {
    it("refuses a presentation after the expiry, and expires the commitment only then", async function () {
      const w = await networkHelpers.loadFixture(world);
      const { invoice, billId } = await readyToPresent(w, ethers, { days: 10 });
      const { expiresAt } = await w.commitments.commitment(ORDER_ID);
      await expect(w.commitments.expire(ORDER_ID))
        .to.be.revertedWithCustomError(w.commitments, "CommitmentNotExpired")
        .withArgs(ORDER_ID, expiresAt);
      await time.increaseTo(expiresAt + 1n);
      await expect(
        w.commitments.connect(w.exporter).present(ORDER_ID, presentation(w, invoice, billId)),
      )
        .to.be.revertedWithCustomError(w.commitments, "CommitmentExpired")
        .withArgs(ORDER_ID, expiresAt);
      await expect(w.commitments.connect(w.stranger).expire(ORDER_ID))
        .to.emit(w.commitments, "CommitmentExpiredUnmatched")
        .withArgs(ORDER_ID);
      expect((await w.commitments.commitment(ORDER_ID)).status).to.equal(CommitmentStatus.Expired);
      const held = await w.guard.facilityOf(DocumentKind.Invoice, invoice.fingerprints.exact);
      expect(held.product).to.equal(ethers.ZeroAddress);
      // Released: a bank may offer on the order again.
      await (await w.commitments.connect(w.otherBank).offer(ORDER_ID, await terms(w))).wait();
      expect((await w.commitments.commitment(ORDER_ID)).status).to.equal(CommitmentStatus.Offered);
    });

    it("never expires an irrevocable commitment", async function () {
      const w = await networkHelpers.loadFixture(world);
      const { invoice, billId } = await readyToPresent(w, ethers, { days: 10 });
      await (
        await w.commitments.connect(w.exporter).present(ORDER_ID, presentation(w, invoice, billId))
      ).wait();
      await time.increase(11 * DAY);
      await expect(w.commitments.expire(ORDER_ID))
        .to.be.revertedWithCustomError(w.commitments, "CommitmentUnexpectedStatus")
        .withArgs(ORDER_ID, CommitmentStatus.Irrevocable, CommitmentStatus.Committed);
    });
  });

  describe("assignment of proceeds", function () {
    async function assigned(owed: bigint) {
      const w = await networkHelpers.loadFixture(world);
      const commitments = await w.commitments.getAddress();
      await w.govern({
        target: commitments,
        data: w.commitments.interface.encodeFunctionData("setProceedsAssignee", [
          await w.assignee.getAddress(),
        ]),
        description: "Name the advance contract the assignee of proceeds",
      });
      // The assignee (a contract) holds the deposit token it is paid in as a custodian governance approved.
      await w.govern({
        target: await w.cnyToken.getAddress(),
        data: w.cnyToken.interface.encodeFunctionData("setCustodian", [
          await w.assignee.getAddress(),
          true,
        ]),
        description: "Approve the advance contract as custodian of the proceeds it is paid",
      });
      await (await w.assignee.setDebt(commitments, ORDER_ID, owed, owed)).wait();
      const { invoice, billId } = await readyToPresent(w, ethers);
      return { w, invoice, billId };
    }

    it("carves what the assignee will be owed at maturity out of the voucher to it, the rest staying the exporter's", async function () {
      const owed = cny(400_000);
      const { w, invoice, billId } = await assigned(owed);
      await (
        await w.commitments.connect(w.exporter).present(ORDER_ID, presentation(w, invoice, billId))
      ).wait();
      const commitments = await w.commitments.getAddress();
      expect(await w.assignee.receivedVoucherId(commitments, ORDER_ID)).to.equal(2n);
      expect(await w.assignee.receivedVoucherValue(commitments, ORDER_ID)).to.equal(owed);
      const c = await w.commitments.commitment(ORDER_ID);
      expect(c.assigneeShare).to.equal(owed);
      expect(await w.vouchers.ownerOf(2n)).to.equal(await w.assignee.getAddress());
      expect(await w.vouchers["balanceOf(uint256)"](2n)).to.equal(owed);
      expect(await w.vouchers["balanceOf(uint256)"](c.voucherId)).to.equal(ORDER_AMOUNT - owed);
    });

    it("never gives the assignee more than the voucher, however much it is owed", async function () {
      const { w, invoice, billId } = await assigned(ORDER_AMOUNT * 3n);
      await (
        await w.commitments.connect(w.exporter).present(ORDER_ID, presentation(w, invoice, billId))
      ).wait();
      const c = await w.commitments.commitment(ORDER_ID);
      expect(c.assigneeShare).to.equal(ORDER_AMOUNT);
      expect(
        await w.assignee.receivedVoucherValue(await w.commitments.getAddress(), ORDER_ID),
      ).to.equal(ORDER_AMOUNT);
      expect(await w.vouchers["balanceOf(uint256)"](c.voucherId)).to.equal(0n);
    });

    it("pays at maturity exactly what the bank funds: the assignee its share, the exporter the rest", async function () {
      const owed = cny(250_000);
      const { w, invoice, billId } = await assigned(owed);
      await (
        await w.commitments.connect(w.exporter).present(ORDER_ID, presentation(w, invoice, billId))
      ).wait();
      const c = await w.commitments.commitment(ORDER_ID);
      await (await w.vouchers.connect(w.commitmentBank).fund(c.payableId, ORDER_AMOUNT)).wait();
      await time.increaseTo(c.maturity);
      const assigneeAddress = await w.assignee.getAddress();
      const assigneeBefore = await w.cnyToken.balanceOf(assigneeAddress);
      const exporterBefore = await w.cnyToken.balanceOf(w.exporter.address);
      await (await w.assignee.redeem(await w.vouchers.getAddress(), 2n)).wait();
      await (await w.vouchers.connect(w.exporter).redeem(c.voucherId)).wait();
      const toAssignee = (await w.cnyToken.balanceOf(assigneeAddress)) - assigneeBefore;
      const toExporter = (await w.cnyToken.balanceOf(w.exporter.address)) - exporterBefore;
      expect(toAssignee).to.equal(owed);
      expect(toAssignee + toExporter).to.equal(ORDER_AMOUNT);
    });

    it("lets only governance name the assignee", async function () {
      const w = await networkHelpers.loadFixture(world);
      await expect(
        w.commitments.connect(w.admins[0]!).setProceedsAssignee(await w.assignee.getAddress()),
      ).to.be.revertedWithCustomError(w.commitments, "ConsortiumOnlyGovernance");
    });
  });

  describe("the voucher contract's product contracts", function () {
    async function issuance(w: CommitmentWorld) {
      return {
        obligor: w.commitmentBank.address,
        supplier: w.exporter.address,
        amount: cny(1),
        token: await w.cnyToken.getAddress(),
        maturity: (await time.latest()) + DAY,
        assignee: ethers.ZeroAddress,
        assigneeValue: 0n,
      };
    }

    it("refuses an unfunded issue from a contract governance did not name", async function () {
      const w = await networkHelpers.loadFixture(world);
      await expect(w.vouchers.connect(w.commitmentBank).issueUnfunded(await issuance(w)))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherNotProduct")
        .withArgs(w.commitmentBank.address);
    });

    it("lets only governance name a product contract", async function () {
      const w = await networkHelpers.loadFixture(world);
      await expect(
        w.vouchers.connect(w.admins[0]!).setProduct(w.stranger.address, true),
      ).to.be.revertedWithCustomError(w.vouchers, "ConsortiumOnlyGovernance");
      expect(await w.vouchers.isProduct(await w.commitments.getAddress())).to.equal(true);
    });

    it("refuses to issue for a bank that is not an OBLIGOR", async function () {
      const w = await networkHelpers.loadFixture(world);
      await (await w.commitments.connect(w.otherBank).offer(ORDER_ID, await terms(w))).wait();
      await (await w.commitments.connect(w.importer).consent(ORDER_ID)).wait();
      const invoice = await registerInvoice(w, ethers, w.exporter, freshFingerprints(ethers));
      const { billId } = await issueBill(w);
      await expect(
        w.commitments.connect(w.exporter).present(ORDER_ID, presentation(w, invoice, billId)),
      )
        .to.be.revertedWithCustomError(w.vouchers, "ConsortiumUnauthorizedAccount")
        .withArgs(w.otherBank.address, ethers.id("OBLIGOR"));
      expect((await w.commitments.commitment(ORDER_ID)).status).to.equal(
        CommitmentStatus.Committed,
      );
    });

    it("refuses to issue for a bank that withdrew its authority from the commitments contract", async function () {
      const w = await networkHelpers.loadFixture(world);
      const { invoice, billId } = await readyToPresent(w, ethers);
      const commitments = await w.commitments.getAddress();
      await (
        await w.vouchers.connect(w.commitmentBank).authoriseProduct(commitments, false)
      ).wait();
      await expect(
        w.commitments.connect(w.exporter).present(ORDER_ID, presentation(w, invoice, billId)),
      )
        .to.be.revertedWithCustomError(w.vouchers, "VoucherProductNotAuthorised")
        .withArgs(w.commitmentBank.address, commitments);
    });

    it("charges an unfunded issue to the obligor's limit, which funding frees again", async function () {
      const w = await networkHelpers.loadFixture(world);
      const { invoice, billId } = await readyToPresent(w, ethers);
      await (
        await w.commitments.connect(w.exporter).present(ORDER_ID, presentation(w, invoice, billId))
      ).wait();
      const c = await w.commitments.commitment(ORDER_ID);
      expect((await w.vouchers.payableOf(c.payableId)).funded).to.equal(0n);
      expect((await w.vouchers.obligorLimit(w.commitmentBank.address)).outstanding).to.equal(
        ORDER_AMOUNT,
      );
      await (await w.vouchers.connect(w.commitmentBank).fund(c.payableId, ORDER_AMOUNT)).wait();
      expect((await w.vouchers.obligorLimit(w.commitmentBank.address)).outstanding).to.equal(0n);
    });
  });
});
