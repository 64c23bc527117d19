import { expect } from "chai";
import { network } from "hardhat";

import {
  documentGuardCalls,
  documentProductCall,
} from "../../lib/chain/documentFinancingGovernance.ts";
import { DocumentKind } from "../../lib/trade/enums.ts";
import type { DocumentFinancingRegistry } from "../../types/ethers-contracts/index.js";
import {
  cny,
  DAY,
  deployVoucherWorld,
  freshFingerprints,
  registerInvoice,
  type VoucherWorld,
} from "./voucherFixture.ts";

const { ethers, networkHelpers } = await network.create();

const INVOICE = DocumentKind.Invoice;
const ORDER = DocumentKind.PurchaseOrder;
const BILL = DocumentKind.BillOfLading;

interface World extends VoucherWorld {
  guard: DocumentFinancingRegistry;
  /** An account governance named a product: it claims as a commitment contract would. */
  commitments: Awaited<ReturnType<typeof ethers.getSigners>>[number];
  /** Another named product (an advance contract, say). */
  advances: Awaited<ReturnType<typeof ethers.getSigners>>[number];
}

/** The voucher world with a guard, neither named in the invoice registry nor naming anyone. */
async function bareFixture(): Promise<World> {
  const world = await deployVoucherWorld(ethers);
  const guard = (await ethers.deployContract("DocumentFinancingRegistry", [
    await world.registry.getAddress(),
  ])) as unknown as DocumentFinancingRegistry;
  const signers = await ethers.getSigners();
  return { ...world, guard, commitments: signers[19]!, advances: signers[15]! };
}

/** The guard named in the invoice registry, with the registry, vouchers and two products named. */
async function fixture(): Promise<World> {
  const w = await bareFixture();
  for (const call of await documentGuardCalls(w.guard, w.invoices, [
    await w.invoices.getAddress(),
    await w.vouchers.getAddress(),
    w.commitments.address,
    w.advances.address,
  ])) {
    await w.govern(call);
  }
  return w;
}

const EXACT = ethers.id("bill exact");
const FUZZY = ethers.id("bill fuzzy");

async function holderOf(w: World, kind: number, fingerprint: string): Promise<[string, bigint]> {
  const facility = await w.guard.facilityOf(kind, fingerprint);
  return [facility.product, facility.facilityId];
}

async function confirmRequest(w: World, invoices: { exact: string; identity: string }[]) {
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  return {
    supplier: w.tier1.address,
    amount: cny(100_000),
    token: await w.cnyToken.getAddress(),
    maturity: now + BigInt(90 * DAY),
    invoices,
  };
}

describe("DocumentFinancingRegistry", function () {
  describe("products", function () {
    it("lets only governance name and remove products", async function () {
      const w = await networkHelpers.loadFixture(bareFixture);
      await expect(w.guard.connect(w.admins[0]!).setProduct(w.commitments.address, true))
        .to.be.revertedWithCustomError(w.guard, "ConsortiumOnlyGovernance")
        .withArgs(w.admins[0]!.address);
      expect(await w.guard.isProduct(w.commitments.address)).to.equal(false);
      await w.govern(await documentProductCall(w.guard, w.commitments.address));
      expect(await w.guard.isProduct(w.commitments.address)).to.equal(true);
      await w.govern(await documentProductCall(w.guard, w.commitments.address, false));
      expect(await w.guard.isProduct(w.commitments.address)).to.equal(false);
    });

    it("refuses a claim from a contract or account governance did not name", async function () {
      const w = await networkHelpers.loadFixture(fixture);
      const stranger = w.stranger;
      await expect(w.guard.connect(stranger).claim(BILL, [EXACT, FUZZY], 1n))
        .to.be.revertedWithCustomError(w.guard, "DocumentFinancingNotProduct")
        .withArgs(stranger.address);
      expect(await holderOf(w, BILL, EXACT)).to.deep.equal([ethers.ZeroAddress, 0n]);
    });
  });

  describe("claim and release", function () {
    it("records the facility a document backs, under each of its fingerprints", async function () {
      const w = await networkHelpers.loadFixture(fixture);
      await expect(w.guard.connect(w.commitments).claim(BILL, [EXACT, FUZZY], 7n))
        .to.emit(w.guard, "DocumentClaimed")
        .withArgs(BILL, EXACT, w.commitments.address, 7n)
        .and.to.emit(w.guard, "DocumentClaimed")
        .withArgs(BILL, FUZZY, w.commitments.address, 7n);
      expect(await holderOf(w, BILL, EXACT)).to.deep.equal([w.commitments.address, 7n]);
      expect(await holderOf(w, BILL, FUZZY)).to.deep.equal([w.commitments.address, 7n]);
      // The same fingerprint of another kind is another document.
      expect(await holderOf(w, ORDER, EXACT)).to.deep.equal([ethers.ZeroAddress, 0n]);
    });

    it("refuses a document another facility holds, naming that product and facility, and changes nothing", async function () {
      const w = await networkHelpers.loadFixture(fixture);
      await w.guard.connect(w.commitments).claim(BILL, [EXACT, FUZZY], 7n);
      const altered = ethers.id("bill exact, altered copy");
      await expect(w.guard.connect(w.advances).claim(BILL, [altered, FUZZY], 1n))
        .to.be.revertedWithCustomError(w.guard, "DocumentAlreadyBacksFacility")
        .withArgs(BILL, FUZZY, w.commitments.address, 7n);
      // All or nothing: the altered copy's exact fingerprint, checked first, was not kept.
      expect(await holderOf(w, BILL, altered)).to.deep.equal([ethers.ZeroAddress, 0n]);
      // Not even the holder may claim it twice, for another facility or the same.
      for (const facility of [7n, 8n]) {
        await expect(w.guard.connect(w.commitments).claim(BILL, [EXACT, FUZZY], facility))
          .to.be.revertedWithCustomError(w.guard, "DocumentAlreadyBacksFacility")
          .withArgs(BILL, EXACT, w.commitments.address, 7n);
      }
    });

    it("refuses an empty claim, a zero fingerprint and one repeated in the claim", async function () {
      const w = await networkHelpers.loadFixture(fixture);
      const zero = ethers.ZeroHash;
      for (const fingerprints of [[], [EXACT, zero], [EXACT, FUZZY, EXACT]]) {
        const bad = fingerprints.length === 0 ? zero : fingerprints.at(-1)!;
        await expect(w.guard.connect(w.commitments).claim(ORDER, fingerprints, 1n))
          .to.be.revertedWithCustomError(w.guard, "DocumentFinancingInvalidFingerprint")
          .withArgs(ORDER, bad);
      }
      const tooMany = Array.from({ length: 65 }, (_, i) => ethers.id(`fingerprint ${i}`));
      await expect(w.guard.connect(w.commitments).claim(ORDER, tooMany, 1n))
        .to.be.revertedWithCustomError(w.guard, "DocumentFinancingInvalidFingerprint")
        .withArgs(ORDER, zero);
      expect(await holderOf(w, ORDER, EXACT)).to.deep.equal([ethers.ZeroAddress, 0n]);
    });

    it("lets only the holding facility release a document, which another may then claim", async function () {
      const w = await networkHelpers.loadFixture(fixture);
      await w.guard.connect(w.commitments).claim(BILL, [EXACT, FUZZY], 7n);
      await expect(w.guard.connect(w.advances).release(BILL, [EXACT, FUZZY], 7n))
        .to.be.revertedWithCustomError(w.guard, "DocumentFinancingNotHeld")
        .withArgs(BILL, EXACT, w.commitments.address, 7n);
      await expect(w.guard.connect(w.commitments).release(BILL, [EXACT, FUZZY], 8n))
        .to.be.revertedWithCustomError(w.guard, "DocumentFinancingNotHeld")
        .withArgs(BILL, EXACT, w.commitments.address, 7n);
      // All or nothing: a release naming one fingerprint it does not hold keeps the rest.
      const other = ethers.id("not held");
      await expect(w.guard.connect(w.commitments).release(BILL, [EXACT, other], 7n))
        .to.be.revertedWithCustomError(w.guard, "DocumentFinancingNotHeld")
        .withArgs(BILL, other, ethers.ZeroAddress, 0n);
      expect(await holderOf(w, BILL, EXACT)).to.deep.equal([w.commitments.address, 7n]);

      await expect(w.guard.connect(w.commitments).release(BILL, [EXACT, FUZZY], 7n))
        .to.emit(w.guard, "DocumentReleased")
        .withArgs(BILL, EXACT, w.commitments.address, 7n);
      expect(await holderOf(w, BILL, FUZZY)).to.deep.equal([ethers.ZeroAddress, 0n]);
      await w.guard.connect(w.advances).claim(BILL, [EXACT, FUZZY], 1n);
      expect(await holderOf(w, BILL, FUZZY)).to.deep.equal([w.advances.address, 1n]);
    });

    it("lets a product governance removed release what it holds, but claim nothing more", async function () {
      const w = await networkHelpers.loadFixture(fixture);
      await w.guard.connect(w.commitments).claim(BILL, [EXACT, FUZZY], 7n);
      await w.govern(await documentProductCall(w.guard, w.commitments.address, false));
      await expect(w.guard.connect(w.commitments).claim(ORDER, [EXACT], 7n))
        .to.be.revertedWithCustomError(w.guard, "DocumentFinancingNotProduct")
        .withArgs(w.commitments.address);
      await w.guard.connect(w.commitments).release(BILL, [EXACT, FUZZY], 7n);
      expect(await holderOf(w, BILL, EXACT)).to.deep.equal([ethers.ZeroAddress, 0n]);
    });
  });

  describe("the invoice products", function () {
    it("claims an invoice the invoice registry finances, for that financing", async function () {
      const w = await networkHelpers.loadFixture(fixture);
      const invoice = await registerInvoice(w, ethers);
      await w.invoices.connect(w.bank).finance(w.tier1.address, invoice.fingerprints);
      const registry = await w.invoices.getAddress();
      expect(await holderOf(w, INVOICE, invoice.fingerprints.exact)).to.deep.equal([
        registry,
        BigInt(invoice.id),
      ]);
      expect(await holderOf(w, INVOICE, invoice.fingerprints.identity)).to.deep.equal([
        registry,
        BigInt(invoice.id),
      ]);
      // Another product cannot take the financed invoice.
      await expect(
        w.guard
          .connect(w.commitments)
          .claim(INVOICE, [invoice.fingerprints.exact, invoice.fingerprints.identity], 3n),
      )
        .to.be.revertedWithCustomError(w.guard, "DocumentAlreadyBacksFacility")
        .withArgs(INVOICE, invoice.fingerprints.exact, registry, BigInt(invoice.id));
    });

    it("refuses to finance an invoice that backs another product's facility, naming it, and changes nothing", async function () {
      const w = await networkHelpers.loadFixture(fixture);
      const invoice = await registerInvoice(w, ethers);
      const { exact, identity } = invoice.fingerprints;
      await w.guard.connect(w.commitments).claim(INVOICE, [exact, identity], 3n);
      await expect(w.invoices.connect(w.bank).finance(w.tier1.address, invoice.fingerprints))
        .to.be.revertedWithCustomError(w.guard, "DocumentAlreadyBacksFacility")
        .withArgs(INVOICE, exact, w.commitments.address, 3n);
      expect((await w.invoices.invoice(invoice.id)).status).to.equal(1n); // Registered
      expect(await w.invoices.financedInvoiceOf(exact)).to.deep.equal([ethers.ZeroHash, 0n]);
    });

    it("claims every invoice of a bank's financeBatch, each for its own financing", async function () {
      const w = await networkHelpers.loadFixture(fixture);
      const first = await registerInvoice(w, ethers);
      const second = await registerInvoice(w, ethers);
      await w.invoices.connect(w.bank).financeBatch([
        { seller: w.tier1.address, fingerprints: first.fingerprints },
        { seller: w.tier1.address, fingerprints: second.fingerprints },
      ]);
      const registry = await w.invoices.getAddress();
      for (const invoice of [first, second]) {
        expect(await holderOf(w, INVOICE, invoice.fingerprints.identity)).to.deep.equal([
          registry,
          BigInt(invoice.id),
        ]);
      }
    });

    it("fits a financeBatch of MAX_FINANCE_BATCH invoices, each claimed in the guard, in the 16,777,216-gas transaction cap", async function () {
      const w = await networkHelpers.loadFixture(fixture);
      const max = Number(await w.invoices.MAX_FINANCE_BATCH());
      const batch = Array.from({ length: max }, () => freshFingerprints(ethers));
      await (await w.invoices.connect(w.tier1).registerBatch(batch)).wait();
      const receipt = await (
        await w.invoices.connect(w.bank).financeBatch(
          batch.map((fingerprints) => ({ seller: w.tier1.address, fingerprints })),
          {
            gasLimit: 16_777_216n,
          },
        )
      ).wait();
      expect(receipt!.status).to.equal(1);
      expect(receipt!.gasUsed < 16_777_216n).to.equal(true);
      expect(await holderOf(w, INVOICE, batch[max - 1]!.identity)).to.deep.equal([
        await w.invoices.getAddress(),
        BigInt(await w.invoices.invoiceIdOf(w.tier1.address, batch[max - 1]!.identity)),
      ]);
    });

    it("refuses a whole financeBatch when one invoice backs another product's facility, financing none", async function () {
      const w = await networkHelpers.loadFixture(fixture);
      const free = await registerInvoice(w, ethers);
      const held = await registerInvoice(w, ethers);
      const { exact, identity } = held.fingerprints;
      await w.guard.connect(w.commitments).claim(INVOICE, [exact, identity], 3n);
      await expect(
        w.invoices.connect(w.bank).financeBatch([
          { seller: w.tier1.address, fingerprints: free.fingerprints },
          { seller: w.tier1.address, fingerprints: held.fingerprints },
        ]),
      )
        .to.be.revertedWithCustomError(w.guard, "DocumentAlreadyBacksFacility")
        .withArgs(INVOICE, exact, w.commitments.address, 3n);
      expect((await w.invoices.invoice(free.id)).status).to.equal(1n); // Registered
      expect(await holderOf(w, INVOICE, free.fingerprints.exact)).to.deep.equal([
        ethers.ZeroAddress,
        0n,
      ]);
    });

    it("refuses a payable backed by an invoice another product holds, naming it, and changes nothing", async function () {
      const w = await networkHelpers.loadFixture(fixture);
      const invoice = await registerInvoice(w, ethers);
      const { exact, identity } = invoice.fingerprints;
      await w.guard.connect(w.advances).claim(INVOICE, [exact, identity], 4n);
      const request = await confirmRequest(w, [invoice.fingerprints]);
      await expect(w.vouchers.connect(w.obligor).confirm(request))
        .to.be.revertedWithCustomError(w.guard, "DocumentAlreadyBacksFacility")
        .withArgs(INVOICE, exact, w.advances.address, 4n);
      expect(await w.invoices.backingPayable(invoice.id)).to.equal(0n);
      expect((await w.vouchers.obligorLimit(w.obligor.address)).outstanding).to.equal(0n);
    });

    it("claims each invoice backing a payable for that payable", async function () {
      const w = await networkHelpers.loadFixture(fixture);
      const first = await registerInvoice(w, ethers);
      const second = await registerInvoice(w, ethers);
      const request = await confirmRequest(w, [first.fingerprints, second.fingerprints]);
      const [payableId] = await w.vouchers.connect(w.obligor).confirm.staticCall(request);
      await w.vouchers.connect(w.obligor).confirm(request);
      const vouchers = await w.vouchers.getAddress();
      for (const invoice of [first, second]) {
        expect(await holderOf(w, INVOICE, invoice.fingerprints.identity)).to.deep.equal([
          vouchers,
          payableId,
        ]);
      }
      await expect(
        w.guard
          .connect(w.commitments)
          .claim(INVOICE, [second.fingerprints.exact, second.fingerprints.identity], 1n),
      )
        .to.be.revertedWithCustomError(w.guard, "DocumentAlreadyBacksFacility")
        .withArgs(INVOICE, second.fingerprints.exact, vouchers, payableId);
    });

    it("keeps financing and vouchers working as before where no guard is named", async function () {
      const w = await networkHelpers.loadFixture(bareFixture);
      expect(await w.invoices.documentFinancing()).to.equal(ethers.ZeroAddress);
      const financed = await registerInvoice(w, ethers);
      await w.invoices.connect(w.bank).finance(w.tier1.address, financed.fingerprints);
      const backing = await registerInvoice(w, ethers);
      await w.vouchers.connect(w.obligor).confirm(await confirmRequest(w, [backing.fingerprints]));
      expect(await holderOf(w, INVOICE, financed.fingerprints.exact)).to.deep.equal([
        ethers.ZeroAddress,
        0n,
      ]);
      expect(await w.invoices.backingPayable(backing.id)).to.equal(1n);
    });

    it("refuses financing once a guard is named that does not name the invoice registry", async function () {
      const w = await networkHelpers.loadFixture(bareFixture);
      for (const call of await documentGuardCalls(w.guard, w.invoices, [])) await w.govern(call);
      const invoice = await registerInvoice(w, ethers);
      await expect(w.invoices.connect(w.bank).finance(w.tier1.address, invoice.fingerprints))
        .to.be.revertedWithCustomError(w.guard, "DocumentFinancingNotProduct")
        .withArgs(await w.invoices.getAddress());
      expect((await w.invoices.invoice(invoice.id)).status).to.equal(1n); // Registered
    });

    it("lets only governance name the guard in the invoice registry", async function () {
      const w = await networkHelpers.loadFixture(bareFixture);
      await expect(
        w.invoices.connect(w.admins[0]!).setDocumentFinancing(await w.guard.getAddress()),
      )
        .to.be.revertedWithCustomError(w.invoices, "ConsortiumOnlyGovernance")
        .withArgs(w.admins[0]!.address);
      const [call] = (await documentGuardCalls(w.guard, w.invoices, [])).slice(-1);
      await w.govern(call!);
      expect(await w.invoices.documentFinancing()).to.equal(await w.guard.getAddress());
    });
  });
});
