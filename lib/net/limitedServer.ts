/**
 * The one place the services' HTTP servers get their limits: the oracle node's server (ingest,
 * consensus, admin, metrics), the stand-alone ingest server and the eBL gateway are all made here. Node's defaults let one
 * client hold a connection for 5 minutes by sending a request slowly (300 s request timeout, 60 s
 * for the headers, checked every 30 s) and open as many connections as it likes; a node answers
 * the open internet's customs and carrier feeds, so:
 *
 * - the headers must arrive within `headersTimeoutMs` (default 10 s) and the whole request within
 *   `requestTimeoutMs` (default 30 s; a 4 MiB consensus message takes well under a second), else
 *   Node answers 408 and closes the connection; the deadlines are checked every second at most;
 * - an idle keep-alive connection is closed after `keepAliveTimeoutMs` (default 5 s);
 * - at most `maxConnections` connections are open at once (default 512); one more is closed as soon
 *   as it is accepted, and counted (`caravel_http_connections_refused_total`);
 * - headers are at most 16 KiB, and a client that sends garbage gets a 400 and a closed connection.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "../observability/logger.ts";

/** What the server needs of a metrics registry: one counter (the oracle's registry and prom-client both fit). */
export interface ConnectionRefusedCounter {
  counter(options: { name: string; help: string }): { inc(): void };
}

export interface HttpServerLimits {
  /** ms for a whole request (headers and body) to arrive. */
  requestTimeoutMs: number;
  /** ms for the request headers to arrive. */
  headersTimeoutMs: number;
  /** ms an idle keep-alive connection is kept open. */
  keepAliveTimeoutMs: number;
  /** Connections open at once; more are closed as soon as they are accepted. */
  maxConnections: number;
}

export const DEFAULT_HTTP_LIMITS: Readonly<HttpServerLimits> = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 512,
};

/** Largest request head (request line and headers) accepted. */
export const MAX_HEADER_BYTES = 16 * 1024;

export interface LimitedServerOptions {
  limits?: Partial<HttpServerLimits>;
  logger?: Logger;
  metrics?: ConnectionRefusedCounter;
}

/** A node:http server for `handler` with the limits above (validated: a bad one throws). */
export function createLimitedServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  options: LimitedServerOptions = {},
): Server {
  const limits: HttpServerLimits = { ...DEFAULT_HTTP_LIMITS, ...options.limits };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new RangeError(
      `headersTimeoutMs (${limits.headersTimeoutMs}) must not exceed requestTimeoutMs (${limits.requestTimeoutMs})`,
    );
  }
  const server = createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node checks the two deadlines above only this often (default 30 s).
      connectionsCheckingInterval: Math.min(1_000, Math.ceil(limits.headersTimeoutMs / 2)),
      maxHeaderSize: MAX_HEADER_BYTES,
    },
    handler,
  );
  server.maxConnections = limits.maxConnections;
  const refused = options.metrics?.counter({
    name: "caravel_http_connections_refused_total",
    help: "Connections closed on arrival because maxConnections were open",
  });
  server.on("drop", () => {
    refused?.inc();
    options.logger?.debug("connection refused: too many open", {
      maxConnections: limits.maxConnections,
    });
  });
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    options.logger?.debug("client error", { error });
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? "408 Request Timeout"
        : error.code === "HPE_HEADER_OVERFLOW"
          ? "431 Request Header Fields Too Large"
          : "400 Bad Request";
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\n\r\n`);
  });
  return server;
}
