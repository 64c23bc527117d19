/**
 * `npm run gateway` (gateway/cli/startGateway.ts) refuses to start on a bad command line or
 * configuration with exit code 2 and a message naming what is wrong, before touching anything.
 */
import { expect } from "chai";
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { network } from "hardhat";

import { deployBillWorld } from "../documents/BillOfLading.fixture.ts";
import { CARRIER_INDEX, dcsaSamplesPresent, devKey, specsDir } from "./helpers/gatewayFixture.ts";

interface Eip1193 {
  request(args: { method: string; params?: unknown }): Promise<unknown>;
}

/** Serves an in-process provider over HTTP JSON-RPC, so a child process can reach that chain. */
async function serveProvider(provider: Eip1193): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const call = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        id: number;
        method: string;
        params?: unknown;
      };
      provider.request({ method: call.method, params: call.params }).then(
        (result) => res.end(JSON.stringify({ jsonrpc: "2.0", id: call.id, result })),
        (error: { code?: number; message?: string; data?: unknown }) =>
          res.end(
            JSON.stringify({
              jsonrpc: "2.0",
              id: call.id,
              error: { code: error.code ?? -32000, message: error.message, data: error.data },
            }),
          ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const run = promisify(execFile);

async function startGateway(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stderr: string }> {
  try {
    await run(process.execPath, ["gateway/cli/startGateway.ts", ...args], {
      timeout: 30_000,
      env: { PATH: process.env.PATH, ...env },
    });
    return { code: 0, stderr: "" };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, stderr: failed.stderr ?? "" };
  }
}

describe("npm run gateway", function () {
  this.timeout(60_000);
  let dir: string;

  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), "gateway-cli-"));
  });

  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it("exits 2 with the usage when --config is missing", async function () {
    const { code, stderr } = await startGateway([]);
    expect(code).to.equal(2);
    expect(stderr).to.include("--config is required");
    expect(stderr).to.include("usage: npm run gateway -- --config <gateway-config.json>");
  });

  it("exits 2 naming the field and the environment variable of a bad configuration", async function () {
    const file = path.join(dir, "gateway.json");
    writeFileSync(
      file,
      JSON.stringify({
        platform: { code: "CARV" },
        http: { port: 0 },
        store: { dataDir: "data" },
        chain: {
          rpcUrl: "http://127.0.0.1:8545",
          chainId: 31337,
          billOfLading: "0x0000000000000000000000000000000000000001",
        },
        carriers: [],
      }),
    );
    const { code, stderr } = await startGateway(["--config", file], {
      CARAVEL_GATEWAY__http__port: "70000",
    });
    expect(code).to.equal(2);
    expect(stderr).to.include("CARAVEL-030");
    expect(stderr).to.include("carriers: configure at least one carrier (file");
    expect(stderr).to.include(
      "http.port: Number must be less than or equal to 65535 (env CARAVEL_GATEWAY__http__port)",
    );
  });

  it("exits 2 naming a secret that is missing, without printing any secret", async function () {
    const file = path.join(dir, "secrets.json");
    writeFileSync(
      file,
      JSON.stringify({
        platform: { code: "CARV" },
        http: { port: 0 },
        store: { dataDir: "data" },
        chain: {
          rpcUrl: "http://127.0.0.1:8545",
          chainId: 31337,
          billOfLading: "0x0000000000000000000000000000000000000001",
        },
        carriers: [
          {
            id: "molu",
            address: "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
            token: { env: "MOLU_TOKEN" },
            signer: { env: "MOLU_KEY" },
            callbackUrl: "https://carrier.example",
          },
        ],
      }),
    );
    const { code, stderr } = await startGateway(["--config", file], {
      MOLU_TOKEN: "a-secret-token-never-printed",
    });
    expect(code).to.equal(2);
    expect(stderr).to.include("carriers.0.signer: the secret is missing or empty (env MOLU_KEY)");
    expect(stderr).not.to.include("a-secret-token-never-printed");
  });

  it("starts, answers /healthz, and on SIGTERM drains and exits 0", async function () {
    if (!dcsaSamplesPresent()) this.skip();
    const connection = await network.connect();
    const world = await deployBillWorld(connection.ethers);
    const rpc = await serveProvider(connection.provider as unknown as Eip1193);
    const file = path.join(dir, "running.json");
    writeFileSync(
      file,
      JSON.stringify({
        platform: { code: "CARV" },
        http: { port: 0 },
        store: { dataDir: "running-data" },
        chain: {
          rpcUrl: rpc.url,
          chainId: Number((await connection.ethers.provider.getNetwork()).chainId),
          billOfLading: await world.bill.getAddress(),
        },
        dcsa: { specsDirectory: specsDir() },
        carriers: [
          {
            id: "molu",
            address: world.carrier.address,
            token: { env: "MOLU_TOKEN" },
            signer: { env: "MOLU_KEY" },
            callbackUrl: "http://127.0.0.1:9",
          },
        ],
      }),
    );
    const child = spawn(process.execPath, ["gateway/cli/startGateway.ts", "--config", file], {
      env: {
        PATH: process.env.PATH,
        MOLU_TOKEN: "a-carrier-token-0123456789",
        MOLU_KEY: devKey(CARRIER_INDEX),
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    const lines: Record<string, unknown>[] = [];
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    let buffered = "";
    const started = new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (chunk: Buffer) => {
        buffered += chunk.toString("utf8");
        const complete = buffered.split("\n");
        buffered = complete.pop()!;
        for (const line of complete) {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          lines.push(parsed);
          if (parsed.msg === "gateway started") resolve(parsed.url as string);
        }
      });
      void exited.then((code) => reject(new Error(`the gateway exited ${code} before starting`)));
    });
    try {
      const url = await started;
      const health = await fetch(`${url}/healthz`);
      expect(health.status).to.equal(200);
      expect(await health.json()).to.include({ status: "ok", platform: "CARV" });
      child.kill("SIGTERM");
      expect(await exited).to.equal(0);
      expect(lines.find((l) => l.msg === "gateway stopped")).to.include({ drained: true });
      expect(JSON.stringify(lines)).not.to.include("a-carrier-token-0123456789");
    } finally {
      child.kill("SIGKILL");
      rpc.server.closeAllConnections();
      rpc.server.close();
    }
  });
});
