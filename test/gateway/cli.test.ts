/**
 * `npm run gateway` (gateway/cli/startGateway.ts) refuses to start on a bad command line or
 * configuration with exit code 2 and a message naming what is wrong, before touching anything.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

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
});
