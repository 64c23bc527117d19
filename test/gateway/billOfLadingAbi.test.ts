/**
 * The gateway's hand-written BillOfLading ABI (gateway/chain/billOfLadingAbi.ts) names only what
 * the compiled contract has: every function, event and error with the same signature.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { toFunctionSignature, toEventSignature, type Abi, type AbiItem } from "viem";

import { billOfLadingAbi } from "../../gateway/chain/billOfLadingAbi.ts";

function signatureOf(item: AbiItem): string {
  if (item.type === "event") return toEventSignature(item);
  if (item.type === "function" || item.type === "error") {
    return `${item.type} ${toFunctionSignature(item as Parameters<typeof toFunctionSignature>[0])}`;
  }
  return item.type;
}

describe("gateway BillOfLading ABI", function () {
  it("matches the compiled contract entry for entry", function () {
    const compiled = JSON.parse(
      readFileSync("artifacts/contracts/documents/BillOfLading.sol/BillOfLading.json", "utf8"),
    ) as { abi: Abi };
    const known = new Set(compiled.abi.map((item) => signatureOf(item)));
    for (const item of billOfLadingAbi) {
      expect(known.has(signatureOf(item)), signatureOf(item)).to.equal(true);
    }
  });
});
