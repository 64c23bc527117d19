/** Picks the secp256k1 engine for a backend name. */
import type { Secp256k1Engine } from "./engine.ts";
import { createJsSecp256k1 } from "./secp256k1Js.ts";
import { createNativeSecp256k1, nativeSecp256k1Available } from "./secp256k1Native.ts";
import type { Secp256k1Backend } from "./types.ts";

/** The backend used when none is asked for: native when its binding loads, else JS. */
export function defaultSecp256k1Backend(): Secp256k1Backend {
  return nativeSecp256k1Available() ? "native" : "js";
}

/** Creates the engine; throws if `native` is asked for and libsecp256k1's binding does not load. */
export function createSecp256k1Engine(backend: Secp256k1Backend): Secp256k1Engine {
  return backend === "native" ? createNativeSecp256k1() : createJsSecp256k1();
}
