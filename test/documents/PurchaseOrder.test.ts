import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";

import { roleId } from "../../lib/chain/roles.ts";
import { OrderStatus } from "../../lib/trade/enums.ts";
import { amendmentTermsHash, type OrderTerms } from "../../lib/trade/purchaseOrder.ts";
import type { PurchaseOrder } from "../../types/ethers-contracts/index.js";
import { suspend } from "./documentsFixture.ts";
import {
  DAY,
  deployPurchaseOrders,
  fingerprintsOf,
  isoDate,
  type PurchaseOrderFixture,
  rawOrder,
  termsOf,
} from "./purchaseOrderFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

const IMPORTER = roleId("IMPORTER");
const EXPORTER = roleId("EXPORTER");

/** The allowed-status bitmap PurchaseOrderUnexpectedStatus reports. */
function orderBitmap(...statuses: (keyof typeof OrderStatus)[]): string {
  const mask = statuses.reduce((m, s) => m | (1n << BigInt(OrderStatus[s])), 0n);
  return "0x" + mask.toString(16).padStart(64, "0");
}

interface World extends PurchaseOrderFixture {
  terms: OrderTerms;
  fps: { exact: string; fuzzy: string };
  /** Terms of the same order amended: a later shipment date and a larger amount. */
  amended: OrderTerms;
  amendedExact: string;
}

async function fixture(): Promise<World> {
  const f = await deployPurchaseOrders(ethers);
  const now = await time.latest();
  const raw = rawOrder(f.members["exporter"]!.address, isoDate(now + 60 * DAY));
  const amendedRaw = { ...raw, amount: "496,250.00", latestShipmentDate: isoDate(now + 75 * DAY) };
  return {
    ...f,
    terms: termsOf(raw, now),
    fps: fingerprintsOf(raw),
    amended: termsOf(amendedRaw, now),
    amendedExact: fingerprintsOf(amendedRaw).exact,
  };
}

async function issuedFixture(): Promise<World> {
  const w = await fixture();
  await (await w.orders.connect(w.members["importer"]!).issue(w.terms, w.fps)).wait();
  return w;
}

async function acceptedFixture(): Promise<World> {
  const w = await issuedFixture();
  await (await w.orders.connect(w.members["exporter"]!).accept(1n)).wait();
  return w;
}

async function proposedFixture(): Promise<World> {
  const w = await acceptedFixture();
  await (
    await w.orders.connect(w.members["exporter"]!).proposeAmendment(1n, w.amended, w.amendedExact)
  ).wait();
  return w;
}

/** Everything the contract holds about order `orderId`, to compare before and after a refusal. */
async function snapshot(orders: PurchaseOrder, orderId: bigint): Promise<unknown[]> {
  const status = await orders.orderStatus(orderId);
  const count = await orders.orderCount();
  if (status === 0n) return [count, status];
  return [
    count,
    status,
    (await orders.order(orderId)).toString(),
    (await orders.pendingAmendment(orderId)).toString(),
    (await orders.orderFingerprints(orderId)).toString(),
  ];
}

/** Expect `action` to be refused with `error(args)` and order 1 to be as it was. */
async function refused(
  w: World,
  action: () => Promise<unknown>,
  error: string,
  ...args: unknown[]
): Promise<void> {
  const before = await snapshot(w.orders, 1n);
  await expect(action())
    .to.be.revertedWithCustomError(w.orders, error)
    .withArgs(...args);
  expect(await snapshot(w.orders, 1n)).to.deep.equal(before);
}

describe("PurchaseOrder", function () {
  describe("issue", function () {
    it("issues an order to an exporter, recording its terms and fingerprints", async function () {
      const w = await networkHelpers.loadFixture(fixture);
      const importer = w.members["importer"]!;
      await expect(w.orders.connect(importer).issue(w.terms, w.fps))
        .to.emit(w.orders, "OrderIssued")
        .withArgs(
          1n,
          importer.address,
          w.terms.exporter,
          w.terms.orderNumber,
          w.fps.exact,
          w.fps.fuzzy,
        );
      const order = await w.orders.order(1n);
      expect(order.importer).to.equal(importer.address);
      expect(order.status).to.equal(BigInt(OrderStatus.Issued));
      expect(order.issuedAt).to.equal(BigInt(await time.latest()));
      expect(order.acceptedAt).to.equal(0n);
      expect(order.amendments).to.equal(0n);
      expect(order.terms.amount).to.equal(48_625_000n);
      expect(order.terms.currency).to.equal("0x555344");
      expect(order.terms.paymentTermDays).to.equal(60n);
      expect(await w.orders.orderFingerprints(1n)).to.deep.equal([w.fps.exact, w.fps.fuzzy]);
      expect(await w.orders.orderIdOf(importer.address, w.terms.orderNumber)).to.equal(1n);
      expect(await w.orders.orderOfFingerprint(w.fps.exact)).to.equal(1n);
      expect(await w.orders.orderOfFingerprint(w.fps.fuzzy)).to.equal(1n);
      expect(await w.orders.orderCount()).to.equal(1n);
      expect(await w.orders.orderStatus(1n)).to.equal(BigInt(OrderStatus.Issued));
    });

    it("refuses a caller who is not an importer, and a suspended importer", async function () {
      const w = await networkHelpers.loadFixture(fixture);
      const exporter = w.members["exporter"]!;
      await refused(
        w,
        () => w.orders.connect(exporter).issue(w.terms, w.fps),
        "ConsortiumUnauthorizedAccount",
        exporter.address,
        IMPORTER,
      );
      const importer = w.members["importer"]!;
      await suspend(w, importer.address);
      await refused(
        w,
        () => w.orders.connect(importer).issue(w.terms, w.fps),
        "ConsortiumUnauthorizedAccount",
        importer.address,
        IMPORTER,
      );
    });

    it("refuses every malformed field, naming it", async function () {
      const w = await networkHelpers.loadFixture(fixture);
      const importer = w.members["importer"]!;
      const now = BigInt(await time.latest());
      const bad: [string, Partial<OrderTerms>][] = [
        ["exporter", { exporter: ethers.ZeroAddress }],
        ["exporter", { exporter: importer.address }],
        ["orderNumber", { orderNumber: ethers.ZeroHash }],
        ["currency", { currency: "0x757364" }], // "usd"
        ["currency", { currency: "0x000000" }],
        ["amount", { amount: 0n }],
        ["goodsHash", { goodsHash: ethers.ZeroHash }],
        ["incoterm", { incoterm: "0x444146" }], // "DAF": an Incoterms 2000 rule, gone since 2010
        ["incoterm", { incoterm: "0x444154" }], // "DAT": replaced by DPU in 2020
        ["portOfLoading", { portOfLoading: "0x47424658" + "00" }], // "GBFX\0"
        ["portOfLoading", { portOfLoading: "0x4742465831" }], // "GBFX1": no 0 or 1
        ["portOfDischarge", { portOfDischarge: "0x636e736861" }], // "cnsha"
        ["portOfDischarge", { portOfDischarge: w.terms.portOfLoading }],
        ["latestShipmentAt", { latestShipmentAt: now }],
        ["paymentTermDays", { paymentTermDays: 0 }],
        ["paymentTermDays", { paymentTermDays: 366 }],
      ];
      for (const [field, change] of bad) {
        await refused(
          w,
          () => w.orders.connect(importer).issue({ ...w.terms, ...change }, w.fps),
          "PurchaseOrderInvalidField",
          field,
        );
      }
      await refused(
        w,
        () =>
          w.orders.connect(importer).issue(w.terms, { exact: ethers.ZeroHash, fuzzy: w.fps.fuzzy }),
        "PurchaseOrderInvalidField",
        "fingerprints.exact",
      );
      await refused(
        w,
        () => w.orders.connect(importer).issue(w.terms, { exact: w.fps.exact, fuzzy: w.fps.exact }),
        "PurchaseOrderInvalidField",
        "fingerprints.fuzzy",
      );
    });

    it("refuses an exporter that is not an EXPORTER member", async function () {
      const w = await networkHelpers.loadFixture(fixture);
      const bank = w.members["issuingBank"]!;
      await refused(
        w,
        () =>
          w.orders
            .connect(w.members["importer"]!)
            .issue({ ...w.terms, exporter: bank.address }, w.fps),
        "ConsortiumUnauthorizedAccount",
        bank.address,
        EXPORTER,
      );
    });

    it("accepts every one of the eleven Incoterms 2020 rules and nothing else", async function () {
      const w = await networkHelpers.loadFixture(fixture);
      const rules = ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"];
      for (const rule of rules) {
        expect(await w.orders.isIncoterm(ethers.hexlify(ethers.toUtf8Bytes(rule)))).to.equal(true);
      }
      // Incoterms 2000 and 2010 rules since withdrawn, lower case, and no rule at all.
      for (const other of ["DAF", "DES", "DEQ", "DDU", "DAT", "fob", "XYZ"]) {
        expect(await w.orders.isIncoterm(ethers.hexlify(ethers.toUtf8Bytes(other)))).to.equal(
          false,
        );
      }
    });

    it("refuses an order number the importer used already, whatever that order's status", async function () {
      const w = await networkHelpers.loadFixture(issuedFixture);
      const importer = w.members["importer"]!;
      await w.orders.connect(w.members["exporter"]!).decline(1n);
      await expect(
        w.orders
          .connect(importer)
          .issue(w.terms, { exact: id("another exact"), fuzzy: id("another fuzzy") }),
      )
        .to.be.revertedWithCustomError(w.orders, "PurchaseOrderNumberTaken")
        .withArgs(importer.address, w.terms.orderNumber, 1n);
      expect(await w.orders.orderCount()).to.equal(1n);
    });

    it("refuses fingerprints another order has: the same order issued again under another number", async function () {
      const w = await networkHelpers.loadFixture(issuedFixture);
      const importer = w.members["importer"]!;
      const renumbered = {
        ...w.terms,
        orderNumber: ethers.encodeBytes32String("HME-PO-2025-0043"),
      };
      await expect(
        w.orders.connect(importer).issue(renumbered, { exact: w.fps.exact, fuzzy: id("fresh") }),
      )
        .to.be.revertedWithCustomError(w.orders, "PurchaseOrderFingerprintTaken")
        .withArgs(w.fps.exact, 1n);
      await expect(
        w.orders.connect(importer).issue(renumbered, { exact: id("fresh"), fuzzy: w.fps.fuzzy }),
      )
        .to.be.revertedWithCustomError(w.orders, "PurchaseOrderFingerprintTaken")
        .withArgs(w.fps.fuzzy, 1n);
    });
  });

  describe("accept and decline", function () {
    it("lets the exporter accept an issued order", async function () {
      const w = await networkHelpers.loadFixture(issuedFixture);
      const exporter = w.members["exporter"]!;
      await expect(w.orders.connect(exporter).accept(1n))
        .to.emit(w.orders, "OrderAccepted")
        .withArgs(1n, exporter.address);
      const order = await w.orders.order(1n);
      expect(order.status).to.equal(BigInt(OrderStatus.Accepted));
      expect(order.acceptedAt).to.equal(BigInt(await time.latest()));
    });

    it("lets the exporter decline an issued order, which lapses a pending amendment", async function () {
      const w = await networkHelpers.loadFixture(issuedFixture);
      const importer = w.members["importer"]!;
      const exporter = w.members["exporter"]!;
      await w.orders.connect(importer).proposeAmendment(1n, w.amended, w.amendedExact);
      const termsHash = amendmentTermsHash(w.amended, w.amendedExact);
      await expect(w.orders.connect(exporter).decline(1n))
        .to.emit(w.orders, "OrderDeclined")
        .withArgs(1n, exporter.address)
        .and.to.emit(w.orders, "AmendmentWithdrawn")
        .withArgs(1n, importer.address, termsHash);
      expect(await w.orders.orderStatus(1n)).to.equal(BigInt(OrderStatus.Declined));
      expect((await w.orders.pendingAmendment(1n)).proposer).to.equal(ethers.ZeroAddress);
    });

    it("refuses acceptance or refusal by anyone but the order's exporter", async function () {
      const w = await networkHelpers.loadFixture(issuedFixture);
      const other = w.otherExporter;
      await refused(
        w,
        () => w.orders.connect(other).accept(1n),
        "PurchaseOrderNotExporter",
        1n,
        other.address,
        w.terms.exporter,
      );
      await refused(
        w,
        () => w.orders.connect(other).decline(1n),
        "PurchaseOrderNotExporter",
        1n,
        other.address,
        w.terms.exporter,
      );
      const importer = w.members["importer"]!;
      await refused(
        w,
        () => w.orders.connect(importer).accept(1n),
        "ConsortiumUnauthorizedAccount",
        importer.address,
        EXPORTER,
      );
    });

    it("refuses to accept or decline an order twice, or one declined", async function () {
      const w = await networkHelpers.loadFixture(acceptedFixture);
      const exporter = w.members["exporter"]!;
      for (const step of [
        () => w.orders.connect(exporter).accept(1n),
        () => w.orders.connect(exporter).decline(1n),
      ]) {
        await refused(
          w,
          step,
          "PurchaseOrderUnexpectedStatus",
          1n,
          OrderStatus.Accepted,
          orderBitmap("Issued"),
        );
      }
    });

    it("refuses an unknown order", async function () {
      const w = await networkHelpers.loadFixture(fixture);
      await expect(w.orders.connect(w.members["exporter"]!).accept(7n))
        .to.be.revertedWithCustomError(w.orders, "PurchaseOrderUnknown")
        .withArgs(7n);
      await expect(w.orders.order(7n))
        .to.be.revertedWithCustomError(w.orders, "PurchaseOrderUnknown")
        .withArgs(7n);
      expect(await w.orders.orderStatus(7n)).to.equal(0n);
    });

    it("refuses an acceptance after the latest shipment date", async function () {
      const w = await networkHelpers.loadFixture(issuedFixture);
      await time.increaseTo(w.terms.latestShipmentAt + 1n);
      await refused(
        w,
        () => w.orders.connect(w.members["exporter"]!).accept(1n),
        "PurchaseOrderShipmentDatePassed",
        1n,
        w.terms.latestShipmentAt,
      );
    });
  });

  describe("amendments", function () {
    it("puts an amendment in force only when the other party agrees, and keeps an accepted order accepted", async function () {
      const w = await networkHelpers.loadFixture(acceptedFixture);
      const exporter = w.members["exporter"]!;
      const importer = w.members["importer"]!;
      const termsHash = amendmentTermsHash(w.amended, w.amendedExact);
      await expect(w.orders.connect(exporter).proposeAmendment(1n, w.amended, w.amendedExact))
        .to.emit(w.orders, "AmendmentProposed")
        .withArgs(1n, exporter.address, termsHash, w.amendedExact);
      // Not in force yet.
      expect((await w.orders.order(1n)).terms.amount).to.equal(w.terms.amount);
      const pending = await w.orders.pendingAmendment(1n);
      expect(pending.proposer).to.equal(exporter.address);
      expect(pending.termsHash).to.equal(termsHash);
      expect(pending.terms.amount).to.equal(w.amended.amount);

      await expect(w.orders.connect(importer).acceptAmendment(1n, termsHash))
        .to.emit(w.orders, "AmendmentAccepted")
        .withArgs(1n, importer.address, termsHash, 1n);
      const order = await w.orders.order(1n);
      expect(order.status).to.equal(BigInt(OrderStatus.Accepted));
      expect(order.terms.amount).to.equal(w.amended.amount);
      expect(order.terms.latestShipmentAt).to.equal(w.amended.latestShipmentAt);
      expect(order.amendments).to.equal(1n);
      expect(await w.orders.orderFingerprints(1n)).to.deep.equal([w.amendedExact, w.fps.fuzzy]);
      // The earlier exact fingerprint still leads to the order.
      expect(await w.orders.orderOfFingerprint(w.fps.exact)).to.equal(1n);
      expect(await w.orders.orderOfFingerprint(w.amendedExact)).to.equal(1n);
      expect((await w.orders.pendingAmendment(1n)).proposer).to.equal(ethers.ZeroAddress);
    });

    it("lets the importer amend an issued order the exporter has not accepted yet", async function () {
      const w = await networkHelpers.loadFixture(issuedFixture);
      const termsHash = amendmentTermsHash(w.amended, w.amendedExact);
      await w.orders
        .connect(w.members["importer"]!)
        .proposeAmendment(1n, w.amended, w.amendedExact);
      await w.orders.connect(w.members["exporter"]!).acceptAmendment(1n, termsHash);
      expect(await w.orders.orderStatus(1n)).to.equal(BigInt(OrderStatus.Issued));
      expect((await w.orders.order(1n)).terms.amount).to.equal(w.amended.amount);
    });

    it("amends a port alone under the same exact fingerprint (ports are not fingerprinted)", async function () {
      const w = await networkHelpers.loadFixture(acceptedFixture);
      const rerouted = { ...w.terms, portOfDischarge: "0x434e4e4742" }; // CNNGB
      await w.orders.connect(w.members["importer"]!).proposeAmendment(1n, rerouted, w.fps.exact);
      await w.orders
        .connect(w.members["exporter"]!)
        .acceptAmendment(1n, amendmentTermsHash(rerouted, w.fps.exact));
      expect((await w.orders.order(1n)).terms.portOfDischarge).to.equal("0x434e4e4742");
    });

    it("refuses a second amendment while one is pending", async function () {
      const w = await networkHelpers.loadFixture(proposedFixture);
      const exporter = w.members["exporter"]!;
      await refused(
        w,
        () => w.orders.connect(w.members["importer"]!).proposeAmendment(1n, w.terms, id("x")),
        "PurchaseOrderAmendmentPending",
        1n,
        exporter.address,
      );
    });

    it("refuses acceptance by its proposer, by a stranger, and of another amendment than the one pending", async function () {
      const w = await networkHelpers.loadFixture(proposedFixture);
      const exporter = w.members["exporter"]!;
      const termsHash = amendmentTermsHash(w.amended, w.amendedExact);
      await refused(
        w,
        () => w.orders.connect(exporter).acceptAmendment(1n, termsHash),
        "PurchaseOrderOwnAmendment",
        1n,
        exporter.address,
      );
      const other = w.otherExporter;
      await refused(
        w,
        () => w.orders.connect(other).acceptAmendment(1n, termsHash),
        "PurchaseOrderNotParty",
        1n,
        other.address,
      );
      await refused(
        w,
        () => w.orders.connect(w.members["importer"]!).acceptAmendment(1n, id("what I read")),
        "PurchaseOrderAmendmentMismatch",
        1n,
        id("what I read"),
        termsHash,
      );
    });

    it("lets only the proposer withdraw an amendment", async function () {
      const w = await networkHelpers.loadFixture(proposedFixture);
      const exporter = w.members["exporter"]!;
      const importer = w.members["importer"]!;
      await refused(
        w,
        () => w.orders.connect(importer).withdrawAmendment(1n),
        "PurchaseOrderNotProposer",
        1n,
        importer.address,
        exporter.address,
      );
      await expect(w.orders.connect(exporter).withdrawAmendment(1n))
        .to.emit(w.orders, "AmendmentWithdrawn")
        .withArgs(1n, exporter.address, amendmentTermsHash(w.amended, w.amendedExact));
      await refused(
        w,
        () => w.orders.connect(exporter).withdrawAmendment(1n),
        "PurchaseOrderNoAmendment",
        1n,
      );
      await refused(
        w,
        () => w.orders.connect(importer).acceptAmendment(1n, ethers.ZeroHash),
        "PurchaseOrderNoAmendment",
        1n,
      );
    });

    it("refuses an amendment changing the exporter or the order number, or nothing", async function () {
      const w = await networkHelpers.loadFixture(acceptedFixture);
      const importer = w.members["importer"]!;
      await refused(
        w,
        () =>
          w.orders
            .connect(importer)
            .proposeAmendment(
              1n,
              { ...w.amended, exporter: w.otherExporter.address },
              w.amendedExact,
            ),
        "PurchaseOrderFieldNotAmendable",
        1n,
        "exporter",
      );
      await refused(
        w,
        () =>
          w.orders
            .connect(importer)
            .proposeAmendment(
              1n,
              { ...w.amended, orderNumber: ethers.encodeBytes32String("HME-PO-2025-0099") },
              w.amendedExact,
            ),
        "PurchaseOrderFieldNotAmendable",
        1n,
        "orderNumber",
      );
      await refused(
        w,
        () => w.orders.connect(importer).proposeAmendment(1n, w.terms, w.fps.exact),
        "PurchaseOrderAmendmentChangesNothing",
        1n,
      );
    });

    it("refuses amended terms with a bad field, and a bad or taken fingerprint", async function () {
      const w = await networkHelpers.loadFixture(acceptedFixture);
      const importer = w.members["importer"]!;
      await refused(
        w,
        () =>
          w.orders
            .connect(importer)
            .proposeAmendment(1n, { ...w.amended, amount: 0n }, w.amendedExact),
        "PurchaseOrderInvalidField",
        "amount",
      );
      for (const bad of [ethers.ZeroHash, w.fps.fuzzy]) {
        await refused(
          w,
          () => w.orders.connect(importer).proposeAmendment(1n, w.amended, bad),
          "PurchaseOrderInvalidField",
          "exactFingerprint",
        );
      }
      // A second order takes a fingerprint; the first cannot amend onto it.
      const second = {
        ...w.terms,
        orderNumber: ethers.encodeBytes32String("HME-PO-2025-0043"),
      };
      await w.orders
        .connect(importer)
        .issue(second, { exact: id("second exact"), fuzzy: id("second fuzzy") });
      await refused(
        w,
        () => w.orders.connect(importer).proposeAmendment(1n, w.amended, id("second exact")),
        "PurchaseOrderFingerprintTaken",
        id("second exact"),
        2n,
      );
    });

    it("refuses an amendment's acceptance once its latest shipment date has passed", async function () {
      const w = await networkHelpers.loadFixture(proposedFixture);
      await time.increaseTo(w.amended.latestShipmentAt + 1n);
      await refused(
        w,
        () =>
          w.orders
            .connect(w.members["importer"]!)
            .acceptAmendment(1n, amendmentTermsHash(w.amended, w.amendedExact)),
        "PurchaseOrderShipmentDatePassed",
        1n,
        w.amended.latestShipmentAt,
      );
    });

    it("refuses amendments of a declined order", async function () {
      const w = await networkHelpers.loadFixture(issuedFixture);
      await w.orders.connect(w.members["exporter"]!).decline(1n);
      await refused(
        w,
        () =>
          w.orders.connect(w.members["importer"]!).proposeAmendment(1n, w.amended, w.amendedExact),
        "PurchaseOrderUnexpectedStatus",
        1n,
        OrderStatus.Declined,
        orderBitmap("Issued", "Accepted"),
      );
    });
  });

  describe("cancellation", function () {
    it("cancels an order only once both parties agree, lapsing a pending amendment", async function () {
      const w = await networkHelpers.loadFixture(proposedFixture);
      const importer = w.members["importer"]!;
      const exporter = w.members["exporter"]!;
      await expect(w.orders.connect(importer).cancel(1n))
        .to.emit(w.orders, "CancellationConsented")
        .withArgs(1n, importer.address);
      expect(await w.orders.orderStatus(1n)).to.equal(BigInt(OrderStatus.Accepted));
      expect(await w.orders.cancellationConsent(1n, importer.address)).to.equal(true);
      expect(await w.orders.cancellationConsent(1n, exporter.address)).to.equal(false);
      await expect(w.orders.connect(exporter).cancel(1n))
        .to.emit(w.orders, "OrderCancelled")
        .withArgs(1n)
        .and.to.emit(w.orders, "AmendmentWithdrawn");
      expect(await w.orders.orderStatus(1n)).to.equal(BigInt(OrderStatus.Cancelled));
      expect((await w.orders.pendingAmendment(1n)).proposer).to.equal(ethers.ZeroAddress);
      expect(await w.orders.cancellationConsent(1n, importer.address)).to.equal(false);
    });

    it("cancels an issued order the exporter has not accepted, with both", async function () {
      const w = await networkHelpers.loadFixture(issuedFixture);
      await w.orders.connect(w.members["exporter"]!).cancel(1n);
      await w.orders.connect(w.members["importer"]!).cancel(1n);
      expect(await w.orders.orderStatus(1n)).to.equal(BigInt(OrderStatus.Cancelled));
    });

    it("refuses a second agreement from the same party, and agreement from a stranger", async function () {
      const w = await networkHelpers.loadFixture(acceptedFixture);
      const importer = w.members["importer"]!;
      await w.orders.connect(importer).cancel(1n);
      await refused(
        w,
        () => w.orders.connect(importer).cancel(1n),
        "PurchaseOrderCancellationConsented",
        1n,
        importer.address,
      );
      const other = w.otherExporter;
      await refused(
        w,
        () => w.orders.connect(other).cancel(1n),
        "PurchaseOrderNotParty",
        1n,
        other.address,
      );
      const stranger = w.strangers[0]!;
      await refused(
        w,
        () => w.orders.connect(stranger).cancel(1n),
        "ConsortiumInactiveMember",
        stranger.address,
      );
    });

    it("lets a party withdraw its agreement before the other agrees", async function () {
      const w = await networkHelpers.loadFixture(acceptedFixture);
      const importer = w.members["importer"]!;
      const exporter = w.members["exporter"]!;
      await refused(
        w,
        () => w.orders.connect(importer).withdrawCancellation(1n),
        "PurchaseOrderNoCancellationConsent",
        1n,
        importer.address,
      );
      await w.orders.connect(importer).cancel(1n);
      await expect(w.orders.connect(importer).withdrawCancellation(1n))
        .to.emit(w.orders, "CancellationWithdrawn")
        .withArgs(1n, importer.address);
      await w.orders.connect(exporter).cancel(1n);
      expect(await w.orders.orderStatus(1n)).to.equal(BigInt(OrderStatus.Accepted));
    });

    it("refuses every step on a cancelled order", async function () {
      const w = await networkHelpers.loadFixture(acceptedFixture);
      const importer = w.members["importer"]!;
      const exporter = w.members["exporter"]!;
      await w.orders.connect(importer).cancel(1n);
      await w.orders.connect(exporter).cancel(1n);
      const closed = orderBitmap("Issued", "Accepted");
      await refused(
        w,
        () => w.orders.connect(importer).cancel(1n),
        "PurchaseOrderUnexpectedStatus",
        1n,
        OrderStatus.Cancelled,
        closed,
      );
      await refused(
        w,
        () => w.orders.connect(exporter).proposeAmendment(1n, w.amended, w.amendedExact),
        "PurchaseOrderUnexpectedStatus",
        1n,
        OrderStatus.Cancelled,
        closed,
      );
      await refused(
        w,
        () => w.orders.connect(exporter).accept(1n),
        "PurchaseOrderUnexpectedStatus",
        1n,
        OrderStatus.Cancelled,
        orderBitmap("Issued"),
      );
    });
  });
});
