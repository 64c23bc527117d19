import { expect } from "chai";
import { type Address, encodeAbiParameters, keccak256 } from "viem";

import {
  slotName,
  slotPattern,
  type StructLog,
  storageWritesOf,
  writeKindOf,
} from "../../scripts/bench/day/storageWrites.ts";

const TOKEN: Address = "0x00000000000000000000000000000000000000aa";
const LIBRARY: Address = "0x00000000000000000000000000000000000000bb";
const HOLDER: Address = "0x0000000000000000000000000000000000001234";

/** A stack word as struct logs print it: 64 hex digits, no prefix. */
const w = (value: bigint): string => value.toString(16).padStart(64, "0");
/** A step at `depth` whose stack ends with `top` (given top first, as the EVM pops it). */
const step = (op: string, depth: number, top: bigint[] = [], gasCost = 3): StructLog => ({
  op,
  depth,
  gasCost,
  stack: [...top].reverse().map(w),
});
/** The slot Solidity gives `mapping[key]` for a mapping at `base`. */
const mappingSlot = (key: bigint, base: bigint): bigint =>
  BigInt(keccak256(encodeAbiParameters([{ type: "uint256" }, { type: "uint256" }], [key, base])));
/** The steps that hash `key . base` in scratch space; the step after holds the hash on top. */
const hashed = (depth: number, key: bigint, base: bigint): StructLog[] => [
  step("MSTORE", depth, [0n, key]),
  step("MSTORE", depth, [32n, base]),
  step("KECCAK256", depth, [0n, 64n], 42),
  step("DUP1", depth, [mappingSlot(key, base)]),
];

describe("which slots a traced transaction writes (storageWrites.ts)", function () {
  it("tells a slot's first value from a change and from a write again by the SSTORE's cost", function () {
    expect([22_100, 20_000].map(writeKindOf)).to.deep.equal(["first value", "first value"]);
    expect([5_000, 2_900].map(writeKindOf)).to.deep.equal(["change", "change"]);
    expect([2_200, 100].map(writeKindOf)).to.deep.equal(["again", "again"]);
    expect(() => writeKindOf(4_321)).to.throw("SSTORE gasCost 4321");
  });

  it("names a balance written for the first time by its mapping and key, in the called contract's storage", function () {
    const balance = mappingSlot(BigInt(HOLDER), 0n);
    const logs: StructLog[] = [
      // depth 1: the target calls the token, which hashes the holder's balance slot and writes it.
      step("CALL", 1, [100_000n, BigInt(TOKEN)], 2_600),
      ...hashed(2, BigInt(HOLDER), 0n),
      step("SSTORE", 2, [balance, 5n], 22_100),
      step("RETURN", 2),
      // Back at depth 1: a counter in the target's own storage changes.
      step("SSTORE", 1, [3n, 8n], 5_000),
    ];
    const { writes, preimages } = storageWritesOf(
      "0x00000000000000000000000000000000000000cc",
      logs,
    );
    expect(writes).to.deep.equal([
      { address: TOKEN, slot: balance, kind: "first value", cleared: false },
      {
        address: "0x00000000000000000000000000000000000000cc",
        slot: 3n,
        kind: "change",
        cleared: false,
      },
    ]);
    const names = new Map([[BigInt(HOLDER), "exporters 3"]]);
    const name = slotName(balance, preimages, (k) => names.get(k) ?? String(k));
    expect(name).to.equal("slot 0[exporters 3]");
    expect(slotPattern(name)).to.equal("slot 0[exporters]");
  });

  it("writes a DELEGATECALL's stores to the caller's storage and names a struct member past its entry", function () {
    const entry = mappingSlot(17n, 3n);
    const logs: StructLog[] = [
      step("DELEGATECALL", 1, [100_000n, BigInt(LIBRARY)], 2_600),
      ...hashed(2, 17n, 3n),
      step("SSTORE", 2, [entry + 2n, 0n], 2_900),
    ];
    const { writes, preimages } = storageWritesOf(TOKEN, logs);
    expect(writes).to.deep.equal([
      { address: TOKEN, slot: entry + 2n, kind: "change", cleared: true },
    ]);
    const name = slotName(entry + 2n, preimages, String);
    expect(name).to.equal("slot 3[17]+2");
    expect(slotPattern(name)).to.equal("slot 3[n]+2");
  });

  it("names nested mappings through both hashes and keeps the number of a slot it cannot name", function () {
    const inner = mappingSlot(BigInt(HOLDER), 1n);
    const allowance = mappingSlot(BigInt(TOKEN), inner);
    const logs: StructLog[] = [
      ...hashed(1, BigInt(HOLDER), 1n),
      ...hashed(1, BigInt(TOKEN), inner),
      step("SSTORE", 1, [allowance, 1n], 20_000),
      step("SSTORE", 1, [123n << 200n, 1n], 20_000),
    ];
    const { writes, preimages } = storageWritesOf(TOKEN, logs);
    const names = new Map([
      [BigInt(HOLDER), "banks 0"],
      [BigInt(TOKEN), "letterOfCredit"],
    ]);
    const nameOf = (slot: bigint) => slotName(slot, preimages, (k) => names.get(k) ?? String(k));
    expect(writes.map((x) => x.kind)).to.deep.equal(["first value", "first value"]);
    expect(nameOf(allowance)).to.equal("slot 1[banks 0][letterOfCredit]");
    expect(nameOf(123n << 200n)).to.equal(`0x${(123n << 200n).toString(16)}`);
    expect(slotPattern(nameOf(allowance))).to.equal("slot 1[banks][letterOfCredit]");
  });
});
