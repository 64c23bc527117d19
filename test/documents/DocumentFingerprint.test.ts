import { createHmac } from "node:crypto";

import { expect } from "chai";
import { keccak256, toUtf8Bytes } from "ethers";

import {
  billOfLadingFingerprints,
  claimList,
  DocumentFieldError,
  documentFingerprints,
  invoiceDocumentFingerprints,
  purchaseOrderFingerprints,
  type RawPurchaseOrderDocument,
} from "../../lib/trade/documentFingerprint.ts";
import { invoiceFingerprints } from "../../lib/trade/invoiceFingerprint.ts";
import {
  amendmentTermsHash,
  endOfDayUtc,
  normalizeOrderTerms,
  OrderFieldError,
  orderTermsFor,
  type RawOrderTerms,
} from "../../lib/trade/purchaseOrder.ts";

const KEY = "0x" + "5a".repeat(32);
const CARRIER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

const ORDER: RawPurchaseOrderDocument = {
  importerId: "91310101MA1FPX1234",
  exporterId: "GB 284 1137 62",
  orderNumber: "HME-PO-2025-0042",
  amount: "486,250.00",
  currency: "USD",
  goods: "120 ultrasound probes, model API-US7",
  latestShipmentDate: "2025-07-31",
  paymentTermDays: 60,
};

function hmac(message: string): string {
  return (
    "0x" +
    createHmac("sha256", Buffer.from("5a".repeat(32), "hex"))
      .update(message)
      .digest("hex")
  );
}

describe("document fingerprints", function () {
  describe("purchase orders", function () {
    it("are HMAC-SHA256 of the documented messages", function () {
      const goods = keccak256(toUtf8Bytes("120 ultrasound probes, model API-US7"));
      const fuzzy = [
        "caravel.document.fingerprint.v1",
        "purchase-order",
        "fuzzy",
        "importer=91310101MA1FPX1234",
        "exporter=GB284113762",
        "number=HME-PO2025-0042", // letters then digits: the separator goes
      ];
      const exact = [
        ...fuzzy.slice(0, 2),
        "exact",
        ...fuzzy.slice(3),
        "amount=48625000",
        "currency=USD",
        `goods=${goods}`,
        "latest-shipment=2025-07-31",
        "payment-term=60",
      ];
      expect(purchaseOrderFingerprints(ORDER, KEY)).to.deep.equal({
        exact: hmac(exact.join("\n")),
        fuzzy: hmac(fuzzy.join("\n")),
      });
    });

    it("are the same however the order is printed", function () {
      const reprinted = {
        ...ORDER,
        exporterId: "gb284113762",
        orderNumber: "hme po 2025/0042",
        amount: "486.250,00",
        latestShipmentDate: "31.07.2025",
        paymentTermDays: "60",
      };
      expect(purchaseOrderFingerprints(reprinted, KEY)).to.deep.equal(
        purchaseOrderFingerprints(ORDER, KEY),
      );
    });

    it("keep the fuzzy fingerprint of a copy altered in amount, goods or dates", function () {
      const original = purchaseOrderFingerprints(ORDER, KEY);
      for (const change of [
        { amount: "496,250.00" },
        { currency: "EUR" },
        { goods: "121 ultrasound probes" },
        { latestShipmentDate: "2025-08-31" },
        { paymentTermDays: 90 },
      ]) {
        const altered = purchaseOrderFingerprints({ ...ORDER, ...change }, KEY);
        expect(altered.fuzzy, JSON.stringify(change)).to.equal(original.fuzzy);
        expect(altered.exact, JSON.stringify(change)).to.not.equal(original.exact);
      }
      const renumbered = purchaseOrderFingerprints(
        { ...ORDER, orderNumber: "HME-PO-2025-0043" },
        KEY,
      );
      expect(renumbered.fuzzy).to.not.equal(original.fuzzy);
    });

    it("refuse a malformed field, naming it", function () {
      const cases: [keyof RawPurchaseOrderDocument, string | number][] = [
        ["importerId", "91"],
        ["exporterId", "GB/"],
        ["orderNumber", "***"],
        ["amount", "1,234"],
        ["currency", "XXY"],
        ["goods", "  "],
        ["latestShipmentDate", "04/05/2025"],
        ["paymentTermDays", 0],
        ["paymentTermDays", "366"],
      ];
      for (const [field, value] of cases) {
        const attempt = () => purchaseOrderFingerprints({ ...ORDER, [field]: value }, KEY);
        expect(attempt, field).to.throw(DocumentFieldError);
        try {
          attempt();
        } catch (error) {
          expect((error as DocumentFieldError).field).to.equal(field);
        }
      }
    });

    it("refuse a key shorter than 32 bytes", function () {
      expect(() => purchaseOrderFingerprints(ORDER, "0x" + "5a".repeat(16))).to.throw(
        /32 to 64 bytes/,
      );
    });
  });

  describe("bills of lading", function () {
    const BILL = {
      carrier: CARRIER,
      blNumber: "MOLU2025061700042",
      documentHash: keccak256("0x01"),
    };

    it("are HMAC-SHA256 of the documented messages, the carrier by its address", function () {
      const fuzzy = [
        "caravel.document.fingerprint.v1",
        "bill-of-lading",
        "fuzzy",
        `carrier=${CARRIER.toLowerCase()}`,
        "number=MOLU2025061700042",
      ];
      const exact = [
        ...fuzzy.slice(0, 2),
        "exact",
        ...fuzzy.slice(3),
        `document=${BILL.documentHash}`,
      ];
      expect(billOfLadingFingerprints(BILL, KEY)).to.deep.equal({
        exact: hmac(exact.join("\n")),
        fuzzy: hmac(fuzzy.join("\n")),
      });
    });

    it("keep the fuzzy fingerprint of a bill whose document changed, not of another carrier's", function () {
      const original = billOfLadingFingerprints(BILL, KEY);
      const redrawn = billOfLadingFingerprints(
        { ...BILL, blNumber: " molu2025061700042 ", documentHash: keccak256("0x02") },
        KEY,
      );
      expect(redrawn.fuzzy).to.equal(original.fuzzy);
      expect(redrawn.exact).to.not.equal(original.exact);
      const otherCarrier = billOfLadingFingerprints(
        { ...BILL, carrier: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65" },
        KEY,
      );
      expect(otherCarrier.fuzzy).to.not.equal(original.fuzzy);
    });

    it("refuse a malformed field, naming it", function () {
      for (const [field, value] of [
        ["carrier", "MAEU"],
        ["blNumber", "MOLU 2025"],
        ["blNumber", ""],
        ["documentHash", "0x1234"],
        ["documentHash", "0x" + "0".repeat(64)],
      ] as const) {
        try {
          billOfLadingFingerprints({ ...BILL, [field]: value }, KEY);
          expect.fail(`${field} ${value} was accepted`);
        } catch (error) {
          expect(error).to.be.instanceOf(DocumentFieldError);
          expect((error as DocumentFieldError).field).to.equal(field);
        }
      }
    });
  });

  describe("invoices", function () {
    it("are the invoice registry's fingerprints, identity as the fuzzy one", function () {
      const invoice = {
        sellerTaxId: "GB 284 1137 62",
        buyerTaxId: "91310101MA1FPX1234",
        invoiceNumber: "API-2025-0117",
        issueDate: "2025-06-02",
        amount: "486,250.00",
        currency: "USD",
      };
      const registry = invoiceFingerprints(invoice, KEY);
      expect(invoiceDocumentFingerprints(invoice, KEY)).to.deep.equal({
        exact: registry.exact,
        fuzzy: registry.identity,
      });
      expect(documentFingerprints("Invoice", invoice, KEY).fuzzy).to.equal(registry.identity);
      expect(claimList(documentFingerprints("Invoice", invoice, KEY))).to.deep.equal([
        registry.exact,
        registry.identity,
      ]);
    });

    it("never equal another kind's for the same text (each message names its document)", function () {
      const order = documentFingerprints("PurchaseOrder", ORDER, KEY);
      const bill = documentFingerprints(
        "BillOfLading",
        { carrier: CARRIER, blNumber: "HME-PO-2025-0042", documentHash: keccak256("0x01") },
        KEY,
      );
      expect(order.fuzzy).to.not.equal(bill.fuzzy);
    });
  });
});

describe("purchase order terms", function () {
  const NOW = 1_750_000_000n; // 2025-06-15
  const RAW: RawOrderTerms = {
    exporter: CARRIER.toLowerCase(),
    orderNumber: "hme po 2025/0042",
    currency: "usd",
    amount: "486,250.00",
    goods: "120 ultrasound probes",
    incoterm: "cif",
    portOfLoading: "GB FXT",
    portOfDischarge: "cnsha",
    latestShipmentDate: "2025-07-31",
    paymentTermDays: "60",
  };

  it("normalizes every field and writes the contract's terms with the token's decimals", function () {
    const terms = orderTermsFor(normalizeOrderTerms(RAW, NOW), 6);
    expect(terms.exporter).to.equal(CARRIER);
    expect(terms.orderNumber).to.equal(
      "0x" + Buffer.from("HME-PO2025-0042").toString("hex").padEnd(64, "0"),
    );
    expect(terms.currency).to.equal("0x555344");
    expect(terms.amount).to.equal(486_250_000_000n);
    expect(terms.incoterm).to.equal("0x434946");
    expect(terms.portOfLoading).to.equal("0x4742465854");
    expect(terms.portOfDischarge).to.equal("0x434e534841");
    expect(terms.latestShipmentAt).to.equal(endOfDayUtc("2025-07-31"));
    expect(terms.latestShipmentAt).to.equal(BigInt(Date.UTC(2025, 6, 31, 23, 59, 59) / 1000));
    expect(terms.paymentTermDays).to.equal(60);
    expect(orderTermsFor(normalizeOrderTerms(RAW, NOW), 2).amount).to.equal(48_625_000n);
  });

  it("refuses each malformed field, naming it", function () {
    const cases: [keyof RawOrderTerms, string][] = [
      ["exporter", "0x1234"],
      ["orderNumber", "HME-PO-2025-0042-SUPPLEMENT-NUMBER-TWO"],
      ["currency", "USX"],
      ["amount", "0"],
      ["goods", ""],
      ["incoterm", "DAT"],
      ["portOfLoading", "GBFX1"],
      ["portOfDischarge", "GBFXT"],
      ["latestShipmentDate", "2025-06-14"],
      ["paymentTermDays", "30.5"],
    ];
    for (const [field, value] of cases) {
      try {
        normalizeOrderTerms({ ...RAW, [field]: value }, NOW);
        expect.fail(`${field} ${value} was accepted`);
      } catch (error) {
        expect(error, field).to.be.instanceOf(OrderFieldError);
        expect((error as OrderFieldError).field).to.equal(field);
      }
    }
  });

  it("refuses an amount finer than the token's decimals", function () {
    const terms = normalizeOrderTerms({ ...RAW, amount: "486,250.01" }, NOW);
    expect(() => orderTermsFor(terms, 0)).to.throw(OrderFieldError, /decimals/);
  });

  it("hashes an amendment as keccak256(abi.encode(terms, exactFingerprint))", function () {
    const terms = orderTermsFor(normalizeOrderTerms(RAW, NOW), 2);
    const a = amendmentTermsHash(terms, keccak256("0x01"));
    expect(a).to.match(/^0x[0-9a-f]{64}$/);
    expect(amendmentTermsHash({ ...terms, paymentTermDays: 61 }, keccak256("0x01"))).to.not.equal(
      a,
    );
    expect(amendmentTermsHash(terms, keccak256("0x02"))).to.not.equal(a);
  });
});
