/**
 * secp256k1 in pure JavaScript (@noble/curves, audited), for platforms where libsecp256k1's
 * binding does not load. About 25 times slower than the native engine.
 */
import { secp256k1 } from "@noble/curves/secp256k1.js";

import type { Secp256k1Engine } from "./engine.ts";

export function createJsSecp256k1(): Secp256k1Engine {
  return {
    backend: "js",
    verify(signature, digest, publicKey, lowS) {
      try {
        return secp256k1.verify(signature, digest, publicKey, {
          prehash: false,
          lowS,
          format: "compact",
        });
      } catch {
        return false;
      }
    },
    recover(signature, recoveryId, digest, out) {
      try {
        const point = secp256k1.Signature.fromBytes(signature, "compact")
          .addRecoveryBit(recoveryId)
          .recoverPublicKey(digest);
        out.set(point.toBytes(false));
        return true;
      } catch {
        return false;
      }
    },
  };
}
