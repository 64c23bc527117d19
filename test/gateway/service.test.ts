/**
 * The gateway service itself: started in-process against Hardhat's in-process network with a
 * deployed BillOfLading, it answers /healthz and /metrics, refuses what it cannot route or cannot
 * read (DCSA ErrorResponse bodies), limits bodies, and drains on stop. Configuration errors name
 * the field and where its value came from.
 */
import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { network } from "hardhat";
import type { Address, EIP1193Provider } from "viem";

import { billOfLadingAbi } from "../../gateway/chain/billOfLadingAbi.ts";
import { ChainRefusalError } from "../../gateway/chain/gatewayChain.ts";
import { GatewayConfigError, loadConfig, parseConfig } from "../../gateway/config/loadConfig.ts";
import { Secret } from "../../lib/config/secret.ts";
import { loadSecrets } from "../../gateway/config/secrets.ts";
import type { GatewayModule } from "../../gateway/gateway.ts";
import { sendJson } from "../../gateway/http/server.ts";
import { DcsaSchemas, SchemaLoadError } from "../../gateway/schema/dcsaSchemas.ts";
import { deployBillWorld, type BillWorld } from "../documents/BillOfLading.fixture.ts";
import {
  dcsaSamplesPresent,
  devKey,
  CARRIER_INDEX,
  removeDataDir,
  startGateway,
  type GatewayUnderTest,
} from "./helpers/gatewayFixture.ts";

/** A module with one slow route, released by the test, to watch a drain. */
function slowModule(): GatewayModule & { release(): void; entered: Promise<void> } {
  let release!: () => void;
  let entered!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const enteredPromise = new Promise<void>((resolve) => (entered = resolve));
  return {
    name: "slow",
    start({ http }) {
      http.route("POST", "/test/slow", async ({ res, json }) => {
        const body = await json();
        entered();
        await released;
        sendJson(res, 200, { echoed: body });
      });
    },
    release: () => release(),
    entered: enteredPromise,
  };
}

describe("eBL gateway service", function () {
  let world: BillWorld;
  let provider: EIP1193Provider;
  let chainId: number;

  before(async function () {
    if (!dcsaSamplesPresent()) this.skip();
    const connection = await network.connect();
    world = await deployBillWorld(connection.ethers);
    provider = connection.provider as unknown as EIP1193Provider;
    chainId = Number((await connection.ethers.provider.getNetwork()).chainId);
  });

  describe("running", function () {
    let under: GatewayUnderTest;
    let slow: ReturnType<typeof slowModule>;

    beforeEach(async function () {
      slow = slowModule();
      under = await startGateway({
        provider,
        chainId,
        billOfLading: (await world.bill.getAddress()) as Address,
        carrier: world.carrier.address as Address,
        callbackUrl: "http://127.0.0.1:9",
        modules: [slow],
      });
    });

    afterEach(async function () {
      slow.release();
      await under.stop();
      removeDataDir(under.dataDir);
    });

    it("answers /healthz with 200, the platform code and the chain id", async function () {
      const response = await fetch(`${under.gateway.url}/healthz`);
      expect(response.status).to.equal(200);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).to.include({ status: "ok", platform: "CARV", chainId });
      expect(body.modules).to.have.property("slow");
    });

    it("serves Prometheus metrics at /metrics, counting the requests it answered", async function () {
      await fetch(`${under.gateway.url}/healthz`);
      const response = await fetch(`${under.gateway.url}/metrics`);
      expect(response.status).to.equal(200);
      expect(response.headers.get("content-type")).to.match(/^text\/plain/);
      const text = await response.text();
      expect(text).to.match(
        /caravel_gateway_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/,
      );
      expect(text).to.include("caravel_gateway_documents_stored 0");
      expect(text).to.include("caravel_gateway_callbacks_pending 0");
      expect(text).to.include("caravel_gateway_process_resident_memory_bytes");
    });

    it("answers an unknown path with 404 in DCSA's ErrorResponse shape", async function () {
      const response = await fetch(`${under.gateway.url}/v3/nothing-here`, { method: "PUT" });
      expect(response.status).to.equal(404);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).to.include({
        httpMethod: "PUT",
        requestUri: "/v3/nothing-here",
        statusCode: 404,
      });
      expect(body.errors).to.be.an("array").with.lengthOf(1);
      const validation = DcsaSchemas.load(under.config.dcsa.specsDirectory!, ["ISS"]).schema(
        "ISS",
        "ErrorResponse",
      )(body);
      expect(validation).to.deep.equal({ valid: true });
    });

    it("answers a wrong method on a known path with 405 naming the allowed one", async function () {
      const response = await fetch(`${under.gateway.url}/test/slow`, { method: "GET" });
      expect(response.status).to.equal(405);
      const body = (await response.json()) as { errors: { errorCodeMessage: string }[] };
      expect(body.errors[0]!.errorCodeMessage).to.include("allowed: POST");
    });

    it("refuses a body larger than http.maxBodyBytes with 413, and counts it", async function () {
      const big = JSON.stringify({ blob: "x".repeat(300 * 1024) });
      const response = await fetch(`${under.gateway.url}/test/slow`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: big,
      });
      expect(response.status).to.equal(413);
      const body = (await response.json()) as { errors: { errorCodeMessage: string }[] };
      expect(body.errors[0]!.errorCodeMessage).to.equal(
        `the request body exceeds ${256 * 1024} bytes`,
      );
      const metrics = await (await fetch(`${under.gateway.url}/metrics`)).text();
      expect(metrics).to.include('caravel_gateway_http_refused_total{reason="body_too_large"} 1');
    });

    it("refuses a body that is not JSON with 400 saying so", async function () {
      const response = await fetch(`${under.gateway.url}/test/slow`, {
        method: "POST",
        body: "{not json",
      });
      expect(response.status).to.equal(400);
      const body = (await response.json()) as { errors: { errorCodeText: string }[] };
      expect(body.errors[0]!.errorCodeText).to.equal("Malformed JSON");
    });

    it("signs as an added signer, and a refused call decodes the contract's error and sends nothing", async function () {
      const chain = under.gateway.context.chain;
      const exporter = chain.addSigner(new Secret(devKey(5)));
      expect(exporter).to.equal(world.exporter.address);
      const nonce = await chain.publicClient.getTransactionCount({ address: exporter });
      try {
        await chain.writeContract(exporter, {
          address: chain.billOfLading,
          abi: billOfLadingAbi,
          functionName: "acceptSurrender",
          args: [123n],
        });
        expect.fail("a call on an unknown bill was not refused");
      } catch (error) {
        expect(error).to.be.instanceOf(ChainRefusalError);
        expect((error as ChainRefusalError).errorName).to.match(/^BillOfLading/);
      }
      expect(await chain.publicClient.getTransactionCount({ address: exporter })).to.equal(nonce);
      expect(() =>
        chain.writeContract(world.outsider.address as Address, {
          address: chain.billOfLading,
          abi: billOfLadingAbi,
          functionName: "acceptSurrender",
          args: [1n],
        }),
      ).to.throw(/holds no key/);
    });

    it("on stop, finishes the request in flight, refuses new ones, and closes the store", async function () {
      const inFlight = fetch(`${under.gateway.url}/test/slow`, {
        method: "POST",
        body: JSON.stringify({ n: 1 }),
      });
      await slow.entered;
      const stopped = under.gateway.stop();
      // A new connection is refused once the server stopped listening.
      const refused = await fetch(`${under.gateway.url}/healthz`).then(
        (late) => late.status === 503,
        () => true,
      );
      expect(refused, "a request after stop() began is refused").to.equal(true);
      slow.release();
      const answered = await inFlight;
      expect(answered.status).to.equal(200);
      expect(await answered.json()).to.deep.equal({ echoed: { n: 1 } });
      expect(await stopped).to.equal(true);
      expect(() => under.gateway.store.documents.count()).to.throw();
    });
  });

  describe("/healthz asks the chain", function () {
    /** The in-process chain as the gateway reaches it, made silent, wrong or down on demand. */
    let endpoint: "live" | "silent" | "anotherChain" | "down";
    let under: GatewayUnderTest;

    beforeEach(async function () {
      endpoint = "live";
      const switchable = {
        request: (args: { method: string; params?: unknown }) => {
          if (args.method === "eth_chainId" && endpoint === "silent") return new Promise(() => {});
          if (args.method === "eth_chainId" && endpoint === "anotherChain") {
            return Promise.resolve("0x1");
          }
          if (endpoint === "down") {
            return Promise.reject(
              new Error("connect ECONNREFUSED for https://rpc.example/v3/9fK2xQ7LmA4tZ8"),
            );
          }
          return provider.request(args as Parameters<EIP1193Provider["request"]>[0]);
        },
      } as unknown as EIP1193Provider;
      const billOfLading = (await world.bill.getAddress()) as Address;
      under = await startGateway({
        provider: switchable,
        chainId,
        billOfLading,
        carrier: world.carrier.address as Address,
        callbackUrl: "http://127.0.0.1:9",
        overrides: {
          chain: {
            rpcUrl: "http://127.0.0.1:1",
            chainId,
            billOfLading,
            pollIntervalMs: 50,
            healthTimeoutMs: 300,
          },
        },
      });
    });

    afterEach(async function () {
      endpoint = "live";
      await under.stop();
      removeDataDir(under.dataDir);
    });

    it("answers 200 while the chain answers with the configured chain id", async function () {
      const response = await fetch(`${under.gateway.url}/healthz`);
      expect(response.status).to.equal(200);
      expect(await response.json())
        .to.include({ status: "ok" })
        .and.not.have.property("reason");
    });

    it("answers 503 naming the timeout when the chain does not answer in time", async function () {
      endpoint = "silent";
      const response = await fetch(`${under.gateway.url}/healthz`);
      expect(response.status).to.equal(503);
      expect(await response.json()).to.include({
        status: "unavailable",
        reason: "the chain did not answer eth_chainId within 300 ms",
      });
    });

    it("answers 503 naming both ids when the endpoint serves another chain", async function () {
      endpoint = "anotherChain";
      const response = await fetch(`${under.gateway.url}/healthz`);
      expect(response.status).to.equal(503);
      expect(await response.json()).to.include({
        status: "unavailable",
        reason: `the RPC endpoint serves chain 1, not ${chainId} (chain.chainId)`,
      });
    });

    it("answers 503 with the error when the endpoint fails, without the URL's key", async function () {
      endpoint = "down";
      const response = await fetch(`${under.gateway.url}/healthz`);
      expect(response.status).to.equal(503);
      const body = (await response.json()) as { status: string; reason: string };
      expect(body.status).to.equal("unavailable");
      expect(body.reason).to.match(/^the chain did not answer eth_chainId: /);
      expect(body.reason).to.include("ECONNREFUSED");
      expect(body.reason).not.to.include("9fK2xQ7LmA4tZ8");
    });

    it("answers 200 again once the chain is back", async function () {
      endpoint = "silent";
      expect((await fetch(`${under.gateway.url}/healthz`)).status).to.equal(503);
      endpoint = "live";
      expect((await fetch(`${under.gateway.url}/healthz`)).status).to.equal(200);
    });
  });

  describe("configuration", function () {
    const valid = () => ({
      platform: { code: "CARV" },
      http: { port: 0 },
      store: { dataDir: "data" },
      chain: { rpcUrl: "http://127.0.0.1:8545", chainId: 31337, billOfLading: world.bill.target },
      carriers: [
        {
          id: "molu",
          address: world.carrier.address,
          token: { env: "MOLU_TOKEN" },
          signer: { env: "MOLU_KEY" },
          callbackUrl: "https://carrier.example/",
        },
      ],
    });

    it("refuses a configuration naming each bad field and where it came from", function () {
      const raw = { ...valid(), platform: { code: "TOO LONG" } };
      try {
        parseConfig(raw, "/tmp", {
          env: { CARAVEL_GATEWAY__chain__chainId: "-1" },
          sourceName: "gateway.json",
        });
        expect.fail("parseConfig accepted a bad configuration");
      } catch (error) {
        expect(error).to.be.instanceOf(GatewayConfigError);
        const problems = (error as GatewayConfigError).problems;
        expect(problems).to.deep.include({
          field: "platform.code",
          message: "must be 1-4 characters without spaces",
          source: "file gateway.json",
        });
        expect(problems.find((p) => p.field === "chain.chainId")?.source).to.equal(
          "env CARAVEL_GATEWAY__chain__chainId",
        );
      }
    });

    it("defaults the DCSA specifications to CARAVEL_SHARED_DIR and strips the callback URL's slash", function () {
      const config = parseConfig(valid(), "/srv/gw", {
        env: { CARAVEL_SHARED_DIR: "/opt/shared" },
      });
      expect(config.dcsa.specsDirectory).to.equal("/opt/shared/samples/dcsa-ebl/openapi");
      expect(config.store.dataDir).to.equal("/srv/gw/data");
      expect(config.carriers[0]!.callbackUrl).to.equal("https://carrier.example");
    });

    it("refuses a carrier signing key that is not the carrier's address's key", function () {
      const config = parseConfig(valid(), "/tmp", { env: {} });
      expect(() =>
        loadSecrets(config, { MOLU_TOKEN: "a-long-enough-token-123", MOLU_KEY: devKey(3) }),
      ).to.throw(GatewayConfigError, /carriers\.0\.signer: is the key of 0x/);
      expect(() =>
        loadSecrets(config, { MOLU_TOKEN: "short", MOLU_KEY: devKey(CARRIER_INDEX) }),
      ).to.throw(GatewayConfigError, /carriers\.0\.token: must be at least 16 characters/);
    });

    it("reads the file and reports a missing one by name", function () {
      const dir = mkdtempSync(path.join(tmpdir(), "gateway-config-"));
      const file = path.join(dir, "gateway.json");
      writeFileSync(file, JSON.stringify(valid()));
      expect(loadConfig(file, { env: {} }).store.dataDir).to.equal(path.join(dir, "data"));
      expect(() => loadConfig(path.join(dir, "absent.json"), { env: {} })).to.throw(
        GatewayConfigError,
        /\(file\): cannot read: ENOENT/,
      );
      removeDataDir(dir);
    });

    it("refuses to load the specifications from a directory without them, naming the file", function () {
      expect(() => DcsaSchemas.load(tmpdir())).to.throw(SchemaLoadError, /EBL_ISS_v3\.0\.4\.yaml/);
    });
  });
});
