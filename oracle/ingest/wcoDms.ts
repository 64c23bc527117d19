/**
 * WCO Data Model 3.6 response notifications (DMS "RES", as HMRC CDS sends them) to the facts the
 * oracle records. Structure is checked namespace-aware, element by element; the status comes from
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
import type { CustomsEventType } from "../events/customsEvent.ts";
import { IngestRejection } from "./rejection.ts";
import { parseWcoDateTime } from "./timestamps.ts";
import { parseXmlDocument, type XmlElement } from "./xmlDocument.ts";

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

/**
 * The namespace an element must have where it appears. `plain` documents (HMRC's annotated samples)
 * use no namespace at all; namespaced ones follow the XSDs: MetaData children in DocumentMetaData,
 * Response and its content in RES, DateTimeString in Response_DS. An element in another namespace
 * is not the element the oracle relies on, whatever its local name.
 */
function expectedNamespace(namespaced: boolean, insideResponse: boolean, name: string): string {
  if (!namespaced) return "";
  if (!insideResponse)
    return name === "Response" ? WCO_NAMESPACES.response : WCO_NAMESPACES.metaData;
  return name === "DateTimeString" ? WCO_NAMESPACES.responseDataSet : WCO_NAMESPACES.response;
}

/**
 * Reads the few elements the oracle needs straight from the element tree, checking each where it
 * is read (it replaced a conversion to plain objects walked by a zod schema: the same rules, the
 * same field names and reasons, a fraction of the allocations). Checks run in document-schema
 * order and the first failure is the refusal: MetaData's version, type and Responses, then each
 * Response's FunctionCode, FunctionalReferenceID, IssueDateTime and Declarations.
 */
class NotificationReader {
  readonly #namespaced: boolean;

  constructor(namespaced: boolean) {
    this.#namespaced = namespaced;
  }

  /** The children of `parent` that are the element `name` where it appears. */
  children(parent: XmlElement, name: string, insideResponse: boolean): XmlElement[] {
    const ns = expectedNamespace(this.#namespaced, insideResponse, name);
    const found: XmlElement[] = [];
    for (const child of parent.children) {
      if (child.name === name && child.ns === ns) found.push(child);
    }
    return found;
  }

  /** The one child `name` of `parent` (at `path`), or a refusal naming it. */
  one(parent: XmlElement, path: string, name: string, insideResponse = true): XmlElement {
    const found = this.children(parent, name, insideResponse);
    if (found.length === 0) throw invalid(`${path}/${name}`, "is required");
    if (found.length > 1) throw invalid(`${path}/${name}`, "must occur once");
    return found[0]!;
  }

  /** The child `name` of `parent` if it has one, or a refusal if it has several. */
  optionalOne(parent: XmlElement, path: string, name: string): XmlElement | undefined {
    const found = this.children(parent, name, true);
    if (found.length > 1) throw invalid(`${path}/${name}`, "must occur at most once");
    return found[0];
  }
}

function invalid(field: string, reason: string): IngestRejection {
  return new IngestRejection("invalid_field", field, reason);
}

/** The element's text if it matches `pattern`, else a refusal naming the element. */
function textMatching(el: XmlElement, field: string, pattern: RegExp, reason: string): string {
  if (!pattern.test(el.text)) throw invalid(field, reason);
  return el.text;
}

const PRINTABLE_35 = /^[\x21-\x7e]{1,35}$/;
const PRINTABLE_70 = /^[\x21-\x7e]{1,70}$/;
const MAX_RESPONSES = 100;

/** What a Response holds once its structure is checked (before its values are interpreted). */
interface ResponseElements {
  functionCode: string;
  functionalReferenceId: string;
  dateTime: string;
  formatCode: string | undefined;
  declarationId: string | undefined;
  declarationRef: string | undefined;
}

function readResponse(
  reader: NotificationReader,
  response: XmlElement,
  field: string,
): ResponseElements {
  const functionCode = textMatching(
    reader.one(response, field, "FunctionCode"),
    `${field}/FunctionCode`,
    /^[0-9]{2}$/,
    "must be a two-digit WCO function code",
  );
  const functionalReferenceId = textMatching(
    reader.one(response, field, "FunctionalReferenceID"),
    `${field}/FunctionalReferenceID`,
    PRINTABLE_35,
    "must be 1-35 printable characters",
  );
  const issued = reader.one(response, field, "IssueDateTime");
  const stamp = reader.one(issued, `${field}/IssueDateTime`, "DateTimeString");
  const stampField = `${field}/IssueDateTime/DateTimeString`;
  if (stamp.text.length === 0) throw invalid(stampField, "is empty");
  if (stamp.text.length > 35) throw invalid(stampField, "is longer than 35 characters");
  // The XSD sequence ends with the RES Declaration and then, optionally, the amended declaration
  // (DEC namespace; in un-namespaced documents it is a second plain Declaration). Only the first
  // is read; both are checked.
  const declarations = reader.children(response, "Declaration", true);
  if (declarations.length > 2) {
    throw invalid(
      `${field}/Declaration`,
      "must occur at most twice (the response's and the amended declaration)",
    );
  }
  const read = declarations.map((declaration) => {
    const path = `${field}/Declaration`;
    const id = reader.optionalOne(declaration, path, "ID");
    const ref = reader.optionalOne(declaration, path, "FunctionalReferenceID");
    return {
      id: id && textMatching(id, `${path}/ID`, PRINTABLE_70, "must be 1-70 printable characters"),
      ref:
        ref &&
        textMatching(
          ref,
          `${path}/FunctionalReferenceID`,
          PRINTABLE_70,
          "must be 1-70 printable characters",
        ),
    };
  });
  return {
    functionCode,
    functionalReferenceId,
    dateTime: stamp.text,
    formatCode: stamp.attrs.formatCode,
    declarationId: read[0]?.id,
    declarationRef: read[0]?.ref,
  };
}

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
  const reader = new NotificationReader(root.ns !== "");
  textMatching(
    reader.one(root, "MetaData", "WCODataModelVersionCode", false),
    "MetaData/WCODataModelVersionCode",
    /^3\.6$/,
    'must be "3.6"',
  );
  textMatching(
    reader.one(root, "MetaData", "WCOTypeName", false),
    "MetaData/WCOTypeName",
    /^RES$/,
    'must be "RES" (a response notification)',
  );
  const responseElements = reader.children(root, "Response", false);
  if (responseElements.length === 0) {
    throw invalid("MetaData/Response", "at least one Response is required");
  }
  if (responseElements.length > MAX_RESPONSES) {
    throw invalid("MetaData/Response", `more than ${MAX_RESPONSES} Responses in one notification`);
  }
  // Every Response's structure first, then the values (as a schema would: shape before meaning).
  const read = responseElements.map((r, index) =>
    readResponse(reader, r, `MetaData/Response[${index + 1}]`),
  );

  const seen = new Set<string>();
  const responses = read.map((r, index): WcoResponse => {
    const field = `MetaData/Response[${index + 1}]`;
    const functionCode = r.functionCode;
    const known = WCO_FUNCTION_CODES[functionCode];
    if (known === undefined) {
      throw new IngestRejection(
        "unknown_code",
        `${field}/FunctionCode`,
        `"${functionCode}" is not a WCO DMS response function code`,
      );
    }
    const functionalReferenceId = r.functionalReferenceId;
    if (seen.has(functionalReferenceId)) {
      throw new IngestRejection(
        "invalid_field",
        `${field}/FunctionalReferenceID`,
        `"${functionalReferenceId}" appears twice in one notification`,
      );
    }
    seen.add(functionalReferenceId);
    const issuedAt = parseWcoDateTime(
      `${field}/IssueDateTime/DateTimeString`,
      r.dateTime,
      r.formatCode,
    );
    const { declarationId, declarationRef } = r;
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
