/**
 * Batched ingestion: many JSON messages in one request, as newline-delimited JSON
 * (`application/x-ndjson`, one complete message per line) on the routes whose format is JSON
 * (`/v1/transport-events`, `/v1/events`). Each line is a message of its own, exactly as if it had
 * been POSTed alone: its own bytes (so its own source document hash and quarantine entry), its own
 * validation, its own savepoint, its own outcome in the answer. A malformed line is quarantined
 * alone and the others are kept. WCO DMS notifications are XML documents and stay one per request.
 *
 * Why NDJSON and not a JSON array of messages: an event's `sourceDocHash` is the hash of the bytes
 * of the message that carried it. Lines keep each message's bytes exactly as its sender wrote them,
 * so an event has the same hash, and a resent message is the same duplicate, whether it came alone
 * or in a batch. (A canonical JSON array on `/v1/events` stays what it was: one message with many
 * events, accepted or refused as a whole.)
 */
import { IngestRejection } from "./rejection.ts";

export const BATCH_MEDIA_TYPE = "application/x-ndjson";
/** Most messages (non-blank lines) in one batch request. */
export const MAX_BATCH_MESSAGES = 1000;

/** One message of a batch: its bytes and its 1-based line number in the request body. */
export interface BatchLine {
  line: number;
  body: Buffer;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== CARRIAGE_RETURN) return false;
  }
  return true;
}

/**
 * Splits an NDJSON body into its messages (blank lines skipped, a line's trailing CR dropped).
 * Refuses, naming `body`, a batch without messages or with more than `maxMessages`.
 */
export function splitBatch(body: Buffer, maxMessages = MAX_BATCH_MESSAGES): BatchLine[] {
  const lines: BatchLine[] = [];
  let start = 0;
  let lineNumber = 0;
  while (start <= body.length) {
    let end = body.indexOf(NEWLINE, start);
    if (end === -1) end = body.length;
    lineNumber += 1;
    let slice = body.subarray(start, end);
    if (slice.length > 0 && slice[slice.length - 1] === CARRIAGE_RETURN) {
      slice = slice.subarray(0, slice.length - 1);
    }
    if (!isBlank(slice)) {
      if (lines.length === maxMessages) {
        throw new IngestRejection(
          "invalid_field",
          "body",
          `holds more than ${maxMessages} messages (line ${lineNumber} is message ${maxMessages + 1}); at most ${maxMessages} per batch`,
        );
      }
      lines.push({ line: lineNumber, body: Buffer.from(slice) });
    }
    start = end + 1;
  }
  if (lines.length === 0) {
    throw new IngestRejection("invalid_field", "body", "holds no messages (every line is blank)");
  }
  return lines;
}
