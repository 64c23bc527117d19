/**
 * The TypeScript helpers tasks and the demo build credits with (lib/trade/letterOfCredit.ts):
 * codes, dates, terms, presentations and amendments validated at the edge, and credits read back
 * in words.
 */
import { expect } from "chai";
import { ZeroAddress, ZeroHash } from "ethers";

import {
  AmendmentChange,
  bitmask,
  LcDocument,
  namesInBitmask,
  statusBitmap,
} from "../../lib/trade/enums.ts";
import {
  bankDiscrepancy,
  buildAmendment,
  buildDocuments,
  buildTerms,
  certificateId,
  countryCode,
  currencyCode,
  type CreditTermsInput,
  dayNumber,
  decodeCode,
  describeBankDiscrepancy,
  describeDiscrepancies,
  DISCREPANCY_TEXT,
  discrepancies,
  documentHash,
  endOfLocalDay,
  incotermCode,
  maxDrawable,
  parseAmount,
  startOfLocalDay,
  unLocode,
} from "../../lib/trade/letterOfCredit.ts";

const A = "0x" + "a1".repeat(20);
const B = "0x" + "b2".repeat(20);
const C = "0x" + "c3".repeat(20);
const T = "0x" + "d4".repeat(20);

const input: CreditTermsInput = {
  beneficiary: A,
  issuingBank: B,
  advisingBank: C,
  settlementToken: T,
  currency: "USD",
  amount: 10_000_000n,
  expiresAt: endOfLocalDay("2030-05-31", 0),
  placeOfExpiry: "GBLON",
  latestShipmentAt: endOfLocalDay("2030-04-15", 0),
  portOfLoading: "GBFXT",
  portOfDischarge: "CNSHA",
  countryOfOrigin: "GB",
  incoterm: "CIF",
  goodsDescription: "Precision instruments",
};

describe("letter-of-credit helpers", function () {
  describe("codes and dates", function () {
    it("encodes ISO, UN/LOCODE and Incoterms codes as the fixed bytes the contract stores", function () {
      expect(currencyCode("USD")).to.equal("0x555344");
      expect(unLocode("CNSHA")).to.equal("0x434e534841");
      expect(countryCode("GB")).to.equal("0x4742");
      expect(incotermCode("CIF")).to.equal("0x434946");
      expect(decodeCode("0x434e59")).to.equal("CNY");
    });

    it("refuses malformed codes, naming what is wrong", function () {
      expect(() => currencyCode("usd")).to.throw(/currency/);
      expect(() => unLocode("CN SH")).to.throw(/UN\/LOCODE/);
      expect(() => countryCode("GBR")).to.throw(/country/);
      expect(() => incotermCode("FOO")).to.throw(/Incoterms 2020/);
    });

    it("counts days as the contract does and places the end of a day in a time zone", function () {
      expect(dayNumber("1970-01-02")).to.equal(1);
      expect(dayNumber("2030-04-04")).to.equal(22_008);
      expect(endOfLocalDay("2030-04-04", 0)).to.equal(22_009 * 86_400 - 1);
      expect(endOfLocalDay("2030-04-04", 480)).to.equal(22_009 * 86_400 - 1 - 8 * 3600);
      expect(startOfLocalDay("2030-04-04", -300)).to.equal(22_008 * 86_400 + 5 * 3600);
      expect(() => dayNumber("4 April 2030")).to.throw(/YYYY-MM-DD/);
    });

    it("reads amounts in a token's decimals and knows the 'about' ceiling (art. 30a)", function () {
      expect(parseAmount("125000.50", 2)).to.equal(12_500_050n);
      expect(() => parseAmount("1,000", 2)).to.throw(/decimal/);
      expect(maxDrawable(10_000_000n, true)).to.equal(11_000_000n);
      expect(maxDrawable(10_000_000n, false)).to.equal(10_000_000n);
    });
  });

  describe("terms", function () {
    it("fills the defaults: 21 days to present (art. 14c), the mandatory documents, no confirmation", function () {
      const terms = buildTerms(input);
      expect(terms.presentationDays).to.equal(21);
      expect(terms.requiredDocuments).to.equal(
        bitmask(LcDocument, ["BillOfLading", "CertificateOfOrigin", "CommercialInvoice"]),
      );
      expect(terms.confirmingBank).to.equal(ZeroAddress);
      expect(terms.fxFeed).to.equal(ZeroAddress);
      expect(terms.goodsHash).to.equal(documentHash("Precision instruments"));
      expect(terms.aboutAmount).to.equal(false);
    });

    it("allows partial drawings and shipments where the credit says nothing about them (art. 31a)", function () {
      expect(buildTerms(input).partialDrawingsAllowed).to.equal(true);
      expect(
        buildTerms({ ...input, partialDrawingsAllowed: false }).partialDrawingsAllowed,
      ).to.equal(false);
    });

    it("refuses terms the contract would refuse, before sending them", function () {
      expect(() => buildTerms({ ...input, latestShipmentAt: input.expiresAt + 1 })).to.throw(
        /latest shipment date is after expiry/,
      );
      expect(() => buildTerms({ ...input, requiredDocuments: ["BillOfLading"] })).to.throw(
        /CertificateOfOrigin is always required/,
      );
      expect(() => buildTerms({ ...input, confirmationFee: 1n })).to.throw(/confirming bank/);
      expect(() => buildTerms({ ...input, currency: "XYZ" })).to.throw(/ISO 4217/);
      expect(() => buildTerms({ ...input, countryOfOrigin: "UK" })).to.throw(/ISO 3166/);
      expect(() => buildTerms({ ...input, beneficiary: "0x1234" })).to.throw(/not an address/);
      expect(() => buildTerms({ ...input, amount: 0n })).to.throw();
    });
  });

  describe("presentations and amendments", function () {
    it("hashes each document presented and leaves the others zero", function () {
      const d = buildDocuments({
        presentedTo: C,
        amount: 5n,
        billId: 9n,
        certificate: { number: "GB-1", document: "certificate" },
      });
      expect(d.certificateId).to.equal(certificateId("GB-1"));
      expect(d.certificateHash).to.equal(documentHash("certificate"));
      expect(d.invoiceHash).to.equal(ZeroHash);
      expect(d.insuranceHash).to.equal(ZeroHash);
    });

    it("names what an amendment changes, and keeps a cancellation alone (art. 10a)", function () {
      const a = buildAmendment({ amount: 7n, presentationDays: 10, details: "x" });
      expect(namesInBitmask(AmendmentChange, a.changes as number)).to.deep.equal([
        "Amount",
        "PresentationPeriod",
      ]);
      expect(buildAmendment({ cancellation: true, details: "cancel" }).changes).to.equal(
        bitmask(AmendmentChange, ["Cancellation"]),
      );
      expect(() => buildAmendment({ cancellation: true, amount: 7n, details: "x" })).to.throw(
        /cancellation changes no terms/,
      );
      expect(() => buildAmendment({ details: "nothing" })).to.throw(/changes nothing/);
    });
  });

  describe("reading back", function () {
    it("writes a bank discrepancy as a short code, or hashes longer text, and reads it back", function () {
      const code = bankDiscrepancy("INVOICE_NOT_SIGNED");
      expect(describeBankDiscrepancy(code)).to.equal("INVOICE_NOT_SIGNED");
      const long = "The invoice describes the goods differently from the credit";
      expect(bankDiscrepancy(long)).to.equal(documentHash(long));
      expect(describeBankDiscrepancy(documentHash(long))).to.match(/^free text, keccak256 0x/);
    });

    it("describes the chain's findings in words, in their order", function () {
      const bits = discrepancies(["PortsMismatch", "LatePresentation"]);
      expect(describeDiscrepancies(bits)).to.deep.equal([
        DISCREPANCY_TEXT.LatePresentation,
        DISCREPANCY_TEXT.PortsMismatch,
      ]);
    });

    it("builds the allowed-status bitmap the contract reports", function () {
      expect(statusBitmap(["Advised", "Refused"])).to.equal(
        "0x" + ((1 << 4) | (1 << 6)).toString(16).padStart(64, "0"),
      );
    });
  });
});
