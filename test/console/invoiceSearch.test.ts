import { expect } from "chai";

import {
  identityFingerprintOf,
  InvoiceFieldError,
  invoiceFingerprints,
} from "../../lib/trade/invoiceFingerprint.ts";

const KEY = "0x" + "5c".repeat(32);

describe("the console's invoice search fingerprint", function () {
  it("is the invoice's identity fingerprint, from seller, buyer and number alone", function () {
    const invoice = {
      sellerTaxId: "GB 123 4567 89",
      buyerTaxId: "91310101MA1FPX1234",
      invoiceNumber: "API-2026/0417",
      issueDate: "2026-03-02",
      amount: "250,000.00",
      currency: "USD",
    };
    expect(
      identityFingerprintOf(
        {
          sellerTaxId: "gb123456789",
          buyerTaxId: "91310101ma1fpx1234",
          invoiceNumber: "api 2026/0417",
        },
        KEY,
      ),
    ).to.equal(invoiceFingerprints(invoice, KEY).identity);
  });

  it("refuses a malformed invoice number, naming the field", function () {
    expect(() =>
      identityFingerprintOf(
        { sellerTaxId: "GB123456789", buyerTaxId: "DE123456", invoiceNumber: "" },
        KEY,
      ),
    )
      .to.throw(InvoiceFieldError)
      .with.property("field", "invoiceNumber");
  });
});
