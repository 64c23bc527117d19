/**
 * The carriers a gateway serves: who a bearer token belongs to, and each carrier's configuration
 * by id or member address. Tokens are compared in constant time (SHA-256 of both, then
 * `timingSafeEqual`), against every carrier, so the answer's timing does not tell which matched.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { getAddress, type Address } from "viem";

import type { CarrierConfig } from "./config/schema.ts";
import type { CarrierSecrets, GatewaySecrets } from "./config/secrets.ts";

export interface ServedCarrier {
  config: CarrierConfig;
  secrets: CarrierSecrets;
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

export class CarrierDirectory {
  readonly #carriers: readonly ServedCarrier[];

  constructor(carriers: readonly CarrierConfig[], secrets: GatewaySecrets) {
    this.#carriers = carriers.map((config) => {
      const carrierSecrets = secrets.get(config.id);
      if (carrierSecrets === undefined) throw new Error(`no secrets for carrier ${config.id}`);
      return { config, secrets: carrierSecrets };
    });
    const tokens = new Set(this.#carriers.map((c) => c.secrets.token.reveal()));
    if (tokens.size !== this.#carriers.length) {
      throw new Error("two carriers share one bearer token: each carrier needs its own");
    }
  }

  get all(): readonly ServedCarrier[] {
    return this.#carriers;
  }

  /** The carrier whose token `Authorization: Bearer <token>` presents, if any. */
  authenticate(authorization: string | undefined): ServedCarrier | undefined {
    const match = /^Bearer (\S+)$/.exec(authorization ?? "");
    if (match === null) return undefined;
    const presented = digest(match[1]!);
    let found: ServedCarrier | undefined;
    for (const carrier of this.#carriers) {
      if (timingSafeEqual(presented, digest(carrier.secrets.token.reveal()))) found = carrier;
    }
    return found;
  }

  byId(id: string): ServedCarrier | undefined {
    return this.#carriers.find((c) => c.config.id === id);
  }

  byAddress(address: string): ServedCarrier | undefined {
    const wanted = getAddress(address);
    return this.#carriers.find((c) => c.config.address === wanted);
  }

  /** Carrier addresses, for the chain watcher's log filter. */
  addresses(): Address[] {
    return this.#carriers.map((c) => c.config.address);
  }
}
