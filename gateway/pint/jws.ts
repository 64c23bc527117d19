/**
 * JWS (RFC 7515, compact serialization) for PINT with jose: the platform's signer, and the keyring
 * of other platforms' public keys, from configuration, that every received signature is checked
 * against. PINT checksums are SHA-256 over the compact JWS text itself.
 */
import { CompactSign, compactVerify, importJWK, type CryptoKey, type JWK } from "jose";

/** Signs PINT payloads as one eBL platform. */
export interface PintSigner {
  /** The DCSA platform code this signer speaks for. */
  readonly platform: string;
  sign(payload: object): Promise<string>;
}

/** A platform's public key as configuration names it. */
export interface PlatformKey {
  platform: string;
  jwk: JWK;
}

/** Why a signature was refused: no key for the platform, or the signature does not verify. */
export class PintSignatureError extends Error {
  override readonly name = "PintSignatureError";
}

const ALGORITHMS = ["ES256", "EdDSA", "RS256", "PS256"] as const;

function algorithmOf(jwk: JWK): string {
  if (jwk.alg !== undefined) return jwk.alg;
  if (jwk.kty === "EC" && jwk.crv === "P-256") return "ES256";
  if (jwk.kty === "OKP") return "EdDSA";
  if (jwk.kty === "RSA") return "PS256";
  throw new Error(`cannot tell the JWS algorithm of a ${jwk.kty} key; set "alg" in its JWK`);
}

/** A signer for `platform` with its private JWK (its `kid` goes into every header). */
export async function createPintSigner(platform: string, privateJwk: JWK): Promise<PintSigner> {
  const alg = algorithmOf(privateJwk);
  const key = await importJWK(privateJwk, alg);
  const encoder = new TextEncoder();
  return {
    platform,
    sign: (payload) =>
      new CompactSign(encoder.encode(JSON.stringify(payload)))
        .setProtectedHeader(privateJwk.kid === undefined ? { alg } : { alg, kid: privateJwk.kid })
        .sign(key),
  };
}

/** The public keys of other platforms; verifies what they signed. */
export interface PlatformKeyring {
  has(platform: string): boolean;
  /** The JSON payload of `jws` if `platform` signed it; throws `PintSignatureError` otherwise. */
  verify(platform: string, jws: string): Promise<unknown>;
}

/** A keyring over `keys` (several per platform allowed, e.g. during a key rotation). */
export async function createKeyring(keys: readonly PlatformKey[]): Promise<PlatformKeyring> {
  const byPlatform = new Map<string, { alg: string; key: CryptoKey | Uint8Array }[]>();
  for (const { platform, jwk } of keys) {
    const alg = algorithmOf(jwk);
    const key = await importJWK({ ...jwk, d: undefined }, alg);
    byPlatform.set(platform, [...(byPlatform.get(platform) ?? []), { alg, key }]);
  }
  const decoder = new TextDecoder();
  return {
    has: (platform) => byPlatform.has(platform),
    async verify(platform, jws) {
      const candidates = byPlatform.get(platform);
      if (candidates === undefined) {
        throw new PintSignatureError(`no key is configured for eBL platform "${platform}"`);
      }
      for (const { alg, key } of candidates) {
        try {
          const { payload } = await compactVerify(jws, key, {
            algorithms: [alg, ...ALGORITHMS.filter((a) => a === alg)],
          });
          return JSON.parse(decoder.decode(payload)) as unknown;
        } catch {
          // try the platform's next key
        }
      }
      throw new PintSignatureError(
        `the signature does not verify with any key of platform "${platform}"`,
      );
    },
  };
}

/** The payload of a compact JWS, unverified: only to learn who claims to have signed it. */
export function unverifiedPayload(jws: string): unknown {
  const [, payload] = jws.split(".");
  if (payload === undefined) throw new Error("not a compact JWS");
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as unknown;
}
