import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { expect } from "chai";
import fc from "fast-check";
import { ZodError } from "zod";

import {
  fingerprintKeyFromHex,
  fingerprintMessage,
  fingerprintsOf,
  InvoiceFieldError,
  invoiceFingerprints,
  normalizeCurrency,
  normalizeInvoice,
  normalizeInvoiceNumber,
  normalizeIssueDate,
  normalizeTaxId,
  parseAmount,
  type RawInvoice,
} from "../../lib/trade/invoiceFingerprint.ts";

const KEY = "0x" + "a5".repeat(32);
const OTHER_KEY = "0x" + "5a".repeat(32);

const invoice: RawInvoice = {
  sellerTaxId: "GB123456789",
  buyerTaxId: "91310101MA1FPX1234",
  invoiceNumber: "API-2024-0042",
  issueDate: "2024-03-05",
  amount: "1234567.50",
  currency: "USD",
};

/** Expect `fn` to throw an InvoiceFieldError for `field` whose message matches `pattern`. */
function expectFieldError(fn: () => unknown, field: string, pattern: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, "an InvoiceFieldError").to.be.instanceOf(InvoiceFieldError);
  const error = thrown as InvoiceFieldError;
  expect(error.field).to.equal(field);
  expect(error.message).to.match(new RegExp(`^${field}: `));
  expect(error.message).to.match(pattern);
}

describe("invoiceFingerprint", function () {
  describe("tax ids", function () {
    it("upper-cases and trims", function () {
      expect(normalizeTaxId("  gb123456789 ", "sellerTaxId")).to.equal("GB123456789");
    });

    it("removes spaces, dashes, dots, slashes and underscores used to group the id", function () {
      for (const printed of [
        "GB 123 4567 89",
        "gb-123.456.789",
        "GB/123/456/789",
        "GB_123456789",
      ]) {
        expect(normalizeTaxId(printed, "sellerTaxId"), printed).to.equal("GB123456789");
      }
    });

    it("folds full-width characters and no-break spaces (NFKC)", function () {
      expect(normalizeTaxId("ＧＢ１２３\u00a0456789", "buyerTaxId")).to.equal("GB123456789");
    });

    it("keeps the country prefix: an id with and without it are different ids", function () {
      expect(normalizeTaxId("DE123456789", "sellerTaxId")).to.not.equal(
        normalizeTaxId("123456789", "sellerTaxId"),
      );
    });

    it("refuses an id too short or with other characters, naming the field", function () {
      expectFieldError(() => normalizeTaxId("G-B1", "buyerTaxId"), "buyerTaxId", /4 to 40/);
      expectFieldError(() => normalizeTaxId("GB12345678+", "sellerTaxId"), "sellerTaxId", /tax id/);
      expectFieldError(() => normalizeTaxId("ÅB12345678", "sellerTaxId"), "sellerTaxId", /A-Z/);
    });
  });

  describe("invoice numbers", function () {
    it("upper-cases and trims", function () {
      expect(normalizeInvoiceNumber("  inv2024-001 ")).to.equal("INV2024-001");
    });

    it("drops separators between a letter and a digit, and at either end", function () {
      for (const printed of ["INV-001", "inv 001", "INV/001", "#INV001", "INV.001.", "inv_001"]) {
        expect(normalizeInvoiceNumber(printed), printed).to.equal("INV001");
      }
    });

    it("turns any run of separators between two digits or two letters into one dash", function () {
      expect(normalizeInvoiceNumber("2024 / 001")).to.equal("2024-001");
      expect(normalizeInvoiceNumber("2024.001")).to.equal("2024-001");
      expect(normalizeInvoiceNumber("AB CD")).to.equal("AB-CD");
    });

    it("keeps numbers apart that only their separators tell apart", function () {
      expect(normalizeInvoiceNumber("FV/1/11/2024")).to.equal("FV1-11-2024");
      expect(normalizeInvoiceNumber("FV/11/1/2024")).to.equal("FV11-1-2024");
    });

    it("keeps leading zeros", function () {
      expect(normalizeInvoiceNumber("INV-0001")).to.not.equal(normalizeInvoiceNumber("INV-1"));
    });

    it("folds full-width characters (NFKC)", function () {
      expect(normalizeInvoiceNumber("ＩＮＶ－００１")).to.equal("INV001");
    });

    it("refuses an empty number, other characters and numbers over 64 characters", function () {
      expectFieldError(() => normalizeInvoiceNumber(" - "), "invoiceNumber", /1 to 64/);
      expectFieldError(() => normalizeInvoiceNumber("FACTURE-É1"), "invoiceNumber", /A-Z/);
      expectFieldError(() => normalizeInvoiceNumber("INV+1"), "invoiceNumber", /invoice number/);
      expectFieldError(() => normalizeInvoiceNumber("9".repeat(65)), "invoiceNumber", /1 to 64/);
    });
  });

  describe("issue dates", function () {
    it("reads ISO 8601, with or without a time, and its basic form", function () {
      expect(normalizeIssueDate("2024-03-05")).to.equal("2024-03-05");
      expect(normalizeIssueDate("20240305")).to.equal("2024-03-05");
      expect(normalizeIssueDate("2024-03-05T10:15:00Z")).to.equal("2024-03-05");
    });

    it("keeps the date as written when a time zone would move it across midnight in UTC", function () {
      expect(normalizeIssueDate("2024-03-05T23:30:00-05:00")).to.equal("2024-03-05");
    });

    it("reads year-first dates with slashes, dots or dashes and one-digit parts", function () {
      for (const printed of ["2024/03/05", "2024.3.5", "2024-3-5"]) {
        expect(normalizeIssueDate(printed), printed).to.equal("2024-03-05");
      }
    });

    it("reads dotted dates day first", function () {
      expect(normalizeIssueDate("05.03.2024")).to.equal("2024-03-05");
      expect(normalizeIssueDate("5.3.2024")).to.equal("2024-03-05");
    });

    it("reads slashed dates when only one reading is possible", function () {
      expect(normalizeIssueDate("13/03/2024")).to.equal("2024-03-13");
      expect(normalizeIssueDate("03/13/2024")).to.equal("2024-03-13");
      expect(normalizeIssueDate("05-05-2024")).to.equal("2024-05-05");
    });

    it("refuses a slashed date that reads both day-first and month-first", function () {
      expectFieldError(() => normalizeIssueDate("05/03/2024"), "issueDate", /ambiguous/);
      expectFieldError(() => normalizeIssueDate("05-03-2024"), "issueDate", /YYYY-MM-DD/);
    });

    it("reads English month names and abbreviations", function () {
      for (const printed of [
        "5 March 2024",
        "05-Mar-2024",
        "5 MAR. 2024",
        "March 5, 2024",
        "mar 5 2024",
      ]) {
        expect(normalizeIssueDate(printed), printed).to.equal("2024-03-05");
      }
      expect(normalizeIssueDate("1 Sept 2024")).to.equal("2024-09-01");
    });

    it("refuses two-digit years, unknown month names and impossible dates", function () {
      expectFieldError(() => normalizeIssueDate("05.03.24"), "issueDate", /known format/);
      expectFieldError(() => normalizeIssueDate("5 Marz 2024"), "issueDate", /known format/);
      expectFieldError(() => normalizeIssueDate("2023-02-29"), "issueDate", /calendar date/);
      expectFieldError(() => normalizeIssueDate("2024-13-01"), "issueDate", /calendar date/);
      expectFieldError(() => normalizeIssueDate("1850-01-01"), "issueDate", /1900\.\.2199/);
    });

    it("accepts 29 February in a leap year", function () {
      expect(normalizeIssueDate("29.02.2024")).to.equal("2024-02-29");
    });
  });

  describe("amounts", function () {
    it("reads the usual number formats into minor units", function () {
      const renderings = [
        "1,234.50",
        "1.234,50",
        "1234.5",
        "1234,50",
        "1 234,50",
        "1'234.50",
        "1234.500",
      ];
      for (const printed of renderings) {
        expect(parseAmount(printed, "EUR"), printed).to.equal(123450n);
      }
    });

    it("reads repeated thousands separators with or without decimals", function () {
      expect(parseAmount("1,234,567", "USD")).to.equal(123456700n);
      expect(parseAmount("1.234.567", "USD")).to.equal(123456700n);
      expect(parseAmount("1.234.567,89", "USD")).to.equal(123456789n);
      expect(parseAmount("1\u00a0234\u00a0567.89", "USD")).to.equal(123456789n);
    });

    it("uses each currency's ISO 4217 exponent", function () {
      expect(parseAmount("1234", "JPY")).to.equal(1234n);
      expect(parseAmount("1234.567", "KWD")).to.equal(1234567n);
      expect(parseAmount("0,5", "EUR")).to.equal(50n);
    });

    it("reads a JavaScript number as a plain decimal", function () {
      expect(parseAmount(1234.5, "EUR")).to.equal(123450n);
      expect(parseAmount(1.234, "KWD")).to.equal(1234n);
    });

    it("refuses a lone separator before exactly three digits as ambiguous", function () {
      expectFieldError(() => parseAmount("1,234", "USD"), "amount", /ambiguous/);
      expectFieldError(() => parseAmount("12.500", "EUR"), "amount", /ambiguous/);
      expectFieldError(() => parseAmount("1.234", "KWD"), "amount", /thousands separator \(1234\)/);
    });

    it("refuses more decimals than the currency has, unless they are zeros", function () {
      expectFieldError(() => parseAmount("1234.567", "EUR"), "amount", /3 decimals; EUR has 2/);
      expectFieldError(() => parseAmount("100.5", "JPY"), "amount", /JPY has 0/);
      expect(parseAmount("100.00", "JPY")).to.equal(100n);
    });

    it("refuses badly grouped digits and misplaced separators", function () {
      expectFieldError(() => parseAmount("12,34.50", "USD"), "amount", /threes/);
      expectFieldError(() => parseAmount("1.234.5", "USD"), "amount", /more than once|threes/);
      expectFieldError(() => parseAmount("1,234.567,8", "USD"), "amount", /decimal separator/);
      expectFieldError(() => parseAmount("1 234'567", "USD"), "amount", /mixes/);
      expectFieldError(() => parseAmount("1 234.567,89", "USD"), "amount", /three different/);
    });

    it("refuses signs, symbols, exponents and zero", function () {
      expectFieldError(() => parseAmount("-100.00", "USD"), "amount", /positive number/);
      expectFieldError(() => parseAmount("$100.00", "USD"), "amount", /positive number/);
      expectFieldError(() => parseAmount("1e3", "USD"), "amount", /positive number/);
      expectFieldError(() => parseAmount(1e21, "USD"), "amount", /plain decimal/);
      expectFieldError(() => parseAmount("0.00", "USD"), "amount", /zero/);
    });
  });

  describe("currencies", function () {
    it("upper-cases and trims an ISO 4217 code", function () {
      expect(normalizeCurrency(" usd ")).to.equal("USD");
    });

    it("refuses unknown codes, funds codes and metals", function () {
      for (const code of ["XYZ", "XAU", "CLF", "US", "EURO"]) {
        expectFieldError(() => normalizeCurrency(code), "currency", /ISO 4217/);
      }
    });
  });

  describe("validation at the edge", function () {
    it("refuses a missing field, an extra field or a wrong type with a ZodError", function () {
      const missing: Partial<RawInvoice> = { ...invoice };
      delete missing.currency;
      expect(() => normalizeInvoice(missing)).to.throw(ZodError);
      expect(() => normalizeInvoice({ ...invoice, note: "x" })).to.throw(ZodError);
      expect(() => normalizeInvoice({ ...invoice, amount: true })).to.throw(ZodError);
      expect(() => normalizeInvoice({ ...invoice, amount: -1 })).to.throw(ZodError);
    });

    it("names the first bad field of an otherwise well-formed invoice", function () {
      expectFieldError(
        () => normalizeInvoice({ ...invoice, issueDate: "04/03/2024" }),
        "issueDate",
        /ambiguous/,
      );
    });

    it("refuses a key shorter than 32 bytes or not hex", function () {
      expect(() => invoiceFingerprints(invoice, "0x" + "11".repeat(31))).to.throw(ZodError);
      expect(() => invoiceFingerprints(invoice, "11".repeat(32))).to.throw(ZodError);
      expect(() => invoiceFingerprints(invoice, new Uint8Array(16))).to.throw(/at least 32/);
    });
  });

  describe("fingerprints", function () {
    it("gives two renderings of the same invoice the same fingerprints", function () {
      const rendered = invoiceFingerprints(invoice, KEY);
      const rerendered = invoiceFingerprints(
        {
          sellerTaxId: "gb 123 456 789",
          buyerTaxId: "91310101-ma1fpx1234",
          invoiceNumber: " api 2024/0042 ",
          issueDate: "5 March 2024",
          amount: "1.234.567,50",
          currency: "usd",
        },
        KEY,
      );
      expect(rerendered).to.deep.equal(rendered);
    });

    it("keeps the identity fingerprint when the amount, date or currency is altered", function () {
      const original = invoiceFingerprints(invoice, KEY);
      for (const altered of [
        { ...invoice, amount: "1234567.51" },
        { ...invoice, issueDate: "2024-03-06" },
        { ...invoice, currency: "EUR" },
      ]) {
        const fingerprints = invoiceFingerprints(altered, KEY);
        expect(fingerprints.identity).to.equal(original.identity);
        expect(fingerprints.exact).to.not.equal(original.exact);
      }
    });

    it("changes both fingerprints for another invoice number, seller or buyer", function () {
      const original = invoiceFingerprints(invoice, KEY);
      for (const other of [
        { ...invoice, invoiceNumber: "API-2024-0043" },
        { ...invoice, sellerTaxId: "GB123456780" },
        { ...invoice, buyerTaxId: "91310101MA1FPX1235" },
      ]) {
        const fingerprints = invoiceFingerprints(other, KEY);
        expect(fingerprints.identity).to.not.equal(original.identity);
        expect(fingerprints.exact).to.not.equal(original.exact);
      }
    });

    it("depends on the key, so nobody without it can test a guess", function () {
      const a = invoiceFingerprints(invoice, KEY);
      const b = invoiceFingerprints(invoice, OTHER_KEY);
      expect(b.exact).to.not.equal(a.exact);
      expect(b.identity).to.not.equal(a.identity);
    });

    it("is HMAC-SHA256 of the documented message, as 0x-hex bytes32", function () {
      const normalized = normalizeInvoice(invoice);
      expect(fingerprintMessage("exact", normalized)).to.equal(
        [
          "caravel.invoice.fingerprint.v1",
          "exact",
          "seller=GB123456789",
          "buyer=91310101MA1FPX1234",
          "number=API2024-0042",
          "date=2024-03-05",
          "amount=123456750",
          "currency=USD",
        ].join("\n"),
      );
      expect(fingerprintMessage("identity", normalized)).to.equal(
        [
          "caravel.invoice.fingerprint.v1",
          "identity",
          "seller=GB123456789",
          "buyer=91310101MA1FPX1234",
          "number=API2024-0042",
        ].join("\n"),
      );
      // Recomputed with an independent HMAC implementation.
      const key = fingerprintKeyFromHex(KEY);
      const fingerprints = fingerprintsOf(normalized, key);
      for (const kind of ["exact", "identity"] as const) {
        const expected = bytesToHex(
          hmac(sha256, key, utf8ToBytes(fingerprintMessage(kind, normalized))),
        );
        expect(fingerprints[kind]).to.equal(`0x${expected}`);
        expect(fingerprints[kind]).to.match(/^0x[0-9a-f]{64}$/);
      }
    });
  });
});

describe("invoiceFingerprint properties", function () {
  const currencies = [
    ["JPY", 0],
    ["USD", 2],
    ["EUR", 2],
    ["KWD", 3],
  ] as const;

  /** `minor` rendered with `grouping` every three digits and `decimal` before the minor units. */
  function render(minor: bigint, exponent: number, grouping: string, decimal: string): string {
    const digits = minor.toString().padStart(exponent + 1, "0");
    const integer = digits.slice(0, digits.length - exponent);
    const fraction = digits.slice(digits.length - exponent);
    const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, grouping);
    return exponent === 0 ? grouped : `${grouped}${decimal}${fraction}`;
  }

  it("reads back any amount in any grouping style that has all its decimals", function () {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.constantFrom(...currencies),
        fc.constantFrom(["", "."], [",", "."], [".", ","], [" ", ","], ["'", "."], ["\u00a0", ","]),
        (minor, [currency, exponent], [grouping, decimal]) => {
          // Without decimals (exponent 0), a lone group of three is ambiguous by design: skip it.
          const text = render(minor, exponent, grouping, decimal!);
          fc.pre(exponent > 0 || grouping === "" || minor >= 1_000_000n || minor < 1000n);
          expect(parseAmount(text, currency), text).to.equal(minor);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("normalizes an invoice number to a fixed point", function () {
    const token = fc.stringMatching(/^[a-zA-Z0-9]{1,6}$/);
    const separator = fc.constantFrom(" ", "-", "/", ".", "_", " - ", "#");
    fc.assert(
      fc.property(fc.array(fc.tuple(token, separator), { minLength: 1, maxLength: 6 }), (parts) => {
        const printed = parts.map(([t, s]) => t + s).join("");
        const once = normalizeInvoiceNumber(printed);
        expect(normalizeInvoiceNumber(once)).to.equal(once);
        expect(once).to.match(/^[A-Z0-9]+(?:-[A-Z0-9]+)*$/);
      }),
      { numRuns: 500 },
    );
  });
});
