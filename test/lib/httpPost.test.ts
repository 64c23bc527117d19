import { expect } from "chai";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createPublicClient, http as viemHttp } from "viem";

import { createHttpPoster } from "../../lib/net/httpPost.ts";

/** A local server answering each POST with `answer(body)`; counts the connections it accepted. */
async function localServer(
  answer: (body: string, request: http.IncomingMessage) => [number, string],
) {
  let connections = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const [status, body] = answer(Buffer.concat(chunks).toString(), request);
      response.writeHead(status, { "content-type": "application/json" }).end(body);
    });
  });
  server.on("connection", () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("HTTP POSTs over kept-alive connections (lib/net/httpPost.ts)", function () {
  it("sends a hundred POSTs one after another over one connection, each answered whole", async function () {
    const server = await localServer((body) => [200, JSON.stringify({ echo: body })]);
    const poster = createHttpPoster();
    try {
      for (let i = 0; i < 100; i++) {
        const answer = await poster.post(`${server.url}/v1/x`, `message ${i}`, {
          "content-type": "text/plain",
        });
        expect(answer.status).to.equal(200);
        expect(JSON.parse(answer.body.toString())).to.deep.equal({ echo: `message ${i}` });
      }
      expect(server.connections()).to.equal(1);
    } finally {
      poster.close();
      await server.close();
    }
  });

  it("serves viem's JSON-RPC client as its fetch, batched requests and a node's error alike", async function () {
    const server = await localServer((body) => {
      const calls = JSON.parse(body) as
        { id: number; method: string }[] | { id: number; method: string };
      const answerOf = (call: { id: number; method: string }) =>
        call.method === "eth_chainId"
          ? { jsonrpc: "2.0", id: call.id, result: "0x7a69" }
          : { jsonrpc: "2.0", id: call.id, error: { code: -32601, message: `no ${call.method}` } };
      return [200, JSON.stringify(Array.isArray(calls) ? calls.map(answerOf) : answerOf(calls))];
    });
    const poster = createHttpPoster();
    try {
      const client = createPublicClient({
        transport: viemHttp(server.url, { batch: true, fetchFn: poster.fetch, retryCount: 0 }),
      });
      const [a, b] = await Promise.all([client.getChainId(), client.getChainId()]);
      expect([a, b]).to.deep.equal([31337, 31337]);
      let refusal: unknown;
      try {
        await client.request({ method: "eth_nothing" as never });
      } catch (error) {
        refusal = error;
      }
      expect(String(refusal)).to.contain("no eth_nothing");
    } finally {
      poster.close();
      await server.close();
    }
  });

  it("gives a refused POST's status and body, and refuses an unreachable server with its error", async function () {
    const server = await localServer(() => [401, '{"error":"token"}']);
    const poster = createHttpPoster();
    try {
      const answer = await poster.post(server.url, "x", {});
      expect(answer.status).to.equal(401);
      expect(answer.body.toString()).to.equal('{"error":"token"}');
      await server.close();
      let refusal: unknown;
      try {
        await poster.post("http://127.0.0.1:1/", "x", {});
      } catch (error) {
        refusal = error;
      }
      expect((refusal as NodeJS.ErrnoException).code).to.equal("ECONNREFUSED");
    } finally {
      poster.close();
    }
  });

  it("refuses an answer longer than maxAnswerBytes, naming the bound, and still answers the next POST", async function () {
    const server = await localServer((body) => [200, body === "big" ? "x".repeat(70_000) : "ok"]);
    const poster = createHttpPoster({ maxAnswerBytes: 65_536 });
    try {
      let refusal: unknown;
      try {
        await poster.post(`${server.url}/v1/x`, "big", { "content-type": "text/plain" });
      } catch (error) {
        refusal = error;
      }
      expect(String(refusal)).to.match(/over 65536 bytes/);
      const next = await poster.post(`${server.url}/v1/x`, "small", {
        "content-type": "text/plain",
      });
      expect(next.body.toString()).to.equal("ok");
    } finally {
      poster.close();
      await server.close();
    }
  });
});
