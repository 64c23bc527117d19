/**
 * Sends a simulated feed to N oracle nodes over HTTP, each node independently (its own order of
 * completion, optionally its own dropped messages to exercise M-of-N). Transport failures, 5xx and
 * 429 are retried with exponential backoff; a 4xx is the node's verdict and is not retried.
 *
 * With `batch`, DCSA Track & Trace and canonical messages go many to a request as NDJSON (one
 * message per line, each answered on its own: `oracle/ingest/batch.ts`), WCO DMS notifications as
 * multipart/mixed (one XML document per part: `oracle/ingest/multipartBatch.ts`). A batch leaves
 * at the place of its first message in the feed, so a declaration link is never sent later than
 * it would have been alone.
 */
import { randomUUID } from "node:crypto";

import { createHttpPoster, type HttpPoster } from "../../lib/net/httpPost.ts";
import { BATCH_MEDIA_TYPE, MAX_BATCH_MESSAGES } from "../ingest/batch.ts";
import { MULTIPART_MEDIA_TYPE, multipartBody } from "../ingest/multipartBatch.ts";
import type { MessageFormat } from "../store/quarantine.ts";
import type { SimulatedMessage } from "./feedSimulator.ts";
import { createRandom } from "./random.ts";

export interface FeedNode {
  /** Base URL, e.g. "http://127.0.0.1:7001". */
  url: string;
  /** Bearer token per format (a client may hold all three scopes and use one token). */
  tokens: Readonly<Record<MessageFormat, string>>;
}

export interface SendFeedOptions {
  nodes: readonly FeedNode[];
  /** Requests in flight per node (default 4). Order of arrival follows the feed within this window. */
  concurrency?: number;
  /** Probability that a node never receives a given message (default 0), decided per node. */
  perNodeDropRate?: number;
  /** Seed for the drop decisions (default "drops"). */
  seed?: number | string;
  /** Attempts per message for transport errors, 5xx and 429 (default 6). */
  attempts?: number;
  /** First retry delay in ms, doubled each time (default 100). */
  backoffMs?: number;
  signal?: AbortSignal;
  /**
   * Send messages in batches (NDJSON for DCSA and canonical, multipart/mixed for WCO) of at most `maxMessages` messages and
   * `maxBytes` bytes (default 256 KiB; a node takes 1 MiB by default). Default: one per request.
   */
  batch?: { maxMessages: number; maxBytes?: number };
  /** Called after each message's final answer from a node. */
  onResult?: (node: number, message: SimulatedMessage, status: number | "failed") => void;
}

export interface NodeSendReport {
  url: string;
  sent: number;
  /** HTTP requests made (without retries): `sent` when every message is its own request. */
  requests: number;
  /** 2xx answers. */
  accepted: number;
  /** 4xx answers (refused: quarantined by the node). */
  refused: number;
  /** Gave up after all attempts. */
  failed: number;
  /** Skipped on purpose (perNodeDropRate). */
  dropped: number;
  statuses: Record<string, number>;
}

/**
 * One POST, over the run's kept-alive connections (`lib/net/httpPost.ts`: fetch's per-request
 * WHATWG objects were most of the feed's CPU). An abort listener on the run's one signal would
 * pile up one per message, so each request gets a signal of its own, tied to the run's by one
 * listener removed when it is done.
 */
async function postOnce(
  poster: HttpPoster,
  node: FeedNode,
  message: SimulatedMessage,
  signal?: AbortSignal,
) {
  signal?.throwIfAborted();
  const request = new AbortController();
  const forward = () => request.abort(signal?.reason);
  signal?.addEventListener("abort", forward, { once: true });
  try {
    const answer = await poster.post(
      new URL(message.path, node.url),
      message.body,
      {
        "content-type": message.contentType,
        authorization: `Bearer ${node.tokens[message.format]}`,
      },
      { signal: signal === undefined ? undefined : request.signal },
    );
    return answer.status;
  } finally {
    signal?.removeEventListener("abort", forward);
  }
}

/** The formats whose messages may share a request: JSON as NDJSON lines, WCO XML as MIME parts. */
const BATCHABLE: ReadonlySet<MessageFormat> = new Set(["dcsa-tnt", "canonical", "wco-dms"]);

/** A batch request's content type and body: multipart/mixed for WCO XML, NDJSON for JSON. */
function batchRequest(messages: readonly SimulatedMessage[]): {
  contentType: string;
  body: string;
} {
  if (messages[0]!.format === "wco-dms") {
    const boundary = `caravel-${randomUUID()}`;
    return {
      contentType: `${MULTIPART_MEDIA_TYPE}; boundary=${boundary}`,
      body: multipartBody(
        messages.map((m) => m.body),
        boundary,
      ),
    };
  }
  return { contentType: BATCH_MEDIA_TYPE, body: messages.map((m) => m.body).join("\n") };
}
const DEFAULT_BATCH_BYTES = 256 * 1024;

/** What one request carries: one message as it is, or an NDJSON batch of one format's messages. */
interface Unit {
  messages: SimulatedMessage[];
  bytes: number;
}

/**
 * Groups the queue into requests. Batchable messages join the open batch of their format until it
 * is full; the batch keeps the place of its first message, so nothing is sent later than alone.
 */
function unitsOf(queue: readonly SimulatedMessage[], batch: SendFeedOptions["batch"]): Unit[] {
  if (batch === undefined) return queue.map((m) => ({ messages: [m], bytes: m.body.length }));
  const maxMessages = Math.min(MAX_BATCH_MESSAGES, Math.max(1, batch.maxMessages));
  const maxBytes = batch.maxBytes ?? DEFAULT_BATCH_BYTES;
  const units: Unit[] = [];
  const open = new Map<MessageFormat, Unit>();
  for (const message of queue) {
    const bytes = Buffer.byteLength(message.body);
    if (
      !BATCHABLE.has(message.format) ||
      (message.format !== "wco-dms" && message.body.includes("\n"))
    ) {
      units.push({ messages: [message], bytes });
      continue;
    }
    let unit = open.get(message.format);
    if (
      unit === undefined ||
      unit.messages.length >= maxMessages ||
      unit.bytes + bytes > maxBytes
    ) {
      unit = { messages: [], bytes: 0 };
      open.set(message.format, unit);
      units.push(unit);
    }
    unit.messages.push(message);
    unit.bytes += bytes + 1;
  }
  return units;
}

/** One batch POST; resolves with each message's status (the batch's own status if refused whole). */
async function postBatch(
  poster: HttpPoster,
  node: FeedNode,
  messages: readonly SimulatedMessage[],
  signal?: AbortSignal,
): Promise<number[]> {
  signal?.throwIfAborted();
  const first = messages[0]!;
  const { contentType, body } = batchRequest(messages);
  const request = new AbortController();
  const forward = () => request.abort(signal?.reason);
  signal?.addEventListener("abort", forward, { once: true });
  try {
    const response = await poster.post(
      new URL(first.path, node.url),
      body,
      {
        "content-type": contentType,
        authorization: `Bearer ${node.tokens[first.format]}`,
      },
      { signal: signal === undefined ? undefined : request.signal },
    );
    if (response.status !== 200) return messages.map(() => response.status);
    const answer = JSON.parse(response.body.toString("utf8")) as {
      results?: { status?: unknown }[];
    };
    const results = answer.results ?? [];
    if (results.length !== messages.length) {
      throw new Error(
        `${node.url} answered a batch of ${messages.length} messages with ${results.length} results`,
      );
    }
    return results.map((r) => (typeof r.status === "number" ? r.status : 500));
  } finally {
    signal?.removeEventListener("abort", forward);
  }
}

async function sendToNode(
  poster: HttpPoster,
  nodeIndex: number,
  node: FeedNode,
  messages: readonly SimulatedMessage[],
  options: SendFeedOptions,
): Promise<NodeSendReport> {
  const report: NodeSendReport = {
    url: node.url,
    sent: 0,
    requests: 0,
    accepted: 0,
    refused: 0,
    failed: 0,
    dropped: 0,
    statuses: {},
  };
  const drops = createRandom(`${options.seed ?? "drops"}:${nodeIndex}`);
  const dropRate = options.perNodeDropRate ?? 0;
  const queue = messages.filter(() => {
    const keep = !drops.chance(dropRate);
    if (!keep) report.dropped += 1;
    return keep;
  });
  const attempts = options.attempts ?? 6;
  const backoffMs = options.backoffMs ?? 100;
  const units = unitsOf(queue, options.batch);
  let next = 0;
  const aborted = () => options.signal?.aborted === true;
  const retryable = (status: number) => status >= 500 || status === 429;
  const worker = async () => {
    while (next < units.length) {
      if (aborted()) return;
      const unit = units[next++]!;
      const batched = unit.messages.length > 1;
      let statuses: (number | "failed")[] = unit.messages.map(() => "failed");
      for (let attempt = 0; attempt < attempts; attempt++) {
        try {
          statuses = batched
            ? await postBatch(poster, node, unit.messages, options.signal)
            : [await postOnce(poster, node, unit.messages[0]!, options.signal)];
          // A batch is resent whole: lines already stored come back as duplicates.
          if (!statuses.some((s) => s === "failed" || retryable(s))) break;
        } catch (error) {
          if (aborted()) throw error;
          statuses = unit.messages.map(() => "failed");
        }
        await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** attempt));
      }
      report.requests += 1;
      unit.messages.forEach((message, i) => {
        const status = statuses[i]!;
        report.sent += 1;
        if (status === "failed" || retryable(status)) report.failed += 1;
        else if (status < 300) report.accepted += 1;
        else report.refused += 1;
        report.statuses[String(status)] = (report.statuses[String(status)] ?? 0) + 1;
        options.onResult?.(nodeIndex, message, status);
      });
    }
  };
  const concurrency = Math.max(1, options.concurrency ?? 4);
  await Promise.all(Array.from({ length: concurrency }, worker));
  return report;
}

/** Sends every message to every node (minus per-node drops); resolves with one report per node. */
export async function sendFeed(
  messages: Iterable<SimulatedMessage>,
  options: SendFeedOptions,
): Promise<NodeSendReport[]> {
  const list = [...messages];
  const poster = createHttpPoster();
  try {
    return await Promise.all(
      options.nodes.map((node, i) => sendToNode(poster, i, node, list, options)),
    );
  } finally {
    poster.close();
  }
}
