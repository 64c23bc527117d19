/**
 * Serves an in-process Hardhat network over HTTP JSON-RPC, as `network.createServer` does, but
 * reads each request body as whole buffers. Hardhat 3's own server appends request bodies to a
 * JavaScript array one byte at a time (`bytes.push(...chunk)`); a 512-event oracle report is
 * ~100 kB of calldata, sent twice (estimate, then the transaction), and under the oracle
 * benchmark that reading took 41% of the chain process's main thread, on the two cores the
 * benchmark measures. Answers, errors included, are shaped as Hardhat's server shapes them: a
 * revert (code 3) carries the raw return data, other errors a `{ message, txHash, data, reason }`
 * object.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import type { EthereumProvider } from "hardhat/types/providers";

/** What the server needs of a provider: Hardhat's, or one wrapping it. */
export type JsonRpcProvider = Pick<EthereumProvider, "request">;

/** JSON-RPC's code for a revert (geth and Anvil use it; viem reads the data as return data). */
const REVERT_ERROR_CODE = 3;
const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const INTERNAL_ERROR = -32603;
/**
 * How long an idle kept-alive connection stays open, from the server's side. Node closes one
 * after 5 s by default; a client that keeps connections alive closes its idle ones itself
 * (lib/net/httpPost.ts after 4 s, viem's and undici's alike), and when the server closes first a
 * request written on the connection at that moment fails with "socket hang up". On a loaded
 * machine a client's timer fires late, and the trading day failed so from a live chain
 * (docs/BENCHMARKS.md "The chain's side"). A minute leaves closing to the client; `close` still
 * closes every connection.
 */
const KEEP_ALIVE_TIMEOUT_MS = 60_000;

type JsonRpcId = number | string | null;

interface JsonRpcError {
  jsonrpc: "2.0";
  id: JsonRpcId;
  error: { code: number; message: string; data?: unknown };
}

interface JsonRpcResult {
  jsonrpc: "2.0";
  id: JsonRpcId;
  result: unknown;
}

export interface JsonRpcServer {
  url: string;
  close(): Promise<void>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function returnDataOf(error: Record<string, unknown>): string | undefined {
  const data = error.data;
  if (typeof data === "string") return data;
  if (isRecord(data) && typeof data.data === "string") return data.data;
  return undefined;
}

/** The JSON-RPC error answer for what the provider threw (Hardhat's server's shape). */
function jsonRpcErrorOf(thrown: unknown, id: JsonRpcId): JsonRpcError {
  const error: Record<string, unknown> = isRecord(thrown) ? thrown : { message: String(thrown) };
  const message =
    thrown instanceof Error ? thrown.message : String(error.message ?? "Internal error");
  const code = typeof error.code === "number" ? error.code : INTERNAL_ERROR;
  const returnData = returnDataOf(error);
  const nested = isRecord(error.data) ? error.data : {};
  const txHash =
    typeof error.transactionHash === "string"
      ? error.transactionHash
      : typeof nested.transactionHash === "string"
        ? nested.transactionHash
        : undefined;
  const reason = typeof nested.reason === "string" ? nested.reason : undefined;
  const data =
    code === REVERT_ERROR_CODE ? returnData : { message, txHash, data: returnData, reason };
  return { jsonrpc: "2.0", id, error: { code, message, data } };
}

export interface ServeJsonRpcOptions {
  host?: string;
  /** 0 (the default): any free port. */
  port?: number;
  /** Called with the method of every well-formed request before it is answered. */
  onRequest?: (method: string) => void;
}

async function answer(
  provider: JsonRpcProvider,
  payload: unknown,
  onRequest: ((method: string) => void) | undefined,
): Promise<JsonRpcResult | JsonRpcError> {
  if (!isRecord(payload) || typeof payload.method !== "string") {
    return {
      jsonrpc: "2.0",
      id: null,
      error: { code: INVALID_REQUEST, message: "Invalid request" },
    };
  }
  const id = (
    typeof payload.id === "number" || typeof payload.id === "string" ? payload.id : null
  ) satisfies JsonRpcId;
  const params = payload.params ?? [];
  if (!Array.isArray(params) && !isRecord(params)) {
    return { jsonrpc: "2.0", id, error: { code: INVALID_REQUEST, message: "Invalid params" } };
  }
  onRequest?.(payload.method);
  try {
    const result = await provider.request({ method: payload.method, params });
    return { jsonrpc: "2.0", id, result };
  } catch (error) {
    return jsonRpcErrorOf(error, id);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Serves `provider` on loopback (or `options.host`) until `close`. */
export async function serveJsonRpc(
  provider: JsonRpcProvider,
  options: ServeJsonRpcOptions = {},
): Promise<JsonRpcServer> {
  const { host = "127.0.0.1", port = 0, onRequest } = options;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let payload: unknown;
    try {
      payload = JSON.parse(await readBody(req));
    } catch (error) {
      const message = `Parse error: ${error instanceof Error ? error.message : String(error)}`;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: PARSE_ERROR, message } }));
      return;
    }
    const body = Array.isArray(payload)
      ? await Promise.all(payload.map((item) => answer(provider, item, onRequest)))
      : await answer(provider, payload, onRequest);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
