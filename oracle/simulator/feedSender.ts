/**
 * Sends a simulated feed to N oracle nodes over HTTP, each node independently (its own order of
 * completion, optionally its own dropped messages to exercise M-of-N). Transport failures, 5xx and
 * 429 are retried with exponential backoff; a 4xx is the node's verdict and is not retried.
 */
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
  /** Called after each message's final answer from a node. */
  onResult?: (node: number, message: SimulatedMessage, status: number | "failed") => void;
}

export interface NodeSendReport {
  url: string;
  sent: number;
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
 * One POST. fetch (undici) adds an abort listener to the signal it is given and removes it only
 * when the request is garbage-collected, so handing it the run's one signal piled up a listener
 * per message (thousands of MaxListenersExceededWarning in one `oracle:network` run). Each request
 * gets a signal of its own instead, tied to the run's by one listener removed when it is done.
 */
async function postOnce(node: FeedNode, message: SimulatedMessage, signal?: AbortSignal) {
  signal?.throwIfAborted();
  const request = new AbortController();
  const forward = () => request.abort(signal?.reason);
  signal?.addEventListener("abort", forward, { once: true });
  try {
    const response = await fetch(new URL(message.path, node.url), {
      method: "POST",
      headers: {
        "content-type": message.contentType,
        authorization: `Bearer ${node.tokens[message.format]}`,
      },
      body: message.body,
      signal: request.signal,
    });
    await response.arrayBuffer();
    return response.status;
  } finally {
    signal?.removeEventListener("abort", forward);
  }
}

async function sendToNode(
  nodeIndex: number,
  node: FeedNode,
  messages: readonly SimulatedMessage[],
  options: SendFeedOptions,
): Promise<NodeSendReport> {
  const report: NodeSendReport = {
    url: node.url,
    sent: 0,
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
  let next = 0;
  const aborted = () => options.signal?.aborted === true;
  const worker = async () => {
    while (next < queue.length) {
      if (aborted()) return;
      const message = queue[next++]!;
      let status: number | "failed" = "failed";
      for (let attempt = 0; attempt < attempts; attempt++) {
        try {
          status = await postOnce(node, message, options.signal);
          if (status < 500 && status !== 429) break;
        } catch (error) {
          if (aborted()) throw error;
          status = "failed";
        }
        await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** attempt));
      }
      report.sent += 1;
      if (status === "failed" || status >= 500 || status === 429) report.failed += 1;
      else if (status < 300) report.accepted += 1;
      else report.refused += 1;
      report.statuses[String(status)] = (report.statuses[String(status)] ?? 0) + 1;
      options.onResult?.(nodeIndex, message, status);
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
  return Promise.all(options.nodes.map((node, i) => sendToNode(i, node, list, options)));
}
