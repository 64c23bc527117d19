/**
 * The DCSA Conformance Gateway's TNT samples in ../shared/samples/dcsa-tnt: the TNT 3.0.0 messages
 * parse to the transport facts the README lists (or are refused for lacking a B/L reference), the
 * TNT 2.2 arrays are refused as not TNT 3.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseDcsaEvents } from "../../../oracle/ingest/dcsaTnt.ts";
import { IngestRejection } from "../../../oracle/ingest/rejection.ts";
import {
  fixedPipeline,
  linkMessage,
  sharedSamples,
  tempStore,
  TEST_CARRIERS,
} from "./helpers/fixtures.ts";

function rejectionOf(work: () => unknown): IngestRejection {
  try {
    work();
  } catch (error) {
    if (error instanceof IngestRejection) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("DCSA TNT events: the published Conformance Gateway samples", function () {
  let dir: string;
  const read = (name: string) => readFileSync(path.join(dir, "messages", name));

  before(function () {
    const found = sharedSamples("samples/dcsa-tnt");
    if (found === undefined) {
      console.log("    (shared samples not found: set CARAVEL_SHARED_DIR; skipping)");
      this.skip();
    }
    dir = found;
  });

  it("reads the transport request as an actual arrival of HHL71800000 at DEHAM", function () {
    expect(parseDcsaEvents(read("tnt-300-request-transport.json"))).to.deep.equal([
      {
        index: 0,
        field: "events[0]",
        eventId: "evt-trans-001-2026-01-20T12:30:00Z",
        eventType: "Arrived",
        occurredAt: Date.UTC(2026, 0, 20, 12, 30) / 1000,
        carrierCode: "EXCO",
        shipmentRef: "HHL71800000",
        location: "DEHAM",
      },
    ]);
  });

  it("reads the first response page: one departure from GBSOU, four events not recorded", function () {
    const readings = parseDcsaEvents(read("tnt-300-response.json"));
    expect(readings.map((r) => r.eventType)).to.deep.equal([null, "Departed", null, null, null]);
    expect(readings[1]).to.include({
      eventId: "evt-resp-trans-001",
      carrierCode: "EXCO",
      shipmentRef: "HHL71800000",
      location: "GBSOU",
    });
    expect(readings.filter((r) => r.eventType === null).map((r) => r.ignoredReason)).to.deep.equal([
      "SHIPMENT/CONF is not a status the oracle records",
      "EQUIPMENT/GTIN is not a status the oracle records",
      "IOT/DETC is not a status the oracle records",
      "REEFER/MEAS is not a status the oracle records",
    ]);
  });

  for (const file of [
    "tnt-300-request-shipment.json",
    "tnt-300-request-iot.json",
    "tnt-300-request-reefer.json",
  ]) {
    it(`reads ${file} as valid but carrying nothing the oracle records`, function () {
      const readings = parseDcsaEvents(read(file));
      expect(readings).to.have.length(1);
      expect(readings[0]!.eventType).to.equal(null);
    });
  }

  it("refuses the LOAD request: an equipment event with no transport document reference", function () {
    const r = rejectionOf(() => parseDcsaEvents(read("tnt-300-request-equipment.json")));
    expect(r.code).to.equal("unknown_shipment");
    expect(r.field).to.equal("events[0].shipmentDetails");
    expect(r.reason).to.include("typeCode TRD");
  });

  it("refuses the next page at its DISC event (no B/L reference), after an estimated arrival", function () {
    const r = rejectionOf(() => parseDcsaEvents(read("tnt-300-response-nextpage.json")));
    expect(r.code).to.equal("unknown_shipment");
    expect(r.field).to.equal("events[2].shipmentDetails");
  });

  for (const file of [
    "tnt-220-response.json",
    "tnt-220-response-wrong-attribute-values.json",
    "tnt-220-response-wrong-date-times.json",
    "tnt-220-response-wrong-event-ids.json",
  ]) {
    it(`refuses ${file} as a TNT 2.2 event`, function () {
      const r = rejectionOf(() => parseDcsaEvents(read(file)));
      expect(r.code).to.equal("invalid_field");
      expect(r.field).to.equal("body[0].eventClassification");
      expect(r.reason).to.include("TNT 2.2");
    });
  }

  it("refuses the wrong-structure file, whose array holds wrappers instead of events", function () {
    const r = rejectionOf(() => parseDcsaEvents(read("tnt-220-response-wrong-structure.json")));
    expect(r.field).to.equal("body[0].eventID");
    expect(r.reason).to.equal("is required");
  });

  it("stores the sample arrival and departure once the B/L is known, and refuses them before", function () {
    const store = tempStore();
    try {
      const pipeline = fixedPipeline(store.db);
      const raw = (name: string) => ({
        body: read(name),
        contentType: "application/json",
        receivedVia: "test",
      });
      const before = pipeline.ingest("dcsa-tnt", raw("tnt-300-request-transport.json"));
      expect(before.ok).to.equal(false);
      expect(before.ok ? undefined : before.rejection.code).to.equal("unknown_shipment");
      const linked = pipeline.process("canonical", {
        body: linkMessage("26GBEXAMPLE0000001", "HHL71800000", "GBSOU", undefined, {
          carrier: "EXCO",
          procedure: "export",
        }),
        contentType: "application/json",
        receivedVia: "test",
      });
      expect(linked.replayed).to.equal(1); // the quarantined arrival went through
      const departure = pipeline.process("dcsa-tnt", raw("tnt-300-response.json"));
      expect(departure.accepted).to.equal(1);
      expect(departure.ignored).to.have.length(4);
      const events = pipeline.inbox.listPendingForChain(10).map((e) => e.event);
      expect(events.map((e) => [e.eventType, e.location, e.shipmentRef])).to.deep.equal([
        ["Arrived", "DEHAM", "HHL71800000"],
        ["Departed", "GBSOU", "HHL71800000"],
      ]);
      // The samples' originating party EXCO (function CA) names the carrier.
      expect(events.every((e) => e.carrier === TEST_CARRIERS.EXCO)).to.equal(true);
      expect(pipeline.quarantine.count()).to.equal(0);
    } finally {
      store.close();
    }
  });
});
