import { expect } from "chai";

import { decodeDerSignature } from "../../../oracle/verifier/index.ts";

function hex(bytes: Uint8Array | null): string | null {
  return bytes === null ? null : Buffer.from(bytes).toString("hex");
}

function decode(derHex: string): string | null {
  return hex(decodeDerSignature(Uint8Array.from(Buffer.from(derHex, "hex"))));
}

const R32 = "81".repeat(32); // top bit set: DER needs a sign zero
const S32 = "11".repeat(32);

describe("decodeDerSignature (strict DER)", function () {
  it("decodes a canonical SEQUENCE { INTEGER r, INTEGER s } into r ‖ s", function () {
    expect(decode(`3045022100${R32}0220${S32}`)).to.equal(R32 + S32);
  });

  it("right-aligns short integers into 32-byte words", function () {
    expect(decode("3006020101020102")).to.equal("00".repeat(31) + "01" + "00".repeat(31) + "02");
  });

  it("refuses a leading zero byte the value does not need", function () {
    expect(decode(`3045022100${S32}0220${S32}`)).to.equal(null);
    expect(decode("300702020001020102")).to.equal(null);
  });

  it("refuses a negative integer (top bit set without a sign zero)", function () {
    expect(decode(`30440220${R32}0220${S32}`)).to.equal(null);
  });

  it("refuses an empty integer", function () {
    expect(decode("30050200020102")).to.equal(null);
  });

  it("refuses a long-form length where the short form fits", function () {
    expect(decode(`308145022100${R32}0220${S32}`)).to.equal(null);
    expect(decode(`304602812100${R32}0220${S32}`)).to.equal(null);
  });

  it("refuses BER's indefinite length", function () {
    expect(decode(`3080022100${R32}0220${S32}0000`)).to.equal(null);
  });

  it("refuses a sequence length that does not match the bytes", function () {
    expect(decode(`3046022100${R32}0220${S32}`)).to.equal(null);
    expect(decode(`3044022100${R32}0220${S32}`)).to.equal(null);
  });

  it("refuses trailing bytes after the sequence or inside it", function () {
    expect(decode(`3045022100${R32}0220${S32}00`)).to.equal(null);
    expect(decode(`3048022100${R32}0220${S32}020100`)).to.equal(null);
  });

  it("refuses wrong tags", function () {
    expect(decode(`3145022100${R32}0220${S32}`)).to.equal(null);
    expect(decode(`3045032100${R32}0220${S32}`)).to.equal(null);
  });

  it("refuses an integer wider than 32 bytes", function () {
    expect(decode(`30460222${"01".repeat(34)}0220${S32}`)).to.equal(null);
  });

  it("refuses empty and truncated input", function () {
    expect(decode("")).to.equal(null);
    expect(decode("30")).to.equal(null);
    expect(decode("3006020101")).to.equal(null);
  });
});
