/**
 * WCO Data Model 3.6 response notifications (DMS "RES", as HMRC CDS sends them) to the facts the
 * oracle records. Structure is checked namespace-aware, then with zod; the status comes from
 * `Response/FunctionCode` only (never a nested `Declaration/FunctionCode`, which is the amended
 * declaration's). Codes per HMRC customs-declare-exports `SubmissionStatus.codesMap`.
 *
 * What a code means depends on the declaration it answers, and a notification does not say which
 * kind that is (the export and import samples of HMRC's customs-declare-exports and
 * customs-declarations carry the same elements): the declaration link does (`procedure`). On an
 * export declaration 09 (DMSCLE) clears the goods *for export*, at origin: they may leave, which
 * is the oracle's `Released` at origin, and 16 (DMSEOG) confirms their exit. On an import
 * declaration 09 is clearance at destination (`Cleared`, what a credit waits for) and 16 never
 * comes. Mapping export 09 to `Cleared` would let an export clearance pay a credit.
 */
import { z } from "zod";
import type { CustomsEventType } from "../events/customsEvent.ts";
import { IngestRejection } from "./rejection.ts";
import { parseWcoDateTime } from "./timestamps.ts";
import { parseXmlDocument, type XmlElement } from "./xmlDocument.ts";
import { rejectionFromZod } from "./zodIssues.ts";

export const WCO_NAMESPACES = {
  metaData: "urn:wco:datamodel:WCO:DocumentMetaData-DMS:2",
  response: "urn:wco:datamodel:WCO:RES-DMS:2",
  responseDataSet: "urn:wco:datamodel:WCO:Response_DS:DMS:2",
} as const;

/** The kind of declaration a notification answers, as its declaration link states it. */
export const CUSTOMS_PROCEDURES = ["export", "import"] as const;
export type CustomsProcedure = (typeof CUSTOMS_PROCEDURES)[number];

export interface WcoFunctionCode {
  /** DMS message name, e.g. "DMSACC". */
  message: string;
  /**
   * The status the oracle records for the code on an export and on an import declaration; null
   * where the notification carries no shipment status for that procedure.
   */
  export: CustomsEventType | null;
  import: CustomsEventType | null;
}

const same = (message: string, eventType: CustomsEventType | null): WcoFunctionCode => ({
  message,
  export: eventType,
  import: eventType,
});

/** Every function code CDS sends; only those with an event type reach the chain. */
export const WCO_FUNCTION_CODES: Readonly<Record<string, WcoFunctionCode>> = {
  "01": same("DMSACC", "DeclarationAccepted"),
  "02": same("DMSRCV", null),
  "03": same("DMSREJ", "DeclarationRejected"),
  "05": same("DMSCTL", "UnderControl"),
  "06": same("DMSDOC", "DocumentsRequired"),
  "07": same("DMSRES", null),
  "08": same("DMSROG", "Released"),
  // Cleared for export: the goods may leave the origin (not clearance at destination).
  "09": { message: "DMSCLE", export: "Released", import: "Cleared" },
  "10": same("DMSINV", null),
  "11": same("DMSREQ", null),
  "13": same("DMSTAX", null),
  "14": same("DMSCPI", null),
  "15": same("DMSCPR", null),
  // Exit of goods from the customs territory: export only.
  "16": { message: "DMSEOG", export: "GoodsExited", import: null },
  "17": same("DMSEXT", null),
  "18": same("DMSGER", null),
  "50": same("DMSALV", null),
  "51": same("DMSQRY", null),
  "52": same("DMSDET", "Detained"),
};

/** The status a function code records on a declaration of `procedure`, or null for none. */
export function wcoEventType(
  functionCode: string,
  procedure: CustomsProcedure,
): CustomsEventType | null {
  return WCO_FUNCTION_CODES[functionCode]?.[procedure] ?? null;
}

/** One `Response` of a notification. */
export interface WcoResponse {
  /** 1-based position in the notification (for field names in errors). */
  position: number;
  functionCode: string;
  dmsMessage: string;
  /**
   * Whether the code records a status on an export or an import declaration (which one the
   * declaration link says: `wcoEventType`).
   */
  carriesStatus: boolean;
  /** `Response/FunctionalReferenceID`: unique per notification response; the dedup key. */
  functionalReferenceId: string;
  /** `Response/IssueDateTime`, unix seconds. */
  issuedAt: number;
  /** `Response/Declaration/ID` (the MRN). */
  declarationId?: string;
  /** `Response/Declaration/FunctionalReferenceID` (the trader's LRN/DUCR). */
  declarationRef?: string;
}

export interface WcoNotification {
  responses: WcoResponse[];
}

type PlainElement = { [key: string]: string | PlainElement[] | undefined };

/**
 * The namespace an element must have where it appears. `plain` documents (HMRC's annotated samples)
 * use no namespace at all; namespaced ones follow the XSDs: MetaData children in DocumentMetaData,
 * Response and its content in RES, DateTimeString in Response_DS.
 */
function expectedNamespace(namespaced: boolean, insideResponse: boolean, name: string): string {
  if (!namespaced) return "";
  if (!insideResponse)
    return name === "Response" ? WCO_NAMESPACES.response : WCO_NAMESPACES.metaData;
  return name === "DateTimeString" ? WCO_NAMESPACES.responseDataSet : WCO_NAMESPACES.response;
}

/**
 * An element as a plain object for zod: children by local name (always arrays), text under
 * "#text", attributes under "@name". A child in an unexpected namespace is keyed in Clark
 * notation ("{uri}Name"), so the schema never mistakes it for the element it relies on.
 */
function toPlain(el: XmlElement, namespaced: boolean, insideResponse: boolean): PlainElement {
  const out: PlainElement = { "#text": el.text };
  for (const [name, value] of Object.entries(el.attrs)) out[`@${name}`] = value;
  for (const child of el.children) {
    const inside = insideResponse || child.name === "Response";
    const key =
      child.ns === expectedNamespace(namespaced, insideResponse, child.name)
        ? child.name
        : `{${child.ns}}${child.name}`;
    const list = (out[key] ??= []) as PlainElement[];
    list.push(toPlain(child, namespaced, inside));
  }
  return out;
}

function one<T extends z.ZodTypeAny>(schema: T) {
  return z
    .array(schema, { required_error: "is required" })
    .min(1, "is required")
    .max(1, "must occur once")
    .transform((items) => items[0] as z.output<T>);
}

function optionalOne<T extends z.ZodTypeAny>(schema: T) {
  return z
    .array(schema)
    .max(1, "must occur at most once")
    .optional()
    .transform((items) => items?.[0] as z.output<T> | undefined);
}

function textMatching(pattern: RegExp, message: string) {
  return z.object({ "#text": z.string().regex(pattern, message) });
}

const printable = (max: number) =>
  textMatching(new RegExp(`^[\\x21-\\x7e]{1,${max}}$`), `must be 1-${max} printable characters`);

const dateTimeSchema = z.object({
  DateTimeString: one(
    z.object({
      "#text": z.string().min(1, "is empty").max(35, "is longer than 35 characters"),
      "@formatCode": z.string().optional(),
    }),
  ),
});

const responseSchema = z.object({
  FunctionCode: one(textMatching(/^[0-9]{2}$/, "must be a two-digit WCO function code")),
  FunctionalReferenceID: one(printable(35)),
  IssueDateTime: one(dateTimeSchema),
  // The XSD sequence ends with the RES Declaration and then, optionally, the amended declaration
  // (DEC namespace; in un-namespaced documents it is a second plain Declaration). Only the first
  // is read.
  Declaration: z
    .array(
      z.object({
        ID: optionalOne(printable(70)),
        FunctionalReferenceID: optionalOne(printable(70)),
      }),
    )
    .max(2, "must occur at most twice (the response's and the amended declaration)")
    .optional()
    .transform((items) => items?.[0]),
});

const metaDataSchema = z.object({
  WCODataModelVersionCode: one(textMatching(/^3\.6$/, 'must be "3.6"')),
  WCOTypeName: one(textMatching(/^RES$/, 'must be "RES" (a response notification)')),
  Response: z
    .array(responseSchema, { required_error: "at least one Response is required" })
    .min(1, "at least one Response is required")
    .max(100, "more than 100 Responses in one notification"),
});

/** Parses and validates a WCO DMS RES notification; throws IngestRejection naming the field. */
export function parseWcoNotification(body: Uint8Array): WcoNotification {
  const root = parseXmlDocument(body);
  if (root.name !== "MetaData") {
    throw new IngestRejection(
      "invalid_field",
      root.name,
      "root element must be MetaData (a WCO DMS notification envelope)",
    );
  }
  if (root.ns !== "" && root.ns !== WCO_NAMESPACES.metaData) {
    throw new IngestRejection(
      "invalid_field",
      "MetaData",
      `namespace "${root.ns.slice(0, 80)}" is not ${WCO_NAMESPACES.metaData}`,
    );
  }
  const plain = toPlain(root, root.ns !== "", false);
  const parsed = metaDataSchema.safeParse(plain);
  if (!parsed.success) throw rejectionFromZod(parsed.error, "MetaData", "xml");

  const seen = new Set<string>();
  const responses = parsed.data.Response.map((r, index): WcoResponse => {
    const field = `MetaData/Response[${index + 1}]`;
    const functionCode = r.FunctionCode["#text"];
    const known = WCO_FUNCTION_CODES[functionCode];
    if (known === undefined) {
      throw new IngestRejection(
        "unknown_code",
        `${field}/FunctionCode`,
        `"${functionCode}" is not a WCO DMS response function code`,
      );
    }
    const functionalReferenceId = r.FunctionalReferenceID["#text"];
    if (seen.has(functionalReferenceId)) {
      throw new IngestRejection(
        "invalid_field",
        `${field}/FunctionalReferenceID`,
        `"${functionalReferenceId}" appears twice in one notification`,
      );
    }
    seen.add(functionalReferenceId);
    const stamp = r.IssueDateTime.DateTimeString;
    const issuedAt = parseWcoDateTime(
      `${field}/IssueDateTime/DateTimeString`,
      stamp["#text"],
      stamp["@formatCode"],
    );
    const declarationId = r.Declaration?.ID?.["#text"];
    const declarationRef = r.Declaration?.FunctionalReferenceID?.["#text"];
    const carriesStatus = known.export !== null || known.import !== null;
    if (carriesStatus && declarationId === undefined && declarationRef === undefined) {
      throw new IngestRejection(
        "invalid_field",
        `${field}/Declaration/ID`,
        "is required to link the notification to a shipment",
      );
    }
    const response: WcoResponse = {
      position: index + 1,
      functionCode,
      dmsMessage: known.message,
      carriesStatus,
      functionalReferenceId,
      issuedAt,
    };
    if (declarationId !== undefined) response.declarationId = declarationId;
    if (declarationRef !== undefined) response.declarationRef = declarationRef;
    return response;
  });
  return { responses };
}
