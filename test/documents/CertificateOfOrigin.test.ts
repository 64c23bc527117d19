import { anyUint } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { expect } from "chai";
import { id, keccak256, toUtf8Bytes } from "ethers";
import hre, { network } from "hardhat";

import { roleId } from "../../lib/chain/roles.ts";
import type { ICertificateOfOrigin } from "../../types/ethers-contracts/index.js";
import { ascii, deployDocuments, suspend, Verdict } from "./documentsFixture.ts";
import { structLayout } from "./storageLayout.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

const CHAMBER = roleId("CHAMBER");
const EXPORTER = roleId("EXPORTER");
const IMPORTER = roleId("IMPORTER");
const DAY = 24 * 60 * 60;

const NUMBER = "LCCI/2025/GB-000123";
const DOCUMENT = keccak256(toUtf8Bytes("certificate of origin LCCI/2025/GB-000123, as issued"));
const OTHER_DOCUMENT = keccak256(toUtf8Bytes("an altered copy of the certificate"));

async function fixture() {
  return deployDocuments(ethers);
}

type Request = ICertificateOfOrigin.CertificateRequestStruct;

/** A non-preferential certificate for the demo trade: UK instruments consigned to Shanghai. */
async function certificateRequest(
  f: Awaited<ReturnType<typeof fixture>>,
  overrides: Partial<Request> = {},
): Promise<Request> {
  const now = await time.latest();
  return {
    number: NUMBER,
    exporter: f.members["exporter"]!.address,
    consignee: f.members["importer"]!.address,
    hsCodes: [901890, 902780], // 9018.90 medical instruments, 9027.80 analysis instruments
    countryOfOrigin: ascii("GB", 2),
    originCriterion: ascii("LST", 4),
    tradeAgreement: ascii("NON-PREFERENTIAL", 16),
    issuedAt: now - DAY,
    validUntil: now + 365 * DAY,
    documentHash: DOCUMENT,
    ...overrides,
  };
}

async function issuedFixture() {
  const f = await fixture();
  const request = await certificateRequest(f);
  await (await f.origin.connect(f.members["chamber"]!).issue(request)).wait();
  return { ...f, request, certificateId: id(NUMBER) };
}

describe("CertificateOfOriginRegistry", function () {
  describe("issue", function () {
    it("issues a certificate for an exporter and records every field", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const chamber = f.members["chamber"]!;
      const request = await certificateRequest(f);
      await f.origin.connect(chamber).issue(request);

      const record = await f.origin.certificate(id(NUMBER));
      expect(record.issuer).to.equal(chamber.address);
      expect(record.exporter).to.equal(request.exporter);
      expect(record.consignee).to.equal(request.consignee);
      expect(record.countryOfOrigin).to.equal(ascii("GB", 2));
      expect(record.originCriterion).to.equal(ascii("LST", 4));
      expect(record.tradeAgreement).to.equal(ascii("NON-PREFERENTIAL", 16));
      expect(record.hsCodes).to.deep.equal([901890n, 902780n]);
      expect(record.issuedAt).to.equal(request.issuedAt);
      expect(record.validUntil).to.equal(request.validUntil);
      expect(record.revokedAt).to.equal(0n);
      expect(record.documentHash).to.equal(DOCUMENT);
      expect(record.replaces).to.equal(ethers.ZeroHash);
      expect(record.replacedBy).to.equal(ethers.ZeroHash);
    });

    it("emits CertificateIssued with the id keccak256(number)", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const chamber = f.members["chamber"]!;
      const request = await certificateRequest(f);
      await expect(f.origin.connect(chamber).issue(request))
        .to.emit(f.origin, "CertificateIssued")
        .withArgs(
          id(NUMBER),
          chamber.address,
          request.exporter,
          NUMBER,
          request.consignee,
          ascii("GB", 2),
          ascii("LST", 4),
          ascii("NON-PREFERENTIAL", 16),
          request.validUntil,
          DOCUMENT,
        );
      expect(await f.origin.certificateIdOf(NUMBER)).to.equal(id(NUMBER));
    });

    it("gives the facts a letter of credit checks", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      const facts = await f.origin.originFacts(f.certificateId);
      expect(facts.issuer).to.equal(f.members["chamber"]!.address);
      expect(facts.exporter).to.equal(f.request.exporter);
      expect(facts.consignee).to.equal(f.request.consignee);
      expect(facts.countryOfOrigin).to.equal(ascii("GB", 2));
      expect(facts.issuedAt).to.equal(f.request.issuedAt);
      expect(facts.validUntil).to.equal(f.request.validUntil);
      expect(facts.documentHash).to.equal(DOCUMENT);
    });

    it("issues a preferential certificate under a trade agreement with its criterion", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const request = await certificateRequest(f, {
        number: "RCEP-CN-2025-7",
        countryOfOrigin: ascii("CN", 2),
        originCriterion: ascii("RVC", 4),
        tradeAgreement: ascii("RCEP", 16),
        hsCodes: [10121], // 0101.21: an HS code with a leading zero
      });
      await f.origin.connect(f.members["chamber"]!).issue(request);
      expect(await f.origin.verify("RCEP-CN-2025-7", DOCUMENT)).to.equal(Verdict.Valid);
      expect((await f.origin.certificate(id("RCEP-CN-2025-7"))).hsCodes).to.deep.equal([10121n]);
    });

    it("stores up to MAX_HS_CODES codes", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const codes = Array.from({ length: 16 }, (_, i) => 840000 + i * 100 + 10);
      await f.origin
        .connect(f.members["chamber"]!)
        .issue(await certificateRequest(f, { hsCodes: codes }));
      expect(await f.origin.MAX_HS_CODES()).to.equal(16n);
      expect((await f.origin.certificate(id(NUMBER))).hsCodes).to.deep.equal(codes.map(BigInt));
    });

    it("refuses a caller who is not a chamber", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const exporter = f.members["exporter"]!;
      await expect(f.origin.connect(exporter).issue(await certificateRequest(f)))
        .to.be.revertedWithCustomError(f.origin, "ConsortiumUnauthorizedAccount")
        .withArgs(exporter.address, CHAMBER);
    });

    it("refuses a suspended chamber", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const chamber = f.members["chamber"]!;
      await suspend(f, chamber.address);
      await expect(f.origin.connect(chamber).issue(await certificateRequest(f)))
        .to.be.revertedWithCustomError(f.origin, "ConsortiumUnauthorizedAccount")
        .withArgs(chamber.address, CHAMBER);
      expect(await f.origin.statusOf(id(NUMBER))).to.equal(Verdict.Unknown);
    });

    it("refuses a number that was issued already, by any chamber", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      await expect(f.origin.connect(f.otherChamber).issue(await certificateRequest(f)))
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginNumberTaken")
        .withArgs(NUMBER, id(NUMBER));
    });

    it("refuses a malformed certificate number", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const chamber = f.members["chamber"]!;
      for (const number of ["", " LCCI-1", "LCCI-1 ", "LCCI\n1", "LCCI-é", "N".repeat(65)]) {
        await expect(
          f.origin.connect(chamber).issue(await certificateRequest(f, { number })),
          JSON.stringify(number),
        )
          .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginInvalidNumber")
          .withArgs(number);
      }
      await f.origin
        .connect(chamber)
        .issue(await certificateRequest(f, { number: "N".repeat(64) }));
    });

    it("refuses an exporter who does not hold the EXPORTER role or is suspended", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const chamber = f.members["chamber"]!;
      const importer = f.members["importer"]!.address;
      await expect(
        f.origin.connect(chamber).issue(await certificateRequest(f, { exporter: importer })),
      )
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginPartyLacksRole")
        .withArgs("exporter", importer, EXPORTER);
      const exporter = f.members["exporter"]!.address;
      await suspend(f, exporter);
      await expect(f.origin.connect(chamber).issue(await certificateRequest(f)))
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginPartyLacksRole")
        .withArgs("exporter", exporter, EXPORTER);
    });

    it("refuses a consignee who is not an importer member", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const stranger = f.strangers[0]!.address;
      await expect(
        f.origin
          .connect(f.members["chamber"]!)
          .issue(await certificateRequest(f, { consignee: stranger })),
      )
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginPartyLacksRole")
        .withArgs("consignee", stranger, IMPORTER);
    });

    it("refuses no HS code and more than MAX_HS_CODES", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const chamber = f.members["chamber"]!;
      await expect(f.origin.connect(chamber).issue(await certificateRequest(f, { hsCodes: [] })))
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginInvalidHsCodeCount")
        .withArgs(0, 16);
      const seventeen = Array.from({ length: 17 }, () => 901890);
      await expect(
        f.origin.connect(chamber).issue(await certificateRequest(f, { hsCodes: seventeen })),
      )
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginInvalidHsCodeCount")
        .withArgs(17, 16);
    });

    it("refuses an HS code that is not six digits in an HS chapter, naming its position", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const chamber = f.members["chamber"]!;
      // 7 digits; chapter 00; chapter 77 (reserved); chapter 98 (national use)
      for (const code of [1_000_000, 9999, 770000, 980000]) {
        await expect(
          f.origin.connect(chamber).issue(await certificateRequest(f, { hsCodes: [901890, code] })),
          String(code),
        )
          .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginInvalidHsCode")
          .withArgs(1, code);
      }
    });

    it("refuses a country of origin that is not an assigned ISO 3166-1 alpha-2 code", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const chamber = f.members["chamber"]!;
      for (const country of ["gb", "UK", "EU", "XK", "G1"]) {
        await expect(
          f.origin
            .connect(chamber)
            .issue(await certificateRequest(f, { countryOfOrigin: ascii(country, 2) })),
          country,
        )
          .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginInvalidCountry")
          .withArgs(ascii(country, 2));
      }
    });

    it("refuses an origin criterion outside the known set", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const chamber = f.members["chamber"]!;
      for (const criterion of ["", "wo", "XX", "WOX"]) {
        await expect(
          f.origin
            .connect(chamber)
            .issue(await certificateRequest(f, { originCriterion: ascii(criterion, 4) })),
          criterion,
        )
          .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginInvalidOriginCriterion")
          .withArgs(ascii(criterion, 4));
      }
    });

    it("refuses a malformed trade agreement code", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const chamber = f.members["chamber"]!;
      const malformed = [ascii("", 16), ascii("rcep", 16), ascii("-RCEP", 16), ascii("RC EP", 16)];
      malformed.push("0x5243455000580000000000000000000000".slice(0, 34)); // "RCEP", NUL, "X": a character after the padding
      for (const agreement of malformed) {
        await expect(
          f.origin
            .connect(chamber)
            .issue(await certificateRequest(f, { tradeAgreement: agreement })),
          agreement,
        )
          .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginInvalidTradeAgreement")
          .withArgs(agreement);
      }
    });

    it("refuses an origin criterion that does not apply under the agreement", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const chamber = f.members["chamber"]!;
      await expect(
        f.origin
          .connect(chamber)
          .issue(await certificateRequest(f, { tradeAgreement: ascii("RCEP", 16) })),
      )
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginCriterionNotApplicable")
        .withArgs(ascii("LST", 4), ascii("RCEP", 16));
      await expect(
        f.origin
          .connect(chamber)
          .issue(await certificateRequest(f, { originCriterion: ascii("PSR", 4) })),
      )
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginCriterionNotApplicable")
        .withArgs(ascii("PSR", 4), ascii("NON-PREFERENTIAL", 16));
    });

    it("refuses an issue date that is zero or in the future", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const chamber = f.members["chamber"]!;
      await expect(f.origin.connect(chamber).issue(await certificateRequest(f, { issuedAt: 0 })))
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginInvalidIssueDate")
        .withArgs(0, anyUint);
      const at = (await time.latest()) + 10;
      const future = at + DAY;
      await time.setNextBlockTimestamp(at);
      await expect(
        f.origin.connect(chamber).issue(await certificateRequest(f, { issuedAt: future })),
      )
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginInvalidIssueDate")
        .withArgs(future, at);
    });

    it("refuses a validity that ends before the issue date or before now", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const chamber = f.members["chamber"]!;
      const now = await time.latest();
      const issuedAt = now - 10 * DAY;
      await expect(
        f.origin
          .connect(chamber)
          .issue(await certificateRequest(f, { issuedAt, validUntil: issuedAt })),
      )
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginInvalidValidity")
        .withArgs(issuedAt, issuedAt, anyUint);
      await time.setNextBlockTimestamp(now + 10);
      await expect(
        f.origin
          .connect(chamber)
          .issue(await certificateRequest(f, { issuedAt, validUntil: now + 5 })),
      )
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginInvalidValidity")
        .withArgs(now + 5, issuedAt, now + 10);
    });

    it("refuses a zero document hash", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      await expect(
        f.origin
          .connect(f.members["chamber"]!)
          .issue(await certificateRequest(f, { documentHash: ethers.ZeroHash })),
      )
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginInvalidDocumentHash")
        .withArgs(ethers.ZeroHash);
    });
  });

  describe("verify", function () {
    it("answers Valid for the number and the document issued, by number or by id", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      expect(await f.origin.verify(NUMBER, DOCUMENT)).to.equal(Verdict.Valid);
      expect(await f.origin.verifyById(f.certificateId, DOCUMENT)).to.equal(Verdict.Valid);
      expect(await f.origin.statusOf(f.certificateId)).to.equal(Verdict.Valid);
    });

    it("answers Unknown for a number never issued, whatever the document", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      expect(await f.origin.verify("LCCI/2025/GB-000124", DOCUMENT)).to.equal(Verdict.Unknown);
      expect(await f.origin.verify(NUMBER.toLowerCase(), DOCUMENT)).to.equal(Verdict.Unknown);
      expect(await f.origin.statusOf(id("nothing"))).to.equal(Verdict.Unknown);
    });

    it("answers HashMismatch for a document other than the one issued", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      expect(await f.origin.verify(NUMBER, OTHER_DOCUMENT)).to.equal(Verdict.HashMismatch);
    });

    it("stays Valid up to and including validUntil, then answers Expired", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      await time.increaseTo(f.request.validUntil);
      expect(await f.origin.verify(NUMBER, DOCUMENT)).to.equal(Verdict.Valid);
      await time.increase(1);
      expect(await f.origin.verify(NUMBER, DOCUMENT)).to.equal(Verdict.Expired);
      expect(await f.origin.statusOf(f.certificateId)).to.equal(Verdict.Expired);
    });

    it("ranks HashMismatch above Revoked, and Revoked above Expired", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      await f.origin.connect(f.members["chamber"]!).revoke(f.certificateId, "issued in error");
      expect(await f.origin.verify(NUMBER, OTHER_DOCUMENT)).to.equal(Verdict.HashMismatch);
      await time.increaseTo(BigInt(f.request.validUntil) + 1n);
      expect(await f.origin.verify(NUMBER, DOCUMENT)).to.equal(Verdict.Revoked);
      expect(await f.origin.verify(NUMBER, OTHER_DOCUMENT)).to.equal(Verdict.HashMismatch);
    });

    it("ranks HashMismatch above Expired", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      await time.increaseTo(BigInt(f.request.validUntil) + 1n);
      expect(await f.origin.verify(NUMBER, OTHER_DOCUMENT)).to.equal(Verdict.HashMismatch);
    });

    it("stays Valid when its chamber is suspended later", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      await suspend(f, f.members["chamber"]!.address);
      expect(await f.origin.verify(NUMBER, DOCUMENT)).to.equal(Verdict.Valid);
    });

    it("refuses the facts and the record of an unknown certificate", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      await expect(f.origin.originFacts(id("nothing")))
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginUnknown")
        .withArgs(id("nothing"));
      await expect(f.origin.certificate(id("nothing")))
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginUnknown")
        .withArgs(id("nothing"));
      await expect(f.origin.revocationReason(id("nothing")))
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginUnknown")
        .withArgs(id("nothing"));
    });
  });

  describe("revoke", function () {
    it("lets the issuing chamber revoke with a reason", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      const chamber = f.members["chamber"]!;
      await expect(
        f.origin
          .connect(chamber)
          .revoke(f.certificateId, "goods found to be of third-country origin"),
      )
        .to.emit(f.origin, "CertificateRevoked")
        .withArgs(f.certificateId, chamber.address, "goods found to be of third-country origin");
      expect(await f.origin.verify(NUMBER, DOCUMENT)).to.equal(Verdict.Revoked);
      expect(await f.origin.revocationReason(f.certificateId)).to.equal(
        "goods found to be of third-country origin",
      );
      expect((await f.origin.certificate(f.certificateId)).revokedAt).to.equal(await time.latest());
    });

    it("has no revocation reason while the certificate is not revoked", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      expect(await f.origin.revocationReason(f.certificateId)).to.equal("");
    });

    it("lets the issuer revoke an expired certificate", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      await time.increaseTo(BigInt(f.request.validUntil) + 1n);
      await f.origin
        .connect(f.members["chamber"]!)
        .revoke(f.certificateId, "fraud discovered after expiry");
      expect(await f.origin.statusOf(f.certificateId)).to.equal(Verdict.Revoked);
    });

    it("refuses another chamber", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      await expect(f.origin.connect(f.otherChamber).revoke(f.certificateId, "not mine"))
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginNotIssuer")
        .withArgs(f.certificateId, f.otherChamber.address, f.members["chamber"]!.address);
    });

    it("refuses the issuing chamber while it is suspended", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      const chamber = f.members["chamber"]!;
      await suspend(f, chamber.address);
      await expect(f.origin.connect(chamber).revoke(f.certificateId, "issued in error"))
        .to.be.revertedWithCustomError(f.origin, "ConsortiumUnauthorizedAccount")
        .withArgs(chamber.address, CHAMBER);
      expect(await f.origin.statusOf(f.certificateId)).to.equal(Verdict.Valid);
    });

    it("refuses a caller who is not a chamber", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      const importer = f.members["importer"]!;
      await expect(f.origin.connect(importer).revoke(f.certificateId, "I do not like it"))
        .to.be.revertedWithCustomError(f.origin, "ConsortiumUnauthorizedAccount")
        .withArgs(importer.address, CHAMBER);
    });

    it("refuses an unknown certificate", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      await expect(f.origin.connect(f.members["chamber"]!).revoke(id("nothing"), "issued in error"))
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginUnknown")
        .withArgs(id("nothing"));
    });

    it("refuses a certificate revoked already", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      const chamber = f.members["chamber"]!;
      await f.origin.connect(chamber).revoke(f.certificateId, "issued in error");
      await expect(f.origin.connect(chamber).revoke(f.certificateId, "again"))
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginAlreadyRevoked")
        .withArgs(f.certificateId, ethers.ZeroHash);
      expect(await f.origin.revocationReason(f.certificateId)).to.equal("issued in error");
    });

    it("refuses an empty reason and one longer than MAX_REASON_LENGTH", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      const chamber = f.members["chamber"]!;
      await expect(f.origin.connect(chamber).revoke(f.certificateId, ""))
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginInvalidReason")
        .withArgs(0, 280);
      await expect(f.origin.connect(chamber).revoke(f.certificateId, "x".repeat(281)))
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginInvalidReason")
        .withArgs(281, 280);
      await f.origin.connect(chamber).revoke(f.certificateId, "x".repeat(280));
    });
  });

  describe("reissue", function () {
    const CORRECTED = "LCCI/2025/GB-000123-A";
    const CORRECTED_DOCUMENT = keccak256(
      toUtf8Bytes("corrected certificate LCCI/2025/GB-000123-A"),
    );

    async function corrected(
      f: Awaited<ReturnType<typeof issuedFixture>>,
      overrides: Partial<Request> = {},
    ) {
      return certificateRequest(f, {
        number: CORRECTED,
        hsCodes: [901890, 902780, 903180], // a line of goods was missing
        documentHash: CORRECTED_DOCUMENT,
        ...overrides,
      });
    }

    it("issues a corrected certificate that supersedes the old one, linked both ways", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      const chamber = f.members["chamber"]!;
      await expect(f.origin.connect(chamber).reissue(f.certificateId, await corrected(f)))
        .to.emit(f.origin, "CertificateIssued")
        .and.to.emit(f.origin, "CertificateRevoked")
        .withArgs(f.certificateId, chamber.address, `superseded by ${CORRECTED}`)
        .and.to.emit(f.origin, "CertificateReplaced")
        .withArgs(f.certificateId, id(CORRECTED), chamber.address);

      expect((await f.origin.certificate(f.certificateId)).replacedBy).to.equal(id(CORRECTED));
      expect((await f.origin.certificate(id(CORRECTED))).replaces).to.equal(f.certificateId);
      expect(await f.origin.verify(NUMBER, DOCUMENT)).to.equal(Verdict.Revoked);
      expect(await f.origin.revocationReason(f.certificateId)).to.equal(
        `superseded by ${CORRECTED}`,
      );
      expect(await f.origin.verify(CORRECTED, CORRECTED_DOCUMENT)).to.equal(Verdict.Valid);
    });

    it("may correct an expired certificate", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      await time.increaseTo(BigInt(f.request.validUntil) + 1n);
      await f.origin.connect(f.members["chamber"]!).reissue(f.certificateId, await corrected(f));
      expect(await f.origin.verify(CORRECTED, CORRECTED_DOCUMENT)).to.equal(Verdict.Valid);
      expect(await f.origin.statusOf(f.certificateId)).to.equal(Verdict.Revoked);
    });

    it("refuses to supersede a certificate twice", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      const chamber = f.members["chamber"]!;
      await f.origin.connect(chamber).reissue(f.certificateId, await corrected(f));
      await expect(
        f.origin
          .connect(chamber)
          .reissue(f.certificateId, await corrected(f, { number: "LCCI-B" })),
      )
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginAlreadyRevoked")
        .withArgs(f.certificateId, id(CORRECTED));
    });

    it("refuses to correct a revoked certificate", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      const chamber = f.members["chamber"]!;
      await f.origin.connect(chamber).revoke(f.certificateId, "issued in error");
      await expect(f.origin.connect(chamber).reissue(f.certificateId, await corrected(f)))
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginAlreadyRevoked")
        .withArgs(f.certificateId, ethers.ZeroHash);
    });

    it("refuses another chamber", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      await expect(f.origin.connect(f.otherChamber).reissue(f.certificateId, await corrected(f)))
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginNotIssuer")
        .withArgs(f.certificateId, f.otherChamber.address, f.members["chamber"]!.address);
    });

    it("refuses a correction for another exporter", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      const other = f.otherExporter.address;
      await expect(
        f.origin
          .connect(f.members["chamber"]!)
          .reissue(f.certificateId, await corrected(f, { exporter: other })),
      )
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginExporterChanged")
        .withArgs(f.certificateId, f.request.exporter, other);
    });

    it("refuses an invalid correction and leaves the old certificate valid", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      const chamber = f.members["chamber"]!;
      await expect(
        f.origin.connect(chamber).reissue(f.certificateId, await corrected(f, { number: NUMBER })),
      )
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginNumberTaken")
        .withArgs(NUMBER, f.certificateId);
      await expect(
        f.origin.connect(chamber).reissue(f.certificateId, await corrected(f, { hsCodes: [123] })),
      )
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginInvalidHsCode")
        .withArgs(0, 123);
      expect(await f.origin.verify(NUMBER, DOCUMENT)).to.equal(Verdict.Valid);
      expect(await f.origin.statusOf(id(CORRECTED))).to.equal(Verdict.Unknown);
    });

    it("refuses an unknown certificate", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      await expect(
        f.origin.connect(f.members["chamber"]!).reissue(id("nothing"), await corrected(f)),
      )
        .to.be.revertedWithCustomError(f.origin, "CertificateOfOriginUnknown")
        .withArgs(id("nothing"));
    });
  });

  describe("storage", function () {
    it("keeps a certificate in the slots its layout comment draws", async function () {
      const layout = await structLayout(
        hre,
        "CertificateOfOriginRegistry",
        "struct CertificateOfOriginRegistry.Certificate",
      );
      expect(layout.slots).to.equal(9);
      expect(layout.members).to.deep.equal({
        issuer: { slot: 0, offset: 0 },
        issuedAt: { slot: 0, offset: 20 },
        validUntil: { slot: 0, offset: 26 },
        exporter: { slot: 1, offset: 0 },
        revokedAt: { slot: 1, offset: 20 },
        countryOfOrigin: { slot: 1, offset: 26 },
        originCriterion: { slot: 1, offset: 28 },
        consignee: { slot: 2, offset: 0 },
        hsCodeCount: { slot: 2, offset: 20 },
        tradeAgreement: { slot: 3, offset: 0 },
        documentHash: { slot: 4, offset: 0 },
        replaces: { slot: 5, offset: 0 },
        replacedBy: { slot: 6, offset: 0 },
        hsCodes: { slot: 7, offset: 0 },
      });
    });
  });
});
