/**
 * secp256k1 through libsecp256k1, the C library Bitcoin Core uses, via the N-API binding the
 * npm `secp256k1` package ships prebuilt. The binding is loaded with `node-gyp-build` on the
 * package directory directly: the package's own `index.js` silently falls back to the slow
 * `elliptic` implementation when the binding does not load, and here we need to know.
 */
import { createRequire } from "node:module";
import path from "node:path";

import type { Secp256k1Engine } from "./engine.ts";

/** The raw binding's methods used here; each returns a status code, 0 meaning success. */
export interface Secp256k1Addon {
  ecdsaVerify(signature: Uint8Array, digest: Uint8Array, publicKey: Uint8Array): number;
  ecdsaRecover(
    out: Uint8Array,
    signature: Uint8Array,
    recoveryId: number,
    digest: Uint8Array,
  ): number;
  signatureNormalize(signature: Uint8Array): number;
  /**
   * Signs `digest` with `secretKey` (RFC 6979 nonce when `data` and `nonceFunction` are
   * undefined; the signature is low-s), writing `r ‖ s` into `out.signature` and the recovery id
   * into `out.recid`.
   */
  ecdsaSign(
    out: { signature: Uint8Array; recid: number },
    digest: Uint8Array,
    secretKey: Uint8Array,
    data: undefined,
    nonceFunction: undefined,
  ): number;
}

interface AddonModule {
  Secp256k1: new () => Secp256k1Addon;
}

function isAddonModule(value: unknown): value is AddonModule {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { Secp256k1?: unknown }).Secp256k1 === "function"
  );
}

let loaded: { addon: Secp256k1Addon } | { error: unknown } | undefined;

/**
 * Loads libsecp256k1's binding (once per thread: node-gyp-build searches the package's prebuilds
 * on the file system), or throws saying why it is unavailable.
 */
export function loadSecp256k1Addon(): Secp256k1Addon {
  loaded ??= (() => {
    try {
      return { addon: loadAddonNow() };
    } catch (error) {
      return { error };
    }
  })();
  if ("error" in loaded) throw loaded.error;
  return loaded.addon;
}

function loadAddonNow(): Secp256k1Addon {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve("secp256k1/package.json");
  // node-gyp-build is the secp256k1 package's own dependency: resolve it from there.
  const nodeGypBuild: unknown = createRequire(packageJson)("node-gyp-build");
  if (typeof nodeGypBuild !== "function") {
    throw new Error("node-gyp-build did not export a loader function");
  }
  const addon: unknown = nodeGypBuild(path.dirname(packageJson));
  if (!isAddonModule(addon)) {
    throw new Error("the secp256k1 native binding has no Secp256k1 class");
  }
  return new addon.Secp256k1();
}

/**
 * Creates the native engine. Throws when the binding cannot be loaded on this platform
 * (no prebuild and no compiler); `nativeSecp256k1Available()` asks without throwing.
 */
export function createNativeSecp256k1(): Secp256k1Engine {
  const addon = loadSecp256k1Addon();
  // libsecp256k1's verify only accepts low-s signatures; plain ECDSA normalises a copy first.
  const normalized = new Uint8Array(64);
  return {
    backend: "native",
    verify(signature, digest, publicKey, lowS) {
      if (lowS) return addon.ecdsaVerify(signature, digest, publicKey) === 0;
      normalized.set(signature);
      // Normalising fails only when r or s is not below n: such a signature is invalid.
      if (addon.signatureNormalize(normalized) !== 0) return false;
      return addon.ecdsaVerify(normalized, digest, publicKey) === 0;
    },
    recover(signature, recoveryId, digest, out) {
      return addon.ecdsaRecover(out, signature, recoveryId, digest) === 0;
    },
  };
}

/** Whether libsecp256k1's binding loads here (`loadSecp256k1Addon` tries once per thread). */
export function nativeSecp256k1Available(): boolean {
  try {
    loadSecp256k1Addon();
    return true;
  } catch {
    return false;
  }
}
