/**
 * Batched WCO DMS notifications: many XML documents in one request as `multipart/mixed`
 * (RFC 2046 §5.1), one document per body part, on `/v1/customs/notifications`. Each part is a
 * message of its own, exactly as if it had been POSTed alone: its own bytes (the part's body,
 * byte for byte, so its own source document hash and quarantine entry), its own validation, its
 * own savepoint, its own outcome in the answer. A malformed part is quarantined alone and the
 * others are kept.
 *
 * Why multipart/mixed and not NDJSON as for the JSON formats: an XML document holds newlines, and
 * carrying it inside a JSON string would make the bytes hashed (`sourceDocHash`) something the
 * sender never wrote. A MIME part keeps the document's bytes as they are, is what mail and HTTP
 * already use for "several documents in one body", and any HTTP client library can build it.
 *
 * What is read of a part: its `Content-Type` header, if any (it must then be `application/xml`
 * or `text/xml`, charset UTF-8; without one the part is taken as `application/xml`), and its
 * body. Other part headers are ignored; `Content-Transfer-Encoding` other than 7bit, 8bit or
 * binary is refused for that part, like a compressed request body.
 */
import { MAX_BATCH_MESSAGES } from "./batch.ts";
import { IngestRejection } from "./rejection.ts";

export const MULTIPART_MEDIA_TYPE = "multipart/mixed";

/** One document of a multipart batch: its bytes, its 1-based part number and its content type. */
export interface BatchPart {
  part: number;
  body: Buffer;
  /** The part's `Content-Type` as sent, or undefined when the part has none. */
  contentType: string | undefined;
  /** Set when the part's own headers refuse it (it is quarantined alone). */
  rejection?: IngestRejection;
}

/** RFC 2046 boundary: 1-70 characters from bcharsnospace and space, not ending with a space. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

/**
 * The `boundary` parameter of a `multipart/mixed` Content-Type header (case kept: a boundary is
 * case-sensitive), or a 415-class refusal naming `content-type`.
 */
export function multipartBoundary(header: string): string {
  const match = /;\s*boundary=(?:"([^"]*)"|([^;\s]*))/i.exec(header);
  const boundary = match?.[1] ?? match?.[2];
  if (boundary === undefined || !BOUNDARY.test(boundary)) {
    throw new IngestRejection(
      "unsupported_media_type",
      "content-type",
      `${MULTIPART_MEDIA_TYPE} needs a boundary parameter of 1-70 characters (RFC 2046)`,
    );
  }
  return boundary;
}

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");
const XML_TYPES = ["application/xml", "text/xml"];
const IDENTITY_ENCODINGS = ["7bit", "8bit", "binary"];

function refuse(reason: string): never {
  throw new IngestRejection(
    "malformed_body",
    "body",
    `is not a valid ${MULTIPART_MEDIA_TYPE} body: ${reason}`,
  );
}

/** Reads a part's header block; returns its content type, or the rejection its headers earn. */
function readPartHeaders(
  block: string,
  part: number,
): { contentType: string | undefined; rejection?: IngestRejection } {
  let contentType: string | undefined;
  for (const line of block.split("\r\n")) {
    if (line === "") continue;
    const colon = line.indexOf(":");
    if (colon <= 0)
      refuse(`part ${part} has a header line without a name ("${line.slice(0, 40)}")`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === "content-type") contentType = value;
    else if (
      name === "content-transfer-encoding" &&
      !IDENTITY_ENCODINGS.includes(value.toLowerCase())
    ) {
      return {
        contentType,
        rejection: new IngestRejection(
          "unsupported_media_type",
          `part[${part}].content-transfer-encoding`,
          `"${value.slice(0, 40)}" is not accepted; send the document as it is (binary)`,
        ),
      };
    }
  }
  if (contentType !== undefined) {
    const [type = "", ...params] = contentType.split(";").map((p) => p.trim().toLowerCase());
    const charset = params.find((p) => p.startsWith("charset="))?.slice(8);
    if (
      !XML_TYPES.includes(type) ||
      (charset !== undefined && !["utf-8", "utf8", '"utf-8"'].includes(charset))
    ) {
      return {
        contentType,
        rejection: new IngestRejection(
          "unsupported_media_type",
          `part[${part}].content-type`,
          `"${contentType.slice(0, 60)}" is not accepted here; send ${XML_TYPES.join(" or ")} (UTF-8)`,
        ),
      };
    }
  }
  return { contentType };
}

/**
 * Splits a `multipart/mixed` body into its parts (preamble and epilogue ignored). Refuses,
 * naming `body`, a body that is not multipart with this boundary, that has no part or more than
 * `maxMessages`, or whose closing delimiter is missing (a cut-off batch is refused whole).
 */
export function splitMultipart(
  body: Buffer,
  boundary: string,
  maxMessages = MAX_BATCH_MESSAGES,
): BatchPart[] {
  const dashBoundary = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.concat([CRLF, dashBoundary]);
  // The first delimiter may open the body without the CRLF before it.
  let at = body.subarray(0, dashBoundary.length).equals(dashBoundary) ? 0 : body.indexOf(delimiter);
  if (at === -1) refuse(`no "--${boundary.slice(0, 70)}" delimiter`);
  at += at === 0 ? dashBoundary.length : delimiter.length;
  const parts: BatchPart[] = [];
  for (;;) {
    // After a delimiter: "--" closes the body; otherwise transport padding, then CRLF.
    if (body[at] === 0x2d && body[at + 1] === 0x2d) break;
    while (body[at] === 0x20 || body[at] === 0x09) at += 1;
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) {
      refuse(`the delimiter before part ${parts.length + 1} is not followed by CRLF`);
    }
    at += 2;
    const number = parts.length + 1;
    if (number > maxMessages) {
      throw new IngestRejection(
        "invalid_field",
        "body",
        `holds more than ${maxMessages} parts; at most ${maxMessages} per batch`,
      );
    }
    const next = body.indexOf(delimiter, at);
    if (next === -1) refuse(`part ${number} has no delimiter after it (a cut-off batch)`);
    // Headers end at the first empty line; a part with no headers starts with that empty line.
    let headers = "";
    let start: number;
    if (body[at] === 0x0d && body[at + 1] === 0x0a) {
      start = at + 2;
    } else {
      const end = body.indexOf(HEADER_END, at);
      if (end === -1 || end >= next) refuse(`part ${number} has no empty line after its headers`);
      headers = body.toString("latin1", at, end);
      start = end + HEADER_END.length;
    }
    const read = readPartHeaders(headers, number);
    const part: BatchPart = {
      part: number,
      body: Buffer.from(body.subarray(start, Math.max(start, next))),
      contentType: read.contentType,
    };
    if (read.rejection !== undefined) part.rejection = read.rejection;
    parts.push(part);
    at = next + delimiter.length;
  }
  if (parts.length === 0) refuse("it holds no part");
  return parts;
}

/** A multipart/mixed body carrying `documents`, one per part, for senders (feed, tests). */
export function multipartBody(documents: readonly string[], boundary: string): string {
  let text = "";
  for (const document of documents) {
    if (document.includes(`--${boundary}`)) {
      throw new Error(`a document contains the boundary "${boundary}"; choose another`);
    }
    text += `--${boundary}\r\ncontent-type: application/xml\r\n\r\n${document}\r\n`;
  }
  return `${text}--${boundary}--\r\n`;
}
