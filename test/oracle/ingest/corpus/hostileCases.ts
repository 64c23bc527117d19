/**
 * The hostile-input corpus: requests a node must refuse (or, for a few harmless oddities, accept)
 * without crashing, each with the status, error code and field it must answer with. Generated here
 * rather than stored as files so that every case states its expectation next to its input.
 */
import { TOKENS } from "../helpers/fixtures.ts";

/** The shipment and declaration the corpus server has linked before the cases run. */
export const CORPUS_SHIPMENT = "MAEU000000001";
export const CORPUS_DECLARATION = "26GBCORPUS00000001";
export const CORPUS_LOCATION = "CNSHA";
/** The corpus server's body limit. */
export const CORPUS_MAX_BODY_BYTES = 64 * 1024;

export interface CorpusExpectation {
  status: number;
  /** The `error` code of a refusal. */
  error?: string;
  /** The `field` of a refusal (exact string or pattern). */
  field?: string | RegExp;
  /** A pattern the `reason` must match. */
  reason?: RegExp;
  /** Whether the request is a message that must end up in quarantine. */
  quarantined: boolean;
  /** For 202: events newly accepted / duplicates. */
  accepted?: number;
  duplicate?: number;
}

export interface CorpusCase {
  name: string;
  category: string;
  method: string;
  path: string;
  /** Request headers (content-type and authorization included; absent = not sent). */
  headers: Record<string, string>;
  body: string | Buffer;
  expect: CorpusExpectation;
}

const ROUTES = {
  wco: "/v1/customs/notifications",
  dcsa: "/v1/transport-events",
  canonical: "/v1/events",
} as const;

const TOKEN_FOR = {
  [ROUTES.wco]: TOKENS.customs,
  [ROUTES.dcsa]: TOKENS.carrier,
  [ROUTES.canonical]: TOKENS.caravel,
} as Record<string, string>;

const TYPE_FOR = {
  [ROUTES.wco]: "application/xml",
  [ROUTES.dcsa]: "application/json",
  [ROUTES.canonical]: "application/json",
} as Record<string, string>;

let counter = 0;
/** A fresh id so that no two cases collide as duplicates unless they mean to. */
function uid(prefix: string): string {
  counter += 1;
  return `${prefix}${String(counter).padStart(6, "0")}`;
}

// ---------------------------------------------------------------- WCO DMS
interface WcoParts {
  code: string;
  id: string;
  issued: string;
  formatCode: string | null;
  mrn: string | null;
  version: string;
  typeName: string;
}

function wco(parts: Partial<WcoParts> = {}): string {
  const p: WcoParts = {
    code: "08",
    id: uid("f0e1d2c3b4a5968778695a4b3c2d"),
    issued: "20260301120000Z",
    formatCode: "304",
    mrn: CORPUS_DECLARATION,
    version: "3.6",
    typeName: "RES",
    ...parts,
  };
  const formatAttr = p.formatCode === null ? "" : ` formatCode="${p.formatCode}"`;
  const declaration =
    p.mrn === null ? "" : `<resp:Declaration><resp:ID>${p.mrn}</resp:ID></resp:Declaration>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:MetaData xmlns:md="urn:wco:datamodel:WCO:DocumentMetaData-DMS:2">
<md:WCODataModelVersionCode>${p.version}</md:WCODataModelVersionCode>
<md:WCOTypeName>${p.typeName}</md:WCOTypeName>
<resp:Response xmlns:resp="urn:wco:datamodel:WCO:RES-DMS:2">
<resp:FunctionCode>${p.code}</resp:FunctionCode>
<resp:FunctionalReferenceID>${p.id}</resp:FunctionalReferenceID>
<resp:IssueDateTime><ds:DateTimeString${formatAttr} xmlns:ds="urn:wco:datamodel:WCO:Response_DS:DMS:2">${p.issued}</ds:DateTimeString></resp:IssueDateTime>
${declaration}
</resp:Response>
</md:MetaData>`;
}

// ---------------------------------------------------------------- DCSA
function dcsaEvent(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventRouting: { originatingParty: { partyCode: "MAEU", partyFunction: "CA" } },
    eventID: uid("evt-corpus-"),
    eventDateTime: "2026-03-01T12:00:00Z",
    eventLocation: { UNLocationCode: CORPUS_LOCATION },
    eventClassification: {
      eventTypeCode: "TRANSPORT",
      eventClassifierCode: "ACT",
      transportEventTypeCode: "DEPA",
    },
    shipmentDetails: {
      documentReference: { typeCode: "BKG", reference: "BKG0001" },
      additionalDocumentReferences: [{ typeCode: "TRD", reference: CORPUS_SHIPMENT }],
    },
    ...patch,
  };
}

const classification = (c: Record<string, unknown>) => ({ eventClassification: c });
const dcsaBody = (patch: Record<string, unknown> = {}) =>
  JSON.stringify({ events: [dcsaEvent(patch)] });

// ---------------------------------------------------------------- canonical
function canonicalEvent(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: "customs-event",
    messageId: uid("can-"),
    carrier: "MAEU",
    shipmentRef: CORPUS_SHIPMENT,
    eventType: "Released",
    location: CORPUS_LOCATION,
    occurredAt: "2026-03-01T12:00:00Z",
    ...patch,
  };
}
const canonicalBody = (patch: Record<string, unknown> = {}) =>
  JSON.stringify(canonicalEvent(patch));
function linkBody(patch: Record<string, unknown> = {}): string {
  return JSON.stringify({
    kind: "declaration-link",
    messageId: uid("lnk-"),
    declarationId: uid("26GBLINK"),
    carrier: "MAEU",
    shipmentRef: "MAEU000000777",
    procedure: "import",
    location: "NLRTM",
    linkedAt: "2026-02-01T00:00:00Z",
    ...patch,
  });
}

/** Builds the whole corpus (fresh ids every call). */
// One case per line reads as a table, hence:
// prettier-ignore
export function buildHostileCorpus(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  const add = (
    category: string,
    name: string,
    path: string,
    body: string | Buffer,
    expect: CorpusExpectation,
    options: { method?: string; headers?: Record<string, string | null> } = {},
  ) => {
    const headers: Record<string, string> = {};
    const base: Record<string, string | null> = {
      "content-type": TYPE_FOR[path] ?? "application/json",
      authorization: TOKEN_FOR[path] === undefined ? null : `Bearer ${TOKEN_FOR[path]}`,
      ...options.headers,
    };
    for (const [k, v] of Object.entries(base)) if (v !== null) headers[k] = v;
    cases.push({ name, category, method: options.method ?? "POST", path, headers, body, expect });
  };
  const refused = (status: number, error: string, field?: string | RegExp, reason?: RegExp) => ({
    status,
    error,
    ...(field === undefined ? {} : { field }),
    ...(reason === undefined ? {} : { reason }),
    quarantined: true,
  });
  const ok = (accepted: number, duplicate = 0): CorpusExpectation => ({
    status: 202,
    quarantined: false,
    accepted,
    duplicate,
  });

  // ------------------------------------------------------------ authentication
  const auth = (name: string, path: string, authorization: string | null, status = 401) =>
    add(
      "authentication",
      name,
      path,
      path === ROUTES.wco ? wco() : path === ROUTES.dcsa ? dcsaBody() : canonicalBody(),
      // Only a known client's message is kept: a request without a valid token is never stored.
      {
        ...refused(status, status === 401 ? "unauthorized" : "forbidden", "authorization"),
        quarantined: status === 403,
      },
      { headers: { authorization } },
    );
  for (const path of Object.values(ROUTES)) {
    auth(`no Authorization header on ${path}`, path, null);
    auth(`a wrong token on ${path}`, path, "Bearer not-the-right-token-at-all-0000");
    auth(`Basic credentials on ${path}`, path, "Basic dXNlcjpwYXNz");
  }
  auth("an empty Authorization header", ROUTES.wco, "");
  auth('"Bearer" without a token', ROUTES.wco, "Bearer");
  auth("a 15-character token", ROUTES.wco, "Bearer 123456789012345");
  auth("a token with spaces", ROUTES.wco, `Bearer ${TOKENS.customs.slice(0, 10)} ${TOKENS.customs.slice(10)}`);
  auth("a token with a non-ASCII character", ROUTES.wco, `Bearer ${TOKENS.customs}é`);
  auth("a 600-character token", ROUTES.wco, `Bearer ${"a".repeat(600)}`);
  auth("the right token with a trailing character", ROUTES.wco, `Bearer ${TOKENS.customs}x`);
  auth("the right token's SHA-256 instead of the token", ROUTES.wco,
    "Bearer 5d3a9c6d2c1c0a5a3c6ff0d1f4f7ad0cf2fa2e1bcb2b1b5a4c3e2d1f0a9b8c7d");
  auth("the carrier's token on the customs route", ROUTES.wco, `Bearer ${TOKENS.carrier}`, 403);
  auth("the customs token on the transport route", ROUTES.dcsa, `Bearer ${TOKENS.customs}`, 403);
  auth("the operator's token on the canonical route", ROUTES.canonical, `Bearer ${TOKENS.operator}`, 403);
  auth("the canonical client's token on the customs route", ROUTES.wco, `Bearer ${TOKENS.caravel}`, 403);
  add("authentication", "a lower-case bearer scheme (RFC 7235: case-insensitive)", ROUTES.wco, wco({ code: "13" }), ok(0), {
    headers: { authorization: `bearer ${TOKENS.customs}` },
  });

  // ------------------------------------------------------------ content type and encoding
  const media = (name: string, path: string, contentType: string | null, extra: Record<string, string> = {}) =>
    add("content type", name, path, path === ROUTES.wco ? wco() : dcsaBody(),
      refused(415, "unsupported_media_type", Object.keys(extra).length > 0 ? "content-encoding" : "content-type"),
      { headers: { "content-type": contentType, ...extra } });
  media("XML sent as text/plain", ROUTES.wco, "text/plain");
  media("XML sent as application/json", ROUTES.wco, "application/json");
  media("XML with no content type", ROUTES.wco, null);
  media("XML declared as ISO-8859-1", ROUTES.wco, "application/xml; charset=iso-8859-1");
  media("XML as multipart/form-data", ROUTES.wco, "multipart/form-data; boundary=x");
  media("JSON sent as application/xml", ROUTES.dcsa, "application/xml");
  media("JSON sent as text/plain", ROUTES.dcsa, "text/plain");
  media("JSON with no content type", ROUTES.dcsa, null);
  media("JSON as application/x-www-form-urlencoded", ROUTES.dcsa, "application/x-www-form-urlencoded");
  media("JSON declared as UTF-16", ROUTES.dcsa, "application/json; charset=utf-16");
  media("a gzip content encoding", ROUTES.dcsa, "application/json", { "content-encoding": "gzip" });
  add("content type", "text/xml with charset=UTF-8 (accepted)", ROUTES.wco, wco({ code: "13" }), ok(0), {
    headers: { "content-type": "text/xml; charset=UTF-8" },
  });

  // ------------------------------------------------------------ size
  const padded = (size: number) => {
    const base = wco({ code: "13" });
    const comment = `<!--${"x".repeat(Math.max(0, size - base.length - 7))}-->`;
    return base.replace("</md:MetaData>", `${comment}</md:MetaData>`);
  };
  add("size", "a body one byte over the limit", ROUTES.wco, padded(CORPUS_MAX_BODY_BYTES + 1),
    refused(413, "payload_too_large", "body"));
  add("size", "a body of 1 MiB (16x the limit)", ROUTES.wco, padded(1024 * 1024),
    refused(413, "payload_too_large", "body"));
  add("size", "a JSON body over the limit", ROUTES.dcsa,
    JSON.stringify({ events: [dcsaEvent({ padding: "y".repeat(CORPUS_MAX_BODY_BYTES) })] }),
    refused(413, "payload_too_large", "body"));
  add("size", "a body exactly at the limit (accepted)", ROUTES.wco, padded(CORPUS_MAX_BODY_BYTES), ok(0));
  add("size", "an empty body", ROUTES.wco, "", refused(400, "malformed_body", "body"));

  // ------------------------------------------------------------ malformed XML
  const xmlBad = (name: string, body: string | Buffer, field: string | RegExp = "body", error = "malformed_body", status = 400) =>
    add("malformed XML", name, ROUTES.wco, body, refused(status, error, field));
  const good = wco();
  xmlBad("plain text", "hello customs");
  xmlBad("JSON on the XML route", JSON.stringify({ MetaData: {} }));
  xmlBad("a notification cut in half", good.slice(0, Math.floor(good.length / 2)));
  xmlBad("mismatched closing tag", good.replace("</resp:FunctionCode>", "</resp:FunctionKode>"));
  xmlBad("two root elements", `${good}${good.replace('<?xml version="1.0" encoding="UTF-8"?>', "")}`);
  xmlBad("text after the root (like the verbatim HMRC files)", `${good}\nheaders=List((Content-Type,application/xml))`);
  xmlBad("an unquoted attribute", good.replace('formatCode="304"', "formatCode=304"));
  xmlBad("an unclosed comment", good.replace("<md:WCOTypeName>", "<!-- <md:WCOTypeName>"));
  xmlBad("an undeclared namespace prefix", good.replace(/resp:FunctionCode/g, "zz:FunctionCode"), /FunctionCode$/);
  xmlBad("invalid UTF-8 bytes", Buffer.concat([Buffer.from(good.slice(0, 200)), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(good.slice(200))]));
  xmlBad("a lone ampersand", good.replace("<md:WCOTypeName>RES", "<md:WCOTypeName>R&S"));
  xmlBad("an unknown named entity", good.replace("<md:WCOTypeName>RES", "<md:WCOTypeName>&nbsp;RES"));
  xmlBad("a tag with an invalid name", good.replace("<md:WCOTypeName>", "<1bad>").replace("</md:WCOTypeName>", "</1bad>"));
  xmlBad("only an XML declaration", '<?xml version="1.0"?>');
  xmlBad("elements nested 40 deep", `<MetaData>${"<a>".repeat(40)}${"</a>".repeat(40)}</MetaData>`, "body", "malformed_body");
  xmlBad("elements nested 100,000 deep", `<MetaData>${"<a>".repeat(100_000)}${"</a>".repeat(100_000)}</MetaData>`.slice(0, CORPUS_MAX_BODY_BYTES - 100), "body");
  xmlBad("a NUL character", good.replace("RES</md:WCOTypeName>", "RE\u0000S</md:WCOTypeName>"), "body");
  xmlBad("a vertical-tab control character", good.replace("RES</md:WCOTypeName>", "RE\u000bS</md:WCOTypeName>"), "body");
  xmlBad("a character reference to U+0001", good.replace("RES</md:WCOTypeName>", "RE&#1;S</md:WCOTypeName>"), "body", "malformed_body");
  xmlBad("a hexadecimal reference to NUL in an id", wco({ id: "f00&#x0;1" }), "body", "malformed_body");
  xmlBad("a character reference to a lone surrogate", good.replace("RES</md:WCOTypeName>", "RES&#xD800;</md:WCOTypeName>"), "body", "malformed_body");
  xmlBad("a character reference beyond U+10FFFF", good.replace("RES</md:WCOTypeName>", "RES&#1114112;</md:WCOTypeName>"), "body", "malformed_body");
  const escapedId = uid("x");
  add("malformed XML", "an escaped reference stays text: id &amp;#65;… is the id \"&#65;…\" (accepted)", ROUTES.wco,
    wco({ code: "09", id: `&amp;#65;${escapedId}` }), ok(1));
  add("malformed XML", "so the id A… is another message (accepted)", ROUTES.wco,
    wco({ code: "09", id: `A${escapedId}` }), ok(1));
  add("malformed XML", "a UTF-8 byte-order mark before a valid notification (accepted)", ROUTES.wco,
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(wco({ code: "13" }))]), ok(0));
  add("malformed XML", "CDATA around the function code (accepted: same text)", ROUTES.wco,
    wco({ code: "<![CDATA[13]]>" }), ok(0));

  // ------------------------------------------------------------ entity expansion / XXE
  const xxe = (name: string, prolog: string, inner = "&x;") =>
    add("XML entities / XXE", name, ROUTES.wco,
      `<?xml version="1.0"?>\n${prolog}\n${wco().replace('<?xml version="1.0" encoding="UTF-8"?>', "").replace("RES</md:WCOTypeName>", `${inner}</md:WCOTypeName>`)}`,
      refused(400, "forbidden_construct", "DOCTYPE", /entity/));
  xxe("an internal entity", '<!DOCTYPE MetaData [<!ENTITY x "RES">]>');
  xxe("billion laughs", `<!DOCTYPE MetaData [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY x "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>`);
  xxe("an external entity reading /etc/passwd", '<!DOCTYPE MetaData [<!ENTITY x SYSTEM "file:///etc/passwd">]>');
  xxe("an external entity over HTTP", '<!DOCTYPE MetaData [<!ENTITY x SYSTEM "http://127.0.0.1:1/x">]>');
  xxe("a parameter entity", '<!DOCTYPE MetaData [<!ENTITY % p SYSTEM "http://127.0.0.1:1/p.dtd"> %p;]>', "RES");
  xxe("an external DTD", '<!DOCTYPE MetaData SYSTEM "http://127.0.0.1:1/wco.dtd">', "RES");
  xxe("a public DTD", '<!DOCTYPE MetaData PUBLIC "-//X//DTD X//EN" "http://127.0.0.1:1/x.dtd">', "RES");
  xxe("a lower-case doctype", '<!doctype MetaData [<!ENTITY x "RES">]>');
  xxe("quadratic blow-up (one large entity used many times)", `<!DOCTYPE MetaData [<!ENTITY x "${"A".repeat(5000)}">]>`, "&x;".repeat(50));
  add("XML entities / XXE", "an ENTITY declaration smuggled in a comment-free body", ROUTES.wco,
    good.replace("<md:WCOTypeName>", '<!ENTITY x "y"><md:WCOTypeName>'), refused(400, "forbidden_construct", "DOCTYPE"));

  // ------------------------------------------------------------ WCO structure and values
  const wcoBad = (name: string, body: string, status: number, error: string, field: string | RegExp, reason?: RegExp) =>
    add("WCO DMS values", name, ROUTES.wco, body, refused(status, error, field, reason));
  wcoBad("a root element other than MetaData", good.replace(/md:MetaData/g, "md:Declaration"), 422, "invalid_field", "Declaration");
  wcoBad("MetaData in a foreign namespace", good.replace("urn:wco:datamodel:WCO:DocumentMetaData-DMS:2", "urn:example:evil"), 422, "invalid_field", "MetaData");
  wcoBad("data model version 3.5", wco({ version: "3.5" }), 422, "invalid_field", "MetaData/WCODataModelVersionCode", /3\.6/);
  wcoBad("a declaration (DEC), not a response", wco({ typeName: "DEC" }), 422, "invalid_field", "MetaData/WCOTypeName");
  wcoBad("no Response", good.replace(/<resp:Response[\s\S]*<\/resp:Response>/, ""), 422, "invalid_field", "MetaData/Response");
  wcoBad("101 Responses", good.replace(/(<resp:Response[\s\S]*<\/resp:Response>)/, (r) => r.repeat(101)), 422, "invalid_field", "MetaData/Response");
  wcoBad("Response in a foreign namespace", good.replace(/urn:wco:datamodel:WCO:RES-DMS:2/, "urn:example:res"), 422, "invalid_field", "MetaData/Response");
  wcoBad("FunctionCode in a foreign namespace", good.replace("<resp:FunctionCode>08</resp:FunctionCode>", '<x:FunctionCode xmlns:x="urn:example:x">08</x:FunctionCode>'), 422, "invalid_field", "MetaData/Response[1]/FunctionCode", /required/);
  wcoBad("DateTimeString in the RES namespace instead of Response_DS", good.replace(/ds:DateTimeString/g, "resp:DateTimeString").replace(' xmlns:ds="urn:wco:datamodel:WCO:Response_DS:DMS:2"', ""), 422, "invalid_field", "MetaData/Response[1]/IssueDateTime/DateTimeString");
  wcoBad("no FunctionCode", good.replace(/<resp:FunctionCode>.*<\/resp:FunctionCode>/, ""), 422, "invalid_field", "MetaData/Response[1]/FunctionCode", /required/);
  wcoBad("two FunctionCodes", good.replace(/(<resp:FunctionCode>.*<\/resp:FunctionCode>)/, "$1$1"), 422, "invalid_field", "MetaData/Response[1]/FunctionCode", /once/);
  for (const code of ["99", "00", "04", "12", "19", "53"]) {
    wcoBad(`unknown function code ${code}`, wco({ code }), 422, "unknown_code", "MetaData/Response[1]/FunctionCode", new RegExp(`"${code}"`));
  }
  for (const code of ["1", "001", "AB", "", "0x8", "-1"]) {
    wcoBad(`malformed function code "${code}"`, wco({ code }), 422, "invalid_field", "MetaData/Response[1]/FunctionCode", /two-digit/);
  }
  wcoBad("no FunctionalReferenceID", good.replace(/<resp:FunctionalReferenceID>.*<\/resp:FunctionalReferenceID>/, ""), 422, "invalid_field", "MetaData/Response[1]/FunctionalReferenceID");
  wcoBad("a 36-character FunctionalReferenceID", wco({ id: "a".repeat(36) }), 422, "invalid_field", "MetaData/Response[1]/FunctionalReferenceID", /35/);
  wcoBad("a FunctionalReferenceID with a space", wco({ id: "abc def" }), 422, "invalid_field", "MetaData/Response[1]/FunctionalReferenceID");
  wcoBad("the same FunctionalReferenceID twice in one notification", good.replace(/(<resp:Response[\s\S]*<\/resp:Response>)/, "$1$1"), 422, "invalid_field", "MetaData/Response[2]/FunctionalReferenceID", /twice/);
  wcoBad("no IssueDateTime", good.replace(/<resp:IssueDateTime>.*<\/resp:IssueDateTime>/, ""), 422, "invalid_field", "MetaData/Response[1]/IssueDateTime");
  wcoBad("an empty IssueDateTime", good.replace(/<resp:IssueDateTime>.*<\/resp:IssueDateTime>/, "<resp:IssueDateTime/>"), 422, "invalid_field", "MetaData/Response[1]/IssueDateTime/DateTimeString");
  wcoBad("formatCode 999", wco({ formatCode: "999" }), 422, "invalid_timestamp", "MetaData/Response[1]/IssueDateTime/DateTimeString/@formatCode");
  wcoBad("an ISO date under formatCode 304", wco({ issued: "2026-03-01T12:00:00Z" }), 422, "invalid_timestamp", "MetaData/Response[1]/IssueDateTime/DateTimeString", /304/);
  wcoBad("30 February", wco({ issued: "20260230120000Z" }), 422, "invalid_timestamp", "MetaData/Response[1]/IssueDateTime/DateTimeString", /calendar/);
  wcoBad("hour 25", wco({ issued: "20260301250000Z" }), 422, "invalid_timestamp", "MetaData/Response[1]/IssueDateTime/DateTimeString");
  wcoBad("no formatCode and not the Java form", wco({ formatCode: null }), 422, "invalid_timestamp", "MetaData/Response[1]/IssueDateTime/DateTimeString");
  wcoBad("an issue time in 2099", wco({ issued: "20990101000000Z" }), 422, "future_timestamp", "MetaData/Response[1]/IssueDateTime/DateTimeString", /future/);
  wcoBad("an issue time 10 minutes ahead of the node's clock", wco({ issued: "20260601001000Z" }), 422, "future_timestamp", "MetaData/Response[1]/IssueDateTime/DateTimeString");
  wcoBad("an issue time in 1999", wco({ issued: "19991231235959Z" }), 422, "invalid_timestamp", "MetaData/Response[1]/IssueDateTime/DateTimeString", /2000/);
  wcoBad("a released notice with no Declaration", wco({ mrn: null }), 422, "invalid_field", "MetaData/Response[1]/Declaration/ID", /link/);
  wcoBad("a declaration id with a space", wco({ mrn: "26GB 1234" }), 422, "invalid_field", "MetaData/Response[1]/Declaration/ID");
  wcoBad("three Declarations", good.replace(/(<resp:Declaration>.*<\/resp:Declaration>)/, "$1$1$1"), 422, "invalid_field", "MetaData/Response[1]/Declaration");
  wcoBad("a declaration never linked to a B/L", wco({ mrn: "26GBUNKNOWN0000001" }), 422, "unknown_shipment", "MetaData/Response[1]/Declaration/ID", /not linked/);
  wcoBad("a detained notice for an unknown declaration", wco({ code: "52", mrn: "26GBUNKNOWN0000002" }), 422, "unknown_shipment", "MetaData/Response[1]/Declaration/ID");
  add("WCO DMS values", "a released notice for the linked declaration (accepted)", ROUTES.wco, wco(), ok(1));
  // (Code 09, not the sample's 16: the corpus declaration is an import one, and exit is export-only.)
  add("WCO DMS values", "a Java-form date without formatCode (accepted, as in HMRC's DMSEOG sample)", ROUTES.wco,
    wco({ code: "09", formatCode: null, issued: "Sun Mar 01 12:00:00 UTC 2026" }), ok(1));

  // ------------------------------------------------------------ DCSA JSON
  const dcsaBad = (name: string, body: string, status: number, error: string, field: string | RegExp, reason?: RegExp) =>
    add("DCSA TNT values", name, ROUTES.dcsa, body, refused(status, error, field, reason));
  dcsaBad("not JSON", "{events: [}", 400, "malformed_body", "body", /JSON/);
  dcsaBad("a trailing comma", '{"events": [1,]}', 400, "malformed_body", "body");
  dcsaBad("JSON null", "null", 422, "invalid_field", "body");
  dcsaBad("a JSON string", '"LOAD"', 422, "invalid_field", "body");
  dcsaBad("a JSON number", "42", 422, "invalid_field", "body");
  dcsaBad("an empty object", "{}", 422, "invalid_field", "body");
  dcsaBad("an empty event list", '{"events": []}', 422, "invalid_field", "events", /no events/);
  dcsaBad("an empty array", "[]", 422, "invalid_field", "body", /no events/);
  dcsaBad("events as an object", '{"events": {"eventID": "x"}}', 422, "invalid_field", "events");
  dcsaBad("1001 events", JSON.stringify({ events: Array.from({ length: 1001 }, () => ({ eventID: "x" })) }), 422, "invalid_field", "events", /1000/);
  dcsaBad("JSON nested 100,000 deep", "[".repeat(30_000) + "]".repeat(30_000), 400, "malformed_body", "body", /nests/);
  dcsaBad("JSON nested 33 deep", `{"events": [${"[".repeat(31)}${"]".repeat(31)}]}`, 400, "malformed_body", "body");
  dcsaBad("no eventID", dcsaBody({ eventID: undefined }), 422, "invalid_field", "events[0].eventID", /required/);
  dcsaBad("a numeric eventID", dcsaBody({ eventID: 12345 }), 422, "invalid_field", "events[0].eventID", /string/);
  dcsaBad("an eventID with spaces", dcsaBody({ eventID: "evt 1" }), 422, "invalid_field", "events[0].eventID");
  dcsaBad("a 501-character eventID", dcsaBody({ eventID: "e".repeat(501) }), 422, "invalid_field", "events[0].eventID");
  dcsaBad("no eventDateTime", dcsaBody({ eventDateTime: undefined }), 422, "invalid_field", "events[0].eventDateTime");
  dcsaBad("a numeric eventDateTime", dcsaBody({ eventDateTime: 1772366400 }), 422, "invalid_field", "events[0].eventDateTime", /string/);
  dcsaBad("an RFC 1123 eventDateTime", dcsaBody({ eventDateTime: "Sun, 01 Mar 2026 12:00:00 GMT" }), 422, "invalid_timestamp", "events[0].eventDateTime", /RFC 3339/);
  dcsaBad("a date without time", dcsaBody({ eventDateTime: "2026-03-01" }), 422, "invalid_timestamp", "events[0].eventDateTime");
  dcsaBad("a time without zone", dcsaBody({ eventDateTime: "2026-03-01T12:00:00" }), 422, "invalid_timestamp", "events[0].eventDateTime");
  dcsaBad("month 13", dcsaBody({ eventDateTime: "2026-13-01T12:00:00Z" }), 422, "invalid_timestamp", "events[0].eventDateTime");
  dcsaBad("an event in 2099", dcsaBody({ eventDateTime: "2099-01-01T00:00:00Z" }), 422, "future_timestamp", "events[0].eventDateTime");
  dcsaBad("an event an hour ahead (zone offset trick)", dcsaBody({ eventDateTime: "2026-06-01T03:00:00+02:00" }), 422, "future_timestamp", "events[0].eventDateTime");
  dcsaBad("an event in 1970", dcsaBody({ eventDateTime: "1970-01-01T00:00:00Z" }), 422, "invalid_timestamp", "events[0].eventDateTime");
  dcsaBad("an eventDateTime longer than 30 characters", dcsaBody({ eventDateTime: "2026-03-01T12:00:00.000000000000Z" }), 422, "invalid_field", "events[0].eventDateTime");
  dcsaBad("no eventClassification", dcsaBody({ eventClassification: undefined }), 422, "invalid_field", "events[0].eventClassification");
  dcsaBad("eventClassification null", dcsaBody({ eventClassification: null }), 422, "invalid_field", "events[0].eventClassification");
  dcsaBad("eventClassification as a string", dcsaBody({ eventClassification: "TRANSPORT" }), 422, "invalid_field", "events[0].eventClassification");
  dcsaBad("unknown eventTypeCode CUSTOMS", dcsaBody(classification({ eventTypeCode: "CUSTOMS", eventClassifierCode: "ACT" })), 422, "unknown_code", "events[0].eventClassification.eventTypeCode", /CUSTOMS/);
  dcsaBad("lower-case eventTypeCode", dcsaBody(classification({ eventTypeCode: "transport", eventClassifierCode: "ACT", transportEventTypeCode: "DEPA" })), 422, "unknown_code", "events[0].eventClassification.eventTypeCode");
  dcsaBad("unknown classifier XXX", dcsaBody(classification({ eventTypeCode: "TRANSPORT", eventClassifierCode: "XXX", transportEventTypeCode: "DEPA" })), 422, "unknown_code", "events[0].eventClassification.eventClassifierCode");
  dcsaBad("unknown transport code LAND", dcsaBody(classification({ eventTypeCode: "TRANSPORT", eventClassifierCode: "ACT", transportEventTypeCode: "LAND" })), 422, "unknown_code", "events[0].eventClassification.transportEventTypeCode");
  dcsaBad("unknown equipment code LODE", dcsaBody(classification({ eventTypeCode: "EQUIPMENT", eventClassifierCode: "ACT", equipmentEventTypeCode: "LODE" })), 422, "unknown_code", "events[0].eventClassification.equipmentEventTypeCode");
  dcsaBad("unknown shipment code", dcsaBody(classification({ eventTypeCode: "SHIPMENT", eventClassifierCode: "ACT", shipmentEventTypeCode: "LOST" })), 422, "unknown_code", "events[0].eventClassification.shipmentEventTypeCode");
  dcsaBad("a transport event without its code", dcsaBody(classification({ eventTypeCode: "TRANSPORT", eventClassifierCode: "ACT" })), 422, "invalid_field", "events[0].eventClassification.transportEventTypeCode", /required/);
  dcsaBad("a transport event with an equipment code", dcsaBody(classification({ eventTypeCode: "TRANSPORT", eventClassifierCode: "ACT", equipmentEventTypeCode: "LOAD" })), 422, "invalid_field", "events[0].eventClassification.transportEventTypeCode");
  dcsaBad("both transport and equipment codes", dcsaBody(classification({ eventTypeCode: "EQUIPMENT", eventClassifierCode: "ACT", equipmentEventTypeCode: "LOAD", transportEventTypeCode: "DEPA" })), 422, "invalid_field", "events[0].eventClassification.transportEventTypeCode", /does not belong/);
  for (const locode of ["deham", "DEHA", "DEHAMX", "DE1AM", "12345", "D-HAM", " DEHA"]) {
    dcsaBad(`LOCODE "${locode}"`, dcsaBody({ eventLocation: { UNLocationCode: locode } }), 422, "invalid_locode", "events[0].eventLocation.UNLocationCode");
  }
  dcsaBad("a numeric LOCODE", dcsaBody({ eventLocation: { UNLocationCode: 12345 } }), 422, "invalid_field", "events[0].eventLocation.UNLocationCode");
  dcsaBad("no location on a departure", dcsaBody({ eventLocation: undefined }), 422, "invalid_field", "events[0].eventLocation.UNLocationCode", /required/);
  dcsaBad("an unknown document type", dcsaBody({ shipmentDetails: { documentReference: { typeCode: "XYZ", reference: "A" } } }), 422, "unknown_code", "events[0].shipmentDetails.documentReference.typeCode");
  dcsaBad("a lower-case B/L number", dcsaBody({ shipmentDetails: { documentReference: { typeCode: "TRD", reference: "maeu000000001" } } }), 422, "invalid_field", "events[0].shipmentDetails", /upper-case/);
  dcsaBad("a 101-character document reference", dcsaBody({ shipmentDetails: { documentReference: { typeCode: "TRD", reference: "A".repeat(101) } } }), 422, "invalid_field", "events[0].shipmentDetails.documentReference.reference");
  dcsaBad("two different transport documents", dcsaBody({ shipmentDetails: { documentReference: { typeCode: "TRD", reference: CORPUS_SHIPMENT }, additionalDocumentReferences: [{ typeCode: "TRD", reference: "MAEU000000002" }] } }), 422, "invalid_field", "events[0].shipmentDetails", /2 different/);
  dcsaBad("no transport document reference", dcsaBody({ shipmentDetails: { documentReference: { typeCode: "BKG", reference: "B1" } } }), 422, "unknown_shipment", "events[0].shipmentDetails", /TRD/);
  dcsaBad("no shipmentDetails", dcsaBody({ shipmentDetails: undefined }), 422, "unknown_shipment", "events[0].shipmentDetails");
  dcsaBad("a B/L no declaration is linked to", dcsaBody({ shipmentDetails: { documentReference: { typeCode: "TRD", reference: "MSCU999999999" } } }), 422, "unknown_shipment", "events[0].shipmentDetails", /unknown/);
  dcsaBad("a retracted event", dcsaBody({ isRetracted: true }), 422, "retracted_event", "events[0].isRetracted");
  dcsaBad('isRetracted as "yes"', dcsaBody({ isRetracted: "yes" }), 422, "invalid_field", "events[0].isRetracted");
  dcsaBad("a bad second event after a good one", JSON.stringify({ events: [dcsaEvent(), dcsaEvent({ eventLocation: { UNLocationCode: "XX" } })] }), 422, "invalid_locode", "events[1].eventLocation.UNLocationCode");
  {
    const twice = dcsaEvent();
    dcsaBad("the same eventID twice in one message", JSON.stringify({ events: [twice, { ...twice }] }), 422, "invalid_field", "events[1].eventID", /twice/);
  }
  dcsaBad("a TNT 2.2 event", JSON.stringify([{ eventID: "x", eventType: "TRANSPORT", eventClassifierCode: "ACT", transportEventTypeCode: "ARRI", eventDateTime: "2026-03-01T00:00:00Z" }]), 422, "invalid_field", "body[0].eventClassification", /2\.2/);
  add("DCSA TNT values", "a __proto__ key (ignored, no prototype pollution; accepted)", ROUTES.dcsa,
    `{"events":[${JSON.stringify(dcsaEvent()).replace(/^\{/, '{"__proto__":{"polluted":true},')}]}`, ok(1));
  add("DCSA TNT values", "an estimated arrival (valid, not recorded)", ROUTES.dcsa,
    dcsaBody(classification({ eventTypeCode: "TRANSPORT", eventClassifierCode: "EST", transportEventTypeCode: "ARRI" })), ok(0));
  add("DCSA TNT values", "a single event object (accepted)", ROUTES.dcsa, JSON.stringify(dcsaEvent()), ok(1));

  // ------------------------------------------------------------ canonical JSON
  const canBad = (name: string, body: string, status: number, error: string, field: string | RegExp, reason?: RegExp) =>
    add("canonical values", name, ROUTES.canonical, body, refused(status, error, field, reason));
  canBad("not JSON", "kind=customs-event", 400, "malformed_body", "body");
  canBad("JSON true", "true", 422, "invalid_field", "body.kind");
  canBad("an empty array", "[]", 422, "invalid_field", "body", /no messages/);
  canBad("1001 messages", JSON.stringify(Array.from({ length: 1001 }, () => ({}))), 422, "invalid_field", "body", /1000/);
  canBad("no kind", canonicalBody({ kind: undefined }), 422, "invalid_field", "body.kind");
  canBad("an unknown kind", canonicalBody({ kind: "customs-status" }), 422, "unknown_code", "body.kind");
  canBad("a numeric kind", canonicalBody({ kind: 1 }), 422, "unknown_code", "body.kind");
  canBad("no messageId", canonicalBody({ messageId: undefined }), 422, "invalid_field", "body.messageId");
  canBad("an empty messageId", canonicalBody({ messageId: "" }), 422, "invalid_field", "body.messageId");
  canBad("a messageId with a tab", canonicalBody({ messageId: "a\tb" }), 422, "invalid_field", "body.messageId");
  canBad("a numeric messageId", canonicalBody({ messageId: 7 }), 422, "invalid_field", "body.messageId", /string/);
  canBad("a lower-case B/L", canonicalBody({ shipmentRef: "maeu000000001" }), 422, "invalid_field", "body.shipmentRef");
  canBad("a 36-character B/L", canonicalBody({ shipmentRef: "A".repeat(36) }), 422, "invalid_field", "body.shipmentRef");
  canBad("a B/L with a space", canonicalBody({ shipmentRef: "MAEU 1" }), 422, "invalid_field", "body.shipmentRef");
  canBad("a B/L as an array", canonicalBody({ shipmentRef: [CORPUS_SHIPMENT] }), 422, "invalid_field", "body.shipmentRef");
  canBad("unknown eventType Lost", canonicalBody({ eventType: "Lost" }), 422, "unknown_code", "body.eventType");
  canBad("lower-case eventType", canonicalBody({ eventType: "released" }), 422, "unknown_code", "body.eventType");
  canBad("eventType as its on-chain number", canonicalBody({ eventType: 5 }), 422, "invalid_field", "body.eventType");
  canBad("LOCODE CN SH", canonicalBody({ location: "CN SH" }), 422, "invalid_locode", "body.location");
  canBad("LOCODE cnsha", canonicalBody({ location: "cnsha" }), 422, "invalid_locode", "body.location");
  canBad("LOCODE with digit 1", canonicalBody({ location: "CNSH1" }), 422, "invalid_locode", "body.location");
  canBad("a numeric occurredAt", canonicalBody({ occurredAt: 1772366400 }), 422, "invalid_field", "body.occurredAt");
  canBad("an occurredAt that is not a date", canonicalBody({ occurredAt: "yesterday" }), 422, "invalid_timestamp", "body.occurredAt");
  canBad("an occurredAt in 2030", canonicalBody({ occurredAt: "2030-01-01T00:00:00Z" }), 422, "future_timestamp", "body.occurredAt");
  canBad("an extra field", canonicalBody({ priority: "high" }), 422, "invalid_field", "body.priority", /unexpected/);
  canBad("an event for an unknown B/L", canonicalBody({ shipmentRef: "ONEY000000404" }), 422, "unknown_shipment", "body.shipmentRef");
  canBad("a link with no declarationId", linkBody({ declarationId: undefined }), 422, "invalid_field", "body.declarationId");
  canBad("a link with a numeric linkedAt", linkBody({ linkedAt: 1772366400 }), 422, "invalid_field", "body.linkedAt");
  canBad("a link with a bad LOCODE", linkBody({ location: "NL-RTM" }), 422, "invalid_locode", "body.location");
  canBad("a link relinking the corpus declaration to another B/L", linkBody({ declarationId: CORPUS_DECLARATION, shipmentRef: "MAEU000000999" }), 409, "conflicting_link", "body.declarationId", /already linked/);
  canBad("a good message then a bad one in one array", JSON.stringify([canonicalEvent(), canonicalEvent({ location: "??" })]), 422, "invalid_locode", "body[1].location");
  {
    const same = canonicalEvent();
    canBad("the same messageId twice in one array", JSON.stringify([same, same]), 422, "invalid_field", "body[1].messageId", /twice/);
  }
  add("canonical values", "a new declaration link (accepted)", ROUTES.canonical, linkBody(), ok(0));

  // ------------------------------------------------------------ replayed message ids
  const replayWco = wco({ code: "09" });
  add("replayed ids", "a cleared notice (first delivery)", ROUTES.wco, replayWco, ok(1));
  add("replayed ids", "the same notice again (idempotent duplicate)", ROUTES.wco, replayWco, ok(0, 1));
  add("replayed ids", "the same notice a third time", ROUTES.wco, replayWco, ok(0, 1));
  // One message id, three spellings: XML reads "&#65;" and "&#x41;" as "A".
  const spelledId = uid("A0e1d2c3b4a5968778695a4b3c2d");
  add("replayed ids", "a cleared notice whose id starts with a character reference (first delivery)", ROUTES.wco,
    wco({ code: "09", id: `&#65;${spelledId.slice(1)}` }), ok(1));
  add("replayed ids", "the same notice with the id spelled out (one message)", ROUTES.wco,
    wco({ code: "09", id: spelledId }), ok(0, 1));
  add("replayed ids", "the same notice with a hexadecimal reference (one message)", ROUTES.wco,
    wco({ code: "09", id: `&#x41;${spelledId.slice(1)}` }), ok(0, 1));
  const replayDcsaEvent = dcsaEvent();
  add("replayed ids", "a departure (first delivery)", ROUTES.dcsa, JSON.stringify(replayDcsaEvent), ok(1));
  add("replayed ids", "the same departure re-sent in another batch", ROUTES.dcsa, JSON.stringify({ events: [replayDcsaEvent] }), ok(0, 1));
  add("replayed ids", "the departure's id reused for another place", ROUTES.dcsa,
    JSON.stringify({ ...replayDcsaEvent, eventLocation: { UNLocationCode: "NLRTM" } }),
    refused(409, "conflicting_duplicate", "event.eventID", /different content/));
  const replayCanonical = canonicalEvent();
  add("replayed ids", "a canonical event (first delivery)", ROUTES.canonical, JSON.stringify(replayCanonical), ok(1));
  add("replayed ids", "the same canonical event again", ROUTES.canonical, JSON.stringify(replayCanonical), ok(0, 1));
  add("replayed ids", "the canonical id reused for another status", ROUTES.canonical,
    JSON.stringify({ ...replayCanonical, eventType: "Cleared" }), refused(409, "conflicting_duplicate", "body.messageId"));

  // ------------------------------------------------------------ routing (not messages: not quarantined)
  const route = (name: string, method: string, path: string, status: number, error: string, headers: Record<string, string | null> = {}) =>
    add("routing", name, path, method === "GET" ? "" : "{}", { status, error, quarantined: false }, { method, headers });
  route("GET on the customs route", "GET", ROUTES.wco, 405, "method_not_allowed");
  route("PUT on the transport route", "PUT", ROUTES.dcsa, 405, "method_not_allowed");
  route("DELETE on the canonical route", "DELETE", ROUTES.canonical, 405, "method_not_allowed");
  route("an unknown path", "POST", "/v1/customs/notification", 404, "not_found");
  route("a trailing slash", "POST", `${ROUTES.wco}/`, 404, "not_found");
  route("path traversal", "GET", "/v1/../../etc/passwd", 404, "not_found");
  route("quarantine list without a token", "GET", "/v1/quarantine", 401, "unauthorized", { authorization: null });
  route("quarantine list with the customs token", "GET", "/v1/quarantine", 403, "forbidden", { authorization: `Bearer ${TOKENS.customs}` });
  route("quarantine replay without a token", "POST", "/v1/quarantine/1/replay", 401, "unauthorized", { authorization: null });
  route("replay of an entry that does not exist", "POST", "/v1/quarantine/999999/replay", 404, "not_found", { authorization: `Bearer ${TOKENS.operator}` });
  // 422 naming the id (was a 404 "no route"): every malformed or out-of-range id says what is wrong.
  route("a quarantine id that is not a number", "GET", "/v1/quarantine/abc", 422, "invalid_field", { authorization: `Bearer ${TOKENS.operator}` });
  route("quarantine list with a negative limit", "GET", "/v1/quarantine?limit=-1", 422, "invalid_field", { authorization: `Bearer ${TOKENS.operator}` });

  return cases;
}
