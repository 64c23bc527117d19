import { expect } from "chai";
import { shipmentRefOf, toOnChainEvent } from "../../../oracle/events/customsEvent.ts";
import { IngestPipeline } from "../../../oracle/ingest/pipeline.ts";
import { IngestRejection } from "../../../oracle/ingest/rejection.ts";
import { MetricsRegistry } from "../../../oracle/observability/metrics.ts";
import type { MessageFormat } from "../../../oracle/store/quarantine.ts";
import {
  FIXED_NOW_MS,
  linkMessage,
  tempStore,
  TEST_CARRIER_DIRECTORY,
  TEST_CARRIERS,
  type TempStore,
} from "./helpers/fixtures.ts";

const NOW_S = FIXED_NOW_MS / 1000;

function wco(code: string, id: string, mrn: string, issued = "20260301120000Z"): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:MetaData xmlns:md="urn:wco:datamodel:WCO:DocumentMetaData-DMS:2">
  <md:WCODataModelVersionCode>3.6</md:WCODataModelVersionCode>
  <md:WCOTypeName>RES</md:WCOTypeName>
  <resp:Response xmlns:resp="urn:wco:datamodel:WCO:RES-DMS:2">
    <resp:FunctionCode>${code}</resp:FunctionCode>
    <resp:FunctionalReferenceID>${id}</resp:FunctionalReferenceID>
    <resp:IssueDateTime>
      <ds:DateTimeString formatCode="304" xmlns:ds="urn:wco:datamodel:WCO:Response_DS:DMS:2">${issued}</ds:DateTimeString>
    </resp:IssueDateTime>
    <resp:Declaration><resp:ID>${mrn}</resp:ID></resp:Declaration>
  </resp:Response>
</md:MetaData>`;
}

function canonicalEvent(messageId: string, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({
    kind: "customs-event",
    carrier: "MAEU",
    messageId,
    shipmentRef: "MAEU000000001",
    eventType: "Released",
    location: "CNSHA",
    occurredAt: "2026-03-01T12:00:00Z",
    ...fields,
  });
}

describe("IngestPipeline", function () {
  let store: TempStore;
  let pipeline: IngestPipeline;
  let metrics: MetricsRegistry;
  const raw = (body: string, via = "test") => ({
    body,
    contentType: "application/json",
    receivedVia: via,
  });
  const rejection = (format: MessageFormat, body: string): IngestRejection => {
    try {
      pipeline.process(format, raw(body));
    } catch (error) {
      if (error instanceof IngestRejection) return error;
      throw error;
    }
    throw new Error("expected a rejection");
  };

  beforeEach(function () {
    store = tempStore();
    metrics = new MetricsRegistry();
    pipeline = new IngestPipeline({
      db: store.db,
      nowMs: () => FIXED_NOW_MS,
      metrics,
      carriers: TEST_CARRIER_DIRECTORY,
    });
  });
  afterEach(function () {
    store.close();
  });

  /** A DCSA TNT 3 departure of `bl` reported by carrier `carrierCode` (its originating party). */
  const dcsaDeparture = (eventId: string, bl: string, carrierCode: string | undefined) =>
    JSON.stringify({
      events: [
        {
          ...(carrierCode === undefined
            ? {}
            : {
                eventRouting: { originatingParty: { partyCode: carrierCode, partyFunction: "CA" } },
              }),
          eventID: eventId,
          eventDateTime: "2026-03-01T12:00:00Z",
          eventLocation: { UNLocationCode: "GBFXT" },
          eventClassification: {
            eventTypeCode: "TRANSPORT",
            eventClassifierCode: "ACT",
            transportEventTypeCode: "DEPA",
          },
          shipmentDetails: { documentReference: { typeCode: "TRD", reference: bl } },
        },
      ],
    });

  it("keeps two carriers' bills with one B/L number apart: each event and each clearance reaches its own carrier's shipment", function () {
    const bl = "SAME000000001";
    pipeline.process("canonical", raw(linkMessage("26GBCARRIERA00001", bl, "CNSHA")));
    pipeline.process(
      "canonical",
      raw(linkMessage("26GBCARRIERB00001", bl, "NLRTM", undefined, { carrier: "MSCU" })),
    );
    const cleared = pipeline.process("wco-dms", raw(wco("09", "clear-a", "26GBCARRIERA00001")));
    const departedB = pipeline.process("dcsa-tnt", raw(dcsaDeparture("dep-b", bl, "MSCU")));
    const a = pipeline.inbox.get(cleared.eventKeys[0]!)!.event;
    const b = pipeline.inbox.get(departedB.eventKeys[0]!)!.event;
    expect(a).to.include({ carrier: TEST_CARRIERS.MAEU, shipmentRef: bl, eventType: "Cleared" });
    expect(b).to.include({ carrier: TEST_CARRIERS.MSCU, shipmentRef: bl, eventType: "Departed" });
    expect(toOnChainEvent(a).shipmentRef).to.equal(shipmentRefOf(TEST_CARRIERS.MAEU!, bl));
    expect(toOnChainEvent(b).shipmentRef).to.equal(shipmentRefOf(TEST_CARRIERS.MSCU!, bl));
    expect(toOnChainEvent(a).shipmentRef).to.not.equal(toOnChainEvent(b).shipmentRef);
  });

  it("refuses a transport event that names no carrier, or a carrier this node does not know", function () {
    pipeline.process("canonical", raw(linkMessage("26GB00000000000011", "MAEU000000011", "GBFXT")));
    const none = rejection("dcsa-tnt", dcsaDeparture("dep-1", "MAEU000000011", undefined));
    expect(none.code).to.equal("invalid_field");
    expect(none.field).to.equal("events[0].eventRouting.originatingParty.partyCode");
    const unknown = rejection("dcsa-tnt", dcsaDeparture("dep-2", "MAEU000000011", "ZZZZ"));
    expect(unknown.code).to.equal("unknown_carrier");
    expect(unknown.field).to.equal("events[0].eventRouting.originatingParty.partyCode");
    expect(unknown.reason).to.include('"ZZZZ"');
    const canonical = rejection("canonical", canonicalEvent("c-1", { carrier: "ZZZZ" }));
    expect(canonical.code).to.equal("unknown_carrier");
    expect(canonical.field).to.equal("body.carrier");
    expect(pipeline.inbox.count()).to.equal(0);
  });

  it("does not take an event for one carrier's bill as known because another carrier's bill has the same number", function () {
    pipeline.process("canonical", raw(linkMessage("26GB00000000000012", "MAEU000000012", "GBFXT")));
    const other = rejection("dcsa-tnt", dcsaDeparture("dep-3", "MAEU000000012", "MSCU"));
    expect(other.code).to.equal("unknown_shipment");
    expect(other.awaitingRef).to.equal(`${TEST_CARRIERS.MSCU}/MAEU000000012`);
  });

  it("maps WCO 09 by the linked declaration's procedure: released at origin for an export, cleared for an import", function () {
    pipeline.process(
      "canonical",
      raw(
        linkMessage("26GBEXPORT0000001", "MAEU000000013", "GBFXT", undefined, {
          procedure: "export",
        }),
      ),
    );
    pipeline.process("canonical", raw(linkMessage("26GBIMPORT0000001", "MAEU000000013", "CNSHA")));
    const exported = pipeline.process("wco-dms", raw(wco("09", "x-09", "26GBEXPORT0000001")));
    const imported = pipeline.process("wco-dms", raw(wco("09", "i-09", "26GBIMPORT0000001")));
    expect(pipeline.inbox.get(exported.eventKeys[0]!)!.event).to.include({
      eventType: "Released",
      location: "GBFXT",
    });
    expect(pipeline.inbox.get(imported.eventKeys[0]!)!.event).to.include({
      eventType: "Cleared",
      location: "CNSHA",
    });
    const exitOnImport = pipeline.process("wco-dms", raw(wco("16", "i-16", "26GBIMPORT0000001")));
    expect(exitOnImport.accepted).to.equal(0);
    expect(exitOnImport.ignored[0]!.reason).to.include("no status on an import declaration");
  });

  it("resolves a WCO notification's shipment and location through the declaration link", function () {
    pipeline.process("canonical", raw(linkMessage("26GB00000000000001", "MAEU000000001", "GBFXT")));
    const result = pipeline.process("wco-dms", raw(wco("08", "r1", "26GB00000000000001")));
    expect(result.accepted).to.equal(1);
    expect(pipeline.inbox.get(result.eventKeys[0]!)!.event).to.include({
      source: "wco-dms",
      sourceMessageId: "r1",
      shipmentRef: "MAEU000000001",
      declarationId: "26GB00000000000001",
      eventType: "Released",
      location: "GBFXT",
      occurredAt: Date.UTC(2026, 2, 1, 12) / 1000,
    });
  });

  it("quarantines a WCO notification for an unlinked declaration and replays it when the link arrives", function () {
    const outcome = pipeline.ingest("wco-dms", raw(wco("01", "r1", "26GB00000000000002")));
    expect(outcome.ok).to.equal(false);
    if (outcome.ok) return;
    expect(outcome.rejection.code).to.equal("unknown_shipment");
    expect(outcome.rejection.field).to.equal("MetaData/Response[1]/Declaration/ID");
    expect(pipeline.quarantine.get(outcome.quarantineId)!.awaitingRef).to.equal(
      "26GB00000000000002",
    );
    const link = pipeline.process(
      "canonical",
      raw(linkMessage("26GB00000000000002", "MAEU000000002", "NLRTM")),
    );
    expect(link.replayed).to.equal(1);
    expect(pipeline.quarantine.count()).to.equal(0);
    expect(pipeline.quarantine.get(outcome.quarantineId)!.status).to.equal("replayed");
    expect(pipeline.inbox.findBySourceMessageId("wco-dms", "r1")!.event.location).to.equal("NLRTM");
    expect(metrics.render()).to.include('caravel_ingest_replayed_total{trigger="link"} 1');
  });

  it("treats a message received twice as duplicates, not errors", function () {
    pipeline.process("canonical", raw(linkMessage("26GB00000000000003", "MAEU000000001", "GBFXT")));
    const first = pipeline.process("canonical", raw(canonicalEvent("e1")));
    const again = pipeline.process("canonical", raw(canonicalEvent("e1")));
    expect(first).to.include({ accepted: 1, duplicate: 0 });
    expect(again).to.include({ accepted: 0, duplicate: 1 });
    expect(again.eventKeys).to.deep.equal(first.eventKeys);
    expect(pipeline.inbox.count()).to.equal(1);
  });

  it("refuses a reused message id with different content (409) and stores nothing of that message", function () {
    pipeline.process("canonical", raw(linkMessage("26GB00000000000003", "MAEU000000001", "GBFXT")));
    pipeline.process("canonical", raw(canonicalEvent("e1")));
    const body = JSON.stringify([
      JSON.parse(canonicalEvent("e2")) as object,
      JSON.parse(canonicalEvent("e1", { location: "NLRTM" })) as object,
    ]);
    const r = rejection("canonical", body);
    expect(r.code).to.equal("conflicting_duplicate");
    expect(r.httpStatus).to.equal(409);
    expect(r.field).to.equal("body[1].messageId");
    expect(pipeline.inbox.findBySourceMessageId("canonical", "e2")).to.equal(undefined);
  });

  it("refuses relinking a declaration to another B/L, and accepts the same link again", function () {
    pipeline.process("canonical", raw(linkMessage("26GB00000000000004", "MAEU000000001", "GBFXT")));
    const again = pipeline.process(
      "canonical",
      raw(linkMessage("26GB00000000000004", "MAEU000000001", "GBFXT", "other-id")),
    );
    expect(again.linked).to.equal(0);
    const r = rejection(
      "canonical",
      linkMessage("26GB00000000000004", "MAEU000000009", "GBFXT", "third-id"),
    );
    expect(r.code).to.equal("conflicting_link");
    expect(r.reason).to.include("MAEU000000001");
  });

  it("refuses an event time beyond the allowed skew, and accepts one just inside it", function () {
    pipeline.process("canonical", raw(linkMessage("26GB00000000000005", "MAEU000000001", "GBFXT")));
    const iso = (s: number) => new Date(s * 1000).toISOString().replace(".000", "");
    const late = rejection("canonical", canonicalEvent("f1", { occurredAt: iso(NOW_S + 301) }));
    expect(late.code).to.equal("future_timestamp");
    expect(late.field).to.equal("body.occurredAt");
    expect(
      pipeline.process("canonical", raw(canonicalEvent("f2", { occurredAt: iso(NOW_S + 300) })))
        .accepted,
    ).to.equal(1);
    const wcoLate = rejection("wco-dms", wco("09", "r9", "26GB00000000000005", "20260601001000Z"));
    expect(wcoLate.code).to.equal("future_timestamp");
    expect(wcoLate.field).to.equal("MetaData/Response[1]/IssueDateTime/DateTimeString");
  });

  it("acknowledges notifications that carry no status (e.g. DMSTAX) without recording an event", function () {
    const result = pipeline.process("wco-dms", raw(wco("13", "tax1", "26GB00000000000006")));
    expect(result.accepted).to.equal(0);
    expect(result.ignored).to.deep.equal([
      {
        field: "MetaData/Response[1]",
        reason: "function code 13 (DMSTAX) carries no status the oracle records",
      },
    ]);
  });

  it("refuses unknown function codes, naming the field", function () {
    const r = rejection("wco-dms", wco("99", "x1", "26GB00000000000006"));
    expect(r.code).to.equal("unknown_code");
    expect(r.field).to.equal("MetaData/Response[1]/FunctionCode");
  });

  it("maps WCO 52 to Detained", function () {
    pipeline.process("canonical", raw(linkMessage("26GB00000000000007", "MAEU000000001", "GBFXT")));
    const result = pipeline.process("wco-dms", raw(wco("52", "d1", "26GB00000000000007")));
    expect(pipeline.inbox.get(result.eventKeys[0]!)!.event.eventType).to.equal("Detained");
  });

  it("lets an operator fix and replay a quarantined message; a still-bad fix stays with its new reason", function () {
    pipeline.process("canonical", raw(linkMessage("26GB00000000000008", "MAEU000000001", "GBFXT")));
    const outcome = pipeline.ingest("canonical", raw(canonicalEvent("g1", { location: "XX" })));
    expect(outcome.ok).to.equal(false);
    if (outcome.ok) return;
    expect(outcome.rejection.code).to.equal("invalid_locode");
    const stillBad = pipeline.replay(
      outcome.quarantineId,
      canonicalEvent("g1", { eventType: "Lost" }),
    );
    expect(stillBad).to.deep.include({
      status: "quarantined",
      code: "unknown_code",
      field: "body.eventType",
    });
    expect(pipeline.quarantine.get(outcome.quarantineId)!.attempts).to.equal(2);
    const fixed = pipeline.replay(outcome.quarantineId, canonicalEvent("g1"));
    expect(fixed).to.deep.include({ status: "accepted", accepted: 1 });
    const entry = pipeline.quarantine.get(outcome.quarantineId)!;
    expect(entry.status).to.equal("replayed");
    expect(entry.fixedBody!.toString()).to.equal(canonicalEvent("g1"));
    expect(pipeline.inbox.findBySourceMessageId("canonical", "g1")!.receivedVia).to.equal(
      `replay:${outcome.quarantineId}`,
    );
    expect(() => pipeline.replay(outcome.quarantineId)).to.throw(/already replayed/);
    expect(() => pipeline.replay(999)).to.throw(/does not exist/);
  });

  it("keeps the same refused bytes once, counting attempts", function () {
    const a = pipeline.ingest("canonical", raw("{not json"));
    const b = pipeline.ingest("canonical", raw("{not json"));
    expect(a.ok || b.ok).to.equal(false);
    if (a.ok || b.ok) return;
    expect(b.quarantineId).to.equal(a.quarantineId);
    expect(pipeline.quarantine.get(a.quarantineId)!.attempts).to.equal(2);
    expect(pipeline.quarantine.list()).to.have.length(1);
  });

  it("counts received, accepted, rejected and quarantined messages in its metrics", function () {
    pipeline.ingest(
      "canonical",
      raw(linkMessage("26GB00000000000009", "MAEU000000001", "GBFXT"), "http:x"),
    );
    pipeline.ingest("canonical", raw(canonicalEvent("m1"), "http:x"));
    pipeline.ingest("canonical", raw("[]", "drop:f.json"));
    const text = metrics.render();
    expect(text).to.include('caravel_ingest_received_total{format="canonical",via="http"} 2');
    expect(text).to.include('caravel_ingest_received_total{format="canonical",via="drop"} 1');
    expect(text).to.include('caravel_ingest_events_accepted_total{format="canonical"} 1');
    expect(text).to.include(
      'caravel_ingest_rejected_total{format="canonical",code="invalid_field"} 1',
    );
    expect(text).to.include("caravel_ingest_quarantined 1");
  });

  it("keeps a refused link-carrying batch out entirely (links and events in one transaction)", function () {
    const body = JSON.stringify([
      JSON.parse(linkMessage("26GB00000000000010", "MAEU000000010", "GBFXT")) as object,
      JSON.parse(
        canonicalEvent("h1", { shipmentRef: "MAEU000000010", location: "bad!" }),
      ) as object,
    ]);
    expect(rejection("canonical", body).field).to.equal("body[1].location");
    expect(pipeline.links.find("26GB00000000000010")).to.equal(undefined);
  });
});
