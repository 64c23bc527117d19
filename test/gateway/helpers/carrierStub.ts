/**
 * A carrier's system as the gateway sees it: an HTTP server implementing the carrier's side of
 * DCSA ISS (`POST /v3/ebl-issuance-responses`) and SUR (`POST /v3/ebl-surrender-requests`),
 * recording what it receives; it can be told to fail (answer 500) to exercise the retries.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export interface ReceivedCall {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

export interface CarrierStub {
  url: string;
  received: ReceivedCall[];
  /** Answer 500 to every call while true (the calls are still recorded as attempts). */
  failing: boolean;
  attempts: number;
  /** The calls to `path`, waiting until at least `count` arrived. */
  waitFor(path: string, count?: number, timeoutMs?: number): Promise<ReceivedCall[]>;
  close(): Promise<void>;
}

export async function startCarrierStub(): Promise<CarrierStub> {
  const stub: Omit<CarrierStub, "url" | "close" | "waitFor"> = {
    received: [],
    failing: false,
    attempts: 0,
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      stub.attempts += 1;
      if (stub.failing) {
        res.writeHead(500).end();
        return;
      }
      stub.received.push({
        path: req.url ?? "",
        authorization: req.headers.authorization,
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const full = stub as CarrierStub;
  full.url = `http://127.0.0.1:${port}`;
  full.waitFor = async (path, count = 1, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const calls = full.received.filter((c) => c.path === path);
      if (calls.length >= count) return calls;
      if (Date.now() > deadline) {
        throw new Error(`the carrier received ${calls.length} of ${count} calls to ${path}`);
      }
      await sleep(20);
    }
  };
  full.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return full;
}
