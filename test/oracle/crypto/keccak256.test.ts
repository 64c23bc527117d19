import { keccak_256 } from "@noble/hashes/sha3.js";
import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { DatabaseSync } from "node:sqlite";
import { bytesToHex } from "viem";
import { keccak256Bytes, keccak256Hex } from "../../../oracle/crypto/keccak256.ts";

describe("keccak256 (WebAssembly)", function () {
  it("gives the published digests of the empty input and of 'abc'", function () {
    expect(keccak256Hex(new Uint8Array(0))).to.equal(
      "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
    );
    expect(keccak256Hex("abc")).to.equal(
      "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
    );
  });

  it("agrees with @noble/hashes on random input of every length up to three blocks, and on 100 kB", function () {
    const lengths = [...Array.from({ length: 3 * 136 + 2 }, (_, i) => i), 100_000];
    for (const length of lengths) {
      const data = randomBytes(length);
      const expected = keccak_256(data);
      expect(keccak256Bytes(data), `length ${length}`).to.deep.equal(expected);
      expect(keccak256Hex(data), `length ${length}`).to.equal(bytesToHex(expected));
    }
  });

  it("hashes a string as its UTF-8 bytes", function () {
    for (const text of ["canonical:MSG-1", "Ünïcödé ✓ 貨物", "x".repeat(500)]) {
      expect(keccak256Hex(text)).to.equal(bytesToHex(keccak_256(new TextEncoder().encode(text))));
    }
  });

  it("hashes a view into a larger buffer as just its own bytes", function () {
    const buffer = randomBytes(200);
    const view = buffer.subarray(1, 65);
    expect(keccak256Bytes(view)).to.deep.equal(keccak_256(Uint8Array.from(view)));
  });

  it("leaves an empty Buffer bindable as an empty blob (not NULL) in node:sqlite", function () {
    const db = new DatabaseSync(":memory:");
    db.exec("CREATE TABLE t (body BLOB NOT NULL) STRICT");
    const empty = Buffer.alloc(0);
    keccak256Hex(empty);
    keccak256Bytes(empty);
    db.prepare("INSERT INTO t VALUES (?)").run(empty);
    expect((db.prepare("SELECT length(body) AS n FROM t").get() as { n: number }).n).to.equal(0);
    db.close();
  });

  it("keeps each result when calls follow one another (one hasher, reset every call)", function () {
    const a = keccak256Bytes("a");
    const b = keccak256Bytes("b");
    expect(a).to.not.deep.equal(b);
    expect(keccak256Bytes("a")).to.deep.equal(a);
  });
});
