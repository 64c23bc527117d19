/**
 * HTTP POSTs over kept-alive connections with `node:http` (`node:https` for an https URL), for
 * clients that send many small requests to a few servers (the customs feed to the oracle nodes,
 * the day's JSON-RPC, an oracle node's requests to its committee peers).
 *
 * Why not `fetch`: Node's fetch (undici) builds WHATWG Request, Response and stream objects for
 * every request; a profile of the trading day (docs/BENCHMARKS.md) showed its client spending
 * most of its CPU there. `node:http` with a keep-alive agent writes the body once and collects
 * the answer into one buffer.
 *
 * An idle connection is closed by the client after `idleMs` (default 4 s), before a Node server's
 * default 5 s keep-alive timeout can close it under a request being sent on it.
 */
import http from "node:http";
import https from "node:https";

/** A POST's answer, its body read whole. */
export interface PostAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpPoster {
  /** POSTs `body` to `url`; resolves with the answer once read whole. */
  post(
    url: string | URL,
    body: string | Uint8Array,
    headers: Readonly<Record<string, string>>,
    options?: { signal?: AbortSignal | null; timeoutMs?: number },
  ): Promise<PostAnswer>;
  /**
   * The same POST as `fetch` would make it, answered with the parts of a `Response` a JSON-RPC
   * client reads (status, headers, `text()`; no body stream): for viem's `fetchFn`.
   */
  readonly fetch: typeof fetch;
  /** Closes every connection. */
  close(): void;
}

export interface HttpPosterOptions {
  /** Connections per server at most (default 256). */
  maxSockets?: number;
  /** An idle connection is closed after this long (default 4,000 ms). */
  idleMs?: number;
  /** An answer longer than this is refused and its connection dropped (default: no bound). */
  maxAnswerBytes?: number;
  /**
   * Send a request once more, on a new connection, when it failed at once with ECONNRESET on a
   * kept-alive connection the server had just closed (the race Node's docs describe for
   * `request.reusedSocket`). Only for requests the server may see twice (default false).
   */
  resendOnStaleConnection?: boolean;
}

/** A poster over one keep-alive agent per scheme, of at most `maxSockets` connections per server. */
export function createHttpPoster(options: HttpPosterOptions = {}) {
  const agentOptions: http.AgentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? 256,
    // A socket's inactivity timeout: the agent destroys a free (idle) socket when it fires and
    // leaves a socket waiting for its answer alone.
    timeout: options.idleMs ?? 4_000,
    scheduling: "lifo",
  };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  const maxAnswerBytes = options.maxAnswerBytes ?? Number.POSITIVE_INFINITY;
  /** Each URL's parts, parsed once (a request per message parsed the same few URLs again). */
  const targets = new Map<
    string,
    { secure: boolean; hostname: string; port: string; path: string }
  >();
  const targetOf = (url: string | URL) => {
    const href = typeof url === "string" ? url : url.href;
    let target = targets.get(href);
    if (target === undefined) {
      const parsed = typeof url === "string" ? new URL(url) : url;
      if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
        throw new TypeError(
          `createHttpPoster: ${parsed.protocol} is not http: or https: (${href})`,
        );
      }
      const secure = parsed.protocol === "https:";
      target = {
        secure,
        hostname: parsed.hostname.replace(/^\[|\]$/g, ""),
        port: parsed.port === "" ? (secure ? "443" : "80") : parsed.port,
        path: `${parsed.pathname}${parsed.search}`,
      };
      if (targets.size >= 1_024) targets.clear();
      targets.set(href, target);
    }
    return target;
  };
  const post: HttpPoster["post"] = (url, body, headers, postOptions = {}) =>
    send(url, body, headers, postOptions, options.resendOnStaleConnection === true);
  const send = (
    url: string | URL,
    body: string | Uint8Array,
    headers: Readonly<Record<string, string>>,
    postOptions: { signal?: AbortSignal | null; timeoutMs?: number },
    mayResend: boolean,
  ): Promise<PostAnswer> =>
    new Promise((resolve, reject) => {
      const { secure, ...target } = targetOf(url);
      const request = (secure ? https : http).request({
        ...target,
        method: "POST",
        agent: secure ? agents.https : agents.http,
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        signal: postOptions.signal ?? undefined,
      });
      let timer: NodeJS.Timeout | undefined;
      if (postOptions.timeoutMs !== undefined && postOptions.timeoutMs > 0) {
        timer = setTimeout(
          () =>
            request.destroy(
              new Error(`no answer within ${postOptions.timeoutMs} ms from ${String(url)}`),
            ),
          postOptions.timeoutMs,
        );
      }
      request.on("error", (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (mayResend && request.reusedSocket && error.code === "ECONNRESET") {
          send(url, body, headers, postOptions, false).then(resolve, reject);
        } else reject(error);
      });
      request.once("response", (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxAnswerBytes) {
            request.destroy(
              new Error(`the answer from ${String(url)} is over ${maxAnswerBytes} bytes`),
            );
            return;
          }
          chunks.push(chunk);
        });
        response.on("error", (error) => {
          clearTimeout(timer);
          reject(error);
        });
        response.once("end", () => {
          clearTimeout(timer);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
          });
        });
      });
      request.end(body);
    });

  const fetchLike = async (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : input;
    // viem hands a plain object of headers; anything else goes through Headers.
    const given = init?.headers;
    const headers: Record<string, string> = {};
    if (given instanceof Headers || Array.isArray(given)) {
      new Headers(given).forEach((value, key) => (headers[key] = value));
    } else if (given !== undefined) Object.assign(headers, given);
    const body = init?.body;
    if (typeof body !== "string" && !(body instanceof Uint8Array) && body != null) {
      throw new TypeError("createHttpPoster().fetch: the body must be a string or bytes");
    }
    const answer = await post(url, body ?? "", headers, { signal: init?.signal ?? null });
    const text = answer.body.toString("utf8");
    return {
      ok: answer.status >= 200 && answer.status < 300,
      status: answer.status,
      statusText: http.STATUS_CODES[answer.status] ?? "",
      // What a JSON-RPC client reads of the headers: `get` (node:http lower-cases the names).
      headers: {
        get: (name: string) => {
          const value = answer.headers[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
        },
        forEach: (each: (value: string, name: string) => void) => {
          for (const [name, value] of Object.entries(answer.headers)) {
            if (value !== undefined) each(Array.isArray(value) ? value.join(", ") : value, name);
          }
        },
      },
      body: null,
      text: async () => text,
      json: async () => JSON.parse(text) as unknown,
    } as unknown as Response;
  };

  return {
    post,
    fetch: fetchLike as typeof fetch,
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  } satisfies HttpPoster;
}
