/**
 * The TypeScript enum mirrors (lib/trade/enums.ts) name the same values in the same order as the
 * Solidity enums, read from the compiler's AST.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";

import {
  AmendmentChange,
  AmendmentState,
  BillStatus,
  CertificateVerdict,
  CommitmentStatus,
  CustomsEventType,
  Discrepancy,
  DocumentKind,
  LcDocument,
  LcStatus,
  OrderStatus,
  PresentationOutcome,
  SettlementCondition,
} from "../../lib/trade/enums.ts";
import { MatchField } from "../../lib/trade/openAccountMatch.ts";

interface AstNode {
  nodeType?: string;
  name?: string;
  canonicalName?: string;
  members?: AstNode[];
  nodes?: AstNode[];
}

/** The compilations whose sources declare the mirrored enums (one artifact of each). */
const ARTIFACTS = [
  "contracts/credit/LetterOfCredit.sol/LetterOfCredit.json",
  "contracts/documents/PurchaseOrder.sol/PurchaseOrder.json",
  "contracts/finance/DocumentFinancingRegistry.sol/DocumentFinancingRegistry.json",
];

/** Every enum in the sources those compilations saw, by canonical name. */
function solidityEnums(): Map<string, string[]> {
  const enums = new Map<string, string[]>();
  for (const artifactPath of ARTIFACTS) collectEnums(artifactPath, enums);
  return enums;
}

function collectEnums(artifactPath: string, enums: Map<string, string[]>): void {
  const artifactsDir = path.resolve("artifacts");
  const artifact = JSON.parse(readFileSync(path.join(artifactsDir, artifactPath), "utf8")) as {
    buildInfoId: string;
  };
  const output = JSON.parse(
    readFileSync(
      path.join(artifactsDir, "build-info", `${artifact.buildInfoId}.output.json`),
      "utf8",
    ),
  ) as { output: { sources: Record<string, { ast: AstNode }> } };
  const visit = (node: AstNode): void => {
    if (node.nodeType === "EnumDefinition" && node.canonicalName !== undefined) {
      enums.set(
        node.canonicalName,
        (node.members ?? []).map((m) => m.name ?? ""),
      );
    }
    for (const child of node.nodes ?? []) visit(child);
  };
  for (const source of Object.values(output.output.sources)) visit(source.ast);
}

const MIRRORS: [string, Record<string, number>][] = [
  ["ILetterOfCredit.Status", LcStatus],
  ["ILetterOfCredit.PresentationOutcome", PresentationOutcome],
  ["ILetterOfCredit.Document", LcDocument],
  ["ILetterOfCredit.AmendmentChange", AmendmentChange],
  ["ILetterOfCredit.AmendmentState", AmendmentState],
  ["ILetterOfCredit.SettlementCondition", SettlementCondition],
  ["Discrepancy", Discrepancy],
  ["CustomsEventType", CustomsEventType],
  ["IBillOfLadingTitle.BillStatus", BillStatus],
  ["ICertificateOfOriginRegistry.Verdict", CertificateVerdict],
  ["IPaymentCommitment.CommitmentStatus", CommitmentStatus],
  ["OpenAccountMatch.Field", MatchField],
  ["IPurchaseOrder.OrderStatus", OrderStatus],
  ["IDocumentFinancing.DocumentKind", DocumentKind],
];

describe("enum mirrors", function () {
  const enums = solidityEnums();
  for (const [name, mirror] of MIRRORS) {
    it(`${name} has the same members, in the same order, in TypeScript`, function () {
      const members = enums.get(name);
      expect(members, `enum ${name} not found in the AST`).to.not.equal(undefined);
      const mirrored = Object.entries(mirror)
        .sort(([, a], [, b]) => a - b)
        .map(([member]) => member);
      expect(mirrored).to.deep.equal(members);
      expect(Object.values(mirror).sort((a, b) => a - b)).to.deep.equal(members!.map((_, i) => i));
    });
  }
});
