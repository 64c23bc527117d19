/**
 * One eBL gateway: the configuration and secrets (validated before anything starts), the DCSA
 * specifications as validators, the durable store, the chain, the HTTP server with `/healthz` and
 * `/metrics`, and the modules that register their routes and background work on it — the DCSA
 * eBL issuance and surrender API (`gateway/dcsa/`) by default; PINT (`gateway/pint/`) beside it.
 *
 * Startup order: config → secrets → specifications → store → chain check → modules → listen.
 * Shutdown (`stop`, on SIGTERM): stop accepting and answer 503 to new requests, finish the
 * requests in flight (up to `drainTimeoutMs`), stop the modules' background work, close the store.
 */
import type { Transport } from "viem";

import { createLogger, type Logger } from "../lib/observability/logger.ts";
import { CarrierDirectory } from "./carriers.ts";
import { GatewayChain } from "./chain/gatewayChain.ts";
import type { GatewayConfig } from "./config/schema.ts";
import type { GatewaySecrets } from "./config/secrets.ts";
import { GatewayHttpServer, sendJson } from "./http/server.ts";
import { createGatewayMetrics, type GatewayMetrics } from "./observability/metrics.ts";
import { DcsaSchemas } from "./schema/dcsaSchemas.ts";
import { GatewayStore } from "./store/gatewayStore.ts";

/** What a module is given to work with. */
export interface GatewayContext {
  readonly config: GatewayConfig;
  readonly carriers: CarrierDirectory;
  readonly schemas: DcsaSchemas;
  readonly store: GatewayStore;
  readonly chain: GatewayChain;
  readonly http: GatewayHttpServer;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
}

/** A part of the gateway: registers routes and tables, runs background work. */
export interface GatewayModule {
  readonly name: string;
  /** Registers routes, creates tables, starts background work; runs before the server listens. */
  start(context: GatewayContext): void | Promise<void>;
  /** Stops background work (after the HTTP server drained, before the store closes). */
  stop?(): void | Promise<void>;
  /** What `/healthz` reports for the module. */
  health?(): Record<string, unknown>;
}

export interface StartGatewayOptions {
  config: GatewayConfig;
  secrets: GatewaySecrets;
  /** The modules to run (default: none; `startDefaultGateway` adds the DCSA API). */
  modules?: readonly GatewayModule[];
  /** A viem transport in place of `chain.rpcUrl` (an in-process provider in tests). */
  transport?: Transport;
  logger?: Logger;
  /** Specifications already loaded (tests share one load; default: read from the config's directory). */
  schemas?: DcsaSchemas;
}

export class Gateway {
  readonly context: GatewayContext;
  /** The base URL the gateway listens on. */
  readonly url: string;
  readonly #modules: readonly GatewayModule[];
  #stopping: Promise<boolean> | undefined;

  private constructor(context: GatewayContext, url: string, modules: readonly GatewayModule[]) {
    this.context = context;
    this.url = url;
    this.#modules = modules;
  }

  get logger(): Logger {
    return this.context.logger;
  }

  get store(): GatewayStore {
    return this.context.store;
  }

  static async start(options: StartGatewayOptions): Promise<Gateway> {
    const { config, secrets } = options;
    const logger = options.logger ?? createLogger({ name: "gateway", level: config.log.level });
    const carriers = new CarrierDirectory(config.carriers, secrets);
    const schemas = options.schemas ?? DcsaSchemas.load(config.dcsa.specsDirectory!);
    const metrics = createGatewayMetrics();
    const chain = new GatewayChain({
      chainId: config.chain.chainId,
      billOfLading: config.chain.billOfLading,
      transport: options.transport ?? config.chain.rpcUrl,
      signers: new Map(carriers.all.map((c) => [c.config.address, c.secrets.signerKey])),
    });
    await chain.check();
    const store = GatewayStore.open(config.store.dataDir);
    const http = new GatewayHttpServer({
      logger,
      metrics,
      maxBodyBytes: config.http.maxBodyBytes,
      limits: {
        requestTimeoutMs: config.http.requestTimeoutMs,
        headersTimeoutMs: config.http.headersTimeoutMs,
        keepAliveTimeoutMs: config.http.keepAliveTimeoutMs,
        maxConnections: config.http.maxConnections,
      },
    });
    const context: GatewayContext = {
      config,
      carriers,
      schemas,
      store,
      chain,
      http,
      logger,
      metrics,
    };
    const modules = options.modules ?? [];
    const started: GatewayModule[] = [];
    try {
      for (const module of modules) {
        await module.start(context);
        started.push(module);
      }
      // /healthz answers "starting" until the gateway object exists (it needs the bound URL).
      const self: { gateway?: Gateway } = {};
      http.route("GET", "/healthz", async ({ res }) => {
        const health = (await self.gateway?.health()) ?? { status: "starting" };
        sendJson(res, health.status === "ok" ? 200 : 503, health);
      });
      http.route("GET", "/metrics", async ({ res }) => {
        metrics.documentsStored.set(store.documents.count());
        metrics.callbacksPending.set(store.outbox.pending());
        const text = await metrics.text();
        res.writeHead(200, { "content-type": metrics.registry.contentType });
        res.end(text);
      });
      const bound = await http.listen(config.http.port, config.http.host);
      const gateway = new Gateway(context, bound.url, modules);
      self.gateway = gateway;
      logger.info("gateway started", {
        url: bound.url,
        platform: config.platform.code,
        chainId: config.chain.chainId,
        billOfLading: config.chain.billOfLading,
        carriers: config.carriers.map((c) => c.id),
        modules: modules.map((m) => m.name),
      });
      return gateway;
    } catch (error) {
      for (const module of started.reverse()) await module.stop?.();
      await http.close(1_000).catch(() => false);
      store.close();
      throw error;
    }
  }

  /**
   * What `/healthz` answers: "ok"; "draining" once stopping; "unavailable" (with the chain's
   * `reason`) when the chain does not answer within `chain.healthTimeoutMs` or serves another
   * chain id than the configured one — the gateway cannot issue or watch surrenders then, so a
   * load balancer should send carriers elsewhere. The chain is asked on every call: a cached
   * answer would report a chain that went away as healthy.
   */
  async health(): Promise<{ status: "ok" | "draining" | "unavailable" } & Record<string, unknown>> {
    const chain = await this.context.chain.health(this.context.config.chain.healthTimeoutMs);
    const status =
      this.#stopping !== undefined ? "draining" : chain.status === "ok" ? "ok" : "unavailable";
    return {
      status,
      ...(chain.status === "ok" ? {} : { reason: chain.reason }),
      platform: this.context.config.platform.code,
      chainId: this.context.config.chain.chainId,
      documents: this.context.store.documents.count(),
      callbacksPending: this.context.store.outbox.pending(),
      modules: Object.fromEntries(this.#modules.map((m) => [m.name, m.health?.() ?? {}])),
    };
  }

  /**
   * Graceful stop: the server stops accepting and finishes the requests in flight, then the
   * modules stop and the store closes. Resolves true when everything finished within
   * `drainTimeoutMs`.
   */
  stop(): Promise<boolean> {
    this.#stopping ??= (async () => {
      const { http, store, logger, config } = this.context;
      logger.info("gateway stopping: draining requests in flight");
      const drained = await http.close(config.drainTimeoutMs);
      for (const module of [...this.#modules].reverse()) {
        try {
          await module.stop?.();
        } catch (error) {
          logger.error("module failed to stop", { module: module.name, error });
        }
      }
      store.close();
      logger.info("gateway stopped", { drained });
      return drained;
    })();
    return this.#stopping;
  }
}
