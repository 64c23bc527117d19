/**
 * The node's own HTTP routes, next to the ingest API:
 *
 *   POST /v1/consensus/observe       leader → follower (committee bearer token)
 *   POST /v1/consensus/sign          leader → follower (committee bearer token + proposer signature)
 *   GET  /metrics                    Prometheus text format (no auth: bind to a private interface)
 *   GET  /healthz                    200 while the node can accept events, 503 when draining/broken
 *   GET  /v1/admin/status            operator (admin bearer token)
 *   GET  /v1/admin/equivocations     operator
 *   POST /v1/admin/resend/:sequence  operator: re-queue this node's report(s) for that sequence
 *                                    (1 to MAX_SEQUENCE, else 422 naming `sequence`)
 *
 * Every request body is size-limited and validated with zod; errors are JSON `{error, field, reason}`.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod/v4";
import type { Secret } from "../config/secrets.ts";
import { stringifyMessage } from "../consensus/messages.ts";

/**
 * Largest report sequence a node can hold: the contract's sequences are uint64, but SQLite stores
 * signed 64-bit integers, and a chain would need 2^63 reports to get there.
 */
export const MAX_SEQUENCE = 2n ** 63n - 1n;

/** A report sequence from a URL path segment, or the reason it is none (for a 422). */
export function parseSequence(
  text: string,
): { ok: true; sequence: bigint } | { ok: false; reason: string } {
  const sequence = /^[0-9]{1,20}$/.test(text) ? BigInt(text) : undefined;
  if (sequence === undefined || sequence < 1n || sequence > MAX_SEQUENCE) {
    return {
      ok: false,
      reason: `must be an integer from 1 to ${MAX_SEQUENCE}, got "${text.slice(0, 40)}"`,
    };
  }
  return { ok: true, sequence };
}

/** Largest consensus message accepted (a 2,000-event report is about 1 MB of JSON). */
export const MAX_CONSENSUS_BODY_BYTES = 4 * 1024 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = stringifyMessage(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  status: number,
  error: string,
  field: string,
  reason: string,
): void {
  sendJson(res, status, { error, field, reason });
}

/** Checks `Authorization: Bearer <token>` against a secret, in constant time. */
export function bearerMatches(header: string | undefined, token: Secret): boolean {
  const match = /^Bearer (\S+)$/.exec(header ?? "");
  if (match === null) return false;
  const presented = createHash("sha256").update(match[1]!, "utf8").digest();
  const expected = createHash("sha256").update(token.reveal(), "utf8").digest();
  return timingSafeEqual(presented, expected);
}

/** Reads a JSON body of at most `limit` bytes; undefined (and a 413/400 sent) if it is not. */
export async function readJson<S extends z.ZodTypeAny>(
  req: IncomingMessage,
  res: ServerResponse,
  schema: S,
  limit = MAX_CONSENSUS_BODY_BYTES,
): Promise<z.output<S> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      sendError(res, 413, "payload_too_large", "body", `is larger than ${limit} bytes`);
      req.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    sendError(res, 400, "invalid_json", "body", "is not valid JSON");
    return undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    sendError(res, 400, "invalid_field", issue.path.join(".") || "body", issue.message);
    return undefined;
  }
  return parsed.data as z.output<S>;
}
