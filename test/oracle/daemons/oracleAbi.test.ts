import { expect } from "chai";
import { artifacts } from "hardhat";
import type { Abi } from "viem";
import { customsOracleAbi } from "../../../oracle/chain/oracleAbi.ts";

/** An ABI item without Solidity's `internalType` annotations, for comparison. */
function plain(item: unknown): unknown {
  if (Array.isArray(item)) return item.map(plain);
  if (item !== null && typeof item === "object") {
    return Object.fromEntries(
      Object.entries(item)
        .filter(([key]) => key !== "internalType")
        .map(([key, value]) => [key, plain(value)]),
    );
  }
  return item;
}

describe("CustomsOracle ABI used by the daemons", function () {
  it("matches the compiled contract, item for item", async function () {
    const compiled = (await artifacts.readArtifact("CustomsOracle")).abi as Abi;
    for (const item of customsOracleAbi) {
      const match = compiled.find(
        (c) => c.type === item.type && "name" in c && "name" in item && c.name === item.name,
      );
      expect(match, `${item.type} ${"name" in item ? item.name : ""}`).to.not.equal(undefined);
      expect(plain(match)).to.deep.equal(plain(item));
    }
    const errors = compiled.filter((c) => c.type === "error" && c.name.startsWith("CustomsOracle"));
    const known = customsOracleAbi.filter((c) => c.type === "error").map((c) => c.name);
    expect(errors.map((e) => ("name" in e ? e.name : "")).sort()).to.deep.equal([...known].sort());
  });
});
