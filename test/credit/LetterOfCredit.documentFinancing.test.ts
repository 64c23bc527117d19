/**
 * A credit presentation is one of the facilities of the one-document-one-facility guard
 * (IDocumentFinancing): presenting claims the commercial invoice and the bill of lading for the
 * credit, a document backing another facility is refused, documents presented again under the
 * same credit are not claimed twice, and a credit that ended with nothing drawn releases them.
 */
import { expect } from "chai";
import { network } from "hardhat";

import { LcStatus } from "../../lib/trade/enums.ts";
import type { DocumentFinancingDouble } from "../../types/ethers-contracts/index.js";
import {
  advised,
  EXPIRY,
  presented,
  standardPresentation,
  titleToIssuingBank,
} from "./fixtures.ts";
import { buildDocuments } from "../../lib/trade/letterOfCredit.ts";
import { type CreditFinanceFixture, deployCreditFinanceFixture } from "./creditFinanceFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

const INVOICE = 0;
const BILL = 2;
const invoiceFps = [ethers.id("invoice exact"), ethers.id("invoice identity")];
const billFps = [ethers.id("bill exact"), ethers.id("bill identity")];
const fingerprinted = { invoiceFingerprints: invoiceFps, billFingerprints: billFps };

interface GuardedFixture extends CreditFinanceFixture {
  guard: DocumentFinancingDouble;
}

async function fixture(): Promise<GuardedFixture> {
  const f = await deployCreditFinanceFixture(ethers, networkHelpers);
  const guard = (await ethers.deployContract(
    "DocumentFinancingDouble",
  )) as unknown as DocumentFinancingDouble;
  await guard.setProduct(await f.lc.getAddress(), true);
  await f.govern({
    target: await f.lc.getAddress(),
    data: f.lc.interface.encodeFunctionData("configureFinance", [
      {
        vouchers: await f.vouchers.getAddress(),
        proceedsAssignee: await f.assignee.getAddress(),
        documents: await guard.getAddress(),
      },
    ]),
    description: "Name the document-financing guard",
  });
  return { ...f, guard };
}

async function holderOf(f: GuardedFixture, kind: number, fp: string): Promise<[string, bigint]> {
  const held = await f.guard.facilityOf(kind, fp);
  return [held.product, held.facilityId];
}

describe("LetterOfCredit: presentations in the document-financing guard", function () {
  it("claims the presentation's invoice and bill for the credit", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const lcId = await advised(f);
    const tx = f.lc
      .connect(f.exporter)
      .present(lcId, buildDocuments(standardPresentation(f, fingerprinted)));
    await expect(tx)
      .to.emit(f.guard, "DocumentClaimed")
      .withArgs(INVOICE, invoiceFps[0], await f.lc.getAddress(), lcId);
    for (const fp of invoiceFps) {
      expect(await holderOf(f, INVOICE, fp)).to.deep.equal([await f.lc.getAddress(), lcId]);
    }
    for (const fp of billFps) {
      expect(await holderOf(f, BILL, fp)).to.deep.equal([await f.lc.getAddress(), lcId]);
    }
  });

  it("refuses a presentation whose invoice backs another facility, recording nothing", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const lcId = await advised(f);
    const otherProduct = f.outsiders[0]!;
    await f.guard.setProduct(otherProduct.address, true);
    await f.guard.connect(otherProduct).claim(INVOICE, [invoiceFps[1]!], 77n);
    await expect(
      f.lc
        .connect(f.exporter)
        .present(lcId, buildDocuments(standardPresentation(f, fingerprinted))),
    )
      .to.be.revertedWithCustomError(f.guard, "DocumentAlreadyBacksFacility")
      .withArgs(INVOICE, invoiceFps[1], otherProduct.address, 77n);
    expect(await f.lc.presentationCount(lcId)).to.equal(0n);
    expect(await f.lc.status(lcId)).to.equal(LcStatus.Advised);
    expect((await holderOf(f, BILL, billFps[0]!))[0]).to.equal(ethers.ZeroAddress);
  });

  it("refuses a presentation that does not fingerprint its invoice and bill while the guard is named", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const lcId = await advised(f);
    await expect(
      f.lc
        .connect(f.exporter)
        .present(
          lcId,
          buildDocuments(standardPresentation(f, { invoiceFingerprints: invoiceFps })),
        ),
    )
      .to.be.revertedWithCustomError(f.lc, "LetterOfCreditDocumentsNotFingerprinted")
      .withArgs(lcId, 0n);
    expect(await f.lc.presentationCount(lcId)).to.equal(0n);
  });

  it("does not claim twice the documents presented again after a refusal", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const lcId = await advised(f);
    await presented(f, lcId, { ...fingerprinted, invoice: undefined });
    await f.lc.connect(f.advisingBank).examine(lcId);
    await f.lc.connect(f.advisingBank).refuse(lcId, []);
    const corrected = f.lc
      .connect(f.exporter)
      .present(lcId, buildDocuments(standardPresentation(f, fingerprinted)));
    await expect(corrected).to.not.emit(f.guard, "DocumentClaimed");
    expect(await f.lc.presentationCount(lcId)).to.equal(2n);
  });

  it("keeps the documents of a refused presentation while the applicant may still waive", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const lcId = await advised(f);
    await presented(f, lcId, { ...fingerprinted, invoice: undefined });
    await f.lc.connect(f.advisingBank).examine(lcId);
    await f.lc.connect(f.advisingBank).refuse(lcId, []);
    await expect(f.lc.connect(f.exporter).releaseDocuments(lcId, invoiceFps, billFps))
      .to.be.revertedWithCustomError(f.lc, "LetterOfCreditDocumentsInUse")
      .withArgs(lcId, LcStatus.Refused, 0n);
    expect((await holderOf(f, INVOICE, invoiceFps[0]!))[0]).to.equal(await f.lc.getAddress());
  });

  it("releases the documents of a credit that expired with its presentation refused and nothing drawn", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const lcId = await advised(f);
    await presented(f, lcId, { ...fingerprinted, invoice: undefined });
    await f.lc.connect(f.advisingBank).examine(lcId);
    await f.lc.connect(f.advisingBank).refuse(lcId, []);
    await time.increaseTo(EXPIRY + 30 * 86_400);
    expect(await f.lc.status(lcId)).to.equal(LcStatus.Expired);
    await expect(f.lc.connect(f.outsiders[1]!).releaseDocuments(lcId, invoiceFps, billFps))
      .to.emit(f.guard, "DocumentReleased")
      .withArgs(BILL, billFps[1], await f.lc.getAddress(), lcId);
    for (const fp of invoiceFps) {
      expect((await holderOf(f, INVOICE, fp))[0]).to.equal(ethers.ZeroAddress);
    }
  });

  it("never releases the documents of a credit that paid a drawing", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const lcId = await advised(f, { partialDrawingsAllowed: true, aboutAmount: false });
    await time.increaseTo((await time.latest()) + 86_400);
    await presented(f, lcId, fingerprinted);
    await f.lc.connect(f.advisingBank).examine(lcId);
    await f.lc.connect(f.advisingBank).honour(lcId);
    await titleToIssuingBank(f);
    await f.lc.settle(lcId);
    expect(await f.lc.status(lcId)).to.equal(LcStatus.Closed);
    const drawn = (await f.lc.escrowOf(lcId)).drawn;
    await expect(f.lc.releaseDocuments(lcId, invoiceFps, billFps))
      .to.be.revertedWithCustomError(f.lc, "LetterOfCreditDocumentsInUse")
      .withArgs(lcId, LcStatus.Closed, drawn);
  });

  it("lets the guard refuse to release a fingerprint the credit does not hold", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const lcId = await advised(f);
    await time.increaseTo(EXPIRY + 86_400);
    await expect(f.lc.releaseDocuments(lcId, [ethers.id("someone else's invoice")], []))
      .to.be.revertedWithCustomError(f.guard, "DocumentFinancingNotHeld")
      .withArgs(INVOICE, ethers.id("someone else's invoice"), await f.lc.getAddress(), lcId);
  });
});
