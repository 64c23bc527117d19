import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inspect } from "node:util";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import { ConfigError, loadConfig, parseConfig } from "../../../oracle/config/loadConfig.ts";
import type { NodeConfigInput } from "../../../oracle/config/schema.ts";
import { loadSecrets } from "../../../oracle/config/secrets.ts";
import { createLogger } from "../../../oracle/observability/logger.ts";

const KEY = generatePrivateKey();

function validConfig(): NodeConfigInput {
  return {
    node: { id: "node-1", port: 8701, dataDir: "./data" },
    chain: {
      rpcUrl: "http://127.0.0.1:8545",
      chainId: 31337,
      oracleAddress: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
    },
    committee: {
      threshold: 1,
      members: [{ id: "node-1", address: privateKeyToAddress(KEY), url: "http://127.0.0.1:8701" }],
    },
    keys: {
      signer: { env: "TEST_SIGNER_KEY" },
      peerToken: { env: "TEST_PEER_TOKEN" },
      adminToken: { env: "TEST_ADMIN_TOKEN" },
    },
  };
}

function problemsOf(run: () => unknown): { field: string; message: string; source: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error("expected a ConfigError");
}

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

describe("Oracle node configuration", function () {
  after(function () {
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });

  it("fills in defaults and resolves relative paths against the file's folder", function () {
    const config = parseConfig(validConfig(), "/etc/caravel", { env: {} });
    expect(config.node.dataDir).to.equal("/etc/caravel/data");
    expect(config.chain.confirmations).to.equal(2);
    expect(config.consensus.maxBatchSize).to.equal(250);
    expect(config.chain.oracleAddress).to.equal("0x5FbDB2315678afecb367f032d93F642f64180aa3");
  });

  it("names every invalid field and what is wrong with it", function () {
    const raw = validConfig();
    raw.chain.rpcUrl = "not a url";
    raw.committee.threshold = 2;
    raw.node.id = "node-9";
    const problems = problemsOf(() => parseConfig(raw, "/", { env: {}, sourceName: "n.json" }));
    const fields = problems.map((p) => p.field);
    expect(fields).to.include.members(["chain.rpcUrl", "committee.threshold", "node.id"]);
    expect(problems.find((p) => p.field === "committee.threshold")!.message).to.match(
      /at most the number of members \(1\)/,
    );
    expect(problems.every((p) => p.source === "file n.json")).to.equal(true);
  });

  it("refuses a report size whose worst-case gas could exceed a transaction's cap, naming the field", function () {
    const raw = validConfig();
    raw.consensus = { maxBatchSize: 512 };
    const problems = problemsOf(() => parseConfig(raw, "/", { env: {}, sourceName: "n.json" }));
    expect(problems.map((p) => p.field)).to.deep.equal(["consensus.maxBatchSize"]);
    expect(problems[0]!.message).to.match(/400/);
    raw.consensus = { maxBatchSize: 400 };
    expect(
      parseConfig(raw, "/", { env: {}, sourceName: "n.json" }).consensus.maxBatchSize,
    ).to.equal(400);
  });

  it("gives the HTTP server its limits, and refuses a headers timeout longer than the request's", function () {
    const config = parseConfig(validConfig(), "/", { env: {} });
    expect(config.node).to.include({
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      maxConnections: 512,
    });
    const raw = validConfig();
    raw.node.headersTimeoutMs = 40_000;
    raw.node.maxConnections = 0;
    const problems = problemsOf(() => parseConfig(raw, "/", { env: {} }));
    expect(problems.map((p) => p.field)).to.include.members([
      "node.headersTimeoutMs",
      "node.maxConnections",
    ]);
    expect(problems.find((p) => p.field === "node.headersTimeoutMs")!.message).to.match(
      /requestTimeoutMs/,
    );
  });

  it("maps carrier codes to member addresses, one code per carrier, naming a bad entry", function () {
    const carrier = privateKeyToAddress(generatePrivateKey());
    const config = parseConfig(
      { ...validConfig(), ingest: { carriers: { MOLU: carrier.toLowerCase() } } },
      "/etc/caravel",
      { env: {} },
    );
    expect(config.ingest.carriers).to.deep.equal({ MOLU: carrier });
    expect(parseConfig(validConfig(), "/etc/caravel", { env: {} }).ingest.carriers).to.deep.equal(
      {},
    );
    const problems = problemsOf(() =>
      parseConfig(
        {
          ...validConfig(),
          ingest: { carriers: { MOLU: carrier, ML: carrier, "mo lu": carrier } },
        },
        "/etc/caravel",
        { env: {} },
      ),
    );
    expect(problems.map((p) => [p.field, p.message])).to.deep.include.members([
      ["ingest.carriers.ML", `${carrier} is carrier MOLU already`],
    ]);
    expect(
      problems.some((p) => p.field.startsWith("ingest.carriers") && /carrier code/.test(p.message)),
    ).to.equal(true);
  });

  it("refuses unknown fields (a typo is not silently ignored)", function () {
    const raw = { ...validConfig(), chian: {} };
    const problems = problemsOf(() => parseConfig(raw, "/", { env: {} }));
    expect(problems[0]!.message).to.match(/Unrecognized key/);
  });

  it("takes overrides from the environment and blames the variable when one is wrong", function () {
    const config = parseConfig(validConfig(), "/", {
      env: {
        CARAVEL_ORACLE__chain__rpcUrl: "http://10.0.0.5:8545",
        CARAVEL_ORACLE__node__port: "9000",
      },
    });
    expect(config.chain.rpcUrl).to.equal("http://10.0.0.5:8545");
    expect(config.node.port).to.equal(9000);
    const problems = problemsOf(() =>
      parseConfig(validConfig(), "/", { env: { CARAVEL_ORACLE__chain__confirmations: "0" } }),
    );
    expect(problems).to.deep.equal([
      {
        field: "chain.confirmations",
        message: "Number must be greater than or equal to 1",
        source: "env CARAVEL_ORACLE__chain__confirmations",
      },
    ]);
  });

  it("reports a missing or unparsable file as a configuration error", function () {
    const dir = tempDir("caravel-config-");
    expect(problemsOf(() => loadConfig(path.join(dir, "absent.json")))[0]!.message).to.match(
      /cannot read: ENOENT/,
    );
    writeFileSync(path.join(dir, "bad.json"), "{ nope");
    expect(problemsOf(() => loadConfig(path.join(dir, "bad.json")))[0]!.message).to.match(
      /not valid JSON/,
    );
  });

  describe("secrets", function () {
    const env = {
      TEST_SIGNER_KEY: KEY,
      TEST_PEER_TOKEN: "peer-token-0123456789",
      TEST_ADMIN_TOKEN: "admin-token-0123456789",
    };

    it("reads keys and tokens from the environment or files, and never prints them", function () {
      const dir = tempDir("caravel-secrets-");
      writeFileSync(path.join(dir, "signer.key"), `${KEY.slice(2)}\n`);
      const raw = validConfig();
      raw.keys.signer = { file: "signer.key" };
      const config = parseConfig(raw, dir, { env: {} });
      const secrets = loadSecrets(config.keys, env);
      expect(secrets.signerKey.reveal()).to.equal(KEY);
      expect(secrets.transmitterKey.reveal()).to.equal(KEY);
      const lines: string[] = [];
      const logger = createLogger({ name: "t", write: (line) => lines.push(line) });
      logger.info("loaded", { secrets, config, key: secrets.signerKey });
      const printed = [
        ...lines,
        JSON.stringify(secrets),
        inspect(secrets),
        String(secrets.peerToken),
        `${secrets.adminToken}`,
      ].join("\n");
      expect(printed).to.not.include(KEY.slice(2));
      expect(printed).to.not.include("peer-token-0123456789");
      expect(printed).to.not.include("admin-token-0123456789");
    });

    it("names the field and the source of a bad key, without the key itself", function () {
      const config = parseConfig(validConfig(), "/", { env: {} });
      const problems = problemsOf(() =>
        loadSecrets(config.keys, { ...env, TEST_SIGNER_KEY: "0x1234secretish" }),
      );
      expect(problems).to.deep.equal([
        {
          field: "keys.signer",
          message: "must be a 32-byte private key in hex (64 hex digits, optional 0x)",
          source: "env TEST_SIGNER_KEY",
        },
      ]);
      const missing = problemsOf(() => loadSecrets(config.keys, { ...env, TEST_PEER_TOKEN: "" }));
      expect(missing[0]).to.deep.include({
        field: "keys.peerToken",
        source: "env TEST_PEER_TOKEN",
      });
    });

    it("refuses a key outside the secp256k1 range", function () {
      const config = parseConfig(validConfig(), "/", { env: {} });
      const problems = problemsOf(() =>
        loadSecrets(config.keys, { ...env, TEST_SIGNER_KEY: `0x${"ff".repeat(32)}` }),
      );
      expect(problems[0]!.message).to.match(/out of range/);
    });
  });
});
