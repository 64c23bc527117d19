/**
 * Reads a node's secrets (signing key, transmitter key, bearer tokens) from the files or
 * environment variables the configuration names, and keeps each in a `Secret` that never prints
 * its value: not in logs, not in JSON, not in `util.inspect`, not in error messages.
 */
import type { Hex } from "viem";
import { Secret } from "../../lib/config/secret.ts";
import {
  describeSecretSource as describeSource,
  readSecret as readSecretOf,
  type SecretSource,
} from "../../lib/config/secretSource.ts";
import { ConfigError } from "./loadConfig.ts";
import type { NodeConfig } from "./schema.ts";

export { Secret };

/** The order of the secp256k1 group: a private key must be in [1, n-1]. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

export interface NodeSecrets {
  signerKey: Secret<Hex>;
  transmitterKey: Secret<Hex>;
  peerToken: Secret;
  adminToken: Secret;
}

function readSecret(field: string, source: SecretSource, env: NodeJS.ProcessEnv): string {
  return readSecretOf(field, source, env, (problems) => new ConfigError(problems));
}

/** Checks a private key's shape without ever putting the key in the error. */
function privateKey(field: string, source: SecretSource, raw: string): Secret<Hex> {
  const hex = raw.startsWith("0x") ? raw : `0x${raw}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) {
    throw new ConfigError([
      {
        field,
        message: "must be a 32-byte private key in hex (64 hex digits, optional 0x)",
        source: describeSource(source),
      },
    ]);
  }
  const scalar = BigInt(hex);
  if (scalar === 0n || scalar >= SECP256K1_N) {
    throw new ConfigError([
      {
        field,
        message: "is not a valid secp256k1 private key (out of range)",
        source: describeSource(source),
      },
    ]);
  }
  return new Secret(hex.toLowerCase() as Hex);
}

function token(field: string, source: SecretSource, raw: string): Secret {
  if (raw.length < 16) {
    throw new ConfigError([
      { field, message: "must be at least 16 characters", source: describeSource(source) },
    ]);
  }
  return new Secret(raw);
}

/** Reads every secret the configuration points at; throws a ConfigError naming the field. */
export function loadSecrets(
  keys: NodeConfig["keys"],
  env: NodeJS.ProcessEnv = process.env,
): NodeSecrets {
  const signerKey = privateKey(
    "keys.signer",
    keys.signer,
    readSecret("keys.signer", keys.signer, env),
  );
  const transmitterKey =
    keys.transmitter === undefined
      ? signerKey
      : privateKey(
          "keys.transmitter",
          keys.transmitter,
          readSecret("keys.transmitter", keys.transmitter, env),
        );
  return {
    signerKey,
    transmitterKey,
    peerToken: token(
      "keys.peerToken",
      keys.peerToken,
      readSecret("keys.peerToken", keys.peerToken, env),
    ),
    adminToken: token(
      "keys.adminToken",
      keys.adminToken,
      readSecret("keys.adminToken", keys.adminToken, env),
    ),
  };
}
