/**
 * The gateway's hand-written BillOfLading ABI (gateway/chain/billOfLadingAbi.ts) names only what
 * the compiled contract has: every function, event and error with the same signature.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { toFunctionSignature, toEventSignature, type Abi, type AbiItem } from "viem";

import { billOfLadingAbi } from "../../gateway/chain/billOfLadingAbi.ts";
import { PINT_BILL_ABI } from "../../gateway/pint/pintChain.ts";
import { titleChainAbi } from "../../gateway/chain/titleChain.ts";

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
    for (const item of [...billOfLadingAbi, ...titleChainAbi]) {
      expect(known.has(signatureOf(item)), signatureOf(item)).to.equal(true);
    }
  });

  it("names only what the compiled contract has for PINT too (gateway/pint/pintChain.ts)", function () {
    const compiled = JSON.parse(
      readFileSync("artifacts/contracts/documents/BillOfLading.sol/BillOfLading.json", "utf8"),
    ) as { abi: Abi };
    // Errors of the registry the contract reverts with (ConsortiumInactiveMember) are in its ABI
    // too: ConsortiumGated reverts with the registry interface's errors.
    const known = new Set(compiled.abi.map((item) => signatureOf(item)));
    for (const item of PINT_BILL_ABI) {
      expect(known.has(signatureOf(item)), signatureOf(item)).to.equal(true);
    }
  });
});
