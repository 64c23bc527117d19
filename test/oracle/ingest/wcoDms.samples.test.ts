/**
 * Every HMRC CDS notification in ../shared/samples/wco-dms parses to the function codes its README
 * lists (in order), or is refused for the reason the README gives (the 8 "verbatim" files carry a
 * captured HTTP header line after the root element, so they are not well-formed XML).
 */
import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { IngestRejection } from "../../../oracle/ingest/rejection.ts";
import {
  parseWcoNotification,
  WCO_FUNCTION_CODES,
  wcoEventType,
  type CustomsProcedure,
} from "../../../oracle/ingest/wcoDms.ts";
import { sourceDocHashOf } from "../../../oracle/events/customsEvent.ts";
import {
  FIXED_NOW_MS,
  fixedPipeline,
  linkMessage,
  sharedSamples,
  tempStore,
} from "./helpers/fixtures.ts";

/** From the README's file table: Response FunctionCode(s), in order. */
const README_FUNCTION_CODES: Record<string, string[]> = {
  "customs-declarations-stub/example_accepted_import_notification.xml": ["01", "13", "09"],
  "customs-declarations/Example_DMS_notifications/01_DMSACC.xml": ["01"],
  "customs-declarations/Example_DMS_notifications/02_DMSRCV.xml": ["02"],
  "customs-declarations/Example_DMS_notifications/03_DMSREJ.xml": ["03"],
  "customs-declarations/Example_DMS_notifications/05_DMSCTL.xml": ["05"],
  "customs-declarations/Example_DMS_notifications/06_DMSDOC.xml": ["06"],
  "customs-declarations/Example_DMS_notifications/07_DMSRES.xml": ["07"],
  "customs-declarations/Example_DMS_notifications/08_DMSROG.xml": ["08"],
  "customs-declarations/Example_DMS_notifications/09_DMSCLE.xml": ["09"],
  "customs-declarations/Example_DMS_notifications/10_DMSINV.xml": ["10"],
  "customs-declarations/Example_DMS_notifications/11_DMSREQ.xml": ["11"],
  "customs-declarations/Example_DMS_notifications/13_DMSTAX.xml": ["13"],
  "customs-declarations/Example_DMS_notifications/14_DMSCPI.xml": ["14"],
  "customs-declarations/Example_DMS_notifications/15_DMSCPR.xml": ["15"],
  "customs-declarations/Example_DMS_notifications/16_DMSEOG.xml": ["16"],
  "customs-declarations/Example_DMS_notifications/17_DMSGER.xml": ["18"],
  "customs-declarations/TT_EX013a/01_DMSRCV.xml": ["02"],
  "customs-declarations/TT_EX013a/02_DMSACC.xml": ["01"],
  "customs-declarations/TT_EX013a/03_DMSRES.xml": ["07"],
  "customs-declarations/TT_EX013a/04_DMSCLE.xml": ["09"],
  "customs-declarations/TT_EX013a/05_DMSEOG.xml": ["16"],
  "customs-declarations/TT_IM014a/01_DMSREJ.xml": ["03"],
  "customs-declarations/TT_IM017a/01._DMSACC.xml": ["01"],
  "customs-declarations/TT_IM017a/02._DMSTAX(1).xml": ["13"],
  "customs-declarations/TT_IM017a/03._DMSDOC.xml": ["06"],
  "customs-declarations/TT_IM017a/04._DMSCTL.xml": ["05"],
  "customs-declarations/TT_IM017a/05._DMSRCV.xml": ["02"],
  "customs-declarations/TT_IM017a/06._DMSREQ.xml": ["11"],
  "customs-declarations/TT_IM017a/07._DMSTAX(2).xml": ["13"],
  "customs-declarations/TT_IM017a/08._DMSTAX(3).xml": ["13"],
  "customs-declarations/TT_IM017a/09._DMSRES.xml": ["07"],
  "customs-declarations/TT_IM017a/10._DMSCLE.xml": ["09"],
  "customs-declarations/TT_IM115a/01_DMSACC.xml": ["01"],
  "customs-declarations/TT_IM115a/02_DMSTAX.xml": ["13"],
  "customs-declarations/TT_IM115a/03_DMSTAX.xml": ["13"],
  "customs-declarations/TT_IM115a/04_DMSROG.xml": ["08"],
  "customs-declarations/TT_IM115a/05_DMSTAX.xml": ["13"],
  "customs-declarations/TT_IM115a/06_DMSCLE.xml": ["09"],
  "customs-declare-exports/stripped/exports/TT1_EX_v2.01_Accepted_Notification.xml": ["01", "09"],
  "customs-declare-exports/stripped/exports/TT1_EX_v2.01_Rejected_Format_Notification.xml": ["03"],
  "customs-declare-exports/stripped/exports/TT1_EX_v2.01_Rejected_Obligation_Exitoffice_Notification.xml":
    ["03"],
  "customs-declare-exports/stripped/exports/TT1_EX_v2.01_Rejected_RefData_Notification.xml": ["03"],
  "customs-declare-exports/stripped/imports/TT1_IM_v2.01_Accepted_Notification.xml": [
    "01",
    "13",
    "09",
  ],
  "customs-declare-exports/stripped/imports/TT1_IM_v2.01_Rejected_Format_Notification.xml": ["03"],
  "customs-declare-exports/stripped/imports/TT1_IM_v2.01_Rejected_Obligation_Netmass_Notification.xml":
    ["03"],
  "customs-declare-exports/stripped/imports/TT1_IM_v2.01_Rejected_RefData_Notification.xml": ["03"],
};

/** The README's broken-as-published files: same names as stripped/, under verbatim/. */
const VERBATIM = Object.keys(README_FUNCTION_CODES)
  .filter((f) => f.includes("/stripped/"))
  .map((f) => f.replace("/stripped/", "/verbatim/"));

const TRACKED = new Set(["01", "03", "05", "06", "08", "09", "16", "52"]);

/**
 * Which declarations the samples answer: the trade tests TT_EX* and the exports folders are
 * export declarations; the rest are linked as import ones (the annotated examples share one
 * declaration, so their exit-of-goods example, export-only, records nothing on it).
 */
function procedureOf(file: string): CustomsProcedure {
  return /TT_EX|\/exports\//.test(file) ? "export" : "import";
}

function listXml(dir: string, prefix = ""): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) return listXml(dir, rel);
    return entry.name.endsWith(".xml") ? [rel] : [];
  });
}

describe("WCO DMS notifications: the published HMRC samples", function () {
  let dir: string;

  before(function () {
    const found = sharedSamples("samples/wco-dms");
    if (found === undefined) {
      console.log("    (shared samples not found: set CARAVEL_SHARED_DIR; skipping)");
      this.skip();
    }
    dir = found;
  });

  it("finds exactly the 54 files the README lists", function () {
    const files = listXml(dir).sort();
    expect(files).to.deep.equal([...Object.keys(README_FUNCTION_CODES), ...VERBATIM].sort());
  });

  it("reads every well-formed sample's Response FunctionCodes in the README's order", function () {
    for (const [file, codes] of Object.entries(README_FUNCTION_CODES)) {
      const parsed = parseWcoNotification(readFileSync(path.join(dir, file)));
      expect(
        parsed.responses.map((r) => r.functionCode),
        file,
      ).to.deep.equal(codes);
      for (const r of parsed.responses) {
        expect(r.functionalReferenceId, file).to.match(/^[0-9a-f]{32}$/);
        expect(r.declarationId, file).to.match(/^[0-9]{2}GB[0-9A-Z]{14}$/);
        expect(r.carriesStatus, file).to.equal(TRACKED.has(r.functionCode));
      }
    }
  });

  it("refuses each of the 8 verbatim files as not well-formed, at the captured header line", function () {
    for (const file of VERBATIM) {
      const bytes = readFileSync(path.join(dir, file));
      const headerLine =
        bytes
          .toString("utf8")
          .split(/\r?\n/)
          .findIndex((l) => l.startsWith("headers=List(")) + 1;
      expect(headerLine, file).to.be.greaterThan(0);
      try {
        parseWcoNotification(bytes);
        expect.fail(`${file} was accepted`);
      } catch (error) {
        expect(error, file).to.be.instanceOf(IngestRejection);
        const rejection = error as IngestRejection;
        expect(rejection.code).to.equal("malformed_body");
        expect(rejection.reason).to.include("not well-formed XML");
        expect(rejection.reason).to.include(`line ${headerLine},`);
      }
    }
  });

  it("maps each function code by the declaration's procedure: 09 clears for export at origin (Released) and at destination on import (Cleared)", function () {
    const table = Object.fromEntries(
      Object.keys(WCO_FUNCTION_CODES).map((code) => [
        code,
        [wcoEventType(code, "export"), wcoEventType(code, "import")],
      ]),
    );
    expect(table).to.deep.equal({
      "01": ["DeclarationAccepted", "DeclarationAccepted"],
      "02": [null, null],
      "03": ["DeclarationRejected", "DeclarationRejected"],
      "05": ["UnderControl", "UnderControl"],
      "06": ["DocumentsRequired", "DocumentsRequired"],
      "07": [null, null],
      "08": ["Released", "Released"],
      "09": ["Released", "Cleared"],
      "10": [null, null],
      "11": [null, null],
      "13": [null, null],
      "14": [null, null],
      "15": [null, null],
      "16": ["GoodsExited", null],
      "17": [null, null],
      "18": [null, null],
      "50": [null, null],
      "51": [null, null],
      "52": ["Detained", "Detained"],
    });
    expect(wcoEventType("99", "import")).to.equal(null);
  });

  it("records the export trade test's DMSCLE as released at origin and the import one's as cleared", function () {
    const store = tempStore();
    try {
      const pipeline = fixedPipeline(store.db);
      const recorded = (file: string, procedure: CustomsProcedure, bl: string) => {
        const bytes = readFileSync(path.join(dir, file));
        const declarationId = parseWcoNotification(bytes).responses[0]!.declarationId!;
        const location = procedure === "export" ? "GBFXT" : "CNSHA";
        pipeline.process("canonical", {
          body: linkMessage(declarationId, bl, location, `link-${bl}`, { procedure }),
          contentType: "application/json",
          receivedVia: "test",
        });
        const result = pipeline.process("wco-dms", {
          body: bytes,
          contentType: "application/xml",
          receivedVia: "test",
        });
        return result.eventKeys.map((k) => pipeline.inbox.get(k)!.event);
      };
      const exported = recorded("customs-declarations/TT_EX013a/04_DMSCLE.xml", "export", "BLEX1");
      expect(exported.map((e) => [e.eventType, e.location])).to.deep.equal([["Released", "GBFXT"]]);
      const imported = recorded("customs-declarations/TT_IM115a/06_DMSCLE.xml", "import", "BLIM1");
      expect(imported.map((e) => [e.eventType, e.location])).to.deep.equal([["Cleared", "CNSHA"]]);
    } finally {
      store.close();
    }
  });

  it("reads the DMSACC sample field by field", function () {
    const [r] = parseWcoNotification(
      readFileSync(path.join(dir, "customs-declarations/Example_DMS_notifications/01_DMSACC.xml")),
    ).responses;
    expect(r).to.deep.equal({
      position: 1,
      functionCode: "01",
      dmsMessage: "DMSACC",
      carriesStatus: true,
      functionalReferenceId: "a6e4e95b91be4fe4a95800c235c7c010",
      issuedAt: Date.UTC(2019, 10, 13, 17, 22, 16) / 1000, // 20191113172216Z
      declarationId: "19GBCKKCQSXV2FGVA8",
      declarationRef: "3.1_P1_TT_1311RM41",
    });
  });

  it("reads the status of a DMSRES amendment from Response/FunctionCode, not the nested Declaration's", function () {
    const [r] = parseWcoNotification(
      readFileSync(path.join(dir, "customs-declarations/Example_DMS_notifications/07_DMSRES.xml")),
    ).responses;
    expect(r!.functionCode).to.equal("07");
    expect(r!.declarationId).to.equal("19GBCKKCQSXV2FGVA8");
  });

  it("reads the same document the same way whatever the namespace prefixes (md:/resp: vs _2:/_2_1:)", function () {
    const stub = parseWcoNotification(
      readFileSync(
        path.join(dir, "customs-declarations-stub/example_accepted_import_notification.xml"),
      ),
    );
    const exportsCopy = parseWcoNotification(
      readFileSync(
        path.join(
          dir,
          "customs-declare-exports/stripped/imports/TT1_IM_v2.01_Accepted_Notification.xml",
        ),
      ),
    );
    expect(stub).to.deep.equal(exportsCopy);
  });

  it("refuses a namespaced sample whose Response is moved to a foreign namespace", function () {
    const text = readFileSync(
      path.join(dir, "customs-declarations-stub/example_accepted_import_notification.xml"),
      "utf8",
    ).replaceAll("urn:wco:datamodel:WCO:RES-DMS:2", "urn:example:not-wco");
    expect(() => parseWcoNotification(Buffer.from(text)))
      .to.throw(IngestRejection)
      .with.property("field", "MetaData/Response");
  });

  it("stores the tracked responses of every well-formed sample once its declaration is linked", function () {
    const store = tempStore();
    try {
      const pipeline = fixedPipeline(store.db);
      let expectedEvents = 0;
      for (const [file, codes] of Object.entries(README_FUNCTION_CODES)) {
        const bytes = readFileSync(path.join(dir, file));
        const declarationId = parseWcoNotification(bytes).responses[0]!.declarationId!;
        const shipmentRef = `BL${declarationId.slice(-8)}`;
        const procedure = procedureOf(file);
        pipeline.process("canonical", {
          body: linkMessage(declarationId, shipmentRef, "GBFXT", `link-${file}`, { procedure }),
          contentType: "application/json",
          receivedVia: "test",
        });
        const result = pipeline.process("wco-dms", {
          body: bytes,
          contentType: "application/xml",
          receivedVia: "test",
        });
        const tracked = codes.filter((c) => wcoEventType(c, procedure) !== null).length;
        // The stub and exports copies of one document share FunctionalReferenceIDs: duplicates.
        expect(result.accepted + result.duplicate, file).to.equal(tracked);
        expect(result.ignored, file).to.have.length(codes.length - tracked);
        expectedEvents += result.accepted;
        for (const key of result.eventKeys) {
          const entry = pipeline.inbox.get(key)!;
          expect(entry.event.source).to.equal("wco-dms");
          expect(entry.event.location).to.equal("GBFXT");
          expect(entry.event.shipmentRef).to.match(/^BL/);
          expect(entry.event.occurredAt * 1000).to.be.lessThan(FIXED_NOW_MS);
        }
        if (result.accepted > 0) {
          expect(pipeline.inbox.get(result.eventKeys[0]!)!.event.sourceDocHash).to.equal(
            sourceDocHashOf(bytes),
          );
        }
      }
      const totalTracked = Object.entries(README_FUNCTION_CODES)
        .flatMap(([file, codes]) => codes.map((c) => wcoEventType(c, procedureOf(file))))
        .filter((t) => t !== null).length;
      // The stub and the exports copy of one import notification share two tracked responses.
      expect(expectedEvents).to.equal(totalTracked - 2);
      expect(pipeline.inbox.count()).to.equal(expectedEvents);
    } finally {
      store.close();
    }
  });
});
