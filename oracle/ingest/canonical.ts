/**
 * Caravel's own JSON messages (POST /v1/events): a customs event stated directly, or the link
 * between a customs declaration and the bill of lading it covers (which WCO notifications, carrying
 * no B/L number, need). One object or an array of them; unknown fields are refused. A bill is named
 * by its carrier's code (as DCSA events name it) and its B/L number, since B/L numbers are unique
 * only per carrier; a link also says whether the declaration is an export or an import one.
 */
import { z } from "zod";
import {
  CUSTOMS_EVENT_TYPES,
  DECLARATION_ID_PATTERN,
  LOCODE_PATTERN,
  SHIPMENT_REF_PATTERN,
  SOURCE_MESSAGE_ID_PATTERN,
  type CustomsEventType,
} from "../events/customsEvent.ts";
import { CARRIER_CODE_PATTERN } from "../events/carriers.ts";
import { parseJsonBody } from "./jsonBody.ts";
import { IngestRejection } from "./rejection.ts";
import { parseRfc3339 } from "./timestamps.ts";
import { CUSTOMS_PROCEDURES, type CustomsProcedure } from "./wcoDms.ts";
import { rejectionFromZod } from "./zodIssues.ts";

export const CANONICAL_KINDS = ["customs-event", "declaration-link"] as const;
export const MAX_CANONICAL_MESSAGES = 1000;

const messageId = z
  .string()
  .regex(SOURCE_MESSAGE_ID_PATTERN, "must be 1-500 printable characters without spaces");
const carrier = z
  .string()
  .regex(CARRIER_CODE_PATTERN, "must be a carrier code (2-10 upper-case letters or digits)");
const shipmentRef = z
  .string()
  .regex(SHIPMENT_REF_PATTERN, "must be an upper-case B/L number (A-Z, 0-9, -; at most 35)");
const declarationId = z
  .string()
  .regex(DECLARATION_ID_PATTERN, "must be 1-70 printable characters without spaces");
const location = z.string().max(35, "is longer than 35 characters");
const dateTime = z.string().max(35, "is longer than 35 characters");

const customsEventSchema = z
  .object({
    kind: z.literal("customs-event"),
    messageId,
    carrier,
    shipmentRef,
    declarationId: declarationId.optional(),
    eventType: z.enum(CUSTOMS_EVENT_TYPES),
    location,
    occurredAt: dateTime,
  })
  .strict();

const declarationLinkSchema = z
  .object({
    kind: z.literal("declaration-link"),
    messageId,
    declarationId,
    carrier,
    shipmentRef,
    procedure: z.enum(CUSTOMS_PROCEDURES),
    location,
    linkedAt: dateTime,
  })
  .strict();

export interface CanonicalCustomsEvent {
  kind: "customs-event";
  messageId: string;
  /** The code of the carrier that issued the bill. */
  carrier: string;
  shipmentRef: string;
  declarationId?: string;
  eventType: CustomsEventType;
  location: string;
  occurredAt: number;
}

export interface DeclarationLinkMessage {
  kind: "declaration-link";
  messageId: string;
  declarationId: string;
  /** The code of the carrier that issued the bill. */
  carrier: string;
  shipmentRef: string;
  /** Whether the declaration is an export (at origin) or an import (at destination) one. */
  procedure: CustomsProcedure;
  /** UN/LOCODE where the declaration is lodged; WCO events for it take this location. */
  location: string;
  linkedAt: number;
}

export type CanonicalMessage = CanonicalCustomsEvent | DeclarationLinkMessage;

function checkLocode(field: string, value: string): string {
  if (!LOCODE_PATTERN.test(value)) {
    throw new IngestRejection(
      "invalid_locode",
      field,
      `"${value.slice(0, 35)}" is not a UN/LOCODE (2-letter country + 3 of A-Z, 2-9)`,
    );
  }
  return value;
}

function readMessage(raw: unknown, field: string): CanonicalMessage {
  const kind =
    typeof raw === "object" && raw !== null ? (raw as { kind?: unknown }).kind : undefined;
  if (kind === undefined)
    throw new IngestRejection("invalid_field", `${field}.kind`, "is required");
  if (typeof kind !== "string" || !(CANONICAL_KINDS as readonly string[]).includes(kind)) {
    throw new IngestRejection(
      "unknown_code",
      `${field}.kind`,
      `"${String(kind).slice(0, 40)}" is not one of ${CANONICAL_KINDS.join(", ")}`,
    );
  }
  if (kind === "customs-event") {
    const parsed = customsEventSchema.safeParse(raw);
    if (!parsed.success) throw rejectionFromZod(parsed.error, field, "json");
    const m = parsed.data;
    const out: CanonicalCustomsEvent = {
      kind: m.kind,
      messageId: m.messageId,
      carrier: m.carrier,
      shipmentRef: m.shipmentRef,
      eventType: m.eventType,
      location: checkLocode(`${field}.location`, m.location),
      occurredAt: parseRfc3339(`${field}.occurredAt`, m.occurredAt),
    };
    if (m.declarationId !== undefined) out.declarationId = m.declarationId;
    return out;
  }
  const parsed = declarationLinkSchema.safeParse(raw);
  if (!parsed.success) throw rejectionFromZod(parsed.error, field, "json");
  const m = parsed.data;
  return {
    kind: m.kind,
    messageId: m.messageId,
    declarationId: m.declarationId,
    carrier: m.carrier,
    shipmentRef: m.shipmentRef,
    procedure: m.procedure,
    location: checkLocode(`${field}.location`, m.location),
    linkedAt: parseRfc3339(`${field}.linkedAt`, m.linkedAt),
  };
}

/** Parses one canonical message or an array of them; throws IngestRejection naming the field. */
export function parseCanonicalMessages(body: Uint8Array): CanonicalMessage[] {
  const json = parseJsonBody(body);
  const list = Array.isArray(json) ? json : [json];
  if (list.length === 0) throw new IngestRejection("invalid_field", "body", "holds no messages");
  if (list.length > MAX_CANONICAL_MESSAGES) {
    throw new IngestRejection(
      "invalid_field",
      "body",
      `holds ${list.length} messages; at most ${MAX_CANONICAL_MESSAGES} per request`,
    );
  }
  const seen = new Set<string>();
  return list.map((raw, index) => {
    const field = Array.isArray(json) ? `body[${index}]` : "body";
    const message = readMessage(raw, field);
    const key = `${message.kind}:${message.messageId}`;
    if (seen.has(key)) {
      throw new IngestRejection(
        "invalid_field",
        `${field}.messageId`,
        "appears twice in one request",
      );
    }
    seen.add(key);
    return message;
  });
}
