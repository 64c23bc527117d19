/**
 * The gateway `npm run gateway` starts: every module this platform runs, in order. A module
 * registers its routes and background work on the gateway (see `GatewayModule` in gateway.ts).
 * The carriers' DCSA API always; PINT when the configuration has a `pint` section.
 */
import type { JWK } from "jose";

import type { PintConfig } from "./config/schema.ts";
import type { PintSecrets } from "./config/secrets.ts";
import { createDcsaModule } from "./dcsa/dcsaModule.ts";
import { Gateway, type GatewayModule, type StartGatewayOptions } from "./gateway.ts";
import { createKeyring, createPintSigner } from "./pint/jws.ts";
import { createViemPintChain } from "./pint/pintChain.ts";
import { createPintModule } from "./pint/pintModule.ts";
import { createPartyDirectory } from "./pint/parties.ts";

/**
 * PINT as configured: the module is built when the gateway starts, on the gateway's own chain
 * client (the governance-named gateway account added as a signer) and database.
 */
export function configuredPintModule(pint: PintConfig, secrets: PintSecrets): GatewayModule {
  let inner: GatewayModule | undefined;
  return {
    name: "pint",
    async start(context) {
      const platform = context.config.platform.code;
      const account = context.chain.addSigner(secrets.gatewayKey);
      inner = createPintModule({
        platform,
        signer: await createPintSigner(platform, JSON.parse(secrets.signingJwk.reveal()) as JWK),
        keyring: await createKeyring(
          pint.peers.flatMap((peer) =>
            peer.publicKeys.map((jwk) => ({ platform: peer.platform, jwk: jwk as JWK })),
          ),
        ),
        chain: createViemPintChain({
          publicClient: context.chain.publicClient,
          wallet: context.chain.walletOf(account),
          billOfLading: context.chain.billOfLading,
          registry: pint.registry,
        }),
        directory: createPartyDirectory(platform, pint.members),
        peers: Object.fromEntries(pint.peers.map((peer) => [peer.platform, peer.url])),
        retry: pint.retry,
        requestTimeoutMs: pint.requestTimeoutMs,
        pollIntervalMs: pint.pollIntervalMs,
      });
      await inner.start(context);
    },
    async stop() {
      await inner?.stop?.();
    },
    health() {
      return inner?.health?.() ?? {};
    },
  };
}

/** The modules a production gateway runs. */
export function defaultModules(
  config?: { pint?: PintConfig | undefined },
  pintSecrets?: PintSecrets,
): GatewayModule[] {
  const modules: GatewayModule[] = [createDcsaModule()];
  if (config?.pint !== undefined) {
    if (pintSecrets === undefined)
      throw new Error("the pint section is configured but its secrets were not read");
    modules.push(configuredPintModule(config.pint, pintSecrets));
  }
  return modules;
}

/** Starts a gateway with `defaultModules()` (unless `options.modules` names others). */
export function startDefaultGateway(
  options: StartGatewayOptions & { pintSecrets?: PintSecrets },
): Promise<Gateway> {
  return Gateway.start({
    modules: defaultModules(options.config, options.pintSecrets),
    ...options,
  });
}
