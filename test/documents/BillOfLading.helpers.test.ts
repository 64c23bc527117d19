import { expect } from "chai";
import { concat, getAddress, keccak256, toUtf8Bytes, ZeroAddress } from "ethers";

import {
  BillStatus,
  billIdOf,
  billIssueStruct,
  type BillIssueInput,
  carrierOfBillId,
  describeTitleStep,
  enumName,
  isImoNumber,
  isReference,
  isUnLocode,
  shipmentRefOf,
  TitleEventKind,
  type TitleEventKindName,
  type TitleStep,
  unLocode,
  unLocodeText,
} from "../../lib/trade/billOfLading.ts";

const CARRIER = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955";
const EXPORTER = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";

const validInput: BillIssueInput = {
  blNumber: "MRDN24031001",
  shipper: EXPORTER,
  consignee: "to order",
  notifyParty: "none",
  vesselImo: 9074729,
  voyageNumber: "403E",
  portOfLoading: "GBFXT",
  portOfDischarge: "CNSHA",
  shippedOnBoardAt: new Date("2024-03-10T08:00:00Z"),
  documentHash: keccak256(toUtf8Bytes("bill of lading MRDN24031001")),
};

describe("BillOfLading TypeScript helpers", function () {
  describe("UN/LOCODE", function () {
    it("accepts two letters and three letters or digits 2-9", function () {
      for (const code of ["GBFXT", "CNSHA", "DEHA2", "US9ZZ", "NLRTM"]) {
        expect(isUnLocode(code), code).to.equal(true);
      }
    });

    it("refuses lower case, digits 0 and 1, digits in the country part and wrong lengths", function () {
      for (const code of ["gbfxt", "GBFX0", "GBFX1", "G2FXT", "GBFX", "GBFXTT", "GB FX", ""]) {
        expect(isUnLocode(code), code).to.equal(false);
      }
    });

    it("converts to and from the bytes5 the contract stores", function () {
      expect(unLocode("GBFXT")).to.equal("0x4742465854");
      expect(unLocodeText("0x4742465854")).to.equal("GBFXT");
      expect(() => unLocode("gbfxt")).to.throw(/not a UN\/LOCODE/);
      expect(() => unLocodeText("0x0000000000")).to.throw(/does not hold a UN\/LOCODE/);
    });
  });

  describe("IMO numbers", function () {
    it("accepts seven digits whose last is the check digit", function () {
      for (const n of [9074729, 9176187, 9321483]) expect(isImoNumber(n), String(n)).to.equal(true);
    });

    it("refuses a wrong check digit, six or eight digits, and non-integers", function () {
      for (const n of [9074728, 907472, 90747290, 9074729.5, 0]) {
        expect(isImoNumber(n), String(n)).to.equal(false);
      }
    });
  });

  describe("reference strings", function () {
    it("accepts 1..max printable ASCII characters without spaces", function () {
      expect(isReference("MRDN24031001", 20)).to.equal(true);
      expect(isReference("B".repeat(20), 20)).to.equal(true);
      expect(isReference("B".repeat(21), 20)).to.equal(false);
      expect(isReference("", 20)).to.equal(false);
      expect(isReference("MRDN 2403", 20)).to.equal(false);
      expect(isReference("MRDNÉ", 20)).to.equal(false);
    });
  });

  describe("bill ids", function () {
    it("puts the carrier in the top 160 bits and the B/L number hash below", function () {
      const id = billIdOf(CARRIER, "MRDN24031001");
      expect(carrierOfBillId(id)).to.equal(getAddress(CARRIER));
      expect(id & ((1n << 96n) - 1n)).to.equal(
        BigInt(keccak256(toUtf8Bytes("MRDN24031001"))) & ((1n << 96n) - 1n),
      );
      expect(billIdOf(CARRIER.toLowerCase(), "MRDN24031001")).to.equal(id);
      expect(billIdOf(CARRIER, "MRDN24031002")).to.not.equal(id);
    });

    it("derives the shipment reference from the carrier's address and the B/L number", function () {
      expect(shipmentRefOf(CARRIER, "MRDN24031001")).to.equal(
        keccak256(concat([getAddress(CARRIER), toUtf8Bytes("MRDN24031001")])),
      );
      expect(shipmentRefOf(CARRIER.toLowerCase(), "MRDN24031001")).to.equal(
        shipmentRefOf(CARRIER, "MRDN24031001"),
      );
      expect(shipmentRefOf(ZeroAddress.replace(/0$/, "1"), "MRDN24031001")).to.not.equal(
        shipmentRefOf(CARRIER, "MRDN24031001"),
      );
    });
  });

  describe("issue input", function () {
    it("builds the contract struct from what people write", function () {
      const struct = billIssueStruct(validInput);
      expect(struct.consignee).to.equal(ZeroAddress);
      expect(struct.notifyParty).to.equal(ZeroAddress);
      expect(struct.portOfLoading).to.equal("0x4742465854");
      expect(struct.shippedOnBoardAt).to.equal(1710057600n);
      expect(
        billIssueStruct({ ...validInput, shippedOnBoardAt: 1710057600 }).shippedOnBoardAt,
      ).to.equal(1710057600n);
    });

    it("names each bad field", function () {
      const bad: [Partial<BillIssueInput>, RegExp][] = [
        [{ blNumber: "MRDN 2403" }, /blNumber/],
        [{ shipper: "0x1234" }, /shipper/],
        [{ consignee: "the importer" }, /consignee/],
        [{ vesselImo: 9074728 }, /vesselImo/],
        [{ voyageNumber: "" }, /voyageNumber/],
        [{ portOfLoading: "gbfxt" }, /portOfLoading/],
        [{ portOfDischarge: "GBFXT" }, /portOfDischarge/],
        [{ shippedOnBoardAt: -5 }, /shippedOnBoardAt/],
        [{ documentHash: "0x12" }, /documentHash/],
      ];
      for (const [override, field] of bad) {
        expect(() => billIssueStruct({ ...validInput, ...override }), String(field)).to.throw(
          field,
        );
      }
    });
  });

  describe("enum mirrors", function () {
    it("names enum values and refuses unknown ones", function () {
      expect(enumName(TitleEventKind, 1n)).to.equal("Endorsed");
      expect(enumName(BillStatus, 3)).to.equal("Accomplished");
      expect(() => enumName(BillStatus, 8)).to.throw(/no enum member/);
    });
  });

  describe("title chain in plain words", function () {
    it("names each step and describes it with the party's name", function () {
      const steps: TitleStep[] = [
        { party: EXPORTER, timestamp: 1710057600n, kind: "Issued" },
        { party: CARRIER, timestamp: 1710060000n, kind: "SurrenderedForDelivery" },
      ];
      const names: Record<string, string> = { [EXPORTER]: "Albion", [CARRIER]: "Meridian" };
      expect(steps.map((s) => describeTitleStep(s, (a) => names[a] ?? a))).to.deep.equal([
        "issued to Albion",
        "surrendered for delivery to Meridian",
      ]);
      expect(describeTitleStep(steps[0]!)).to.equal(`issued to ${EXPORTER}`);
    });

    it("has words for every kind of step", function () {
      for (const kind of Object.keys(TitleEventKind) as TitleEventKindName[]) {
        expect(describeTitleStep({ party: EXPORTER, timestamp: 1n, kind })).to.contain(EXPORTER);
      }
    });
  });
});
