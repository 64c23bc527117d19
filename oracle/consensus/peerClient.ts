/**
 * Talks to the other committee members' consensus routes over HTTP (JSON, bearer token), validating
 * every answer with zod. A peer that fails is skipped for a short, growing backoff (100 ms doubling
 * to 2 s) so a dead node costs the leader nothing but one refused connection now and then.
 *
 * Requests go through `lib/net/httpPost.ts` (`node:http`/`https` on keep-alive agents), not the
 * global `fetch`: a leader asks every member several times a second, and fetch's Request, Headers,
 * WHATWG stream and AbortSignal machinery per request was most of the client-side HTTP cost in a
 * node's profile (undici about a sixth of its busy time under the day's feed). A request that met
 * a kept-alive connection the peer had just closed is sent once more on a new one: the consensus
 * routes answer a repeated request as they answered the first.
 */
import type { z } from "zod/v4";
import type { CommitteeMember } from "../config/schema.ts";
import { CaravelError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";
import { createHttpPoster } from "../../lib/net/httpPost.ts";
import type { Secret } from "../config/secrets.ts";
import {
  observeResponseSchema,
  signResponseSchema,
  stringifyMessage,
  type ObserveRequest,
  type ObserveResponse,
  type SignRequest,
  type SignResponse,
} from "./messages.ts";

export interface PeerTransport {
  observe(member: CommitteeMember, request: ObserveRequest): Promise<ObserveResponse>;
  sign(member: CommitteeMember, request: SignRequest): Promise<SignResponse>;
}

/** A peer did not answer usefully (unreachable, timed out, bad status, malformed answer). */
export class PeerError extends CaravelError {
  override name = "PeerError" as const;
  readonly peer: string;

  constructor(peer: string, message: string, options?: { cause?: unknown }) {
    super(`peer ${peer}: ${message}`, {
      code: TASK_ERRORS.PEER_UNAVAILABLE,
      cause: options?.cause,
    });
    this.peer = peer;
  }
}

const BACKOFF_BASE_MS = 100;
const BACKOFF_MAX_MS = 2_000;
/** The largest answer read from a peer (a lock carries one report: at most 2,000 events). */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

export interface HttpPeerTransportOptions {
  token: Secret;
  timeoutMs: number;
  nowMs?: () => number;
}

export class HttpPeerTransport implements PeerTransport {
  readonly #token: Secret;
  readonly #timeoutMs: number;
  readonly #nowMs: () => number;
  readonly #backoff = new Map<string, { failures: number; until: number }>();
  /** Kept-alive connections to every peer; answers are read whole up to MAX_ANSWER_BYTES. */
  readonly #poster = createHttpPoster({
    maxAnswerBytes: MAX_ANSWER_BYTES,
    resendOnStaleConnection: true,
  });

  constructor(options: HttpPeerTransportOptions) {
    this.#token = options.token;
    this.#timeoutMs = options.timeoutMs;
    this.#nowMs = options.nowMs ?? Date.now;
  }

  observe(member: CommitteeMember, request: ObserveRequest): Promise<ObserveResponse> {
    return this.#post(member, "/v1/consensus/observe", request, observeResponseSchema);
  }

  sign(member: CommitteeMember, request: SignRequest): Promise<SignResponse> {
    return this.#post(member, "/v1/consensus/sign", request, signResponseSchema);
  }

  /** Whether the peer is currently skipped after failures. */
  isBackingOff(memberId: string): boolean {
    const state = this.#backoff.get(memberId);
    return state !== undefined && state.until > this.#nowMs();
  }

  async #post<S extends z.ZodTypeAny>(
    member: CommitteeMember,
    path: string,
    body: unknown,
    schema: S,
  ): Promise<z.output<S>> {
    if (this.isBackingOff(member.id)) throw new PeerError(member.id, "backing off after failures");
    try {
      const answer = await this.#poster.post(
        new URL(path, member.url),
        stringifyMessage(body),
        {
          "content-type": "application/json",
          authorization: `Bearer ${this.#token.reveal()}`,
        },
        { timeoutMs: this.#timeoutMs },
      );
      const status = answer.status;
      const text = answer.body.toString("utf8");
      if (status < 200 || status > 299) {
        throw new PeerError(member.id, `HTTP ${status}: ${text.slice(0, 200)}`);
      }
      const parsed = schema.safeParse(JSON.parse(text));
      if (!parsed.success) {
        throw new PeerError(
          member.id,
          `malformed answer: ${parsed.error.issues[0]?.message ?? ""}`,
        );
      }
      this.#backoff.delete(member.id);
      return parsed.data as z.output<S>;
    } catch (error) {
      const failures = (this.#backoff.get(member.id)?.failures ?? 0) + 1;
      const delay = Math.min(BACKOFF_BASE_MS * 2 ** (failures - 1), BACKOFF_MAX_MS);
      this.#backoff.set(member.id, { failures, until: this.#nowMs() + delay });
      if (error instanceof PeerError) throw error;
      throw new PeerError(member.id, (error as Error).message, { cause: error });
    }
  }
}
