/**
 * A deterministic feed of customs and transport messages for many shipments, with the noise real
 * feeds have. Each shipment (a carrier and its B/L number) runs the lifecycle
 *   export declaration linked → accepted (WCO 01) → cleared for export (09, Released at origin)
 *   → goods exited (16)
 *   → [gated in] → loaded (DCSA LOAD) → departed (DEPA) → [estimated arrival] → arrived (ARRI)
 *   → discharged (DISC) → import declaration linked → accepted (01) → [under control (05)]
 *   → [documents required (06)] → [detained (52)] → released (08) → cleared (09)
 * and some export declarations are first rejected (03) and lodged again. Noise: duplicates (the
 * same bytes again, later), out-of-order delivery (a message held back for hours or days), and
 * malformed messages (extra messages each refused for a known reason). The same seed gives the
 * same feed, byte for byte.
 */
import type { Address } from "viem";
import { keccak256Hex } from "../crypto/keccak256.ts";
import type { CustomsEventType, EventSource } from "../events/customsEvent.ts";
import type { RejectionCode } from "../ingest/rejection.ts";
import type { MessageFormat } from "../store/quarantine.ts";
import { declarationLink, dcsaEvent, wcoNotification, type DcsaEventSpec } from "./messages.ts";
import { createRandom, restoreRandom, type Random } from "./random.ts";

export interface FeedNoise {
  /** Probability that a message is delivered a second time, later. */
  duplicateRate: number;
  /** Probability that a message is held back (1 h to 3 days) and so overtaken by later ones. */
  outOfOrderRate: number;
  /** Probability, per valid message, of an extra malformed message. */
  malformedRate: number;
}

export interface FeedSimulatorOptions {
  shipments: number;
  seed: number | string;
  noise?: Partial<FeedNoise>;
  /** Unix seconds of the earliest event (default 2026-01-01T00:00:00Z). */
  startTime?: number;
  /** Shipments start spread over this many seconds (default 7 days). */
  spreadSeconds?: number;
  /**
   * Shipments whose B/L number, route and start are given (e.g. the trade a demo follows); they
   * run the same lifecycle, with the same noise, after the `shipments` random ones.
   */
  namedShipments?: readonly NamedShipment[];
}

/** A shipment the caller names: its carrier, B/L number, ports and first event time. */
export interface NamedShipment {
  /** The carrier's code in the feed's messages and its member address on chain. */
  carrier: { code: string; address: Address };
  bl: string;
  origin: string;
  destination: string;
  /** Unix seconds of its first message. */
  startsAt: number;
}

export const FEED_ROUTES: Readonly<Record<MessageFormat, string>> = {
  "wco-dms": "/v1/customs/notifications",
  "dcsa-tnt": "/v1/transport-events",
  canonical: "/v1/events",
};

export const FEED_CONTENT_TYPES: Readonly<Record<MessageFormat, string>> = {
  "wco-dms": "application/xml",
  "dcsa-tnt": "application/json",
  canonical: "application/json",
};

/** An event the feed should leave in every node's inbox. */
export interface ExpectedEvent {
  source: EventSource;
  sourceMessageId: string;
  /** The member address of the carrier that issued the bill (lower case). */
  carrier: Address;
  shipmentRef: string;
  eventType: CustomsEventType;
  location: string;
  occurredAt: number;
  declarationId?: string;
}

export type SimulatedMessageKind = "event" | "link" | "informational" | "malformed";

export interface SimulatedMessage {
  /** Position in delivery order (0-based). */
  seq: number;
  format: MessageFormat;
  path: string;
  contentType: string;
  body: string;
  shipmentRef: string;
  kind: SimulatedMessageKind;
  /** True for the second delivery of a message. */
  duplicate: boolean;
  /** True when delivery was held back (out of order). */
  delayed: boolean;
  /** Unix seconds at which the feed delivers it (ordering key). */
  deliverAt: number;
  /** Events this message carries (empty for links, informational and malformed messages). */
  events: ExpectedEvent[];
  /** For malformed messages: the refusal code the node must answer with. */
  expectedRejection?: RejectionCode;
}

export interface FeedSummary {
  shipments: number;
  messages: number;
  events: number;
  links: number;
  duplicates: number;
  delayed: number;
  malformed: number;
}

export interface FeedSimulator extends Iterable<SimulatedMessage> {
  /** Carrier code → member address of every carrier in the feed: the nodes' `ingest.carriers`. */
  readonly carriers: Readonly<Record<string, Address>>;
  readonly messages: readonly SimulatedMessage[];
  readonly expectedEvents: readonly ExpectedEvent[];
  readonly summary: FeedSummary;
}

const ORIGINS = ["CNSHA", "CNNGB", "SGSIN", "KRPUS", "JPTYO", "VNSGN", "INNSA", "TWKHH"] as const;
const DESTINATIONS = [
  "NLRTM",
  "DEHAM",
  "BEANR",
  "GBFXT",
  "GBSOU",
  "FRLEH",
  "ESVLC",
  "ITGOA",
] as const;
const CARRIERS = ["MAEU", "MSCU", "CMDU", "HLCU", "ONEY", "EGLV"] as const;

/**
 * Member addresses for the simulated carriers (no keys behind them: only the shipment reference
 * uses them): the last 20 bytes of keccak256("caravel-simulated-carrier:" + code).
 */
export const SIMULATED_CARRIERS: Readonly<Record<string, Address>> = Object.fromEntries(
  CARRIERS.map((code) => [
    code,
    `0x${keccak256Hex(`caravel-simulated-carrier:${code}`).slice(-40)}` as Address,
  ]),
);
const VESSELS = [
  { imo: "9778791", name: "Madrid Maersk" },
  { imo: "9839131", name: "MSC Gulsun" },
  { imo: "9454436", name: "CMA CGM Marco Polo" },
  { imo: "9501332", name: "Hamburg Express" },
] as const;

const HOUR = 3600;
const DAY = 24 * HOUR;

interface Draft {
  format: MessageFormat;
  /**
   * The message's bytes, built when asked: a draft's random draws are all made when it is drafted,
   * so a feed planned slice by slice (`planFeed`) formats only the messages of the slice it sends.
   */
  body: () => string;
  shipmentRef: string;
  kind: SimulatedMessageKind;
  at: number;
  events: ExpectedEvent[];
  expectedRejection?: RejectionCode;
}

interface Shipment {
  index: number;
  carrier: { code: string; address: Address };
  bl: string;
  booking: string;
  container: string;
  origin: string;
  destination: string;
  vessel: { imo: string; name: string; voyage: string };
}

function mrn(rng: Random, year: number): string {
  return `${String(year % 100).padStart(2, "0")}GB${rng.alnum(14)}`;
}

/** Builds the shipment's valid messages and returns them with their times. */
function lifecycle(rng: Random, s: Shipment, t0: number): Draft[] {
  const drafts: Draft[] = [];
  let t = t0;
  const year = new Date(t0 * 1000).getUTCFullYear();
  const step = (min: number, max: number) => (t += rng.int(min, max));

  const link = (declarationId: string, procedure: "export" | "import", location: string) => {
    const at = t;
    drafts.push({
      format: "canonical",
      body: () =>
        declarationLink({
          messageId: `lnk-${declarationId}`,
          declarationId,
          carrier: s.carrier.code,
          shipmentRef: s.bl,
          procedure,
          location,
          linkedAt: at,
        }),
      shipmentRef: s.bl,
      kind: "link",
      at,
      events: [],
    });
  };
  const wco = (
    code: string,
    eventType: CustomsEventType | null,
    declarationId: string,
    declarationRef: string,
    location: string,
  ) => {
    const id = rng.hex(32);
    const at = t;
    drafts.push({
      format: "wco-dms",
      body: () =>
        wcoNotification([
          {
            functionCode: code,
            functionalReferenceId: id,
            issuedAt: at,
            declarationId,
            declarationRef,
          },
        ]),
      shipmentRef: s.bl,
      kind: eventType === null ? "informational" : "event",
      at,
      events:
        eventType === null
          ? []
          : [
              {
                source: "wco-dms",
                sourceMessageId: id,
                carrier: s.carrier.address,
                shipmentRef: s.bl,
                eventType,
                location,
                occurredAt: at,
                declarationId,
              },
            ],
    });
  };
  const dcsa = (
    eventTypeCode: DcsaEventSpec["eventTypeCode"],
    code: string,
    classifier: DcsaEventSpec["classifier"],
    location: string,
    eventType: CustomsEventType | null,
  ) => {
    const eventId = `evt-${s.bl}-${code}-${rng.hex(8)}`;
    const at = t;
    const shape = rng.int(0, 2);
    const body = () => {
      const event = dcsaEvent({
        eventId,
        eventTypeCode,
        classifier,
        code,
        occurredAt: at,
        location,
        transportDocumentRef: s.bl,
        carrierCode: s.carrier.code,
        bookingRef: s.booking,
        equipmentRef: s.container,
        vessel: s.vessel,
      });
      return JSON.stringify(shape === 0 ? event : shape === 1 ? [event] : { events: [event] });
    };
    drafts.push({
      format: "dcsa-tnt",
      body,
      shipmentRef: s.bl,
      kind: eventType === null ? "informational" : "event",
      at,
      events:
        eventType === null
          ? []
          : [
              {
                source: "dcsa-tnt",
                sourceMessageId: eventId,
                carrier: s.carrier.address,
                shipmentRef: s.bl,
                eventType,
                location,
                occurredAt: at,
              },
            ],
    });
  };

  // Export, at the origin.
  let exportMrn = mrn(rng, year);
  const exportRef = `CRV-${s.index}-EX`;
  link(exportMrn, "export", s.origin);
  step(10 * 60, 2 * HOUR);
  if (rng.chance(0.05)) {
    wco("03", "DeclarationRejected", exportMrn, exportRef, s.origin);
    step(HOUR, 12 * HOUR);
    exportMrn = mrn(rng, year);
    link(exportMrn, "export", s.origin);
    step(10 * 60, 2 * HOUR);
  }
  wco("01", "DeclarationAccepted", exportMrn, exportRef, s.origin);
  step(HOUR, DAY);
  // CDS clears an export declaration (09, DMSCLE) to let the goods go: Released at origin.
  wco("09", "Released", exportMrn, exportRef, s.origin);
  step(10 * 60, 3 * HOUR);
  wco("16", "GoodsExited", exportMrn, exportRef, s.origin);
  // Carriage.
  if (rng.chance(0.5)) {
    step(HOUR, 6 * HOUR);
    dcsa("EQUIPMENT", "GTIN", "ACT", s.origin, null);
  }
  step(2 * HOUR, DAY);
  dcsa("EQUIPMENT", "LOAD", "ACT", s.origin, "Loaded");
  step(HOUR, 12 * HOUR);
  dcsa("TRANSPORT", "DEPA", "ACT", s.origin, "Departed");
  if (rng.chance(0.5)) {
    step(HOUR, 6 * HOUR);
    dcsa("TRANSPORT", "ARRI", "EST", s.destination, null);
  }
  step(5 * DAY, 30 * DAY);
  dcsa("TRANSPORT", "ARRI", "ACT", s.destination, "Arrived");
  step(6 * HOUR, 2 * DAY);
  dcsa("EQUIPMENT", "DISC", "ACT", s.destination, "Discharged");
  // Import, at the destination.
  step(10 * 60, 6 * HOUR);
  const importMrn = mrn(rng, year);
  const importRef = `CRV-${s.index}-IM`;
  link(importMrn, "import", s.destination);
  step(10 * 60, 2 * HOUR);
  wco("01", "DeclarationAccepted", importMrn, importRef, s.destination);
  if (rng.chance(0.5)) {
    step(60, 10 * 60);
    wco("13", null, importMrn, importRef, s.destination); // tax calculation: informational
  }
  if (rng.chance(0.2)) {
    step(HOUR, DAY);
    wco("05", "UnderControl", importMrn, importRef, s.destination);
  }
  if (rng.chance(0.1)) {
    step(HOUR, DAY);
    wco("06", "DocumentsRequired", importMrn, importRef, s.destination);
  }
  if (rng.chance(0.03)) {
    step(HOUR, DAY);
    wco("52", "Detained", importMrn, importRef, s.destination);
  }
  step(HOUR, 2 * DAY);
  wco("08", "Released", importMrn, importRef, s.destination);
  step(10 * 60, 12 * HOUR);
  wco("09", "Cleared", importMrn, importRef, s.destination);
  return drafts;
}

/** One malformed message, refused for a known reason, about shipment `s` at time `t`. */
function malformed(rng: Random, s: Shipment, t: number): Draft {
  // Its body draws from `rng` as it is built (`spec`), so it is built now, with the draft.
  const draft = malformedNow(rng, s, t);
  const body = draft.body;
  return { ...draft, body: () => body };
}

function malformedNow(rng: Random, s: Shipment, t: number): Omit<Draft, "body"> & { body: string } {
  const id = rng.hex(32);
  const mrnHere = mrn(rng, 2026);
  const spec = (overrides: Partial<DcsaEventSpec>): string =>
    JSON.stringify(
      dcsaEvent({
        eventId: `evt-bad-${rng.hex(12)}`,
        eventTypeCode: "EQUIPMENT",
        classifier: "ACT",
        code: "LOAD",
        occurredAt: t,
        location: s.origin,
        transportDocumentRef: s.bl,
        carrierCode: s.carrier.code,
        bookingRef: s.booking,
        equipmentRef: s.container,
        vessel: s.vessel,
        ...overrides,
      }),
    );
  const wcoBody = (code: string) =>
    wcoNotification([
      {
        functionCode: code,
        functionalReferenceId: id,
        issuedAt: t,
        declarationId: mrnHere,
        declarationRef: "BAD",
      },
    ]);
  const base = { shipmentRef: s.bl, kind: "malformed" as const, at: t, events: [] };
  switch (rng.int(0, 10)) {
    case 0: {
      const full = wcoBody("08");
      return {
        ...base,
        format: "wco-dms",
        body: full.slice(0, Math.floor(full.length / 2)),
        expectedRejection: "malformed_body",
      };
    }
    case 1:
      return { ...base, format: "wco-dms", body: wcoBody("99"), expectedRejection: "unknown_code" };
    case 2:
      return {
        ...base,
        format: "wco-dms",
        body: wcoBody("09").replace(
          /<resp:FunctionalReferenceID>[0-9a-f]{32}<\/resp:FunctionalReferenceID>/,
          "",
        ),
        expectedRejection: "invalid_field",
      };
    case 3:
      return {
        ...base,
        format: "wco-dms",
        body: `<?xml version="1.0"?><!DOCTYPE MetaData [<!ENTITY x "${rng.hex(8)}">]>${wcoBody("01")}`,
        expectedRejection: "forbidden_construct",
      };
    case 4:
      return {
        ...base,
        format: "dcsa-tnt",
        body: spec({ location: `X${rng.int(0, 9)}1` }),
        expectedRejection: "invalid_locode",
      };
    case 5:
      return {
        ...base,
        format: "dcsa-tnt",
        body: spec({ code: "LODE" }),
        expectedRejection: "unknown_code",
      };
    case 6:
      return {
        ...base,
        format: "dcsa-tnt",
        body: spec({}).replace(
          /"eventDateTime":"[^"]+"/,
          `"eventDateTime":"${new Date(t * 1000).toUTCString()}"`,
        ),
        expectedRejection: "invalid_timestamp",
      };
    case 7:
      return {
        ...base,
        format: "dcsa-tnt",
        body: spec({ occurredAt: Date.UTC(2099, 0, 1) / 1000 }),
        expectedRejection: "future_timestamp",
      };
    case 8:
      return {
        ...base,
        format: "dcsa-tnt",
        body: spec({ transportDocumentRef: `NOPE${rng.int(100000000, 999999999)}` }),
        expectedRejection: "unknown_shipment",
      };
    case 9:
      return {
        ...base,
        format: "canonical",
        body: JSON.stringify({
          kind: "declaration-link",
          messageId: `lnk-bad-${rng.hex(8)}`,
          declarationId: mrnHere,
          carrier: s.carrier.code,
          shipmentRef: s.bl,
          procedure: "export",
          location: s.origin,
          linkedAt: t,
        }),
        expectedRejection: "invalid_field",
      };
    default:
      return {
        ...base,
        format: "canonical",
        body: `{"kind":"declaration-link","messageId":"${rng.hex(8)}",`,
        expectedRejection: "malformed_body",
      };
  }
}

/** A draft as the feed delivers it: when, and whether as a duplicate or held back. */
interface Delivery extends Draft {
  deliverAt: number;
  duplicate: boolean;
  delayed: boolean;
}

/** A feed's options, checked, with their defaults. */
interface FeedShape {
  shipments: number;
  named: readonly NamedShipment[];
  noise: FeedNoise;
  startTime: number;
  spread: number;
}

function feedShape(options: FeedSimulatorOptions): FeedShape {
  if (!Number.isInteger(options.shipments) || options.shipments < 0) {
    throw new RangeError(`shipments must be a non-negative integer, got ${options.shipments}`);
  }
  const noise: FeedNoise = {
    duplicateRate: options.noise?.duplicateRate ?? 0,
    outOfOrderRate: options.noise?.outOfOrderRate ?? 0,
    malformedRate: options.noise?.malformedRate ?? 0,
  };
  for (const [name, rate] of Object.entries(noise)) {
    if (!(rate >= 0 && rate <= 1))
      throw new RangeError(`noise.${name} must be in [0, 1], got ${rate}`);
  }
  return {
    shipments: options.shipments,
    named: options.namedShipments ?? [],
    noise,
    startTime: options.startTime ?? Date.UTC(2026, 0, 1) / 1000,
    spread: options.spreadSeconds ?? 7 * DAY,
  };
}

/**
 * Shipment `index`'s deliveries in the order they are drafted (the random shipments first, then
 * the named ones), its carrier, and the events it should leave in the nodes' inboxes. Every random
 * draw of a shipment is made here, in a fixed order, so `rng` in the same state gives the same
 * shipment: the whole feed draws them one shipment after another from one generator, and a
 * planned feed (`planFeed`) draws one again from the state the generator had before it.
 */
function shipmentDeliveries(
  rng: Random,
  shape: FeedShape,
  index: number,
): {
  carrier: { code: string; address: Address };
  deliveries: Delivery[];
  events: ExpectedEvent[];
} {
  const named = index < shape.shipments ? undefined : shape.named[index - shape.shipments]!;
  const code = rng.pick(CARRIERS);
  const carrier = named?.carrier ?? { code, address: SIMULATED_CARRIERS[code]! };
  const vessel = rng.pick(VESSELS);
  const shipment: Shipment = {
    index,
    carrier: { code: carrier.code, address: carrier.address.toLowerCase() as Address },
    bl: named?.bl ?? `${code}${String(index).padStart(6, "0")}${rng.int(100, 999)}`,
    booking: `BKG${rng.alnum(9)}`,
    container: `${code.slice(0, 3)}U${rng.int(1_000_000, 9_999_999)}`,
    origin: named?.origin ?? rng.pick(ORIGINS),
    destination: named?.destination ?? rng.pick(DESTINATIONS),
    vessel: { ...vessel, voyage: `${rng.int(100, 999)}W` },
  };
  const t0 = named?.startsAt ?? shape.startTime + rng.int(0, shape.spread);

  const deliveries: Delivery[] = [];
  const events: ExpectedEvent[] = [];
  const deliver = (d: Draft, duplicate: boolean) => {
    const delayed = rng.chance(shape.noise.outOfOrderRate);
    const deliverAt = d.at + rng.int(1, 120) + (delayed ? rng.int(HOUR, 3 * DAY) : 0);
    deliveries.push({ ...d, deliverAt, duplicate, delayed });
    if (!duplicate && rng.chance(shape.noise.duplicateRate)) {
      deliveries.push({
        ...d,
        deliverAt: deliverAt + rng.int(60, 2 * DAY),
        duplicate: true,
        delayed: false,
      });
    }
  };
  for (const d of lifecycle(rng, shipment, t0)) {
    deliver(d, false);
    events.push(...d.events);
    if (d.kind !== "malformed" && rng.chance(shape.noise.malformedRate)) {
      deliver(malformed(rng, shipment, d.at), false);
    }
  }
  return { carrier, deliveries, events };
}

/** The message delivered at position `seq`, its body built now. */
function messageOf(seq: number, d: Delivery): SimulatedMessage {
  const message: SimulatedMessage = {
    seq,
    format: d.format,
    path: FEED_ROUTES[d.format],
    contentType: FEED_CONTENT_TYPES[d.format],
    body: d.body(),
    shipmentRef: d.shipmentRef,
    kind: d.kind,
    duplicate: d.duplicate,
    delayed: d.delayed,
    deliverAt: d.deliverAt,
    events: d.events,
  };
  if (d.expectedRejection !== undefined) message.expectedRejection = d.expectedRejection;
  return message;
}

/** The whole feed, built at once: every message and expected event in memory. */
export function createFeedSimulator(options: FeedSimulatorOptions): FeedSimulator {
  const shape = feedShape(options);
  const rng = createRandom(options.seed);
  const drafted: Delivery[] = [];
  const expectedEvents: ExpectedEvent[] = [];
  const carriers: Record<string, Address> = {};
  for (let index = 0; index < shape.shipments + shape.named.length; index++) {
    const shipment = shipmentDeliveries(rng, shape, index);
    carriers[shipment.carrier.code] = shipment.carrier.address;
    for (const d of shipment.deliveries) drafted.push(d);
    expectedEvents.push(...shipment.events);
  }
  // Delivery order: by time, then in the order they were drafted.
  const order = drafted.map((_, i) => i);
  order.sort((x, y) => drafted[x]!.deliverAt - drafted[y]!.deliverAt || x - y);
  const messages = order.map((i, seq) => messageOf(seq, drafted[i]!));
  const summary: FeedSummary = {
    shipments: shape.shipments + shape.named.length,
    messages: messages.length,
    events: expectedEvents.length,
    links: messages.filter((m) => m.kind === "link" && !m.duplicate).length,
    duplicates: messages.filter((m) => m.duplicate).length,
    delayed: messages.filter((m) => m.delayed).length,
    malformed: messages.filter((m) => m.kind === "malformed" && !m.duplicate).length,
  };
  return {
    carriers,
    messages,
    expectedEvents,
    summary,
    [Symbol.iterator]: () => messages[Symbol.iterator](),
  };
}

/**
 * A feed planned, not built: the order in which its messages are delivered, and what each
 * shipment's random draws start from, without the messages. `messages(from, to)` builds the
 * messages at delivery positions [from, to), the same messages, byte for byte and in the same
 * order, as `createFeedSimulator(options).messages.slice(from, to)`.
 */
export interface FeedPlan {
  /** Carrier code → member address of every carrier in the feed: the nodes' `ingest.carriers`. */
  readonly carriers: Readonly<Record<string, Address>>;
  readonly summary: FeedSummary;
  /** Unix seconds of the last delivery (`lastEventTime` of the whole feed). */
  readonly lastDeliverAt: number;
  messages(from: number, to: number): SimulatedMessage[];
}

/**
 * Plans the feed `createFeedSimulator(options)` builds, keeping about 20 bytes a message (its
 * delivery time, its shipment, its position) and 16 bytes a shipment (the generator's state before
 * it), where the whole feed keeps every message's body and events (about 1.4 kB a message: 1.8 GB
 * for a full day's 1.2 million customs events). A slice's messages are built by drawing its
 * shipments again, each from its saved state; their bodies are formatted only for the messages
 * of the slice. A shipment's messages span several slices, so its draws are made once in the plan
 * and once more per slice it has messages in; the bodies, most of the work, once.
 */
export function planFeed(options: FeedSimulatorOptions): FeedPlan {
  const shape = feedShape(options);
  const rng = createRandom(options.seed);
  const shipments = shape.shipments + shape.named.length;
  const states = new Uint32Array(shipments * 4);
  /** Drafting position of each shipment's first delivery (and the total after the last). */
  const firstDrafted = new Uint32Array(shipments + 1);
  const deliverAtList: number[] = [];
  const shipmentList: number[] = [];
  const carriers: Record<string, Address> = {};
  const summary: FeedSummary = {
    shipments,
    messages: 0,
    events: 0,
    links: 0,
    duplicates: 0,
    delayed: 0,
    malformed: 0,
  };
  let lastDeliverAt = 0;
  for (let index = 0; index < shipments; index++) {
    states.set(rng.state(), index * 4);
    firstDrafted[index] = deliverAtList.length;
    const shipment = shipmentDeliveries(rng, shape, index);
    carriers[shipment.carrier.code] = shipment.carrier.address;
    summary.events += shipment.events.length;
    for (const d of shipment.deliveries) {
      deliverAtList.push(d.deliverAt);
      shipmentList.push(index);
      lastDeliverAt = Math.max(lastDeliverAt, d.deliverAt);
      if (d.duplicate) summary.duplicates++;
      else if (d.kind === "link") summary.links++;
      else if (d.kind === "malformed") summary.malformed++;
      if (d.delayed) summary.delayed++;
    }
  }
  firstDrafted[shipments] = deliverAtList.length;
  const total = deliverAtList.length;
  summary.messages = total;
  const deliverAt = Float64Array.from(deliverAtList);
  const shipmentOf = Uint32Array.from(shipmentList);
  deliverAtList.length = 0;
  shipmentList.length = 0;
  /** Drafting position of the message delivered at each position, as `createFeedSimulator` orders them. */
  const drafted = new Uint32Array(total);
  for (let i = 0; i < total; i++) drafted[i] = i;
  drafted.sort((x, y) => deliverAt[x]! - deliverAt[y]! || x - y);
  /** Delivery position of each drafting position. */
  const seqOf = new Uint32Array(total);
  for (let seq = 0; seq < total; seq++) seqOf[drafted[seq]!] = seq;

  return {
    carriers,
    summary,
    lastDeliverAt,
    messages(from, to) {
      if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from || to > total) {
        throw new RangeError(
          `messages(from, to): [${from}, ${to}) is not a range of the feed's ${total} messages`,
        );
      }
      // In drafting order the slice's messages come shipment by shipment: draw each once.
      const wanted = drafted.slice(from, to).sort();
      const out = new Array<SimulatedMessage>(to - from);
      for (let k = 0; k < wanted.length;) {
        const index = shipmentOf[wanted[k]!]!;
        const at = index * 4;
        const { deliveries } = shipmentDeliveries(
          restoreRandom([states[at]!, states[at + 1]!, states[at + 2]!, states[at + 3]!]),
          shape,
          index,
        );
        for (; k < wanted.length && shipmentOf[wanted[k]!] === index; k++) {
          const position = wanted[k]!;
          const seq = seqOf[position]!;
          out[seq - from] = messageOf(seq, deliveries[position - firstDrafted[index]!]!);
        }
      }
      return out;
    },
  };
}

/** Seconds of the last event in a feed (for choosing a node clock that is not before it). */
export function lastEventTime(feed: FeedSimulator): number {
  return feed.messages.reduce((max, m) => Math.max(max, m.deliverAt), 0);
}
