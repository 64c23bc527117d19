/**
 * The packing the letter of credit's NatSpec draws, checked against the compiler's own
 * storageLayout output (requested for every contract in hardhat.config.ts): the hot word is one
 * slot, a credit is 16 slots and a presentation 8, every field where the comment says it is.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";

interface Member {
  label: string;
  slot: string;
  offset: number;
  type: string;
}
interface TypeEntry {
  numberOfBytes: string;
  members?: Member[];
  value?: string;
}
interface StorageLayout {
  storage: Member[];
  types: Record<string, TypeEntry>;
}

function storageLayoutOf(sourcePath: string, contractName: string): StorageLayout {
  const artifactsDir = path.resolve("artifacts");
  const artifact = JSON.parse(
    readFileSync(path.join(artifactsDir, sourcePath, `${contractName}.json`), "utf8"),
  ) as { buildInfoId: string; inputSourceName: string };
  const output = JSON.parse(
    readFileSync(
      path.join(artifactsDir, "build-info", `${artifact.buildInfoId}.output.json`),
      "utf8",
    ),
  ) as {
    output: { contracts: Record<string, Record<string, { storageLayout: StorageLayout }>> };
  };
  const layout = output.output.contracts[artifact.inputSourceName]?.[contractName]?.storageLayout;
  if (layout === undefined) throw new Error(`no storageLayout for ${contractName}`);
  return layout;
}

function structNamed(layout: StorageLayout, name: string): TypeEntry {
  const key = Object.keys(layout.types).find((k) => k.startsWith(`t_struct(${name})`));
  if (key === undefined) throw new Error(`no struct ${name} in the layout`);
  return layout.types[key]!;
}

/** [label, slot, byte offset] for each member, in declaration order. */
function placement(entry: TypeEntry): [string, number, number][] {
  return (entry.members ?? []).map((m) => [m.label, Number(m.slot), m.offset]);
}

describe("LetterOfCredit storage layout", function () {
  const layout = storageLayoutOf("contracts/credit/LetterOfCredit.sol", "LetterOfCredit");

  it("packs a credit's hot fields in one slot, as drawn in LcState.sol", function () {
    const core = structNamed(layout, "LcCore");
    expect(core.numberOfBytes).to.equal("32");
    expect(placement(core)).to.deep.equal([
      ["beneficiary", 0, 0],
      ["expiresAt", 0, 20],
      ["presentationDays", 0, 26],
      ["phase", 0, 28],
      ["flags", 0, 29],
      ["presentationCount", 0, 30],
    ]);
  });

  it("stores one credit in 16 slots, with every field where the comment puts it", function () {
    const state = structNamed(layout, "LcState");
    expect(Number(state.numberOfBytes) / 32).to.equal(16);
    expect(placement(state)).to.deep.equal([
      ["core", 0, 0],
      ["issuingBank", 1, 0],
      ["latestShipmentAt", 1, 20],
      ["amendmentCount", 1, 26],
      ["currency", 1, 28],
      ["requiredDocuments", 1, 31],
      ["applicant", 2, 0],
      ["portOfLoading", 2, 20],
      ["portOfDischarge", 2, 25],
      ["countryOfOrigin", 2, 30],
      ["advisingBank", 3, 0],
      ["appliedAt", 3, 20],
      ["issuedAt", 3, 26],
      ["confirmingBank", 4, 0],
      ["placeOfExpiry", 4, 20],
      ["incoterm", 4, 25],
      ["settlementToken", 5, 0],
      ["fxFeed", 6, 0],
      ["amount", 7, 0],
      ["drawn", 7, 16],
      ["escrowed", 8, 0],
      ["paid", 8, 16],
      ["refunded", 9, 0],
      ["advisingFee", 9, 16],
      ["confirmationFee", 10, 0],
      ["goodsHash", 11, 0],
      ["presentations", 12, 0],
      ["amendments", 13, 0],
      ["proceedsAssignee", 14, 0],
      ["deferredDays", 14, 20],
      ["deferredVouchers", 15, 0],
    ]);
  });

  it("stores one presentation in 8 slots, its examination deadline beside its amount", function () {
    const p = structNamed(layout, "PresentationRecord");
    expect(Number(p.numberOfBytes) / 32).to.equal(8);
    expect(placement(p).slice(0, 4)).to.deep.equal([
      ["amount", 0, 0],
      ["presentedAt", 0, 16],
      ["examineBy", 0, 22],
      ["discrepancies", 0, 28],
    ]);
  });

  it("keeps the credits in the contract's second slot, after the credit counter", function () {
    expect(layout.storage.map((s) => [s.label, Number(s.slot)])).to.deep.equal([
      ["_creditCount", 0],
      ["_credits", 1],
      ["_fxFeeds", 2],
      ["_openCredits", 3],
      ["_openIndex", 4],
      ["_finance", 5],
    ]);
  });
});
