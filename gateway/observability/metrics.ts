/**
 * The gateway's Prometheus metrics (prom-client, one registry per gateway so two gateways in one
 * process — the two-platform test — never share counters). Served at `GET /metrics`.
 * docs/OPERATIONS.md ("The eBL gateway") lists them.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface GatewayMetrics {
  readonly registry: Registry;
  /** Requests answered, by route pattern and status code. */
  readonly httpRequests: Counter<"method" | "route" | "status">;
  /** Time to answer a request, by route pattern. */
  readonly httpDuration: Histogram<"route">;
  /** Requests refused before a handler ran: body too large, not JSON, draining. */
  readonly httpRefused: Counter<"reason">;
  /** Issuance requests by outcome: accepted (204), duplicate, invalid, unauthorized, then ISSU/BREQ/REFU. */
  readonly issuances: Counter<"outcome">;
  /** Surrender requests sent to carriers (SREQ/AREQ) and carrier answers (SURR/SREJ), by outcome. */
  readonly surrenders: Counter<"kind" | "outcome">;
  /** Callbacks to carriers' systems by kind and outcome (delivered, failed). */
  readonly callbacks: Counter<"kind" | "outcome">;
  /** Callbacks waiting for delivery. */
  readonly callbacksPending: Gauge;
  /** Transport documents held in the store. */
  readonly documentsStored: Gauge;
  /** Documents read back whose hash did not match the chain's. */
  readonly documentHashMismatches: Counter;
  /** The last block the chain watcher has read. */
  readonly chainBlock: Gauge;
  /** Requests in flight. */
  readonly inFlight: Gauge;
  /** The text `GET /metrics` answers. */
  text(): Promise<string>;
}

/** Creates the gateway's metrics in a registry of their own. */
export function createGatewayMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "caravel_gateway_" });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: "caravel_gateway_http_requests_total",
      help: "HTTP requests answered, by method, route and status",
      labelNames: ["method", "route", "status"] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: "caravel_gateway_http_request_seconds",
      help: "Time to answer an HTTP request, by route",
      labelNames: ["route"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    httpRefused: new Counter({
      name: "caravel_gateway_http_refused_total",
      help: "Requests refused before a handler ran, by reason",
      labelNames: ["reason"] as const,
      registers,
    }),
    issuances: new Counter({
      name: "caravel_gateway_issuance_requests_total",
      help: "eBL issuance requests by outcome",
      labelNames: ["outcome"] as const,
      registers,
    }),
    surrenders: new Counter({
      name: "caravel_gateway_surrenders_total",
      help: "Surrender requests sent and carrier answers received, by kind and outcome",
      labelNames: ["kind", "outcome"] as const,
      registers,
    }),
    callbacks: new Counter({
      name: "caravel_gateway_callbacks_total",
      help: "Calls to carriers' systems, by kind and outcome",
      labelNames: ["kind", "outcome"] as const,
      registers,
    }),
    callbacksPending: new Gauge({
      name: "caravel_gateway_callbacks_pending",
      help: "Callbacks to carriers waiting for delivery",
      registers,
    }),
    documentsStored: new Gauge({
      name: "caravel_gateway_documents_stored",
      help: "Transport documents held in the store",
      registers,
    }),
    documentHashMismatches: new Counter({
      name: "caravel_gateway_document_hash_mismatches_total",
      help: "Stored documents whose hash differed from the one the chain records",
      registers,
    }),
    chainBlock: new Gauge({
      name: "caravel_gateway_chain_block",
      help: "The last block the chain watcher has read",
      registers,
    }),
    inFlight: new Gauge({
      name: "caravel_gateway_http_in_flight",
      help: "HTTP requests being handled",
      registers,
    }),
    text: () => registry.metrics(),
  };
}
