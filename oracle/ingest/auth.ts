/**
 * Bearer-token authentication per client. Configuration holds only the SHA-256 of each token; a
 * presented token is hashed and compared with every client's hash in constant time (all of them,
 * so the time taken does not reveal which client, if any, matched).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** What a client may do: post customs notifications, transport events, canonical events, operate. */
export const CLIENT_SCOPES = ["customs", "transport", "events", "operator"] as const;
export type ClientScope = (typeof CLIENT_SCOPES)[number];

export const ingestClientSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "must be 1-64 of A-Z a-z 0-9 . _ -"),
    tokenSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, "must be the SHA-256 of the token as 64 lower-case hex digits"),
    scopes: z.array(z.enum(CLIENT_SCOPES)).min(1, "must grant at least one scope"),
  })
  .strict();

export type IngestClient = z.infer<typeof ingestClientSchema>;

/** "Bearer" (any case, RFC 7235) and a 16-512 character token of the RFC 6750 token68 alphabet. */
const BEARER = /^Bearer ([A-Za-z0-9._~+/-]{16,512}=*)$/i;

/** The hex SHA-256 of a token: what configuration stores instead of the token. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Why a request was not let through, for metrics (`caravel_ingest_auth_refused_total{reason}`). */
export type AuthRefusal = "missing-token" | "malformed-token" | "unknown-token" | "missing-scope";

export type AuthResult =
  | { ok: true; client: IngestClient }
  | { ok: false; status: 401; refusal: Exclude<AuthRefusal, "missing-scope">; reason: string }
  | { ok: false; status: 403; refusal: "missing-scope"; clientId: string; reason: string };

export class BearerAuthenticator {
  readonly #clients: { client: IngestClient; hash: Buffer }[];

  constructor(clients: readonly IngestClient[]) {
    const ids = new Set<string>();
    const hashes = new Set<string>();
    this.#clients = clients.map((raw, index) => {
      const client = ingestClientSchema.parse(raw);
      if (ids.has(client.id)) throw new Error(`clients[${index}].id "${client.id}" is used twice`);
      if (hashes.has(client.tokenSha256)) {
        throw new Error(`clients[${index}].tokenSha256 is shared with another client`);
      }
      ids.add(client.id);
      hashes.add(client.tokenSha256);
      return { client, hash: Buffer.from(client.tokenSha256, "hex") };
    });
  }

  /** Checks an Authorization header against the clients and the scope the route needs. */
  authenticate(authorization: string | undefined, scope: ClientScope): AuthResult {
    if (authorization === undefined || authorization === "") {
      return {
        ok: false,
        status: 401,
        refusal: "missing-token",
        reason: "a bearer token is required",
      };
    }
    const match = BEARER.exec(authorization);
    if (match === null) {
      return {
        ok: false,
        status: 401,
        refusal: "malformed-token",
        reason: 'must be "Bearer <token>" with a 16-512 character token',
      };
    }
    const presented = createHash("sha256").update(match[1]!, "utf8").digest();
    let found: IngestClient | undefined;
    for (const { client, hash } of this.#clients) {
      if (timingSafeEqual(presented, hash) && found === undefined) found = client;
    }
    if (found === undefined) {
      return { ok: false, status: 401, refusal: "unknown-token", reason: "the token is not valid" };
    }
    if (!found.scopes.includes(scope)) {
      return {
        ok: false,
        status: 403,
        refusal: "missing-scope",
        clientId: found.id,
        reason: `client ${found.id} may not use this route (needs scope "${scope}")`,
      };
    }
    return { ok: true, client: found };
  }
}
