/**
 * The node's own HTTP server and logs, on an in-process OracleNode whose "RPC endpoint" is a local
 * server refusing every request with 403 (a provider refusing an API key): what the node logs
 * about its endpoint, the limits its server sets, and the edges of the admin routes' numbers.
 */
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DEV_ORACLE_FIRST_INDEX, devKey } from "../../../oracle/cli/deployOracle.ts";
import { findFreePortBlock, writeLocalNetwork } from "../../../oracle/cli/localNetwork.ts";
import { loadConfig } from "../../../oracle/config/loadConfig.ts";
import type { NodeConfigInput } from "../../../oracle/config/schema.ts";
import { loadSecrets } from "../../../oracle/config/secrets.ts";
import { OracleNode } from "../../../oracle/node/oracleNode.ts";
import { createLogger } from "../../../oracle/observability/logger.ts";

/** What an RPC provider's URL carries: credentials, a key in the path and one in the query. */
const PATH_KEY = "9aa3d95b3bc440fa88ea12eaa4456161";
const QUERY_KEY = "Qk7pZr2mXw9vLs4t";
const PASSWORD = "rpc-pa55word";

interface RunningNode {
  node: OracleNode;
  lines: Record<string, unknown>[];
  adminToken: string;
  feedToken: string;
  stop(): Promise<void>;
}

/** A local "RPC endpoint" answering 403 to everything, as a provider does to a refused key. */
async function refusingRpc(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(403, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "invalid project id" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

async function startNode(
  rpc: Server,
  node: Partial<NodeConfigInput["node"]> = {},
): Promise<RunningNode> {
  const dir = mkdtempSync(path.join(tmpdir(), "caravel-node-http-"));
  const port = (rpc.address() as AddressInfo).port;
  const layout = writeLocalNetwork({
    dir,
    rpcUrl: `http://operator:${PASSWORD}@127.0.0.1:${port}/v3/${PATH_KEY}?apiKey=${QUERY_KEY}`,
    chainId: 31337,
    oracleAddress: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    keys: [devKey(DEV_ORACLE_FIRST_INDEX)],
    threshold: 1,
    basePort: await findFreePortBlock(1),
    chain: { retryBaseDelayMs: 20, retryMaxDelayMs: 50, pollIntervalMs: 50, rpcTimeoutMs: 500 },
    node: { sqliteSynchronous: "NORMAL", ...node },
  });
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    name: "caravel-oracle",
    level: "debug",
    write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  const config = loadConfig(layout.configFiles[0]!);
  const started = await OracleNode.start({ config, secrets: loadSecrets(config.keys), logger });
  return {
    node: started,
    lines,
    adminToken: layout.adminToken,
    feedToken: layout.feedToken,
    stop: async () => {
      await started.drain();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves when the socket is closed by the server, with what the server wrote to it. */
function closed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    socket.on("data", (d: Buffer) => (text += d.toString()));
    socket.on("error", () => undefined);
    socket.on("close", () => resolve(text));
  });
}

function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once("error", reject);
  });
}

describe("Oracle node HTTP server and logs", function () {
  this.timeout(30_000);
  let rpc: Server;

  before(async function () {
    rpc = await refusingRpc();
  });
  after(async function () {
    await new Promise((resolve) => rpc.close(resolve));
  });

  describe("with an RPC URL carrying keys", function () {
    let running: RunningNode;
    before(async function () {
      running = await startNode(rpc);
      // The endpoint refuses every request: wait for the node to log that.
      for (let i = 0; i < 200 && !running.lines.some((l) => l.msg === "node iteration failed"); i++)
        await sleep(25);
    });
    after(async function () {
      await running.stop();
    });

    it("names the RPC endpoint at start without credentials, query string or path key", function () {
      const startLine = running.lines.find((l) => l.msg === "oracle node started")!;
      expect(startLine.rpcUrl).to.equal(
        `http://127.0.0.1:${(rpc.address() as AddressInfo).port}/v3/[redacted]`,
      );
    });

    it("logs a failed RPC request with none of the URL's keys", function () {
      const failed = running.lines.filter((l) => l.msg === "node iteration failed");
      expect(failed, "the node never logged the refused request").to.have.length.above(0);
      const text = JSON.stringify(failed[0]);
      expect(text).to.match(/HTTP request failed/);
      expect(text, "the error names its endpoint").to.include("/v3/[redacted]");
      const all = JSON.stringify(running.lines);
      for (const secret of [PATH_KEY, QUERY_KEY, PASSWORD]) expect(all).to.not.include(secret);
    });

    it("shows the last chain error on /healthz without the URL's keys", async function () {
      const health = await (await fetch(`${running.node.url}/healthz`)).text();
      for (const secret of [PATH_KEY, QUERY_KEY, PASSWORD]) expect(health).to.not.include(secret);
    });

    describe("admin route numbers at their edges", function () {
      const resend = (sequence: string) =>
        fetch(`${running.node.url}/v1/admin/resend/${sequence}`, {
          method: "POST",
          headers: { authorization: `Bearer ${running.adminToken}` },
        });

      for (const sequence of [
        "0",
        "9223372036854775808",
        "18446744073709551616",
        "99999999999999999999",
        "123456789012345678901",
        "-1",
        "1e3",
        "abc",
      ]) {
        it(`refuses resend of sequence ${sequence} with 422 naming the sequence`, async function () {
          const res = await resend(sequence);
          expect(res.status).to.equal(422);
          expect(await res.json()).to.deep.include({ error: "invalid_field", field: "sequence" });
        });
      }

      for (const sequence of ["1", "9223372036854775807"]) {
        it(`answers resend of sequence ${sequence} (in range, no report) with 404`, async function () {
          const res = await resend(sequence);
          expect(res.status).to.equal(404);
          expect(await res.json()).to.deep.include({ error: "not_found", field: "sequence" });
        });
      }

      it("refuses quarantine ids outside 1 to 2^53-1 with 422 naming the id", async function () {
        const get = (id: string) =>
          fetch(`${running.node.url}/v1/quarantine/${id}`, {
            headers: { authorization: `Bearer ${running.adminToken}` },
          });
        for (const id of ["0", "9007199254740992", "99999999999999999999", "x"]) {
          const res = await get(id);
          expect(res.status, id).to.equal(422);
          expect(await res.json(), id).to.deep.include({ error: "invalid_field", field: "id" });
        }
        expect((await get("9007199254740991")).status).to.equal(404);
        expect((await get("1")).status).to.equal(404);
      });
    });
  });

  describe("with short HTTP timeouts", function () {
    let running: RunningNode;
    before(async function () {
      running = await startNode(rpc, { headersTimeoutMs: 300, requestTimeoutMs: 600 });
    });
    after(async function () {
      await running.stop();
    });

    it("cuts off a client that sends its headers slowly (408)", async function () {
      const socket = await open(running.node.url);
      const done = closed(socket);
      socket.write("POST /v1/events HTTP/1.1\r\nhost: x\r\n");
      const trickle = setInterval(() => {
        if (!socket.destroyed) socket.write("x-slow: 1\r\n");
      }, 50);
      const started = Date.now();
      const answer = await Promise.race([done, sleep(5_000).then(() => "still open")]);
      clearInterval(trickle);
      socket.destroy();
      expect(answer).to.match(/^HTTP\/1\.1 408/);
      expect(Date.now() - started).to.be.below(3_000);
    });

    it("cuts off a client that sends its body slowly (408)", async function () {
      const socket = await open(running.node.url);
      const done = closed(socket);
      socket.write(
        "POST /v1/events HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n" +
          `authorization: Bearer ${running.feedToken}\r\ncontent-length: 1000\r\n\r\n`,
      );
      const trickle = setInterval(() => {
        if (!socket.destroyed) socket.write("1");
      }, 50);
      const answer = await Promise.race([done, sleep(5_000).then(() => "still open")]);
      clearInterval(trickle);
      socket.destroy();
      expect(answer).to.match(/^HTTP\/1\.1 408/);
    });

    it("still answers an ordinary request afterwards", async function () {
      expect((await fetch(`${running.node.url}/healthz`)).status).to.equal(200);
    });
  });

  describe("with a connection cap of 3", function () {
    let running: RunningNode;
    before(async function () {
      running = await startNode(rpc, { maxConnections: 3 });
    });
    after(async function () {
      await running.stop();
    });

    it("closes connections beyond the cap at once, counts them, and serves again after", async function () {
      const held = [await open(running.node.url), await open(running.node.url)];
      held.push(await open(running.node.url));
      const heldClosed = held.map((s) => {
        let isClosed = false;
        s.on("close", () => (isClosed = true));
        s.on("error", () => undefined);
        return () => isClosed;
      });
      await sleep(100); // let the server accept all three
      const extra = await open(running.node.url);
      const extraAnswer = await Promise.race([closed(extra), sleep(3_000).then(() => "open")]);
      expect(extraAnswer, "the connection past the cap was kept").to.equal("");
      expect(heldClosed.map((c) => c())).to.deep.equal([false, false, false]);
      for (const s of held) s.destroy();
      await sleep(100);
      const metrics = await (await fetch(`${running.node.url}/metrics`)).text();
      expect(metrics).to.match(/^caravel_http_connections_refused_total 1$/m);
    });
  });
});
