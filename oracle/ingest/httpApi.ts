/**
 * The ingest HTTP API, as a node:http handler another server can mount:
 *   POST /v1/customs/notifications   WCO DMS XML       (scope "customs")
 *   POST /v1/transport-events        DCSA TNT 3 JSON   (scope "transport")
 *   POST /v1/events                  canonical JSON    (scope "events")
 *   GET  /v1/quarantine[?limit&offset&status]         (scope "operator")
 *   GET  /v1/quarantine/:id                           (scope "operator")
 *   POST /v1/quarantine/:id/replay   [corrected body] (scope "operator")
 * Handlers validate and store, and never sign. A refused message gets a 4xx JSON body
 * `{error, field, reason, quarantineId}` and is kept in quarantine; an accepted one a 202
 * `{accepted, duplicate, eventKeys, ignored, linked, replayed}` after its transaction committed.
 * The JSON routes also take a batch (`application/x-ndjson`, one message per line; `batch.ts`),
 * the WCO route a batch of XML documents (`multipart/mixed`, one per part; `multipartBatch.ts`):
 * a 200 `{messages, accepted, refused, results}` once every message is committed, `results[i]`
 * being message i's own answer as above plus its `line` (NDJSON) or `part` (multipart) number and
 * its `status`.
 * A request without a valid token is the exception: anyone can send one, so its body is never
 * read nor kept (401, connection closed); it is counted in `caravel_ingest_auth_refused_total`.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Logger } from "../observability/logger.ts";
import { GroupCommit } from "../store/groupCommit.ts";
import type { Counter, Histogram, MetricsRegistry } from "../observability/metrics.ts";
import {
  isAuthenticationRefusal,
  QuarantineEntryAlreadyReplayedError,
  QuarantineEntryNotFoundError,
  QuarantineEntryUnauthenticatedError,
  type MessageFormat,
  type QuarantineStatus,
} from "../store/quarantine.ts";
import type { AuthResult, BearerAuthenticator, ClientScope } from "./auth.ts";
import { BATCH_MEDIA_TYPE, splitBatch } from "./batch.ts";
import { createLimitedServer, type HttpServerLimits } from "./httpServer.ts";
import { MULTIPART_MEDIA_TYPE, multipartBoundary, splitMultipart } from "./multipartBatch.ts";
import type { IngestOutcome, IngestPipeline } from "./pipeline.ts";
import { IngestRejection, type RejectionCode } from "./rejection.ts";

/** Default largest accepted body: 1 MiB (a large CDS notification is ~10 KB). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** At most one log line per this long about unauthenticated requests (the metric counts all). */
export const UNAUTHENTICATED_LOG_INTERVAL_MS = 60_000;
/** Quarantine ids are SQLite row ids handed out from 1, read as JavaScript numbers. */
const MAX_QUARANTINE_ID = Number.MAX_SAFE_INTEGER;
/** `?override=authentication`: replay an entry refused as unauthorized or forbidden. */
const AUTHENTICATION_OVERRIDE = "authentication";

export interface IngestHandlerDeps {
  pipeline: IngestPipeline;
  authenticator: BearerAuthenticator;
  maxBodyBytes?: number;
  /**
   * Commits the messages that arrive in one event-loop turn together (one fsync), answering each
   * only after the commit. Default: a GroupCommit over the pipeline's database.
   */
  groupCommit?: GroupCommit;
  logger?: Logger;
  metrics?: MetricsRegistry;
}

export type IngestHandler = (req: IncomingMessage, res: ServerResponse) => void;

interface MessageRoute {
  format: MessageFormat;
  scope: ClientScope;
  mediaTypes: readonly string[];
  /**
   * The media type of a batch of this route's messages: NDJSON for the JSON formats,
   * multipart/mixed for WCO DMS XML documents.
   */
  batchMediaType: typeof BATCH_MEDIA_TYPE | typeof MULTIPART_MEDIA_TYPE;
}

/** One message of a batch request, with its place in the request (`line` or `part` number). */
interface BatchItem {
  position: number;
  body: Buffer;
  contentType: string;
  /** A refusal earned before parsing (a part's own headers): quarantined alone. */
  rejection?: IngestRejection;
}

interface Batch {
  /** How the answer numbers the messages: NDJSON lines or MIME parts. */
  positionKey: "line" | "part";
  items: BatchItem[];
}

const MESSAGE_ROUTES: Readonly<Record<string, MessageRoute>> = {
  "/v1/customs/notifications": {
    format: "wco-dms",
    scope: "customs",
    mediaTypes: ["application/xml", "text/xml"],
    batchMediaType: MULTIPART_MEDIA_TYPE,
  },
  "/v1/transport-events": {
    format: "dcsa-tnt",
    scope: "transport",
    mediaTypes: ["application/json"],
    batchMediaType: BATCH_MEDIA_TYPE,
  },
  "/v1/events": {
    format: "canonical",
    scope: "events",
    mediaTypes: ["application/json"],
    batchMediaType: BATCH_MEDIA_TYPE,
  },
};

const MEDIA_TYPES_BY_FORMAT: Readonly<Record<MessageFormat, readonly string[]>> = {
  "wco-dms": MESSAGE_ROUTES["/v1/customs/notifications"]!.mediaTypes,
  "dcsa-tnt": MESSAGE_ROUTES["/v1/transport-events"]!.mediaTypes,
  canonical: MESSAGE_ROUTES["/v1/events"]!.mediaTypes,
};

// Any segment: a malformed or out-of-range id gets a 422 naming `id`, not a 404 or a 500.
const QUARANTINE_ENTRY = /^\/v1\/quarantine\/([^/]+)$/;
const QUARANTINE_REPLAY = /^\/v1\/quarantine\/([^/]+)\/replay$/;

/** A quarantine id from the path: an integer from 1 to MAX_QUARANTINE_ID, or a 422 naming `id`. */
function parseQuarantineId(text: string): number {
  if (!/^[0-9]{1,16}$/.test(text) || Number(text) < 1 || Number(text) > MAX_QUARANTINE_ID) {
    throw new IngestRejection(
      "invalid_field",
      "id",
      `must be an integer from 1 to ${MAX_QUARANTINE_ID}, got "${text.slice(0, 40)}"`,
    );
  }
  return Number(text);
}

/** Whether this handler serves the path (so a node's server can route everything else itself). */
export function isIngestPath(pathname: string): boolean {
  return (
    Object.hasOwn(MESSAGE_ROUTES, pathname) ||
    pathname === "/v1/quarantine" ||
    QUARANTINE_ENTRY.test(pathname) ||
    QUARANTINE_REPLAY.test(pathname)
  );
}

function sendJson(res: ServerResponse, status: number, body: unknown, close = false): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...(close ? { connection: "close" } : {}),
  });
  res.end(text);
}

/**
 * The media type must be one of `allowed`; a charset, if given, must be UTF-8. Returns the media
 * type (lower case, without parameters).
 */
function checkContentType(header: string | undefined, allowed: readonly string[]): string {
  const [type = "", ...params] = (header ?? "").split(";").map((p) => p.trim().toLowerCase());
  if (!allowed.includes(type)) {
    throw new IngestRejection(
      "unsupported_media_type",
      "content-type",
      `"${(header ?? "").slice(0, 60)}" is not accepted here; send ${allowed.join(" or ")}`,
    );
  }
  for (const param of params) {
    if (param.startsWith("charset=") && !["utf-8", "utf8", '"utf-8"'].includes(param.slice(8))) {
      throw new IngestRejection("unsupported_media_type", "content-type", "charset must be utf-8");
    }
  }
  return type;
}

interface BodyRead {
  body: Buffer;
  oversize: boolean;
}

/**
 * Reads the body, keeping at most `limit` bytes. Resolves as soon as the limit is passed, with the
 * first `limit` bytes (kept in quarantine); the rest is drained and discarded, and the connection
 * is cut if the client keeps sending far beyond it.
 */
function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let seen = 0;
    let settled = false;
    req.on("data", (chunk: Buffer) => {
      seen += chunk.length;
      if (!settled) {
        const room = limit - kept;
        if (chunk.length > room) {
          if (room > 0) chunks.push(chunk.subarray(0, room));
          kept = limit;
          settled = true;
          resolve({ body: Buffer.concat(chunks), oversize: true });
        } else {
          chunks.push(chunk);
          kept += chunk.length;
        }
      } else if (seen > limit * 8) {
        req.destroy();
      }
    });
    req.on("end", () => {
      if (!settled) {
        settled = true;
        resolve({ body: Buffer.concat(chunks), oversize: false });
      }
    });
    req.on("error", (error) => {
      if (!settled) {
        settled = true;
        reject(new ClientGoneError(error));
      }
    });
    req.on("close", () => {
      if (!settled) {
        settled = true;
        reject(new ClientGoneError(new Error("connection closed before the body ended")));
      }
    });
  });
}

/** The client went away before its body arrived: nothing to answer, nothing to keep. */
class ClientGoneError extends Error {
  override readonly name = "ClientGoneError";
  constructor(cause: Error) {
    super(`client went away: ${cause.message}`, { cause });
  }
}

interface HttpMetrics {
  responses: Counter;
  duration: Histogram;
}

/**
 * Calls `emit` at most once per `intervalMs`, with how many calls it skipped since: a flood of
 * unauthenticated requests must not fill the disk through the log either.
 */
function throttled(
  intervalMs: number,
  emit: (suppressed: number) => void,
  nowMs: () => number = Date.now,
): () => void {
  let lastMs = -Infinity;
  let suppressed = 0;
  return () => {
    const now = nowMs();
    if (now - lastMs < intervalMs) {
      suppressed += 1;
      return;
    }
    lastMs = now;
    emit(suppressed);
    suppressed = 0;
  };
}

export function createIngestHandler(deps: IngestHandlerDeps): IngestHandler {
  const { pipeline, authenticator, logger } = deps;
  const commitBatch = deps.metrics?.histogram({
    name: "caravel_ingest_commit_batch_size",
    help: "Messages committed together by one group commit",
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
  });
  const groupCommit =
    deps.groupCommit ??
    new GroupCommit(pipeline.db, {
      onCommit: (size) => commitBatch?.observe(size),
    });
  const maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new RangeError(`maxBodyBytes must be a positive integer, got ${maxBodyBytes}`);
  }
  const metrics: HttpMetrics | undefined =
    deps.metrics === undefined
      ? undefined
      : {
          responses: deps.metrics.counter({
            name: "caravel_ingest_http_responses_total",
            help: "Ingest API responses by route and status",
            labelNames: ["route", "status"],
          }),
          duration: deps.metrics.histogram({
            name: "caravel_ingest_http_request_duration_seconds",
            help: "Ingest API request handling time",
            labelNames: ["route"],
            buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
          }),
        };

  const authRefused = deps.metrics?.counter({
    name: "caravel_ingest_auth_refused_total",
    help: "Requests refused for their bearer token (never stored), by route and reason",
    labelNames: ["route", "reason"],
  });
  let lastUnauthenticated: { route: string; reason: string } = { route: "", reason: "" };
  const warnUnauthenticated = throttled(UNAUTHENTICATED_LOG_INTERVAL_MS, (suppressed) =>
    logger?.warn("unauthenticated requests refused (not stored)", {
      ...lastUnauthenticated,
      sinceLastLine: suppressed + 1,
    }),
  );

  const refuse = (
    res: ServerResponse,
    rejection: IngestRejection,
    extra: object = {},
    close = false,
  ) =>
    sendJson(
      res,
      rejection.httpStatus,
      { error: rejection.code, field: rejection.field, reason: rejection.reason, ...extra },
      close,
    );

  /**
   * Answers a request whose token is missing, malformed, unknown (401) or lacks the route's scope
   * (403) without reading its body, and counts it.
   */
  function refuseUnauthenticated(
    req: IncomingMessage,
    res: ServerResponse,
    routeName: string,
    auth: Exclude<AuthResult, { ok: true }>,
  ): void {
    authRefused?.inc({ route: routeName, reason: auth.refusal });
    if (auth.status === 401) {
      lastUnauthenticated = { route: routeName, reason: auth.refusal };
      warnUnauthenticated();
      res.setHeader("www-authenticate", 'Bearer realm="caravel"');
    }
    // The body is not read: the connection is closed after the answer.
    sendJson(
      res,
      auth.status,
      {
        error: auth.status === 401 ? "unauthorized" : "forbidden",
        field: "authorization",
        reason: auth.reason,
      },
      true,
    );
    req.resume();
  }

  async function handleMessage(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    route: MessageRoute,
  ) {
    const auth = authenticator.authenticate(req.headers.authorization, route.scope);
    if (!auth.ok && auth.status === 401) {
      // Anyone can send this: storing it would make the quarantine free storage (and fsyncs) for
      // the open internet. Only the metric and a throttled log line remember it.
      refuseUnauthenticated(req, res, path, auth);
      return;
    }
    const { body, oversize } = await readBody(req, maxBodyBytes);
    const contentType = String(req.headers["content-type"] ?? "").slice(0, 200);
    const receivedVia = `http:${auth.ok ? auth.client.id : auth.clientId}`;
    const raw = { body, contentType, receivedVia };
    const early = (code: RejectionCode, field: string, reason: string) =>
      new IngestRejection(code, field, reason);
    let rejection: IngestRejection | undefined;
    let batch: Batch | undefined;
    if (!auth.ok) {
      // A known client on a route outside its scopes: kept (it is accountable, and its body is
      // bounded like any other), but replayed only with the operator's explicit override.
      authRefused?.inc({ route: path, reason: auth.refusal });
      rejection = early("forbidden", "authorization", auth.reason);
    } else if (oversize) {
      rejection = early("payload_too_large", "body", `is larger than ${maxBodyBytes} bytes`);
    } else if (
      req.headers["content-encoding"] !== undefined &&
      req.headers["content-encoding"] !== "identity"
    ) {
      rejection = early(
        "unsupported_media_type",
        "content-encoding",
        "compressed bodies are not accepted",
      );
    } else {
      try {
        const mediaType = checkContentType(req.headers["content-type"], [
          ...route.mediaTypes,
          route.batchMediaType,
        ]);
        if (mediaType === BATCH_MEDIA_TYPE) {
          const contentType = route.mediaTypes[0]!;
          batch = {
            positionKey: "line",
            items: splitBatch(body).map(({ line, body }) => ({
              position: line,
              body,
              contentType,
            })),
          };
        } else if (mediaType === MULTIPART_MEDIA_TYPE) {
          const boundary = multipartBoundary(req.headers["content-type"]!);
          batch = {
            positionKey: "part",
            items: splitMultipart(body, boundary).map((p) => ({
              position: p.part,
              body: p.body,
              contentType: p.contentType ?? route.mediaTypes[0]!,
              ...(p.rejection === undefined ? {} : { rejection: p.rejection }),
            })),
          };
        }
      } catch (error) {
        if (!(error instanceof IngestRejection)) throw error;
        rejection = error;
      }
    }
    if (rejection !== undefined) {
      const quarantineId = await groupCommit.run(() =>
        pipeline.reject(route.format, raw, rejection!, { truncated: oversize }),
      );
      refuse(res, rejection, { quarantineId }, oversize);
      return;
    }
    if (batch !== undefined) {
      await handleBatch(res, route, batch, receivedVia);
      return;
    }
    const outcome = await groupCommit.run(() => pipeline.ingest(route.format, raw));
    if (outcome.ok) {
      const { accepted, duplicate, eventKeys, ignored, linked, replayed } = outcome.result;
      sendJson(res, 202, { accepted, duplicate, eventKeys, ignored, linked, replayed });
    } else {
      refuse(res, outcome.rejection, { quarantineId: outcome.quarantineId });
    }
  }

  /**
   * Ingests every message of a batch as a message of its own, all queued in this turn of the event
   * loop (so they share a group commit), and answers once all are committed: 200 with one result
   * per message, in order, numbered by `line` (NDJSON) or `part` (multipart). A refused message is
   * quarantined alone; the others are kept.
   */
  async function handleBatch(
    res: ServerResponse,
    route: MessageRoute,
    batch: Batch,
    receivedVia: string,
  ) {
    const { items, positionKey } = batch;
    const outcomes = await Promise.all(
      items.map(({ body, contentType, rejection }) =>
        groupCommit.run((): IngestOutcome => {
          const raw = { body, contentType, receivedVia };
          if (rejection === undefined) return pipeline.ingest(route.format, raw);
          return {
            ok: false,
            rejection,
            quarantineId: pipeline.reject(route.format, raw, rejection),
          };
        }),
      ),
    );
    let accepted = 0;
    const results = outcomes.map((outcome, i) => {
      const position = items[i]!.position;
      if (outcome.ok) {
        accepted += 1;
        const {
          accepted: events,
          duplicate,
          eventKeys,
          ignored,
          linked,
          replayed,
        } = outcome.result;
        return {
          [positionKey]: position,
          status: 202,
          accepted: events,
          duplicate,
          eventKeys,
          ignored,
          linked,
          replayed,
        };
      }
      const { rejection, quarantineId } = outcome;
      return {
        [positionKey]: position,
        status: rejection.httpStatus,
        error: rejection.code,
        field: rejection.field,
        reason: rejection.reason,
        quarantineId,
      };
    });
    sendJson(res, 200, {
      messages: items.length,
      accepted,
      refused: items.length - accepted,
      results,
    });
  }

  /** The operator client's id, or undefined after answering 401/403. */
  function operator(
    req: IncomingMessage,
    res: ServerResponse,
    routeName: string,
  ): string | undefined {
    const auth = authenticator.authenticate(req.headers.authorization, "operator");
    if (auth.ok) return auth.client.id;
    refuseUnauthenticated(req, res, routeName, auth);
    return undefined;
  }

  function listQuarantine(url: URL, res: ServerResponse): void {
    const number = (name: string, fallback: number, max: number) => {
      const text = url.searchParams.get(name);
      if (text === null) return fallback;
      if (!/^[0-9]{1,10}$/.test(text) || Number(text) > max) {
        throw new IngestRejection("invalid_field", name, `must be an integer from 0 to ${max}`);
      }
      return Number(text);
    };
    const status = url.searchParams.get("status") ?? "quarantined";
    if (!["quarantined", "replayed", "all"].includes(status)) {
      throw new IngestRejection("invalid_field", "status", "must be quarantined, replayed or all");
    }
    const limit = number("limit", 50, 1000);
    const offset = number("offset", 0, 1_000_000_000);
    const entries = pipeline.quarantine.list({
      limit,
      offset,
      status: status as QuarantineStatus | "all",
    });
    sendJson(res, 200, { total: pipeline.quarantine.count(), entries });
  }

  function showQuarantineEntry(id: number, res: ServerResponse): void {
    const entry = pipeline.quarantine.get(id);
    if (entry === undefined) {
      sendJson(res, 404, { error: "not_found", field: "id", reason: `no quarantine entry ${id}` });
      return;
    }
    const { body, fixedBody, ...rest } = entry;
    const asText = (b: Buffer) => {
      const text = b.toString("utf8");
      return Buffer.from(text, "utf8").equals(b) ? { text } : { base64: b.toString("base64") };
    };
    sendJson(res, 200, {
      ...rest,
      body: asText(body),
      fixedBody: fixedBody === null ? null : asText(fixedBody),
    });
  }

  async function replayQuarantineEntry(
    id: number,
    url: URL,
    operatorId: string,
    req: IncomingMessage,
    res: ServerResponse,
  ) {
    const override = url.searchParams.get("override");
    if (override !== null && override !== AUTHENTICATION_OVERRIDE) {
      req.resume();
      throw new IngestRejection(
        "invalid_field",
        "override",
        `must be "${AUTHENTICATION_OVERRIDE}" (replay a message refused as unauthorized or forbidden), got "${override.slice(0, 40)}"`,
      );
    }
    const { body, oversize } = await readBody(req, maxBodyBytes);
    if (oversize) {
      refuse(
        res,
        new IngestRejection("payload_too_large", "body", `is larger than ${maxBodyBytes} bytes`),
        {},
        true,
      );
      return;
    }
    const entry = pipeline.quarantine.get(id);
    if (entry === undefined) {
      sendJson(res, 404, { error: "not_found", field: "id", reason: `no quarantine entry ${id}` });
      return;
    }
    if (body.length > 0)
      checkContentType(req.headers["content-type"], MEDIA_TYPES_BY_FORMAT[entry.format]);
    const overrideAuthentication =
      override === AUTHENTICATION_OVERRIDE && isAuthenticationRefusal(entry.code);
    if (overrideAuthentication) {
      logger?.warn("operator replays a message refused for its sender's authentication", {
        quarantineId: id,
        operator: operatorId,
        code: entry.code,
        receivedVia: entry.receivedVia,
        corrected: body.length > 0,
      });
    }
    try {
      const outcome = await groupCommit.run(() =>
        pipeline.replay(id, body.length > 0 ? body : undefined, { overrideAuthentication }),
      );
      if (outcome.status === "accepted") {
        sendJson(res, 200, outcome);
      } else {
        sendJson(res, 422, {
          status: outcome.status,
          error: outcome.code,
          field: outcome.field,
          reason: outcome.reason,
        });
      }
    } catch (error) {
      if (error instanceof QuarantineEntryNotFoundError) {
        sendJson(res, 404, { error: "not_found", field: "id", reason: error.message });
      } else if (error instanceof QuarantineEntryAlreadyReplayedError) {
        sendJson(res, 409, { error: "already_replayed", field: "id", reason: error.message });
      } else if (error instanceof QuarantineEntryUnauthenticatedError) {
        sendJson(res, 409, {
          error: "unauthenticated_entry",
          field: "override",
          reason: `${error.message} (?override=${AUTHENTICATION_OVERRIDE}, oraclectl --override-authentication)`,
        });
      } else throw error;
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<string> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    const messageRoute = MESSAGE_ROUTES[path];
    if (messageRoute !== undefined) {
      if (req.method !== "POST") {
        res.setHeader("allow", "POST");
        sendJson(res, 405, {
          error: "method_not_allowed",
          field: "method",
          reason: `${path} takes POST`,
        });
        req.resume();
        return path;
      }
      await handleMessage(req, res, path, messageRoute);
      return path;
    }
    if (path === "/v1/quarantine") {
      if (req.method !== "GET") {
        res.setHeader("allow", "GET");
        sendJson(res, 405, {
          error: "method_not_allowed",
          field: "method",
          reason: `${path} takes GET`,
        });
        req.resume();
      } else if (operator(req, res, "/v1/quarantine") !== undefined) {
        req.resume();
        listQuarantine(url, res);
      }
      return "/v1/quarantine";
    }
    const entry = QUARANTINE_ENTRY.exec(path);
    if (entry !== null) {
      const routeName = "/v1/quarantine/:id";
      if (req.method !== "GET") {
        res.setHeader("allow", "GET");
        sendJson(res, 405, { error: "method_not_allowed", field: "method", reason: "takes GET" });
        req.resume();
      } else if (operator(req, res, routeName) !== undefined) {
        req.resume();
        showQuarantineEntry(parseQuarantineId(entry[1]!), res);
      }
      return routeName;
    }
    const replay = QUARANTINE_REPLAY.exec(path);
    if (replay !== null) {
      const routeName = "/v1/quarantine/:id/replay";
      if (req.method !== "POST") {
        res.setHeader("allow", "POST");
        sendJson(res, 405, { error: "method_not_allowed", field: "method", reason: "takes POST" });
        req.resume();
        return routeName;
      }
      const operatorId = operator(req, res, routeName);
      if (operatorId !== undefined) {
        let id: number;
        try {
          id = parseQuarantineId(replay[1]!);
        } catch (error) {
          req.resume();
          throw error;
        }
        await replayQuarantineEntry(id, url, operatorId, req, res);
      }
      return routeName;
    }
    sendJson(res, 404, {
      error: "not_found",
      field: "path",
      reason: `no route ${path.slice(0, 100)}`,
    });
    req.resume();
    return "unknown";
  }

  return (req, res) => {
    const started = process.hrtime.bigint();
    req.on("error", (error) => logger?.debug("request stream error", { error }));
    route(req, res)
      .catch((error: unknown) => {
        if (error instanceof IngestRejection) {
          refuse(res, error);
          return "error";
        }
        if (error instanceof ClientGoneError) {
          logger?.debug("client went away mid-request", { url: req.url, error });
          return "aborted";
        }
        logger?.error("ingest request failed", { error, url: req.url, method: req.method });
        sendJson(res, 500, {
          error: "internal",
          field: "server",
          reason: "internal error; see the node's log",
        });
        return "error";
      })
      .then((routeName) => {
        if (metrics === undefined) return;
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        metrics.duration.observe(seconds, { route: routeName });
        metrics.responses.inc({ route: routeName, status: String(res.statusCode) });
      })
      .catch((error: unknown) => logger?.error("ingest metrics failed", { error }));
  };
}

export interface IngestServerOptions extends IngestHandlerDeps {
  /** Timeouts and the connection cap (defaults: DEFAULT_HTTP_LIMITS). */
  limits?: Partial<HttpServerLimits>;
}

/** A node:http server serving only the ingest API (tests, benchmarks, a stand-alone ingest node). */
export function createIngestServer(options: IngestServerOptions): Server {
  return createLimitedServer(createIngestHandler(options), {
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
  });
}
