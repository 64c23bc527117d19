/**
 * Delivers the outbox (store/outbox.ts) to carriers' systems: each message is POSTed as JSON to
 * the carrier's `callbackUrl` + its path, with the carrier's callback token when it has one, and
 * deleted once the carrier answers 2xx. A failure (no answer within `timeoutMs`, a non-2xx
 * status) is retried after `backoffMs`, doubled per attempt up to `maxBackoffMs`, until delivered
 * — across restarts, since the message stays in the store. A message is validated against its
 * DCSA schema before it is queued (by the caller), so what the carrier receives is conformant.
 */
import type { Logger } from "../../lib/observability/logger.ts";
import { redactUrl } from "../../lib/net/redaction.ts";
import type { CarrierDirectory } from "../carriers.ts";
import type { GatewayConfig } from "../config/schema.ts";
import type { GatewayMetrics } from "../observability/metrics.ts";
import type { Outbox, OutboxMessage } from "../store/outbox.ts";

export interface CarrierCallbacksOptions {
  outbox: Outbox;
  carriers: CarrierDirectory;
  config: GatewayConfig["callbacks"];
  pollIntervalMs: number;
  logger: Logger;
  metrics: GatewayMetrics;
}

export class CarrierCallbacks {
  readonly #options: CarrierCallbacksOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(options: CarrierCallbacksOptions) {
    this.#options = options;
  }

  start(): void {
    this.#schedule(0);
  }

  /** Delivers what is due now (called after a message is queued). */
  kick(): void {
    if (this.#stopped) return;
    this.#schedule(0);
  }

  /** Stops delivering; waits for a delivery round in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      if (this.#running !== undefined) {
        this.#schedule(this.#options.pollIntervalMs);
        return;
      }
      this.#running = this.#deliverDue().finally(() => {
        this.#running = undefined;
        if (!this.#stopped) this.#schedule(this.#options.pollIntervalMs);
      });
    }, delayMs);
  }

  async #deliverDue(): Promise<void> {
    const { outbox, metrics } = this.#options;
    for (const message of outbox.due()) {
      if (this.#stopped) return;
      await this.#deliver(message);
    }
    metrics.callbacksPending.set(outbox.pending());
  }

  async #deliver(message: OutboxMessage): Promise<void> {
    const { outbox, carriers, config, logger, metrics } = this.#options;
    const carrier = carriers.byId(message.carrierId);
    if (carrier === undefined) {
      logger.error("callback for a carrier no longer configured: kept", {
        carrier: message.carrierId,
        kind: message.kind,
      });
      outbox.failed(message.id, "carrier not configured", Date.now() + config.maxBackoffMs);
      return;
    }
    const url = `${carrier.config.callbackUrl}${message.path}`;
    let failure: string | undefined;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "api-version": "3",
          ...(carrier.secrets.callbackToken === undefined
            ? {}
            : { authorization: `Bearer ${carrier.secrets.callbackToken.reveal()}` }),
        },
        body: JSON.stringify(message.body),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) failure = `answered ${response.status}`;
    } catch (error) {
      failure = (error as Error).name === "TimeoutError" ? "no answer in time" : String(error);
    }
    if (failure === undefined) {
      outbox.delivered(message.id);
      metrics.callbacks.inc({ kind: message.kind, outcome: "delivered" });
      logger.info("callback delivered", { carrier: carrier.config.id, kind: message.kind });
      return;
    }
    const wait = Math.min(config.backoffMs * 2 ** message.attempts, config.maxBackoffMs);
    outbox.failed(message.id, failure, Date.now() + wait);
    metrics.callbacks.inc({ kind: message.kind, outcome: "failed" });
    logger.warn("callback not delivered; will retry", {
      carrier: carrier.config.id,
      kind: message.kind,
      url: redactUrl(url),
      attempts: message.attempts + 1,
      retryInMs: wait,
      failure,
    });
  }
}
