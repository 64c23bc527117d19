import { expect } from "chai";
import { network } from "hardhat";

import { roleId } from "../../lib/chain/roles.ts";
import {
  type InvoiceFingerprints,
  invoiceFingerprints,
  invoiceIdOf,
} from "../../lib/trade/invoiceFingerprint.ts";
import { deployDocuments, FingerprintKind, InvoiceStatus } from "./documentsFixture.ts";

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
          invoiceIdOf(exporter.address, fingerprints.exact),
          exporter.address,
          fingerprints.exact,
          fingerprints.identity,
        );
    }
    for (const fingerprints of batch) {
      const [byIdentity, status] = await invoices.lookup(exporter.address, fingerprints.identity);
      expect(byIdentity).to.equal(invoiceIdOf(exporter.address, fingerprints.exact));
      expect(status).to.equal(InvoiceStatus.Registered);
    }
  });

  it("returns the ids of the invoices it registered, in order", async function () {
    const { invoices, members } = await networkHelpers.loadFixture(fixture);
    const exporter = members["exporter"]!;
    const batch = invoicesNumbered(3);
    const ids = await invoices.connect(exporter).registerBatch.staticCall(batch);
    expect(ids).to.deep.equal(batch.map((f) => invoiceIdOf(exporter.address, f.exact)));
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
      .withArgs(batch[1]!.exact, invoiceIdOf(exporter.address, batch[1]!.exact), bank.address);
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
        invoiceIdOf(exporter.address, batch[2]!.exact),
      );
    const [, status] = await invoices.lookup(exporter.address, batch[0]!.exact);
    expect(status).to.equal(InvoiceStatus.None);
  });

  it("refuses a batch holding the same invoice twice", async function () {
    const { invoices, members } = await networkHelpers.loadFixture(fixture);
    const exporter = members["exporter"]!;
    const [first, second] = invoicesNumbered(2);
    await expect(invoices.connect(exporter).registerBatch([first!, second!, first!]))
      .to.be.revertedWithCustomError(invoices, "InvoiceRegistryFingerprintTaken")
      .withArgs(FingerprintKind.Exact, first!.exact, invoiceIdOf(exporter.address, first!.exact));
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
