import { expect } from "chai";
import { network } from "hardhat";

import { roleId } from "../../lib/chain/roles.ts";
import {
  type InvoiceFingerprints,
  invoiceFingerprints,
  invoiceIdOf,
} from "../../lib/trade/invoiceFingerprint.ts";
import { deployDocuments, FingerprintKind, InvoiceStatus, suspend } from "./documentsFixture.ts";

const { ethers, networkHelpers } = await network.create();

/** The consortium's fingerprint key in these tests. */
const KEY = "0x" + "c3".repeat(32);

function invoicesNumbered(count: number, from = 0): InvoiceFingerprints[] {
  return Array.from({ length: count }, (_, i) =>
    invoiceFingerprints(
      {
        sellerTaxId: "GB 284 1137 62",
        buyerTaxId: "91310101MA1FPX1234",
        invoiceNumber: `API-2025-B${from + i}`,
        issueDate: "2025-06-02",
        amount: "12,500.00",
        currency: "USD",
      },
      KEY,
    ),
  );
}

async function fixture() {
  return deployDocuments(ethers);
}

describe("InvoiceRegistry: registering invoices in batches", function () {
  it("registers every invoice of a batch to its seller, each with its own event", async function () {
    const { invoices, members } = await networkHelpers.loadFixture(fixture);
    const exporter = members["exporter"]!;
    const batch = invoicesNumbered(5);
    const tx = invoices.connect(exporter).registerBatch(batch);
    for (const fingerprints of batch) {
      await expect(tx)
        .to.emit(invoices, "InvoiceRegistered")
        .withArgs(
          invoiceIdOf(exporter.address, fingerprints.identity),
          exporter.address,
          fingerprints.exact,
          fingerprints.identity,
        );
    }
    for (const fingerprints of batch) {
      const [byIdentity, status, exactMatches] = await invoices.lookup(
        exporter.address,
        fingerprints,
      );
      expect(byIdentity).to.equal(invoiceIdOf(exporter.address, fingerprints.identity));
      expect(status).to.equal(InvoiceStatus.Registered);
      expect(exactMatches).to.equal(true);
    }
  });

  it("returns the ids of the invoices it registered, in order", async function () {
    const { invoices, members } = await networkHelpers.loadFixture(fixture);
    const exporter = members["exporter"]!;
    const batch = invoicesNumbered(3);
    const ids = await invoices.connect(exporter).registerBatch.staticCall(batch);
    expect(ids).to.deep.equal(batch.map((f) => invoiceIdOf(exporter.address, f.identity)));
  });

  it("lets a bank finance an invoice registered in a batch, once", async function () {
    const { invoices, members } = await networkHelpers.loadFixture(fixture);
    const exporter = members["exporter"]!;
    const bank = members["advisingBank"]!;
    const batch = invoicesNumbered(3);
    await (await invoices.connect(exporter).registerBatch(batch)).wait();
    await (await invoices.connect(bank).finance(exporter.address, batch[1]!)).wait();
    await expect(invoices.connect(bank).finance(exporter.address, batch[1]!))
      .to.be.revertedWithCustomError(invoices, "InvoiceRegistryAlreadyFinanced")
      .withArgs(batch[1]!.exact, invoiceIdOf(exporter.address, batch[1]!.identity), bank.address);
  });

  it("refuses the whole batch when one invoice was registered before, registering none", async function () {
    const { invoices, members } = await networkHelpers.loadFixture(fixture);
    const exporter = members["exporter"]!;
    const batch = invoicesNumbered(4);
    await (await invoices.connect(exporter).register(batch[2]!)).wait();
    await expect(invoices.connect(exporter).registerBatch(batch))
      .to.be.revertedWithCustomError(invoices, "InvoiceRegistryFingerprintTaken")
      .withArgs(
        FingerprintKind.Exact,
        batch[2]!.exact,
        invoiceIdOf(exporter.address, batch[2]!.identity),
      );
    for (const i of [0, 1, 3]) {
      const [, status] = await invoices.lookup(exporter.address, batch[i]!);
      expect(status).to.equal(InvoiceStatus.None);
    }
  });

  it("refuses a batch holding the same invoice twice", async function () {
    const { invoices, members } = await networkHelpers.loadFixture(fixture);
    const exporter = members["exporter"]!;
    const [first, second] = invoicesNumbered(2);
    await expect(invoices.connect(exporter).registerBatch([first!, second!, first!]))
      .to.be.revertedWithCustomError(invoices, "InvoiceRegistryFingerprintTaken")
      .withArgs(
        FingerprintKind.Exact,
        first!.exact,
        invoiceIdOf(exporter.address, first!.identity),
      );
  });

  it("refuses a zero fingerprint anywhere in the batch", async function () {
    const { invoices, members } = await networkHelpers.loadFixture(fixture);
    const batch = invoicesNumbered(3);
    batch[1] = { ...batch[1]!, identity: `0x${"00".repeat(32)}` };
    await expect(invoices.connect(members["exporter"]!).registerBatch(batch))
      .to.be.revertedWithCustomError(invoices, "InvoiceRegistryInvalidFingerprint")
      .withArgs(FingerprintKind.Identity, batch[1]!.identity);
  });

  it("refuses an empty batch and one larger than MAX_BATCH", async function () {
    const { invoices, members } = await networkHelpers.loadFixture(fixture);
    const exporter = members["exporter"]!;
    const max = await invoices.MAX_BATCH();
    await expect(invoices.connect(exporter).registerBatch([]))
      .to.be.revertedWithCustomError(invoices, "InvoiceRegistryInvalidBatchSize")
      .withArgs(0, max);
    await expect(invoices.connect(exporter).registerBatch(invoicesNumbered(Number(max) + 1)))
      .to.be.revertedWithCustomError(invoices, "InvoiceRegistryInvalidBatchSize")
      .withArgs(max + 1n, max);
  });

  it("refuses a batch from an account that is not an exporter", async function () {
    const { invoices, members } = await networkHelpers.loadFixture(fixture);
    const bank = members["advisingBank"]!;
    await expect(invoices.connect(bank).registerBatch(invoicesNumbered(2)))
      .to.be.revertedWithCustomError(invoices, "ConsortiumUnauthorizedAccount")
      .withArgs(bank.address, roleId("EXPORTER"));
  });
});

describe("InvoiceRegistry: financing invoices in batches", function () {
  /** Two sellers' invoices registered: the exporter's `B0..B2`, the other exporter's `B10`. */
  async function registered() {
    const f = await networkHelpers.loadFixture(fixture);
    const exporter = f.members["exporter"]!;
    const otherExporter = f.otherExporter;
    const bank = f.members["advisingBank"]!;
    const own = invoicesNumbered(3);
    const others = invoicesNumbered(1, 10);
    await (await f.invoices.connect(exporter).registerBatch(own)).wait();
    await (await f.invoices.connect(otherExporter).registerBatch(others)).wait();
    const batch = [
      { seller: exporter.address, fingerprints: own[0]! },
      { seller: otherExporter.address, fingerprints: others[0]! },
      { seller: exporter.address, fingerprints: own[2]! },
    ];
    return { ...f, exporter, otherExporter, bank, own, others, batch };
  }

  it("finances invoices of several sellers in one call, each with its own event and record", async function () {
    const { invoices, bank, batch } = await registered();
    const ids = batch.map((b) => invoiceIdOf(b.seller, b.fingerprints.identity));
    expect(await invoices.connect(bank).financeBatch.staticCall(batch)).to.deep.equal(ids);
    const tx = invoices.connect(bank).financeBatch(batch);
    for (const [i, b] of batch.entries()) {
      await expect(tx)
        .to.emit(invoices, "InvoiceFinanced")
        .withArgs(ids[i], bank.address, b.seller);
    }
    for (const [i, b] of batch.entries()) {
      const record = await invoices.invoice(ids[i]!);
      expect(record.status).to.equal(InvoiceStatus.Financed);
      expect(record.bank).to.equal(bank.address);
      expect(await invoices.financedInvoiceOf(b.fingerprints.exact)).to.deep.equal([
        ids[i],
        BigInt(InvoiceStatus.Financed),
      ]);
    }
  });

  it("refuses the whole batch when one invoice was financed already, financing none", async function () {
    const { invoices, bank, batch, exporter } = await registered();
    await (await invoices.connect(bank).finance(exporter.address, batch[2]!.fingerprints)).wait();
    await expect(invoices.connect(bank).financeBatch(batch))
      .to.be.revertedWithCustomError(invoices, "InvoiceRegistryAlreadyFinanced")
      .withArgs(
        batch[2]!.fingerprints.exact,
        invoiceIdOf(exporter.address, batch[2]!.fingerprints.identity),
        bank.address,
      );
    for (const b of batch.slice(0, 2)) {
      const [, status] = await invoices.lookup(b.seller, b.fingerprints);
      expect(status).to.equal(InvoiceStatus.Registered);
      expect(await invoices.financedInvoiceOf(b.fingerprints.identity)).to.deep.equal([
        ethers.ZeroHash,
        0n,
      ]);
    }
  });

  it("refuses a batch presenting the same invoice twice", async function () {
    const { invoices, bank, batch } = await registered();
    await expect(invoices.connect(bank).financeBatch([batch[0]!, batch[1]!, batch[0]!]))
      .to.be.revertedWithCustomError(invoices, "InvoiceRegistryAlreadyFinanced")
      .withArgs(
        batch[0]!.fingerprints.exact,
        invoiceIdOf(batch[0]!.seller, batch[0]!.fingerprints.identity),
        bank.address,
      );
    const [, status] = await invoices.lookup(batch[0]!.seller, batch[0]!.fingerprints);
    expect(status).to.equal(InvoiceStatus.Registered);
  });

  it("refuses a batch naming an invoice under a seller who did not register it", async function () {
    const { invoices, bank, batch, otherExporter, own } = await registered();
    const wrongSeller = { seller: otherExporter.address, fingerprints: own[1]! };
    await expect(invoices.connect(bank).financeBatch([batch[0]!, wrongSeller]))
      .to.be.revertedWithCustomError(invoices, "InvoiceRegistryUnknownFingerprint")
      .withArgs(otherExporter.address, FingerprintKind.Identity, own[1]!.identity);
  });

  it("refuses an empty financing batch and one larger than MAX_FINANCE_BATCH", async function () {
    const { invoices, bank, batch } = await registered();
    const max = await invoices.MAX_FINANCE_BATCH();
    await expect(invoices.connect(bank).financeBatch([]))
      .to.be.revertedWithCustomError(invoices, "InvoiceRegistryInvalidBatchSize")
      .withArgs(0, max);
    const tooMany = Array.from({ length: Number(max) + 1 }, () => batch[0]!);
    await expect(invoices.connect(bank).financeBatch(tooMany))
      .to.be.revertedWithCustomError(invoices, "InvoiceRegistryInvalidBatchSize")
      .withArgs(max + 1n, max);
  });

  it("refuses a financing batch from a suspended bank, financing none of its invoices", async function () {
    const f = await registered();
    await suspend(f, f.bank.address);
    await expect(f.invoices.connect(f.bank).financeBatch(f.batch))
      .to.be.revertedWithCustomError(f.invoices, "ConsortiumUnauthorizedAccount")
      .withArgs(f.bank.address, roleId("BANK"));
    for (const b of f.batch) {
      const id = invoiceIdOf(b.seller, b.fingerprints.identity);
      expect((await f.invoices.invoice(id)).status).to.equal(InvoiceStatus.Registered);
    }
  });

  it("refuses a financing batch from an account that is not a bank", async function () {
    const { invoices, exporter, batch } = await registered();
    await expect(invoices.connect(exporter).financeBatch(batch))
      .to.be.revertedWithCustomError(invoices, "ConsortiumUnauthorizedAccount")
      .withArgs(exporter.address, roleId("BANK"));
  });
});
