/**
 * The gateway `npm run gateway` starts: every module this platform runs, in order. A module
 * registers its routes and background work on the gateway (see `GatewayModule` in gateway.ts).
 */
import { Gateway, type GatewayModule, type StartGatewayOptions } from "./gateway.ts";

/** The modules a production gateway runs. */
export function defaultModules(): GatewayModule[] {
  return [];
}

/** Starts a gateway with `defaultModules()` (unless `options.modules` names others). */
export function startDefaultGateway(options: StartGatewayOptions): Promise<Gateway> {
  return Gateway.start({ modules: defaultModules(), ...options });
}
