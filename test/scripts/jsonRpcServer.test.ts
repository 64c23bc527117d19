import { Agent, request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

import { expect } from "chai";
import { network } from "hardhat";
import { serveJsonRpc, type JsonRpcServer } from "../../scripts/dev/jsonRpcServer.ts";

/** Init code that reverts with the one-byte return data 0x01. */
const REVERTING_INIT_CODE = "0x60016000526001601ffd";

async function post(url: string, body: string): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  expect(response.status).to.equal(200);
  return response.json();
}

describe("serveJsonRpc", function () {
  let ours: JsonRpcServer;
  let closeOurs: () => Promise<void>;
  let hardhatUrl: string;
  let closeHardhat: () => Promise<void>;

  before(async function () {
    const connection = await network.create("hardhat");
    ours = await serveJsonRpc(connection.provider);
    closeOurs = async () => {
      await ours.close();
      await connection.close();
    };
    const server = await network.createServer("hardhat", "127.0.0.1", 0);
    const { address, port } = await server.listen();
    hardhatUrl = `http://${address}:${port}`;
    closeHardhat = () => server.close();
  });

  after(async function () {
    await closeOurs?.();
    await closeHardhat?.();
  });

  const requests: Record<string, object> = {
    "a plain call": { jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] },
    "a revert, with its return data as the error data": {
      jsonrpc: "2.0",
      id: "r",
      method: "eth_call",
      params: [{ data: REVERTING_INIT_CODE }, "latest"],
    },
    "an unknown method": { jsonrpc: "2.0", id: 7, method: "eth_noSuchMethod", params: [] },
    "a batch": [
      { jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] },
      { jsonrpc: "2.0", id: 2, method: "eth_blockNumber" },
    ],
  };
  for (const [what, request] of Object.entries(requests)) {
    it(`answers ${what} as Hardhat's own server does`, async function () {
      const body = JSON.stringify(request);
      expect(await post(ours.url, body)).to.deep.equal(await post(hardhatUrl, body));
    });
  }

  it("passes a revert's return data as the error data, raw (code 3), as viem expects", async function () {
    const body = JSON.stringify(requests["a revert, with its return data as the error data"]);
    const answer = (await post(ours.url, body)) as { error: { code: number; data: unknown } };
    expect(answer.error).to.include({ code: 3, data: "0x01" });
  });

  it("answers a body that is not JSON with a parse error", async function () {
    const answer = (await post(ours.url, "{not json")) as { error: { code: number } };
    expect(answer.error.code).to.equal(-32700);
  });

  it("reads a 200 kB body whole", async function () {
    const data = `0x${"00".repeat(100_000)}${REVERTING_INIT_CODE.slice(2)}`;
    const body = JSON.stringify({ jsonrpc: "2.0", id: 3, method: "eth_call", params: [{ data }] });
    expect(await post(ours.url, body)).to.deep.equal(await post(hardhatUrl, body));
  });

  it("keeps an idle kept-alive connection open past Node's 5 s default, for its client to close", async function () {
    // A client closes its idle connections itself (lib/net/httpPost.ts: after 4 s); a server that
    // closes them at 5 s races a request being written on one, and on a loaded machine the
    // client's timer fires late: the day failed with "socket hang up" from a live chain.
    this.timeout(20_000);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] });
    const postOnAgent = () =>
      new Promise<{ status: number | undefined; reusedSocket: boolean }>((resolve, reject) => {
        const req = request(ours.url, {
          method: "POST",
          agent,
          headers: { "content-type": "application/json" },
        });
        req.once("error", reject);
        req.once("response", (res) => {
          res.resume();
          res.once("end", () =>
            resolve({ status: res.statusCode, reusedSocket: req.reusedSocket }),
          );
        });
        req.end(body);
      });
    try {
      expect(await postOnAgent()).to.deep.equal({ status: 200, reusedSocket: false });
      await sleep(6_000);
      expect(await postOnAgent(), "the same connection, still open").to.deep.equal({
        status: 200,
        reusedSocket: true,
      });
    } finally {
      agent.destroy();
    }
  });
});
