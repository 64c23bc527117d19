/**
 * The console's timelines tell events in words (console/src/describe.ts): every event the
 * open-account products, the document-financing guard and the bill's PINT interop emit has its
 * sentence, checked against the compiled interfaces' ABIs, so an event a contract gains is noticed
 * here rather than shown by its bare name.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";

import type { ChainLogRow } from "../../console/src/api.ts";
import { describeEvent } from "../../console/src/describe.ts";
import { namer } from "../../console/src/format.ts";

const BANK = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const EXPORTER = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
const name = namer([
  { account: BANK, name: "Thames Trade Bank" },
  { account: EXPORTER, name: "Albion Precision" },
]);

interface AbiEvent {
  type: string;
  name: string;
  inputs: { name: string; type: string }[];
}

/** The events an interface declares, from its compiled artifact. */
function eventsOf(sourceFile: string, contract: string): AbiEvent[] {
  const artifact = JSON.parse(
    readFileSync(
      path.join("artifacts", "contracts", "interfaces", sourceFile, `${contract}.json`),
      "utf8",
    ),
  ) as { abi: AbiEvent[] };
  return artifact.abi.filter((e) => e.type === "event");
}

/** A plausible value of `type` as the indexer stores it (bigints as decimal strings). */
function sample(type: string): unknown {
  if (type === "address") return BANK;
  if (type === "bool") return true;
  if (type === "string") return "MOLU2026000512";
  if (type === "uint8") return 1; // enums: the indexer stores uint8 as a number
  if (/^u?int\d+$/.test(type)) return "7";
  if (type === "bytes32") return "0x" + Buffer.from("PO-2026-0042").toString("hex").padEnd(64, "0");
  if (type === "bytes4") return "0x43415256"; // "CARV"
  if (type === "bytes3") return "0x555344"; // "USD"
  if (type.endsWith("[]")) return [];
  throw new Error(`no sample for ${type}`);
}

function row(contractName: string, event: string, args: Record<string, unknown>): ChainLogRow {
  return {
    id: "1",
    contract: "0x0000000000000000000000000000000000000001",
    contractName,
    name: event,
    subject: null,
    args,
    blockNumber: "1",
    logIndex: 0,
    transactionHash: "0x" + "00".repeat(32),
    sender: BANK,
    timestamp: "0",
  };
}

describe("the console's words for events (console/src/describe.ts)", function () {
  for (const [sourceFile, contract, emitter] of [
    ["IPurchaseOrder.sol", "IPurchaseOrder", "PurchaseOrder"],
    ["IPaymentCommitment.sol", "IPaymentCommitment", "PaymentCommitment"],
    ["IPreShipmentAdvance.sol", "IPreShipmentAdvance", "PreShipmentAdvance"],
    ["IDocumentFinancing.sol", "IDocumentFinancing", "DocumentFinancingRegistry"],
    ["IBillOfLadingInterop.sol", "IBillOfLadingInterop", "BillOfLading"],
    ["IBillOfLading.sol", "IBillOfLading", "BillOfLading"],
    ["IInvoiceRegistry.sol", "IInvoiceRegistry", "InvoiceRegistry"],
  ] as const) {
    it(`tells every event of ${contract} in words, naming the parties`, function () {
      const events = eventsOf(sourceFile, contract);
      expect(events.length).to.be.greaterThan(0);
      for (const event of events) {
        const args = Object.fromEntries(event.inputs.map((i) => [i.name, sample(i.type)]));
        const text = describeEvent(row(emitter, event.name, args), name);
        expect(text, event.name).not.to.match(new RegExp(`^${event.name}\\b`));
        expect(text, event.name).not.to.match(/undefined|NaN|\[object/);
        if (event.inputs.some((i) => i.type === "address" && i.name !== "previous")) {
          expect(text, event.name).to.include("Thames Trade Bank");
        }
      }
    });
  }

  it("names the document kind, the facility and the product a guard claim is for", function () {
    const claimed = row("DocumentFinancingRegistry", "DocumentClaimed", {
      kind: 2,
      fingerprint: "0x" + "ab".repeat(32),
      product: BANK,
      facilityId: "1",
    });
    expect(describeEvent(claimed, name)).to.equal(
      "bill of lading 0xababab…abab now backs facility 1 of Thames Trade Bank",
    );
    expect(describeEvent({ ...claimed, args: { ...claimed.args, kind: 0 } }, name)).to.match(
      /^invoice 0x/,
    );
  });

  it("tells a tranche by its milestone and an order by its number", function () {
    expect(
      describeEvent(
        row("PreShipmentAdvance", "AdvanceTrancheReleased", {
          advanceId: "3",
          index: "1",
          milestone: 1,
          amount: "40000",
          released: "70000",
        }),
        name,
      ),
    ).to.equal("Loaded: tranche 1 of advance 3 released, 40000 (token units) to the exporter");
    expect(
      describeEvent(
        row("PurchaseOrder", "OrderIssued", {
          orderId: "5",
          importer: BANK,
          exporter: EXPORTER,
          orderNumber: sample("bytes32"),
          exactFingerprint: "0x" + "01".repeat(32),
          fuzzyFingerprint: "0x" + "02".repeat(32),
        }),
        name,
      ),
    ).to.equal("Thames Trade Bank issued purchase order 5 (PO-2026-0042) to Albion Precision");
  });

  it("tells a bill that came back over PINT from one that arrived for the first time", function () {
    const imported = {
      billId: "9",
      carrier: BANK,
      holder: EXPORTER,
      blNumber: "MOLU2026000512",
      transferChainChecksum: "0x" + "03".repeat(32),
    };
    expect(
      describeEvent(row("BillOfLading", "BillImported", { ...imported, returned: true }), name),
    ).to.equal("the bill came back from another platform, held by Albion Precision");
    expect(
      describeEvent(row("BillOfLading", "BillImported", { ...imported, returned: false }), name),
    ).to.equal(
      "B/L MOLU2026000512 of Thames Trade Bank arrived from another platform, held by Albion Precision",
    );
  });

  it("keeps a credit's amendment apart from an order's: the same event name on another contract", function () {
    const text = describeEvent(
      row("LetterOfCredit", "AmendmentProposed", { lcId: "1", amendmentId: "1" }),
      name,
    );
    expect(text).not.to.include("order");
  });
});
