/**
 * DCSA Track & Trace 3.0 events to the transport facts the oracle records: LOAD → Loaded,
 * DEPA → Departed, ARRI → Arrived, DISC → Discharged, actual (ACT) events only. The zod schemas
 * follow `components.schemas` of TNT_v3.0.0.yaml for the fields read here, with the code lists the
 * spec gives only in descriptions turned into enums (the spec declares none), so an unknown code
 * is refused rather than ignored.
 */
import { z } from "zod";
import { CARRIER_CODE_PATTERN } from "../events/carriers.ts";
import {
  LOCODE_PATTERN,
  SHIPMENT_REF_PATTERN,
  SOURCE_MESSAGE_ID_PATTERN,
  type CustomsEventType,
} from "../events/customsEvent.ts";
import { parseJsonBody } from "./jsonBody.ts";
import { IngestRejection } from "./rejection.ts";
import { parseRfc3339 } from "./timestamps.ts";
import { rejectionFromZod } from "./zodIssues.ts";

export const DCSA_EVENT_TYPE_CODES = [
  "SHIPMENT",
  "TRANSPORT",
  "EQUIPMENT",
  "IOT",
  "REEFER",
] as const;
export const DCSA_CLASSIFIER_CODES = ["PLN", "EST", "ACT"] as const;
export const DCSA_TRANSPORT_EVENT_CODES = ["ARRI", "DEPA"] as const;
// prettier-ignore
export const DCSA_EQUIPMENT_EVENT_CODES = [
  "AVDO", "AVPU", "CROS", "CUSI", "CUSR", "CUSS", "DISC", "DROP", "GTIN", "GTOT", "INSP", "LOAD",
  "PICK", "RMVD", "RSEA", "STRP", "STUF",
] as const;
// prettier-ignore
export const DCSA_SHIPMENT_EVENT_CODES = [
  "AMCF", "AMCN", "AMDC", "AMPR", "AMRE", "APPR", "CACF", "CADC", "CANC", "CARE", "CMPL", "CONF",
  "DECL", "DRFT", "HOLD", "ISSU", "PENA", "PENM", "PENU", "PSAM", "PSDL", "RECE", "REJE", "RELS",
  "REQS", "SUAM", "SUBM", "SUDL", "SURR", "UPCF", "UPCN", "UPDC", "UPDT", "UPRE", "VOID",
] as const;
// prettier-ignore
export const DCSA_DOCUMENT_TYPE_CODES = [
  "AMF", "ARN", "BKG", "CAS", "CBR", "CEA", "CEO", "CQU", "CRO", "CUC", "DEI", "DEO", "DGD", "FCE",
  "HCE", "ICE", "INV", "OOG", "PCE", "PFD", "SHI", "TRD", "TRO", "VCE", "VGM",
] as const;

/** Which DCSA codes become which on-chain event type. */
export const DCSA_TRACKED_EVENTS: Readonly<Record<string, CustomsEventType>> = {
  "EQUIPMENT/LOAD": "Loaded",
  "TRANSPORT/DEPA": "Departed",
  "TRANSPORT/ARRI": "Arrived",
  "EQUIPMENT/DISC": "Discharged",
};

/** At most this many events in one message. */
export const MAX_DCSA_EVENTS_PER_MESSAGE = 1000;

const documentReferenceSchema = z.object({
  typeCode: z.enum(DCSA_DOCUMENT_TYPE_CODES),
  reference: z.string().min(1, "is empty").max(100, "is longer than 100 characters"),
});

const eventClassificationSchema = z.object({
  eventTypeCode: z.enum(DCSA_EVENT_TYPE_CODES),
  eventClassifierCode: z.enum(DCSA_CLASSIFIER_CODES),
  shipmentEventTypeCode: z.enum(DCSA_SHIPMENT_EVENT_CODES).optional(),
  transportEventTypeCode: z.enum(DCSA_TRANSPORT_EVENT_CODES).optional(),
  equipmentEventTypeCode: z.enum(DCSA_EQUIPMENT_EVENT_CODES).optional(),
  iotEventTypeCode: z.enum(["DETC"]).optional(),
  reeferEventTypeCode: z.enum(["MEAS", "ADJU"]).optional(),
});

/** The per-type code field each eventTypeCode requires. */
const SUBTYPE_FIELD = {
  SHIPMENT: "shipmentEventTypeCode",
  TRANSPORT: "transportEventTypeCode",
  EQUIPMENT: "equipmentEventTypeCode",
  IOT: "iotEventTypeCode",
  REEFER: "reeferEventTypeCode",
} as const;

const partySchema = z.object({
  partyCode: z.string().max(150, "is longer than 150 characters").optional(),
  codeListProvider: z.string().max(100, "is longer than 100 characters").optional(),
  codeListName: z.string().max(100, "is longer than 100 characters").optional(),
  partyFunction: z.string().max(3, "is longer than 3 characters").optional(),
});

export const dcsaEventSchema = z.object({
  eventRouting: z.object({ originatingParty: partySchema.optional() }).optional(),
  eventID: z
    .string()
    .regex(SOURCE_MESSAGE_ID_PATTERN, "must be 1-500 printable characters without spaces"),
  isRetracted: z.boolean().optional(),
  eventDateTime: z.string().max(30, "is longer than 30 characters"),
  eventUpdatedDateTime: z.string().max(30, "is longer than 30 characters").optional(),
  eventLocation: z
    .object({
      UNLocationCode: z.string().max(35, "is longer than 35 characters").optional(),
      locationName: z.string().max(100, "is longer than 100 characters").optional(),
    })
    .optional(),
  eventClassification: eventClassificationSchema,
  shipmentDetails: z
    .object({
      documentReference: documentReferenceSchema.optional(),
      additionalDocumentReferences: z
        .array(documentReferenceSchema)
        .max(100, "more than 100 references")
        .optional(),
    })
    .optional(),
});

export type DcsaEvent = z.infer<typeof dcsaEventSchema>;

/** One event of a DCSA message, as read. */
export interface DcsaEventReading {
  /** Index in the message's event list. */
  index: number;
  /** The event's path in the message: "event", "events[i]" or "body[i]". */
  field: string;
  eventId: string;
  /** The on-chain event type, or null when the event is not one the oracle records. */
  eventType: CustomsEventType | null;
  /** Why an untracked event is not recorded. */
  ignoredReason?: string;
  /**
   * For tracked events: the code of the carrier that issued the B/L, the event's originating
   * party (`eventRouting.originatingParty.partyCode`, an SMDG liner code or SCAC). B/L numbers are
   * unique only per carrier, so the shipment is (carrier, B/L number).
   */
  carrierCode?: string;
  /** For tracked events: the B/L number (transport document reference). */
  shipmentRef?: string;
  /** For tracked events: the UN/LOCODE. */
  location?: string;
  /** `eventDateTime`, unix seconds. */
  occurredAt: number;
}

/** The events array of any accepted top-level shape, with the path prefix to name fields. */
function eventList(json: unknown): { list: unknown[]; prefix: string } {
  if (Array.isArray(json)) return { list: json, prefix: "body" };
  if (typeof json === "object" && json !== null) {
    if ("events" in json) {
      const events = (json as { events: unknown }).events;
      if (!Array.isArray(events)) {
        throw new IngestRejection("invalid_field", "events", "must be an array of events");
      }
      return { list: events, prefix: "events" };
    }
    if ("eventID" in json || "eventClassification" in json)
      return { list: [json], prefix: "event" };
  }
  throw new IngestRejection(
    "invalid_field",
    "body",
    'must be a DCSA TNT 3 event, an array of events, or {"events": [...]}',
  );
}

function transportDocumentRefs(event: DcsaEvent): string[] {
  const refs = new Set<string>();
  const details = event.shipmentDetails;
  if (details?.documentReference?.typeCode === "TRD") refs.add(details.documentReference.reference);
  for (const ref of details?.additionalDocumentReferences ?? []) {
    if (ref.typeCode === "TRD") refs.add(ref.reference);
  }
  return [...refs];
}

function readEvent(raw: unknown, index: number, field: string): DcsaEventReading {
  if (
    typeof raw === "object" &&
    raw !== null &&
    "eventType" in raw &&
    !("eventClassification" in raw)
  ) {
    throw new IngestRejection(
      "invalid_field",
      `${field}.eventClassification`,
      "is required (this looks like a TNT 2.2 event with a top-level eventType; only TNT 3 is accepted)",
    );
  }
  const parsed = dcsaEventSchema.safeParse(raw);
  if (!parsed.success) throw rejectionFromZod(parsed.error, field, "json");
  const event = parsed.data;
  const classification = event.eventClassification;
  const subtypeField = SUBTYPE_FIELD[classification.eventTypeCode];
  const subtype = classification[subtypeField];
  if (subtype === undefined) {
    throw new IngestRejection(
      "invalid_field",
      `${field}.eventClassification.${subtypeField}`,
      `is required for eventTypeCode ${classification.eventTypeCode}`,
    );
  }
  for (const other of Object.values(SUBTYPE_FIELD)) {
    if (other !== subtypeField && classification[other] !== undefined) {
      throw new IngestRejection(
        "invalid_field",
        `${field}.eventClassification.${other}`,
        `does not belong to eventTypeCode ${classification.eventTypeCode}`,
      );
    }
  }
  if (event.isRetracted === true) {
    throw new IngestRejection(
      "retracted_event",
      `${field}.isRetracted`,
      "retractions are not applied automatically: events on chain are final (an operator decides)",
    );
  }
  const occurredAt = parseRfc3339(`${field}.eventDateTime`, event.eventDateTime);
  const eventType = DCSA_TRACKED_EVENTS[`${classification.eventTypeCode}/${subtype}`] ?? null;
  const reading: DcsaEventReading = { index, field, eventId: event.eventID, eventType, occurredAt };
  if (eventType === null) {
    reading.ignoredReason = `${classification.eventTypeCode}/${subtype} is not a status the oracle records`;
    return reading;
  }
  if (classification.eventClassifierCode !== "ACT") {
    reading.eventType = null;
    reading.ignoredReason = `${classification.eventClassifierCode} (not actual) ${subtype} events are not recorded`;
    return reading;
  }
  const locode = event.eventLocation?.UNLocationCode;
  if (locode === undefined) {
    throw new IngestRejection(
      "invalid_field",
      `${field}.eventLocation.UNLocationCode`,
      `is required for a ${subtype} event`,
    );
  }
  if (!LOCODE_PATTERN.test(locode)) {
    throw new IngestRejection(
      "invalid_locode",
      `${field}.eventLocation.UNLocationCode`,
      `"${locode.slice(0, 35)}" is not a UN/LOCODE (2-letter country + 3 of A-Z, 2-9)`,
    );
  }
  const refs = transportDocumentRefs(event);
  if (refs.length === 0) {
    throw new IngestRejection(
      "unknown_shipment",
      `${field}.shipmentDetails`,
      "no transport document reference (typeCode TRD) links this event to a bill of lading",
    );
  }
  if (refs.length > 1) {
    throw new IngestRejection(
      "invalid_field",
      `${field}.shipmentDetails`,
      `names ${refs.length} different transport documents; one event must concern one B/L`,
    );
  }
  const shipmentRef = refs[0]!;
  if (!SHIPMENT_REF_PATTERN.test(shipmentRef)) {
    throw new IngestRejection(
      "invalid_field",
      `${field}.shipmentDetails`,
      `transport document reference "${shipmentRef.slice(0, 40)}" is not an upper-case B/L number (A-Z, 0-9, -; at most 35)`,
    );
  }
  const carrierCode = event.eventRouting?.originatingParty?.partyCode;
  if (carrierCode === undefined) {
    throw new IngestRejection(
      "invalid_field",
      `${field}.eventRouting.originatingParty.partyCode`,
      `is required for a ${subtype} event: B/L numbers are unique only per carrier, so the carrier's code names the shipment`,
    );
  }
  if (!CARRIER_CODE_PATTERN.test(carrierCode)) {
    throw new IngestRejection(
      "invalid_field",
      `${field}.eventRouting.originatingParty.partyCode`,
      `"${carrierCode.slice(0, 20)}" is not a carrier code (2-10 upper-case letters or digits: an SMDG liner code or SCAC)`,
    );
  }
  reading.carrierCode = carrierCode;
  reading.shipmentRef = shipmentRef;
  reading.location = locode;
  return reading;
}

/** Parses a DCSA TNT 3 message (one event, an array, or {events}); throws IngestRejection. */
export function parseDcsaEvents(body: Uint8Array): DcsaEventReading[] {
  const { list, prefix } = eventList(parseJsonBody(body));
  if (list.length === 0) throw new IngestRejection("invalid_field", prefix, "holds no events");
  if (list.length > MAX_DCSA_EVENTS_PER_MESSAGE) {
    throw new IngestRejection(
      "invalid_field",
      prefix,
      `holds ${list.length} events; at most ${MAX_DCSA_EVENTS_PER_MESSAGE} per message`,
    );
  }
  const seen = new Set<string>();
  return list.map((raw, index) => {
    const field = prefix === "event" ? "event" : `${prefix}[${index}]`;
    const reading = readEvent(raw, index, field);
    if (seen.has(reading.eventId)) {
      throw new IngestRejection(
        "invalid_field",
        `${field}.eventID`,
        "appears twice in one message",
      );
    }
    seen.add(reading.eventId);
    return reading;
  });
}
