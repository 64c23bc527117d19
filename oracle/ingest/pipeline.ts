/**
 * One path from raw bytes to the inbox, shared by the HTTP API, the drop directory and quarantine
 * replay: parse and validate the message in its format, resolve every event to its shipment, refuse
 * times in the future, then store all its events (and links) in one transaction. A refusal stores
 * nothing and is quarantined by `ingest`; `process` only validates and stores (quarantine replay
 * uses it). A declaration link that arrives replays the messages quarantined while waiting for it.
 */
import type { DatabaseSync } from "node:sqlite";
import type { Address, Hex } from "viem";
import { resolveCarrier, type CarrierDirectory } from "../events/carriers.ts";
import { sourceDocHashOf, type CustomsEventRecord } from "../events/customsEvent.ts";
import type { Logger } from "../observability/logger.ts";
import type { Counter, MetricsRegistry } from "../observability/metrics.ts";
import { inTransaction } from "../store/database.ts";
import { DeclarationLinks, type DeclarationLink } from "../store/declarationLinks.ts";
import { CustomsEventInbox, type RawMessage } from "../queue/inbox.ts";
import {
  Quarantine,
  type MessageFormat,
  type ReplayAccepted,
  type ReplayOptions,
  type ReplayOutcome,
} from "../store/quarantine.ts";
import { parseCanonicalMessages } from "./canonical.ts";
import { parseDcsaEvents } from "./dcsaTnt.ts";
import { IngestRejection } from "./rejection.ts";
import { checkEventTime } from "./timestamps.ts";
import { parseWcoNotification, wcoEventType } from "./wcoDms.ts";

export interface IgnoredItem {
  /** Where in the message, e.g. "MetaData/Response[2]" or "events[0]". */
  field: string;
  reason: string;
}

export interface IngestResult extends ReplayAccepted {
  format: MessageFormat;
  /** Parts of the message that are valid but carry no status the oracle records. */
  ignored: IgnoredItem[];
  /** Declaration links recorded (canonical messages). */
  linked: number;
  /** Quarantined messages that this message's links let through. */
  replayed: number;
}

export type IngestOutcome =
  | { ok: true; result: IngestResult }
  | { ok: false; rejection: IngestRejection; quarantineId: number };

/**
 * What a message waiting for its shipment's first declaration link waits for: the carrier and the
 * B/L number together (B/L numbers are unique only per carrier).
 */
export function awaitedShipment(carrier: Address, shipmentRef: string): string {
  return `${carrier}/${shipmentRef}`;
}

export interface IngestPipelineOptions {
  db: DatabaseSync;
  /** Carrier code → member address: how messages' carrier codes become on-chain carriers. */
  carriers: CarrierDirectory;
  /** Seconds an event time may lie ahead of this node's clock (feed clock skew); default 300. */
  maxFutureSkewSeconds?: number;
  /**
   * Refuse events for B/L numbers no declaration link names (default true): such an event is
   * quarantined and replayed automatically once a link for that B/L arrives.
   */
  requireKnownShipment?: boolean;
  nowMs?: () => number;
  logger?: Logger;
  metrics?: MetricsRegistry;
  /** Called when a message stored new events (the node wakes an idle leader with it). */
  onAccepted?: (events: number) => void;
}

interface IngestMetrics {
  received: Counter;
  accepted: Counter;
  duplicates: Counter;
  ignored: Counter;
  rejected: Counter;
  replayed: Counter;
}

function registerMetrics(
  registry: MetricsRegistry,
  inbox: CustomsEventInbox,
  quarantine: Quarantine,
): IngestMetrics {
  registry.gauge({
    name: "caravel_ingest_quarantined",
    help: "Messages in quarantine waiting for an operator or a link",
    collect: () => quarantine.count(),
  });
  registry.gauge({
    name: "caravel_inbox_events",
    help: "Events ever accepted into the inbox",
    collect: () => inbox.count(),
  });
  return {
    received: registry.counter({
      name: "caravel_ingest_received_total",
      help: "Messages received, by format and channel",
      labelNames: ["format", "via"],
    }),
    accepted: registry.counter({
      name: "caravel_ingest_events_accepted_total",
      help: "Events newly stored in the inbox",
      labelNames: ["format"],
    }),
    duplicates: registry.counter({
      name: "caravel_ingest_events_duplicate_total",
      help: "Events received again (same source message id, same content)",
      labelNames: ["format"],
    }),
    ignored: registry.counter({
      name: "caravel_ingest_events_ignored_total",
      help: "Valid message parts that carry no status the oracle records",
      labelNames: ["format"],
    }),
    rejected: registry.counter({
      name: "caravel_ingest_rejected_total",
      help: "Messages refused at the edge (and quarantined), by reason code",
      labelNames: ["format", "code"],
    }),
    replayed: registry.counter({
      name: "caravel_ingest_replayed_total",
      help: "Quarantined messages replayed into the inbox",
      labelNames: ["trigger"],
    }),
  };
}

interface Prepared {
  events: CustomsEventRecord[];
  /** `field` of each event, for naming a conflicting duplicate. */
  eventFields: string[];
  links: { field: string; link: DeclarationLink }[];
  ignored: IgnoredItem[];
}

export class IngestPipeline {
  readonly db: DatabaseSync;
  readonly inbox: CustomsEventInbox;
  readonly links: DeclarationLinks;
  readonly quarantine: Quarantine;
  readonly #carriers: CarrierDirectory;
  readonly #maxFutureSkewSeconds: number;
  readonly #requireKnownShipment: boolean;
  readonly #nowMs: () => number;
  readonly #logger: Logger | undefined;
  readonly #metrics: IngestMetrics | undefined;
  readonly #onAccepted: ((events: number) => void) | undefined;

  constructor(options: IngestPipelineOptions) {
    this.db = options.db;
    this.#nowMs = options.nowMs ?? Date.now;
    this.#carriers = options.carriers;
    this.#maxFutureSkewSeconds = options.maxFutureSkewSeconds ?? 300;
    this.#requireKnownShipment = options.requireKnownShipment ?? true;
    this.#logger = options.logger;
    this.#onAccepted = options.onAccepted;
    this.inbox = new CustomsEventInbox(options.db, { nowMs: this.#nowMs });
    this.links = new DeclarationLinks(options.db, { nowMs: this.#nowMs });
    this.quarantine = new Quarantine(options.db, {
      validate: (format, raw) => this.process(format, raw),
      nowMs: this.#nowMs,
    });
    this.#metrics =
      options.metrics === undefined
        ? undefined
        : registerMetrics(options.metrics, this.inbox, this.quarantine);
  }

  /**
   * Validates and stores one message, or refuses it (nothing stored, quarantine untouched) by
   * throwing IngestRejection. Idempotent: the same message again is reported as duplicates.
   */
  process(format: MessageFormat, raw: RawMessage): IngestResult {
    const body = typeof raw.body === "string" ? Buffer.from(raw.body, "utf8") : raw.body;
    const docHash = sourceDocHashOf(body);
    const prepared = this.#prepare(format, body, docHash);
    const stored = inTransaction(this.db, () => {
      let linked = 0;
      for (const { field, link } of prepared.links) {
        const outcome = this.links.link(link);
        if (outcome.status === "conflict") {
          throw new IngestRejection(
            "conflicting_link",
            `${field}.declarationId`,
            `declaration ${link.declarationId} is already linked to ${outcome.existing.shipmentRef} of carrier ${outcome.existing.carrier} (${outcome.existing.procedure}) at ${outcome.existing.location}`,
          );
        }
        if (outcome.status === "linked") linked += 1;
      }
      const results = this.inbox.acceptMessage({ ...raw, body }, prepared.events, docHash);
      results.forEach((r, i) => {
        if (r.status === "duplicate" && !r.matchesStored) {
          const event = prepared.events[i]!;
          throw new IngestRejection(
            "conflicting_duplicate",
            prepared.eventFields[i]!,
            `message id "${event.sourceMessageId}" was accepted earlier with different content; updates to recorded events are not applied automatically`,
          );
        }
      });
      return { results, linked };
    });
    const accepted = stored.results.filter((r) => r.status === "accepted").length;
    const result: IngestResult = {
      format,
      accepted,
      duplicate: stored.results.length - accepted,
      eventKeys: stored.results.map((r) => r.eventKey),
      ignored: prepared.ignored,
      linked: stored.linked,
      replayed: 0,
    };
    this.#metrics?.accepted.inc({ format }, accepted);
    if (accepted > 0) this.#onAccepted?.(accepted);
    this.#metrics?.duplicates.inc({ format }, result.duplicate);
    this.#metrics?.ignored.inc({ format }, result.ignored.length);
    if (stored.linked > 0) result.replayed = this.#replayAwaiting(prepared.links);
    return result;
  }

  /** `process`, and on refusal keep the message in quarantine (never throws IngestRejection). */
  ingest(
    format: MessageFormat,
    raw: RawMessage,
    options: { truncated?: boolean } = {},
  ): IngestOutcome {
    const via = raw.receivedVia.split(":", 1)[0]!;
    this.#metrics?.received.inc({ format, via });
    try {
      return { ok: true, result: this.process(format, raw) };
    } catch (error) {
      if (!(error instanceof IngestRejection)) throw error;
      return {
        ok: false,
        rejection: error,
        quarantineId: this.reject(format, raw, error, options),
      };
    }
  }

  /** Keeps a message refused before or during validation; returns its quarantine id. */
  reject(
    format: MessageFormat,
    raw: RawMessage,
    rejection: IngestRejection,
    options: { truncated?: boolean } = {},
  ): number {
    const { id } = this.quarantine.add({
      raw: raw.body,
      contentType: raw.contentType,
      receivedVia: raw.receivedVia,
      format,
      field: rejection.field,
      reason: rejection.reason,
      code: rejection.code,
      ...(rejection.awaitingRef === undefined ? {} : { awaitingRef: rejection.awaitingRef }),
      ...(options.truncated === true ? { truncated: true } : {}),
    });
    this.#metrics?.rejected.inc({ format, code: rejection.code });
    this.#logger?.warn("message refused and quarantined", {
      format,
      receivedVia: raw.receivedVia,
      code: rejection.code,
      field: rejection.field,
      reason: rejection.reason,
      quarantineId: id,
    });
    return id;
  }

  /** An operator's replay of a quarantined message (optionally corrected). */
  replay(id: number, fixedBody?: Buffer | string, options: ReplayOptions = {}): ReplayOutcome {
    const outcome = this.quarantine.replay(id, fixedBody, options);
    if (outcome.status === "accepted") this.#metrics?.replayed.inc({ trigger: "operator" });
    this.#logger?.info("quarantine replay", { quarantineId: id, outcome: outcome.status });
    return outcome;
  }

  #replayAwaiting(links: Prepared["links"]): number {
    let replayed = 0;
    const refs = new Set(
      links.flatMap(({ link }) => [
        link.declarationId,
        awaitedShipment(link.carrier, link.shipmentRef),
      ]),
    );
    for (const ref of refs) {
      for (const id of this.quarantine.awaiting(ref)) {
        const outcome = this.quarantine.replay(id);
        if (outcome.status === "accepted") {
          replayed += 1;
          this.#metrics?.replayed.inc({ trigger: "link" });
        }
        this.#logger?.info("replayed a message that waited for a link", {
          quarantineId: id,
          ref,
          outcome: outcome.status,
        });
      }
    }
    return replayed;
  }

  #checkTime(field: string, seconds: number): number {
    return checkEventTime(
      field,
      seconds,
      Math.floor(this.#nowMs() / 1000),
      this.#maxFutureSkewSeconds,
    );
  }

  #checkKnownShipment(field: string, carrier: Address, shipmentRef: string): void {
    if (this.#requireKnownShipment && !this.links.isKnownShipment(carrier, shipmentRef)) {
      throw new IngestRejection(
        "unknown_shipment",
        field,
        `shipment ${shipmentRef} of carrier ${carrier} is unknown: no customs declaration is linked to it yet`,
        awaitedShipment(carrier, shipmentRef),
      );
    }
  }

  #prepare(format: MessageFormat, body: Buffer, docHash: Hex): Prepared {
    if (format === "wco-dms") return this.#prepareWco(body, docHash);
    if (format === "dcsa-tnt") return this.#prepareDcsa(body, docHash);
    return this.#prepareCanonical(body, docHash);
  }

  #prepareWco(body: Buffer, docHash: Hex): Prepared {
    const prepared: Prepared = { events: [], eventFields: [], links: [], ignored: [] };
    for (const r of parseWcoNotification(body).responses) {
      const field = `MetaData/Response[${r.position}]`;
      this.#checkTime(`${field}/IssueDateTime/DateTimeString`, r.issuedAt);
      if (!r.carriesStatus) {
        prepared.ignored.push({
          field,
          reason: `function code ${r.functionCode} (${r.dmsMessage}) carries no status the oracle records`,
        });
        continue;
      }
      const link =
        (r.declarationId === undefined ? undefined : this.links.find(r.declarationId)) ??
        (r.declarationRef === undefined ? undefined : this.links.find(r.declarationRef));
      if (link === undefined) {
        const ref = r.declarationId ?? r.declarationRef!;
        throw new IngestRejection(
          "unknown_shipment",
          `${field}/Declaration/ID`,
          `declaration ${ref} is not linked to a bill of lading yet`,
          ref,
        );
      }
      // The code means what it means for the declaration's procedure: 09 on an export declaration
      // is clearance for export at origin (Released), on an import one clearance at destination.
      const eventType = wcoEventType(r.functionCode, link.procedure);
      if (eventType === null) {
        prepared.ignored.push({
          field,
          reason: `function code ${r.functionCode} (${r.dmsMessage}) carries no status on an ${link.procedure} declaration`,
        });
        continue;
      }
      const event: CustomsEventRecord = {
        sourceMessageId: r.functionalReferenceId,
        source: "wco-dms",
        carrier: link.carrier,
        shipmentRef: link.shipmentRef,
        declarationId: r.declarationId ?? r.declarationRef!,
        eventType,
        location: link.location,
        occurredAt: r.issuedAt,
        sourceDocHash: docHash,
      };
      prepared.events.push(event);
      prepared.eventFields.push(`${field}/FunctionalReferenceID`);
    }
    return prepared;
  }

  #prepareDcsa(body: Buffer, docHash: Hex): Prepared {
    const prepared: Prepared = { events: [], eventFields: [], links: [], ignored: [] };
    for (const reading of parseDcsaEvents(body)) {
      const field = reading.field;
      this.#checkTime(`${field}.eventDateTime`, reading.occurredAt);
      if (reading.eventType === null) {
        prepared.ignored.push({ field, reason: reading.ignoredReason ?? "not recorded" });
        continue;
      }
      const carrier = resolveCarrier(
        this.#carriers,
        `${field}.eventRouting.originatingParty.partyCode`,
        reading.carrierCode!,
      );
      this.#checkKnownShipment(`${field}.shipmentDetails`, carrier, reading.shipmentRef!);
      prepared.events.push({
        sourceMessageId: reading.eventId,
        source: "dcsa-tnt",
        carrier,
        shipmentRef: reading.shipmentRef!,
        eventType: reading.eventType,
        location: reading.location!,
        occurredAt: reading.occurredAt,
        sourceDocHash: docHash,
      });
      prepared.eventFields.push(`${field}.eventID`);
    }
    return prepared;
  }

  #prepareCanonical(body: Buffer, docHash: Hex): Prepared {
    const prepared: Prepared = { events: [], eventFields: [], links: [], ignored: [] };
    const messages = parseCanonicalMessages(body);
    /** Shipments this message links, or already found known: looked up once per message. */
    const knownHere = new Set<string>();
    messages.forEach((m, index) => {
      const field = messages.length === 1 ? "body" : `body[${index}]`;
      const carrier = resolveCarrier(this.#carriers, `${field}.carrier`, m.carrier);
      const shipment = awaitedShipment(carrier, m.shipmentRef);
      if (m.kind === "declaration-link") {
        this.#checkTime(`${field}.linkedAt`, m.linkedAt);
        knownHere.add(shipment);
        prepared.links.push({
          field,
          link: {
            declarationId: m.declarationId,
            carrier,
            shipmentRef: m.shipmentRef,
            procedure: m.procedure,
            location: m.location,
            messageId: m.messageId,
            linkedAt: m.linkedAt,
            sourceDocHash: docHash,
          },
        });
        return;
      }
      this.#checkTime(`${field}.occurredAt`, m.occurredAt);
      if (!knownHere.has(shipment)) {
        this.#checkKnownShipment(`${field}.shipmentRef`, carrier, m.shipmentRef);
        knownHere.add(shipment); // a message often carries several events of one shipment
      }
      const event: CustomsEventRecord = {
        sourceMessageId: m.messageId,
        source: "canonical",
        carrier,
        shipmentRef: m.shipmentRef,
        eventType: m.eventType,
        location: m.location,
        occurredAt: m.occurredAt,
        sourceDocHash: docHash,
      };
      if (m.declarationId !== undefined) event.declarationId = m.declarationId;
      prepared.events.push(event);
      prepared.eventFields.push(`${field}.messageId`);
    });
    return prepared;
  }
}
