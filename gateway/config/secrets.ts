/**
 * Reads the gateway's secrets — each carrier's bearer token, signing key and callback token — from
 * the files or environment variables the configuration names, into `Secret`s that never print.
 */
import type { Hex } from "viem";
import { privateKeyToAddress } from "viem/accounts";

import { Secret } from "../../lib/config/secret.ts";
import {
  describeSecretSource as describeSource,
  readSecret as readSecretOf,
  type SecretSource,
} from "../../lib/config/secretSource.ts";
import { GatewayConfigError } from "./loadConfig.ts";
import type { GatewayConfig } from "./schema.ts";

/** The order of the secp256k1 group: a private key must be in [1, n-1]. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** Shortest bearer token accepted. */
export const MIN_TOKEN_LENGTH = 16;

export interface CarrierSecrets {
  token: Secret;
  signerKey: Secret<Hex>;
  callbackToken: Secret | undefined;
}

/** Secrets by carrier id. */
export type GatewaySecrets = ReadonlyMap<string, CarrierSecrets>;

function readSecret(field: string, source: SecretSource, env: NodeJS.ProcessEnv): string {
  return readSecretOf(field, source, env, (problems) => new GatewayConfigError(problems));
}

function token(field: string, source: SecretSource, env: NodeJS.ProcessEnv): Secret {
  const raw = readSecret(field, source, env);
  if (raw.length < MIN_TOKEN_LENGTH) {
    throw new GatewayConfigError([
      {
        field,
        message: `must be at least ${MIN_TOKEN_LENGTH} characters`,
        source: describeSource(source),
      },
    ]);
  }
  return new Secret(raw);
}

/** Checks a private key's shape (never putting it in the error) and that it is `address`'s key. */
function signerKey(
  field: string,
  source: SecretSource,
  env: NodeJS.ProcessEnv,
  address: string,
): Secret<Hex> {
  const raw = readSecret(field, source, env);
  const hex = (raw.startsWith("0x") ? raw : `0x${raw}`).toLowerCase() as Hex;
  if (!/^0x[0-9a-f]{64}$/.test(hex) || BigInt(hex) === 0n || BigInt(hex) >= SECP256K1_N) {
    throw new GatewayConfigError([
      {
        field,
        message: "must be a secp256k1 private key in hex (64 hex digits, optional 0x)",
        source: describeSource(source),
      },
    ]);
  }
  const derived = privateKeyToAddress(hex);
  if (derived.toLowerCase() !== address.toLowerCase()) {
    throw new GatewayConfigError([
      {
        field,
        message: `is the key of ${derived}, not of the configured address ${address}`,
        source: describeSource(source),
      },
    ]);
  }
  return new Secret(hex);
}

/** Reads every carrier's secrets; throws a GatewayConfigError naming the field. */
export function loadSecrets(
  config: Pick<GatewayConfig, "carriers">,
  env: NodeJS.ProcessEnv = process.env,
): GatewaySecrets {
  const secrets = new Map<string, CarrierSecrets>();
  config.carriers.forEach((carrier, index) => {
    const at = `carriers.${index}`;
    secrets.set(carrier.id, {
      token: token(`${at}.token`, carrier.token, env),
      signerKey: signerKey(`${at}.signer`, carrier.signer, env, carrier.address),
      callbackToken:
        carrier.callbackToken === undefined
          ? undefined
          : token(`${at}.callbackToken`, carrier.callbackToken, env),
    });
  });
  return secrets;
}

/** The PINT module's secrets: the gateway account's key and the platform's private signing JWK. */
export interface PintSecrets {
  gatewayKey: Secret<Hex>;
  /** The private JWK's JSON text (checked to be one). */
  signingJwk: Secret;
}

/** Reads the `pint` section's secrets (undefined without one); throws a GatewayConfigError naming the field. */
export function loadPintSecrets(
  config: Pick<GatewayConfig, "pint">,
  env: NodeJS.ProcessEnv = process.env,
): PintSecrets | undefined {
  const pint = config.pint;
  if (pint === undefined) return undefined;
  const gatewayKey = signerKey("pint.gatewaySigner", pint.gatewaySigner, env, pint.gatewayAccount);
  const raw = readSecret("pint.signingKey", pint.signingKey, env);
  let jwk: unknown;
  try {
    jwk = JSON.parse(raw);
  } catch {
    jwk = undefined;
  }
  const record = jwk as Record<string, unknown> | undefined;
  if (
    record === undefined ||
    typeof record !== "object" ||
    typeof record.kty !== "string" ||
    !("d" in record)
  ) {
    throw new GatewayConfigError([
      {
        field: "pint.signingKey",
        message: "must be a private JWK (JSON with kty and d)",
        source: describeSource(pint.signingKey),
      },
    ]);
  }
  return { gatewayKey, signingJwk: new Secret(raw) };
}
