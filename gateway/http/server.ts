/**
 * The gateway's HTTP server: the limited node:http server the daemons use (lib/net/limitedServer.ts:
 * header and request deadlines, connection cap), a body size limit, a small router the DCSA
 * modules register their routes on (`route("PUT", "/v3/envelopes/:reference/finish-transfer", h)`),
 * errors answered in the DCSA `ErrorResponse` shape, one metric and one log line per request, and
 * a graceful close: stop accepting, answer 503 to requests arriving on kept-alive connections,
 * wait for the requests in flight.
 */
import { randomUUID } from "node:crypto";
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { createLimitedServer, type HttpServerLimits } from "../../lib/net/limitedServer.ts";
import type { Logger } from "../../lib/observability/logger.ts";
import type { GatewayMetrics } from "../observability/metrics.ts";

export const HTTP_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** One detail of a refusal, as DCSA's `DetailedError`. */
export interface ErrorDetail {
  /** Implementor's code, 7000-9999 (DCSA leaves them to the platform). */
  errorCode?: number;
  errorCodeText: string;
  errorCodeMessage: string;
  property?: string;
  jsonPath?: string;
}

/** A refusal a handler throws: answered with `status` and a DCSA ErrorResponse. */
export class HttpError extends Error {
  override name = "HttpError" as const;
  readonly status: number;
  readonly details: readonly ErrorDetail[];
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    details: readonly ErrorDetail[],
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(details.map((d) => `${d.errorCodeText}: ${d.errorCodeMessage}`).join("; "));
    this.status = status;
    this.details = details;
    this.headers = headers;
  }
}

/** The gateway's error codes (DCSA `DetailedError.errorCode`, 7000-9999, the platform's own). */
export const ERROR_CODES = {
  MALFORMED: 7001,
  SCHEMA: 7002,
  DUPLICATE: 7003,
  UNAUTHORIZED: 7004,
  NOT_FOUND: 7005,
  TOO_LARGE: 7006,
  CONFLICT: 7007,
  UNAVAILABLE: 7008,
  CHAIN_REFUSED: 7009,
  INTERNAL: 7999,
} as const;

export interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: HttpMethod;
  readonly url: URL;
  /** Path parameters by name (`:reference` → `params.reference`), URL-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** This request's id: the DCSA `providerCorrelationReference` of an error, and in logs. */
  readonly requestId: string;
  readonly logger: Logger;
  /** The body, at most the route's byte limit (else an HttpError 413). */
  body(): Promise<Buffer>;
  /** The body as JSON (an HttpError 400 naming the problem if it is not). */
  json(): Promise<unknown>;
}

export type RouteHandler = (context: RouteContext) => Promise<void> | void;

export interface RouteOptions {
  /** Largest body for this route (default: the server's). */
  maxBodyBytes?: number;
}

interface Route {
  method: HttpMethod;
  pattern: string;
  regex: RegExp;
  names: string[];
  handler: RouteHandler;
  maxBodyBytes: number;
}

export interface GatewayHttpServerOptions {
  logger: Logger;
  metrics: GatewayMetrics;
  maxBodyBytes: number;
  limits?: Partial<HttpServerLimits>;
}

const TEXT_LIMIT = { errorCodeText: 100, errorCodeMessage: 5000, statusCodeMessage: 200 };

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    "api-version": API_VERSION,
    ...headers,
  });
  res.end(text);
}

/** Answers 204 No Content. */
export function sendNoContent(res: ServerResponse): void {
  if (res.headersSent) return;
  res.writeHead(204, { "api-version": API_VERSION });
  res.end();
}

/** The API-Version header every DCSA answer carries. */
export const API_VERSION = "3.0.4";

/** A DCSA ErrorResponse body for `status`. */
export function errorResponseBody(
  method: string,
  requestUri: string,
  status: number,
  details: readonly ErrorDetail[],
  requestId: string,
  now: Date = new Date(),
): Record<string, unknown> {
  const first = details[0];
  return {
    httpMethod: (HTTP_METHODS as readonly string[]).includes(method) ? method : "POST",
    requestUri: clip(requestUri, 500),
    statusCode: status,
    statusCodeText: STATUS_CODES[status] ?? "Error",
    ...(first === undefined
      ? {}
      : { statusCodeMessage: clip(first.errorCodeMessage, TEXT_LIMIT.statusCodeMessage) }),
    providerCorrelationReference: requestId,
    errorDateTime: now.toISOString(),
    errors: (details.length > 0
      ? details
      : [{ errorCodeText: STATUS_CODES[status] ?? "Error", errorCodeMessage: "request failed" }]
    ).map((d) => ({
      ...(d.errorCode === undefined ? {} : { errorCode: d.errorCode }),
      errorCodeText: clip(d.errorCodeText, TEXT_LIMIT.errorCodeText),
      errorCodeMessage: clip(d.errorCodeMessage, TEXT_LIMIT.errorCodeMessage),
      ...(d.property === undefined ? {} : { property: clip(d.property, 100) }),
      ...(d.jsonPath === undefined ? {} : { jsonPath: clip(d.jsonPath, 500) }),
    })),
  };
}

/** Reads at most `limit` bytes of `req`'s body; an HttpError 413 beyond that. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  const tooLarge = (): HttpError =>
    new HttpError(413, [
      {
        errorCode: ERROR_CODES.TOO_LARGE,
        errorCodeText: "Body too large",
        errorCodeMessage: `the request body exceeds ${limit} bytes`,
      },
    ]);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** `/v3/envelopes/:reference` as a regex with named segments. */
function compilePattern(pattern: string): { regex: RegExp; names: string[] } {
  if (!pattern.startsWith("/")) throw new Error(`route pattern must start with "/": ${pattern}`);
  const names: string[] = [];
  const source = pattern
    .split("/")
    .map((segment) => {
      if (segment.startsWith(":")) {
        names.push(segment.slice(1));
        return "([^/]+)";
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { regex: new RegExp(`^${source}$`), names };
}

export class GatewayHttpServer {
  readonly #routes: Route[] = [];
  readonly #options: GatewayHttpServerOptions;
  readonly #server: Server;
  readonly #inFlight = new Set<Promise<void>>();
  #draining = false;

  constructor(options: GatewayHttpServerOptions) {
    this.#options = options;
    this.#server = createLimitedServer(
      (req, res) => {
        const handled = this.#handle(req, res);
        this.#inFlight.add(handled);
        void handled.finally(() => this.#inFlight.delete(handled));
      },
      {
        limits: options.limits,
        logger: options.logger,
        // Connections closed on arrival (too many open) count as refusals of reason "connections".
        metrics: {
          counter: () => ({
            inc: () => options.metrics.httpRefused.inc({ reason: "connections" }),
          }),
        },
      },
    );
  }

  /** Whether the server has begun closing. */
  get draining(): boolean {
    return this.#draining;
  }

  /** Registers `handler` for `method pattern`; a later registration of the same pair is an error. */
  route(
    method: HttpMethod,
    pattern: string,
    handler: RouteHandler,
    options: RouteOptions = {},
  ): void {
    if (this.#routes.some((r) => r.method === method && r.pattern === pattern)) {
      throw new Error(`route ${method} ${pattern} is registered twice`);
    }
    const { regex, names } = compilePattern(pattern);
    this.#routes.push({
      method,
      pattern,
      regex,
      names,
      handler,
      maxBodyBytes: options.maxBodyBytes ?? this.#options.maxBodyBytes,
    });
  }

  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  async listen(port: number, host: string): Promise<{ host: string; port: number; url: string }> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(port, host, () => {
        this.#server.off("error", reject);
        resolve();
      });
    });
    const address = this.#server.address() as AddressInfo;
    const hostText = address.family === "IPv6" ? `[${address.address}]` : address.address;
    return { host: address.address, port: address.port, url: `http://${hostText}:${address.port}` };
  }

  /**
   * Stops accepting connections, answers 503 to new requests on open connections, and waits up to
   * `timeoutMs` for the requests in flight. Resolves true when they all finished in time.
   */
  async close(timeoutMs: number): Promise<boolean> {
    this.#draining = true;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const drained = Promise.allSettled([...this.#inFlight]).then(() => true as const);
    const clean = await Promise.race([drained, timedOut]);
    clearTimeout(timer);
    this.#server.closeAllConnections();
    await closed;
    return clean;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    const url = new URL(req.url ?? "/", "http://gateway.invalid");
    const method = (req.method ?? "GET").toUpperCase();
    const logger = this.#options.logger.child({ requestId });
    const { metrics } = this.#options;
    let routeLabel = "(none)";
    metrics.inFlight.inc();
    try {
      if (this.#draining) {
        metrics.httpRefused.inc({ reason: "draining" });
        req.resume();
        throw new HttpError(
          503,
          [
            {
              errorCode: ERROR_CODES.UNAVAILABLE,
              errorCodeText: "Shutting down",
              errorCodeMessage: "this gateway is shutting down; retry shortly",
            },
          ],
          { "retry-after": "5", connection: "close" },
        );
      }
      const matching = this.#routes.filter((r) => r.regex.test(url.pathname));
      const route = matching.find((r) => r.method === method);
      if (route === undefined) {
        req.resume();
        throw matching.length > 0
          ? new HttpError(405, [
              {
                errorCode: ERROR_CODES.NOT_FOUND,
                errorCodeText: "Method not allowed",
                errorCodeMessage: `${method} is not allowed on ${url.pathname}; allowed: ${matching.map((r) => r.method).join(", ")}`,
              },
            ])
          : new HttpError(404, [
              {
                errorCode: ERROR_CODES.NOT_FOUND,
                errorCodeText: "No such route",
                errorCodeMessage: `no route ${method} ${url.pathname}`,
              },
            ]);
      }
      routeLabel = route.pattern;
      const match = route.regex.exec(url.pathname)!;
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => {
        params[name] = decodeURIComponent(match[index + 1]!);
      });
      let body: Promise<Buffer> | undefined;
      const readOnce = (): Promise<Buffer> => (body ??= readBody(req, route.maxBodyBytes));
      const context: RouteContext = {
        req,
        res,
        method: method as HttpMethod,
        url,
        params,
        requestId,
        logger,
        body: readOnce,
        json: async () => {
          const bytes = await readOnce();
          try {
            return JSON.parse(bytes.toString("utf8")) as unknown;
          } catch (error) {
            throw new HttpError(400, [
              {
                errorCode: ERROR_CODES.MALFORMED,
                errorCodeText: "Malformed JSON",
                errorCodeMessage: `the request body is not JSON: ${(error as Error).message}`,
              },
            ]);
          }
        },
      };
      await route.handler(context);
      if (!res.headersSent) {
        throw new Error(`route ${method} ${route.pattern} did not answer`);
      }
    } catch (error) {
      if (error instanceof HttpError) {
        if (error.status === 413) {
          metrics.httpRefused.inc({ reason: "body_too_large" });
          // The rest of the body is not read: close the connection after answering.
          sendJson(
            res,
            413,
            errorResponseBody(method, url.pathname, 413, error.details, requestId),
            { connection: "close", ...error.headers },
          );
          req.unpipe();
          res.once("finish", () => req.socket.destroySoon());
        } else {
          sendJson(
            res,
            error.status,
            errorResponseBody(method, url.pathname, error.status, error.details, requestId),
            error.headers,
          );
        }
        logger.info("request refused", {
          method,
          path: url.pathname,
          status: error.status,
          reason: error.message,
        });
      } else {
        logger.error("request failed", { method, path: url.pathname, error });
        sendJson(
          res,
          500,
          errorResponseBody(
            method,
            url.pathname,
            500,
            [
              {
                errorCode: ERROR_CODES.INTERNAL,
                errorCodeText: "Internal error",
                errorCodeMessage: `the gateway failed to handle the request (reference ${requestId})`,
              },
            ],
            requestId,
          ),
        );
      }
    } finally {
      metrics.inFlight.dec();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpDuration.observe({ route: routeLabel }, seconds);
      metrics.httpRequests.inc({ method, route: routeLabel, status: String(res.statusCode) });
    }
  }
}
