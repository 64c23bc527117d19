import { expect } from "chai";
import { id } from "ethers";
import hre, { network } from "hardhat";

import { demoMember } from "../../lib/chain/demoConsortium.ts";
import {
  type InvoiceFingerprints,
  invoiceFingerprints,
  invoiceIdOf,
  type RawInvoice,
} from "../../lib/trade/invoiceFingerprint.ts";
import { executeGovernance, onboardingCall } from "../../lib/chain/governance.ts";
import { roleId } from "../../lib/chain/roles.ts";
import {
  deployDocuments,
  FingerprintKind,
  InvoiceStatus,
  statusBit,
  suspend,
} from "./documentsFixture.ts";
import { structLayout } from "./storageLayout.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

const BANK = roleId("BANK");
const EXPORTER = roleId("EXPORTER");

/** The consortium's fingerprint key in these tests. */
const KEY = "0x" + "c3".repeat(32);

/** The demo trade's commercial invoice: Albion Precision Instruments to Huangpu Medical. */
const INVOICE: RawInvoice = {
  sellerTaxId: "GB 284 1137 62",
  buyerTaxId: "91310101MA1FPX1234",
  invoiceNumber: "API-2025-0117",
  issueDate: "2025-06-02",
  amount: "486,250.00",
  currency: "USD",
};
const FINGERPRINTS = invoiceFingerprints(INVOICE, KEY);
/** The seller of record: the demo exporter. */
const SELLER = (await ethers.getSigners())[demoMember("exporter").accountIndex]!.address;
const INVOICE_ID = invoiceIdOf(SELLER, FINGERPRINTS.identity);
/** The same invoice printed differently: same fingerprints. */
const RERENDERED = invoiceFingerprints(
  {
    ...INVOICE,
    sellerTaxId: "gb284113762",
    invoiceNumber: "api 2025/0117",
    issueDate: "02.06.2025",
    amount: "486.250,00",
  },
  KEY,
);
/** A copy with the amount altered: another exact fingerprint, the same identity fingerprint. */
const ALTERED = invoiceFingerprints({ ...INVOICE, amount: "496,250.00" }, KEY);
/** Another invoice of the same seller to the same buyer. */
const NEXT_INVOICE = invoiceFingerprints({ ...INVOICE, invoiceNumber: "API-2025-0118" }, KEY);
const NEXT_ID = invoiceIdOf(SELLER, NEXT_INVOICE.identity);

async function fixture() {
  return deployDocuments(ethers);
}

async function registeredFixture() {
  const f = await fixture();
  await (await f.invoices.connect(f.members["exporter"]!).register(FINGERPRINTS)).wait();
  return f;
}

async function financedFixture() {
  const f = await registeredFixture();
  await (await f.invoices.connect(f.members["advisingBank"]!).finance(SELLER, FINGERPRINTS)).wait();
  return f;
}

function fingerprints(exact: string, identity: string): InvoiceFingerprints {
  return { exact: exact as `0x${string}`, identity: identity as `0x${string}` };
}

describe("InvoiceRegistry", function () {
  describe("register", function () {
    it("registers an invoice by its fingerprints, its id bound to its seller and identity fingerprint", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const exporter = f.members["exporter"]!;
      expect(await f.invoices.connect(exporter).register.staticCall(FINGERPRINTS)).to.equal(
        INVOICE_ID,
      );
      await expect(f.invoices.connect(exporter).register(FINGERPRINTS))
        .to.emit(f.invoices, "InvoiceRegistered")
        .withArgs(INVOICE_ID, exporter.address, FINGERPRINTS.exact, FINGERPRINTS.identity);
      expect(await f.invoices.invoiceIdOf(exporter.address, FINGERPRINTS.identity)).to.equal(
        INVOICE_ID,
      );

      const invoice = await f.invoices.invoice(INVOICE_ID);
      // One slot: status, registeredAt and the first 25 bytes of keccak256(exact fingerprint).
      expect(invoice.exactTag).to.equal(
        ethers.dataSlice(ethers.keccak256(FINGERPRINTS.exact), 0, 25),
      );
      expect(invoice.status).to.equal(InvoiceStatus.Registered);
      expect(invoice.registeredAt).to.equal(await time.latest());
      expect(invoice.bank).to.equal(ethers.ZeroAddress);
      expect(invoice.financedAt).to.equal(0n);
      expect(invoice.closedAt).to.equal(0n);
    });

    it("finds the invoice by its identity fingerprint and tells whether the exact one is its own", async function () {
      const f = await networkHelpers.loadFixture(registeredFixture);
      expect(await f.invoices.lookup(SELLER, FINGERPRINTS)).to.deep.equal([
        INVOICE_ID,
        InvoiceStatus.Registered,
        true,
      ]);
      expect(await f.invoices.lookup(SELLER, ALTERED)).to.deep.equal([
        INVOICE_ID,
        InvoiceStatus.Registered,
        false,
      ]);
      expect(await f.invoices.lookup(SELLER, NEXT_INVOICE)).to.deep.equal([
        ethers.ZeroHash,
        InvoiceStatus.None,
        false,
      ]);
    });

    it("registers other invoices of the same seller and buyer", async function () {
      const f = await networkHelpers.loadFixture(registeredFixture);
      await f.invoices.connect(f.members["exporter"]!).register(NEXT_INVOICE);
      expect((await f.invoices.invoice(NEXT_ID)).status).to.equal(InvoiceStatus.Registered);
    });

    it("refuses the same invoice again from its seller, however it is printed", async function () {
      const f = await networkHelpers.loadFixture(registeredFixture);
      expect(RERENDERED).to.deep.equal(FINGERPRINTS);
      await expect(f.invoices.connect(f.members["exporter"]!).register(RERENDERED))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryFingerprintTaken")
        .withArgs(FingerprintKind.Exact, FINGERPRINTS.exact, INVOICE_ID);
    });

    it("refuses an altered copy, naming the identity fingerprint that collided", async function () {
      const f = await networkHelpers.loadFixture(registeredFixture);
      await expect(f.invoices.connect(f.members["exporter"]!).register(ALTERED))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryFingerprintTaken")
        .withArgs(FingerprintKind.Identity, FINGERPRINTS.identity, INVOICE_ID);
      // The record still carries the original's exact fingerprint, not the copy's.
      expect((await f.invoices.lookup(SELLER, FINGERPRINTS))[2]).to.equal(true);
      expect((await f.invoices.lookup(SELLER, ALTERED))[2]).to.equal(false);
    });

    // Changed on purpose (one storage slot per invoice): registration is unique per seller on the
    // identity fingerprint only. The seller's second entry under a made-up identity fingerprint is
    // accepted, but no honest bank reaches it, and the financing guard refuses it anyway.
    it("accepts the seller's exact fingerprint again under a made-up identity one, but never finances both", async function () {
      const f = await networkHelpers.loadFixture(registeredFixture);
      const madeUp = fingerprints(FINGERPRINTS.exact, id("made up"));
      const madeUpId = invoiceIdOf(SELLER, madeUp.identity);
      await expect(f.invoices.connect(f.members["exporter"]!).register(madeUp))
        .to.emit(f.invoices, "InvoiceRegistered")
        .withArgs(madeUpId, SELLER, madeUp.exact, madeUp.identity);
      await f.invoices.connect(f.members["advisingBank"]!).finance(SELLER, FINGERPRINTS);
      await expect(f.invoices.connect(f.members["issuingBank"]!).finance(SELLER, madeUp))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryAlreadyFinanced")
        .withArgs(FINGERPRINTS.exact, INVOICE_ID, f.members["advisingBank"]!.address);
    });

    it("refuses the made-up entry's financing first too, then the genuine invoice's", async function () {
      const f = await networkHelpers.loadFixture(registeredFixture);
      const madeUp = fingerprints(FINGERPRINTS.exact, id("made up"));
      await f.invoices.connect(f.members["exporter"]!).register(madeUp);
      await f.invoices.connect(f.members["issuingBank"]!).finance(SELLER, madeUp);
      await expect(f.invoices.connect(f.members["advisingBank"]!).finance(SELLER, FINGERPRINTS))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryAlreadyFinanced")
        .withArgs(
          FINGERPRINTS.exact,
          invoiceIdOf(SELLER, madeUp.identity),
          f.members["issuingBank"]!.address,
        );
    });

    it("refuses an invoice cancelled before: its fingerprints stay registered", async function () {
      const f = await networkHelpers.loadFixture(registeredFixture);
      const exporter = f.members["exporter"]!;
      await f.invoices.connect(exporter).cancel(FINGERPRINTS.identity);
      await expect(f.invoices.connect(exporter).register(FINGERPRINTS))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryFingerprintTaken")
        .withArgs(FingerprintKind.Exact, FINGERPRINTS.exact, INVOICE_ID);
    });

    it("refuses a zero fingerprint and an identity fingerprint equal to the exact one", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const exporter = f.members["exporter"]!;
      const zero = ethers.ZeroHash;
      await expect(f.invoices.connect(exporter).register(fingerprints(zero, FINGERPRINTS.identity)))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryInvalidFingerprint")
        .withArgs(FingerprintKind.Exact, zero);
      await expect(f.invoices.connect(exporter).register(fingerprints(FINGERPRINTS.exact, zero)))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryInvalidFingerprint")
        .withArgs(FingerprintKind.Identity, zero);
      await expect(
        f.invoices.connect(exporter).register(fingerprints(FINGERPRINTS.exact, FINGERPRINTS.exact)),
      )
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryInvalidFingerprint")
        .withArgs(FingerprintKind.Identity, FINGERPRINTS.exact);
    });

    it("refuses a caller who is not an exporter", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const bank = f.members["issuingBank"]!;
      await expect(f.invoices.connect(bank).register(FINGERPRINTS))
        .to.be.revertedWithCustomError(f.invoices, "ConsortiumUnauthorizedAccount")
        .withArgs(bank.address, EXPORTER);
    });

    it("refuses a suspended exporter", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const exporter = f.members["exporter"]!;
      await suspend(f, exporter.address);
      await expect(f.invoices.connect(exporter).register(FINGERPRINTS))
        .to.be.revertedWithCustomError(f.invoices, "ConsortiumUnauthorizedAccount")
        .withArgs(exporter.address, EXPORTER);
      expect(await f.invoices.lookup(SELLER, FINGERPRINTS)).to.deep.equal([
        ethers.ZeroHash,
        InvoiceStatus.None,
        false,
      ]);
    });
  });

  describe("front-running (issue #12)", function () {
    it("does not let another exporter who copies the fingerprints block the seller's registration", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const attacker = f.otherExporter;
      // The attacker saw the seller's pending `register` and registers the same fingerprints first ...
      await f.invoices.connect(attacker).register(FINGERPRINTS);
      const attackersId = invoiceIdOf(attacker.address, FINGERPRINTS.identity);
      expect((await f.invoices.invoice(attackersId)).status).to.equal(InvoiceStatus.Registered);
      // ... and cancels them, hoping the invoice can never be registered or financed.
      await f.invoices.connect(attacker).cancel(FINGERPRINTS.identity);
      await expect(f.invoices.connect(f.members["exporter"]!).register(FINGERPRINTS))
        .to.emit(f.invoices, "InvoiceRegistered")
        .withArgs(INVOICE_ID, SELLER, FINGERPRINTS.exact, FINGERPRINTS.identity);
      await expect(f.invoices.connect(f.members["advisingBank"]!).finance(SELLER, FINGERPRINTS))
        .to.emit(f.invoices, "InvoiceFinanced")
        .withArgs(INVOICE_ID, f.members["advisingBank"]!.address, SELLER);
      expect(await f.invoices.lookup(attacker.address, FINGERPRINTS)).to.deep.equal([
        attackersId,
        InvoiceStatus.Cancelled,
        true,
      ]);
    });

    it("still refuses a duplicate at another bank: the copy's registration cannot be financed after the seller's", async function () {
      const f = await networkHelpers.loadFixture(financedFixture);
      const attacker = f.otherExporter;
      await f.invoices.connect(attacker).register(FINGERPRINTS);
      await expect(
        f.invoices.connect(f.members["issuingBank"]!).finance(attacker.address, FINGERPRINTS),
      )
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryAlreadyFinanced")
        .withArgs(FINGERPRINTS.exact, INVOICE_ID, f.members["advisingBank"]!.address);
    });

    it("still refuses an altered copy registered by another exporter once the original is financed", async function () {
      const f = await networkHelpers.loadFixture(financedFixture);
      const attacker = f.otherExporter;
      await f.invoices.connect(attacker).register(ALTERED);
      await expect(f.invoices.connect(f.members["issuingBank"]!).finance(attacker.address, ALTERED))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryAlreadyFinanced")
        .withArgs(FINGERPRINTS.identity, INVOICE_ID, f.members["advisingBank"]!.address);
    });

    it("refuses the seller's own invoice once a copy registered from another account was financed", async function () {
      const f = await networkHelpers.loadFixture(registeredFixture);
      const secondAccount = f.otherExporter;
      await f.invoices.connect(secondAccount).register(FINGERPRINTS);
      const copyId = invoiceIdOf(secondAccount.address, FINGERPRINTS.identity);
      await f.invoices
        .connect(f.members["issuingBank"]!)
        .finance(secondAccount.address, FINGERPRINTS);
      await expect(f.invoices.connect(f.members["advisingBank"]!).finance(SELLER, RERENDERED))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryAlreadyFinanced")
        .withArgs(FINGERPRINTS.exact, copyId, f.members["issuingBank"]!.address);
    });

    it("finances only the registration of the seller the bank names", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      await f.invoices.connect(f.otherExporter).register(FINGERPRINTS);
      await expect(f.invoices.connect(f.members["advisingBank"]!).finance(SELLER, FINGERPRINTS))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryUnknownFingerprint")
        .withArgs(SELLER, FingerprintKind.Identity, FINGERPRINTS.identity);
    });
  });

  describe("finance", function () {
    it("lets a bank finance a registered invoice it presents every fingerprint of", async function () {
      const f = await networkHelpers.loadFixture(registeredFixture);
      const bank = f.members["advisingBank"]!;
      expect(await f.invoices.connect(bank).finance.staticCall(SELLER, FINGERPRINTS)).to.equal(
        INVOICE_ID,
      );
      await expect(f.invoices.connect(bank).finance(SELLER, FINGERPRINTS))
        .to.emit(f.invoices, "InvoiceFinanced")
        .withArgs(INVOICE_ID, bank.address, f.members["exporter"]!.address);
      const invoice = await f.invoices.invoice(INVOICE_ID);
      expect(invoice.status).to.equal(InvoiceStatus.Financed);
      expect(invoice.bank).to.equal(bank.address);
      expect(invoice.financedAt).to.equal(await time.latest());
      expect(await f.invoices.lookup(SELLER, FINGERPRINTS)).to.deep.equal([
        INVOICE_ID,
        InvoiceStatus.Financed,
        true,
      ]);
      for (const fingerprint of [FINGERPRINTS.exact, FINGERPRINTS.identity]) {
        expect(await f.invoices.financedInvoiceOf(fingerprint)).to.deep.equal([
          INVOICE_ID,
          InvoiceStatus.Financed,
        ]);
      }
    });

    it("refuses a second financing by another bank, naming the first bank", async function () {
      const f = await networkHelpers.loadFixture(financedFixture);
      const firstBank = f.members["advisingBank"]!.address;
      await expect(f.invoices.connect(f.members["issuingBank"]!).finance(SELLER, RERENDERED))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryAlreadyFinanced")
        .withArgs(FINGERPRINTS.exact, INVOICE_ID, firstBank);
    });

    it("refuses a second financing by the same bank", async function () {
      const f = await networkHelpers.loadFixture(financedFixture);
      const bank = f.members["advisingBank"]!;
      await expect(f.invoices.connect(bank).finance(SELLER, FINGERPRINTS))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryAlreadyFinanced")
        .withArgs(FINGERPRINTS.exact, INVOICE_ID, bank.address);
    });

    it("refuses to finance an altered copy of a financed invoice, found by its identity fingerprint", async function () {
      const f = await networkHelpers.loadFixture(financedFixture);
      await expect(f.invoices.connect(f.members["issuingBank"]!).finance(SELLER, ALTERED))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryAlreadyFinanced")
        .withArgs(FINGERPRINTS.identity, INVOICE_ID, f.members["advisingBank"]!.address);
    });

    it("refuses the copy even when the seller registered it under made-up fingerprints", async function () {
      const f = await networkHelpers.loadFixture(financedFixture);
      const madeUp = fingerprints(id("made-up exact"), id("made-up identity"));
      await f.invoices.connect(f.members["exporter"]!).register(madeUp);
      // The second bank computes the fingerprints itself, from the copy it is shown.
      await expect(f.invoices.connect(f.members["issuingBank"]!).finance(SELLER, ALTERED))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryAlreadyFinanced")
        .withArgs(FINGERPRINTS.identity, INVOICE_ID, f.members["advisingBank"]!.address);
    });

    it("refuses an invoice financed and repaid already", async function () {
      const f = await networkHelpers.loadFixture(financedFixture);
      const bank = f.members["advisingBank"]!;
      await f.invoices.connect(bank).markRepaid(INVOICE_ID);
      await expect(f.invoices.connect(f.members["issuingBank"]!).finance(SELLER, FINGERPRINTS))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryAlreadyFinanced")
        .withArgs(FINGERPRINTS.exact, INVOICE_ID, bank.address);
    });

    it("refuses an invoice that was never registered", async function () {
      const f = await networkHelpers.loadFixture(registeredFixture);
      await expect(f.invoices.connect(f.members["issuingBank"]!).finance(SELLER, NEXT_INVOICE))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryUnknownFingerprint")
        .withArgs(SELLER, FingerprintKind.Identity, NEXT_INVOICE.identity);
    });

    it("refuses an altered copy of a registered invoice, naming the invoice and the exact fingerprint", async function () {
      const f = await networkHelpers.loadFixture(registeredFixture);
      await expect(f.invoices.connect(f.members["issuingBank"]!).finance(SELLER, ALTERED))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryExactFingerprintMismatch")
        .withArgs(INVOICE_ID, ALTERED.exact);
      expect((await f.invoices.invoice(INVOICE_ID)).status).to.equal(InvoiceStatus.Registered);
      expect(await f.invoices.financedInvoiceOf(ALTERED.identity)).to.deep.equal([
        ethers.ZeroHash,
        InvoiceStatus.None,
      ]);
    });

    it("refuses an identity fingerprint that leads nowhere", async function () {
      const f = await networkHelpers.loadFixture(registeredFixture);
      const wrong = fingerprints(FINGERPRINTS.exact, id("not this invoice's identity"));
      await expect(f.invoices.connect(f.members["issuingBank"]!).finance(SELLER, wrong))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryUnknownFingerprint")
        .withArgs(SELLER, FingerprintKind.Identity, wrong.identity);
    });

    it("refuses fingerprints of two different invoices", async function () {
      const f = await networkHelpers.loadFixture(registeredFixture);
      await f.invoices.connect(f.members["exporter"]!).register(NEXT_INVOICE);
      const mixed = fingerprints(FINGERPRINTS.exact, NEXT_INVOICE.identity);
      await expect(f.invoices.connect(f.members["issuingBank"]!).finance(SELLER, mixed))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryExactFingerprintMismatch")
        .withArgs(NEXT_ID, FINGERPRINTS.exact);
    });

    it("refuses a cancelled invoice", async function () {
      const f = await networkHelpers.loadFixture(registeredFixture);
      await f.invoices.connect(f.members["exporter"]!).cancel(FINGERPRINTS.identity);
      await expect(f.invoices.connect(f.members["issuingBank"]!).finance(SELLER, FINGERPRINTS))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryUnexpectedStatus")
        .withArgs(INVOICE_ID, InvoiceStatus.Cancelled, statusBit(InvoiceStatus.Registered));
    });

    it("refuses a caller who is not a bank", async function () {
      const f = await networkHelpers.loadFixture(registeredFixture);
      const exporter = f.members["exporter"]!;
      await expect(f.invoices.connect(exporter).finance(SELLER, FINGERPRINTS))
        .to.be.revertedWithCustomError(f.invoices, "ConsortiumUnauthorizedAccount")
        .withArgs(exporter.address, BANK);
    });

    it("refuses a suspended bank", async function () {
      const f = await networkHelpers.loadFixture(registeredFixture);
      const bank = f.members["advisingBank"]!;
      await suspend(f, bank.address);
      await expect(f.invoices.connect(bank).finance(SELLER, FINGERPRINTS))
        .to.be.revertedWithCustomError(f.invoices, "ConsortiumUnauthorizedAccount")
        .withArgs(bank.address, BANK);
      expect((await f.invoices.invoice(INVOICE_ID)).status).to.equal(InvoiceStatus.Registered);
    });
  });

  describe("markRepaid", function () {
    it("lets the financing bank record the repayment", async function () {
      const f = await networkHelpers.loadFixture(financedFixture);
      const bank = f.members["advisingBank"]!;
      await expect(f.invoices.connect(bank).markRepaid(INVOICE_ID))
        .to.emit(f.invoices, "InvoiceRepaid")
        .withArgs(INVOICE_ID, bank.address);
      const invoice = await f.invoices.invoice(INVOICE_ID);
      expect(invoice.status).to.equal(InvoiceStatus.Repaid);
      expect(invoice.closedAt).to.equal(await time.latest());
      expect(invoice.bank).to.equal(bank.address);
    });

    it("refuses another bank", async function () {
      const f = await networkHelpers.loadFixture(financedFixture);
      const other = f.members["issuingBank"]!;
      await expect(f.invoices.connect(other).markRepaid(INVOICE_ID))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryNotFinancingBank")
        .withArgs(INVOICE_ID, other.address, f.members["advisingBank"]!.address);
    });

    it("refuses an invoice not financed, or repaid already", async function () {
      const f = await networkHelpers.loadFixture(registeredFixture);
      const bank = f.members["advisingBank"]!;
      await expect(f.invoices.connect(bank).markRepaid(INVOICE_ID))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryUnexpectedStatus")
        .withArgs(INVOICE_ID, InvoiceStatus.Registered, statusBit(InvoiceStatus.Financed));
      await f.invoices.connect(bank).finance(SELLER, FINGERPRINTS);
      await f.invoices.connect(bank).markRepaid(INVOICE_ID);
      await expect(f.invoices.connect(bank).markRepaid(INVOICE_ID))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryUnexpectedStatus")
        .withArgs(INVOICE_ID, InvoiceStatus.Repaid, statusBit(InvoiceStatus.Financed));
    });

    it("refuses an unknown invoice", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      await expect(f.invoices.connect(f.members["advisingBank"]!).markRepaid(INVOICE_ID))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryUnknownInvoice")
        .withArgs(INVOICE_ID);
    });

    it("refuses the financing bank while it is suspended, and a caller who is not a bank", async function () {
      const f = await networkHelpers.loadFixture(financedFixture);
      const bank = f.members["advisingBank"]!;
      const exporter = f.members["exporter"]!;
      await expect(f.invoices.connect(exporter).markRepaid(INVOICE_ID))
        .to.be.revertedWithCustomError(f.invoices, "ConsortiumUnauthorizedAccount")
        .withArgs(exporter.address, BANK);
      await suspend(f, bank.address);
      await expect(f.invoices.connect(bank).markRepaid(INVOICE_ID))
        .to.be.revertedWithCustomError(f.invoices, "ConsortiumUnauthorizedAccount")
        .withArgs(bank.address, BANK);
      expect((await f.invoices.invoice(INVOICE_ID)).status).to.equal(InvoiceStatus.Financed);
    });
  });

  describe("cancel", function () {
    it("lets the seller cancel an invoice before it is financed", async function () {
      const f = await networkHelpers.loadFixture(registeredFixture);
      const exporter = f.members["exporter"]!;
      await expect(f.invoices.connect(exporter).cancel(FINGERPRINTS.identity))
        .to.emit(f.invoices, "InvoiceCancelled")
        .withArgs(INVOICE_ID, exporter.address);
      const invoice = await f.invoices.invoice(INVOICE_ID);
      expect(invoice.status).to.equal(InvoiceStatus.Cancelled);
      expect(invoice.closedAt).to.equal(await time.latest());
    });

    // Changed on purpose: cancel names the invoice by its identity fingerprint under the caller's
    // own key, so another exporter reaches only its own (unregistered) entry, not the seller's.
    it("refuses another exporter: it can reach only its own entry", async function () {
      const f = await networkHelpers.loadFixture(registeredFixture);
      await expect(f.invoices.connect(f.otherExporter).cancel(FINGERPRINTS.identity))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryUnknownFingerprint")
        .withArgs(f.otherExporter.address, FingerprintKind.Identity, FINGERPRINTS.identity);
      expect((await f.invoices.invoice(INVOICE_ID)).status).to.equal(InvoiceStatus.Registered);
    });

    it("refuses a financed invoice and a cancelled one", async function () {
      const f = await networkHelpers.loadFixture(financedFixture);
      const exporter = f.members["exporter"]!;
      await expect(f.invoices.connect(exporter).cancel(FINGERPRINTS.identity))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryUnexpectedStatus")
        .withArgs(INVOICE_ID, InvoiceStatus.Financed, statusBit(InvoiceStatus.Registered));
      await f.invoices.connect(exporter).register(NEXT_INVOICE);
      await f.invoices.connect(exporter).cancel(NEXT_INVOICE.identity);
      await expect(f.invoices.connect(exporter).cancel(NEXT_INVOICE.identity))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryUnexpectedStatus")
        .withArgs(NEXT_ID, InvoiceStatus.Cancelled, statusBit(InvoiceStatus.Registered));
    });

    it("refuses an unknown invoice", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      await expect(f.invoices.connect(f.members["exporter"]!).cancel(FINGERPRINTS.identity))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryUnknownFingerprint")
        .withArgs(SELLER, FingerprintKind.Identity, FINGERPRINTS.identity);
    });

    it("refuses the seller while it is suspended, and a caller who is not an exporter", async function () {
      const f = await networkHelpers.loadFixture(registeredFixture);
      const exporter = f.members["exporter"]!;
      const bank = f.members["issuingBank"]!;
      await expect(f.invoices.connect(bank).cancel(FINGERPRINTS.identity))
        .to.be.revertedWithCustomError(f.invoices, "ConsortiumUnauthorizedAccount")
        .withArgs(bank.address, EXPORTER);
      await suspend(f, exporter.address);
      await expect(f.invoices.connect(exporter).cancel(FINGERPRINTS.identity))
        .to.be.revertedWithCustomError(f.invoices, "ConsortiumUnauthorizedAccount")
        .withArgs(exporter.address, EXPORTER);
      expect((await f.invoices.invoice(INVOICE_ID)).status).to.equal(InvoiceStatus.Registered);
    });
  });

  describe("storage", function () {
    it("refuses to read an unknown invoice", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      await expect(f.invoices.invoice(INVOICE_ID))
        .to.be.revertedWithCustomError(f.invoices, "InvoiceRegistryUnknownInvoice")
        .withArgs(INVOICE_ID);
    });

    it("keeps an invoice in the two slots its layout comment draws", async function () {
      const layout = await structLayout(hre, "InvoiceRegistry", "struct IInvoiceRegistry.Invoice");
      expect(layout.slots).to.equal(2);
      expect(layout.members).to.deep.equal({
        status: { slot: 0, offset: 0 },
        registeredAt: { slot: 0, offset: 1 },
        exactTag: { slot: 0, offset: 7 },
        bank: { slot: 1, offset: 0 },
        financedAt: { slot: 1, offset: 20 },
        closedAt: { slot: 1, offset: 26 },
      });
    });

    it("spends the same gas to register and to finance with 10 or 400 invoices registered before", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const bulk = await ethers.deployContract("InvoiceBulkRegistrar", [
        await f.invoices.getAddress(),
      ]);
      await onboardBulkRegistrar(f, await bulk.getAddress());
      const exporter = f.members["exporter"]!;
      const bank = f.members["advisingBank"]!;
      const gasAt = async (label: string) => {
        const invoice = invoiceFingerprints({ ...INVOICE, invoiceNumber: `GAS-${label}` }, KEY);
        const register = await f.invoices.connect(exporter).register(invoice);
        const finance = await f.invoices.connect(bank).finance(SELLER, invoice);
        // The fingerprints differ in their zero bytes, which calldata prices differently.
        return {
          register: (await register.wait())!.gasUsed - calldataGas(register.data),
          finance: (await finance.wait())!.gasUsed - calldataGas(finance.data),
        };
      };
      await bulk.registerMany(id("history"), 0, 10);
      const small = await gasAt("A");
      await bulk.registerMany(id("history"), 10, 200);
      await bulk.registerMany(id("history"), 210, 190);
      const large = await gasAt("B");
      expect(large).to.deep.equal(small);
    });
  });
});

/** The calldata part of a transaction's intrinsic gas: 4 per zero byte, 16 per other byte. */
function calldataGas(data: string): bigint {
  const bytes = ethers.getBytes(data);
  return bytes.reduce((gas, b) => gas + (b === 0 ? 4n : 16n), 0n);
}

async function onboardBulkRegistrar(
  f: Awaited<ReturnType<typeof fixture>>,
  account: string,
): Promise<void> {
  await executeGovernance(
    f.registry,
    f.admins[0]!,
    f.admins.slice(1),
    await onboardingCall(f.registry, account, {
      name: "Bulk invoice registrar (test)",
      registrationId: "TEST-BULK-0001",
      country: "GB",
      roles: ["EXPORTER"],
    }),
  );
}
