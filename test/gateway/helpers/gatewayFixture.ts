/**
 * A gateway under test: the bill-of-lading world (consortium + BillOfLading) deployed on Hardhat's
 * in-process network, and a gateway started in this process against the same network (viem over
 * the connection's EIP-1193 provider), serving the demo carrier, with a temporary store. The DCSA
 * specifications come from the shared samples (`CARAVEL_SHARED_DIR`, default `../shared`); a
 * suite skips, saying so, when they are absent.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { custom, type Address, type EIP1193Provider, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";

import { Secret } from "../../../lib/config/secret.ts";
import { parseConfig } from "../../../gateway/config/loadConfig.ts";
import type { GatewayConfig, GatewayConfigInput } from "../../../gateway/config/schema.ts";
import type { GatewaySecrets } from "../../../gateway/config/secrets.ts";
import { Gateway, type GatewayModule } from "../../../gateway/gateway.ts";
import { DcsaSchemas } from "../../../gateway/schema/dcsaSchemas.ts";
import type { Logger } from "../../../lib/observability/logger.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The shared reference folder: env CARAVEL_SHARED_DIR, else `../shared` beside the repo. */
export function sharedDir(): string {
  return path.resolve(repoRoot, process.env.CARAVEL_SHARED_DIR ?? "../shared");
}

export function specsDir(): string {
  return path.join(sharedDir(), "samples", "dcsa-ebl", "openapi");
}

export function examplesDir(): string {
  return path.join(sharedDir(), "samples", "dcsa-ebl", "examples");
}

/** Whether the DCSA samples are present; logs why a suite skips when they are not. */
export function dcsaSamplesPresent(): boolean {
  const present = existsSync(path.join(specsDir(), "EBL_ISS_v3.0.4.yaml"));
  if (!present) {
    console.log(
      `    skipped: the DCSA specifications are not in ${specsDir()} (set CARAVEL_SHARED_DIR)`,
    );
  }
  return present;
}

let loaded: DcsaSchemas | undefined;
/** The specifications, loaded once for every suite (about two seconds). */
export function sharedSchemas(): DcsaSchemas {
  loaded ??= DcsaSchemas.load(specsDir());
  return loaded;
}

/** A sample from `examples/` with its `..._PLACEHOLDER` and `{CBR}` strings filled. */
export function readExample(name: string, fill: Record<string, string> = {}): unknown {
  let text = readFileSync(path.join(examplesDir(), name), "utf8");
  for (const [placeholder, value] of Object.entries(fill)) {
    text = text.replaceAll(placeholder, value);
  }
  return JSON.parse(text) as unknown;
}

const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/** The private key of Hardhat's default account `index`. */
export function devKey(index: number): Hex {
  const key = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index }).getHdKey().privateKey;
  if (key === null) throw new Error(`no key for dev account ${index}`);
  return `0x${Buffer.from(key).toString("hex")}`;
}

/** The demo carrier is Hardhat account #7 (lib/chain/demoConsortium.ts). */
export const CARRIER_INDEX = 7;
export const CARRIER_TOKEN = "carrier-token-0123456789abcdef";
export const PLATFORM_CODE = "CARV";

export interface GatewayUnderTest {
  gateway: Gateway;
  config: GatewayConfig;
  dataDir: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  provider: EIP1193Provider;
  chainId: number;
  billOfLading: Address;
  carrier: Address;
  /** Base URL of the carrier's system (a stub in tests). */
  callbackUrl: string;
  modules?: readonly GatewayModule[];
  /** Reuse a store directory (a restart). */
  dataDir?: string;
  overrides?: Partial<GatewayConfigInput>;
  logger?: Logger;
}

/** A silent logger that keeps its lines, for assertions. */
export function memoryLogger(lines: Record<string, unknown>[] = []): Logger {
  const make = (bindings: Record<string, unknown>): Logger => {
    const emit =
      (level: string) =>
      (msg: string, fields?: Record<string, unknown>): void => {
        lines.push({ level, msg, ...bindings, ...fields });
      };
    return {
      debug: emit("debug"),
      info: emit("info"),
      warn: emit("warn"),
      error: emit("error"),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return make({});
}

export async function startGateway(options: StartOptions): Promise<GatewayUnderTest> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "caravel-gateway-"));
  const config = parseConfig(
    {
      platform: { code: PLATFORM_CODE },
      http: { port: 0, maxBodyBytes: 256 * 1024 },
      store: { dataDir },
      chain: {
        rpcUrl: "http://127.0.0.1:1",
        chainId: options.chainId,
        billOfLading: options.billOfLading,
        pollIntervalMs: 50,
      },
      dcsa: { specsDirectory: specsDir() },
      callbacks: { attempts: 3, backoffMs: 20, timeoutMs: 2_000 },
      carriers: [
        {
          id: "molu",
          address: options.carrier,
          token: { env: "GATEWAY_TEST_CARRIER_TOKEN" },
          signer: { env: "GATEWAY_TEST_CARRIER_KEY" },
          callbackUrl: options.callbackUrl,
          vessels: { "HMM Algeciras": 9863297, "MSC Gülsün": 9839430 },
        },
      ],
      log: { level: "silent" },
      ...options.overrides,
    },
    repoRoot,
    { env: {} },
  );
  const secrets: GatewaySecrets = new Map([
    [
      "molu",
      {
        token: new Secret(CARRIER_TOKEN),
        signerKey: new Secret(devKey(CARRIER_INDEX)),
        callbackToken: undefined,
      },
    ],
  ]);
  const gateway = await Gateway.start({
    config,
    secrets,
    modules: options.modules ?? [],
    transport: custom(options.provider),
    schemas: sharedSchemas(),
    logger: options.logger ?? memoryLogger(),
  });
  return {
    gateway,
    config,
    dataDir,
    stop: async () => {
      await gateway.stop();
    },
  };
}

/** Removes a store directory made by `startGateway`. */
export function removeDataDir(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
}
