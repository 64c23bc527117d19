/**
 * The PINT 3.0 routes over HTTP: which receiver function a request reaches, and a small
 * standalone server with a body limit (an oversize body is refused with 413 before it is read
 * further). The gateway's HTTP server registers `routePint` beside its own routes; the
 * standalone server serves tests and the benchmark.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";

import { errorReply, type PintReceiver, type PintReply } from "./receiver.ts";

/** Largest request body accepted by default: an envelope with a large transport document. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

const ADDITIONAL_DOCUMENT = /^\/v3\/envelopes\/([^/]+)\/additional-documents\/([0-9a-f]{64})$/;
const FINISH = /^\/v3\/envelopes\/([^/]+)\/finish-transfer$/;

/** The reply to `method path` with JSON `body`, or undefined when no PINT route matches. */
export async function routePint(
  receiver: PintReceiver,
  method: string,
  path: string,
  body: unknown,
): Promise<PintReply | undefined> {
  if (method === "POST" && path === "/v3/envelopes") return receiver.startTransfer(body);
  if (method === "POST" && path === "/v3/receiver-validation")
    return receiver.validateReceiver(body);
  const document = method === "PUT" ? ADDITIONAL_DOCUMENT.exec(path) : null;
  if (document !== null) {
    return receiver.putAdditionalDocument(decodeURIComponent(document[1]!), document[2]!, body);
  }
  const finish = method === "PUT" ? FINISH.exec(path) : null;
  if (finish !== null) return receiver.finishTransfer(decodeURIComponent(finish[1]!));
  return undefined;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > maxBytes) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).byteLength;
    if (size > maxBytes) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A server answering the PINT routes of `receiver` only. */
export function createPintServer(
  receiver: PintReceiver,
  options: { maxBodyBytes?: number } = {},
): Server {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const method = req.method ?? "GET";
    const send = (reply: PintReply) => {
      const headers: Record<string, string> = { "api-version": "3.0.0" };
      if (reply.body === undefined) {
        res.writeHead(reply.status, headers).end();
        return;
      }
      res
        .writeHead(reply.status, { ...headers, "content-type": "application/json" })
        .end(JSON.stringify(reply.body));
    };
    void (async () => {
      let text: string;
      try {
        text = await readBody(req, maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          send(errorReply(413, method, path, `the body is larger than ${maxBodyBytes} bytes`));
          req.destroy();
          return;
        }
        throw error;
      }
      let body: unknown;
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        send(errorReply(400, method, path, "the body is not JSON"));
        return;
      }
      const reply = await routePint(receiver, method, path, body);
      send(reply ?? errorReply(404, method, path, "no such PINT route"));
    })().catch((error: unknown) => {
      if (!res.headersSent)
        send(errorReply(500, method, path, error instanceof Error ? error.message : String(error)));
    });
  });
}
