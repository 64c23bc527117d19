/**
 * The DCSA eBL 3.0.4 carrier API as a gateway module: issuance (issuance.ts), surrender
 * (surrender.ts), and the outbox sender that calls carriers back (carrierCallbacks.ts).
 */
import type { GatewayContext, GatewayModule } from "../gateway.ts";
import { CarrierCallbacks } from "./carrierCallbacks.ts";
import { IssuanceService } from "./issuance.ts";
import { SurrenderService } from "./surrender.ts";

export interface DcsaModule extends GatewayModule {
  /** Started services (after `start`), for tests and benchmarks. */
  readonly services: {
    issuance: IssuanceService;
    surrender: SurrenderService;
    callbacks: CarrierCallbacks;
  };
}

export function createDcsaModule(): DcsaModule {
  let services: DcsaModule["services"] | undefined;
  return {
    name: "dcsa-ebl",
    get services() {
      if (services === undefined) throw new Error("the DCSA module has not started");
      return services;
    },
    async start(context: GatewayContext) {
      const callbacks = new CarrierCallbacks({
        outbox: context.store.outbox,
        carriers: context.carriers,
        config: context.config.callbacks,
        pollIntervalMs: context.config.chain.pollIntervalMs,
        logger: context.logger.child({ module: "dcsa-ebl" }),
        metrics: context.metrics,
      });
      const issuance = new IssuanceService(context, callbacks);
      const surrender = new SurrenderService(context, callbacks);
      issuance.start();
      await surrender.start();
      callbacks.start();
      services = { issuance, surrender, callbacks };
    },
    async stop() {
      if (services === undefined) return;
      await services.surrender.stop();
      await services.issuance.stop();
      await services.callbacks.stop();
    },
    health() {
      return services === undefined ? {} : services.surrender.health();
    },
  };
}
