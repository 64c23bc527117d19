/**
 * One Caravel platform for the PINT tests and benchmark: a chain (Hardhat's in-process network
 * served over JSON-RPC, or anvil) with the consortium and the bill contract deployed, the PINT
 * gateway account named by governance, and the gateway's PINT side (store, receiver over HTTP,
 * sender) wired with viem as the daemon is.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Server } from "node:http";

import { exportJWK, generateKeyPair, type JWK } from "jose";
import { network } from "hardhat";
import { type Address, createPublicClient, createWalletClient, defineChain, http } from "viem";

import { executeGovernance } from "../../lib/chain/governance.ts";
import type { IdentifyingCode } from "../../lib/trade/pint.ts";
import type { PintParty } from "../../gateway/pint/envelope.ts";
import {
  createKeyring,
  createPintSigner,
  type PintSigner,
  type PlatformKey,
} from "../../gateway/pint/jws.ts";
import {
  createPartyDirectory,
  type KnownMember,
  type PartyDirectory,
} from "../../gateway/pint/parties.ts";
import { createViemPintChain, type PintChain } from "../../gateway/pint/pintChain.ts";
import { createPintServer } from "../../gateway/pint/pintHttp.ts";
import { loadPintValidator, type PintValidator } from "../../gateway/pint/pintSchema.ts";
import { PintStore } from "../../gateway/pint/pintStore.ts";
import { createPintReceiver, type PintReceiver } from "../../gateway/pint/receiver.ts";
import { createPintSender, type PintSender, type RetryPolicy } from "../../gateway/pint/sender.ts";
import { type BillWorld, deployBillWorld } from "../documents/BillOfLading.fixture.ts";

const repoRoot = path.resolve(import.meta.dirname, "../..");

/** The shared reference folder: env CARAVEL_SHARED_DIR, else `../shared` beside the repo. */
export function sharedDir(): string {
  return path.resolve(repoRoot, process.env.CARAVEL_SHARED_DIR ?? "../shared");
}

/** Whether DCSA's specification and samples are at hand (tests skip, saying so, when not). */
export function haveDcsaSamples(): boolean {
  return existsSync(path.join(sharedDir(), "samples/dcsa-ebl/openapi/EBL_PINT_v3.0.0.yaml"));
}

export interface PlatformKeys {
  code: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function platformKeys(code: string): Promise<PlatformKeys> {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const kid = `${code.toLowerCase()}-1`;
  return {
    code,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: "ES256" },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256" },
  };
}

/** The identifying code a platform's test directory gives member `role`. */
export function memberCode(platform: string, role: string): IdentifyingCode {
  return { codeListProvider: platform, partyCode: `${role.toUpperCase()}-${platform}` };
}

export interface Platform {
  code: string;
  rpcUrl: string;
  world: BillWorld;
  gateway: Address;
  chain: PintChain;
  validate: PintValidator;
  signer: PintSigner;
  directory: PartyDirectory;
  storePath: string;
  store: PintStore;
  receiver: PintReceiver;
  sender: PintSender;
  server: Server;
  url: string;
  /** This platform's party for demo member `role` (exporter, importer, issuingBank, carrier). */
  party(role: "exporter" | "importer" | "issuingBank" | "advisingBank" | "carrier"): PintParty;
  /** Closes the gateway (server, store) and opens it again on the same store: a restart. */
  restartGateway(): Promise<void>;
  stop(): Promise<void>;
}

export interface PlatformOptions {
  code: string;
  rpcUrl: string;
  keys: PlatformKeys;
  /** Public keys of the other platforms it talks to. */
  trusted: readonly PlatformKey[];
  peers?: Record<string, string>;
  retry?: RetryPolicy;
  requestTimeoutMs?: number;
  maxBodyBytes?: number;
  /** Carrier codes under which this platform's demo carrier issues (e.g. HMM/SMDG). */
  carrierCodes?: KnownMember["carrierCodes"];
  /** Extra identifying codes per role (e.g. the sample document's shipper code). */
  extraCodes?: Partial<Record<string, IdentifyingCode[]>>;
}

const ROLES = ["exporter", "importer", "issuingBank", "advisingBank", "carrier"] as const;

export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const connection = await network.create({
    network: "localhost",
    override: { url: options.rpcUrl },
  });
  const world = await deployBillWorld(connection.ethers);
  const gatewaySigner = world.outsiders[2]!;
  await executeGovernance(world.registry, world.admins[0]!, world.admins.slice(1), {
    target: await world.bill.getAddress(),
    data: world.bill.interface.encodeFunctionData("setPintGateway", [gatewaySigner.address]),
    description: "Name the PINT gateway",
  });
  const gateway = gatewaySigner.address as Address;
  const chainId = Number((await connection.ethers.provider.getNetwork()).chainId);
  const viemChain = defineChain({
    id: chainId,
    name: `caravel-${options.code}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [options.rpcUrl] } },
  });
  const publicClient = createPublicClient({ chain: viemChain, transport: http(options.rpcUrl) });
  const wallet = createWalletClient({
    account: gateway,
    chain: viemChain,
    transport: http(options.rpcUrl),
  });
  const chain = createViemPintChain({
    publicClient,
    wallet,
    billOfLading: (await world.bill.getAddress()) as Address,
    registry: (await world.registry.getAddress()) as Address,
  });

  const signerOf: Record<(typeof ROLES)[number], { address: string }> = {
    exporter: world.exporter,
    importer: world.importer,
    issuingBank: world.issuingBank,
    advisingBank: world.advisingBank,
    carrier: world.carrier,
  };
  const members: KnownMember[] = ROLES.map((role) => ({
    address: signerOf[role].address as Address,
    partyName: `${role} of ${options.code}`,
    identifyingCodes: [memberCode(options.code, role), ...(options.extraCodes?.[role] ?? [])],
    ...(role === "carrier" && options.carrierCodes !== undefined
      ? { carrierCodes: options.carrierCodes }
      : {}),
  }));
  const directory = createPartyDirectory(options.code, members);
  const validate = loadPintValidator(sharedDir());
  const signer = await createPintSigner(options.code, options.keys.privateJwk);
  const keyring = await createKeyring([
    { platform: options.code, jwk: options.keys.publicJwk },
    ...options.trusted,
  ]);
  const dir = mkdtempSync(path.join(tmpdir(), `caravel-pint-${options.code}-`));
  const storePath = path.join(dir, "gateway.sqlite");

  const wire = async () => {
    const store = PintStore.open(storePath);
    const receiver = createPintReceiver({
      platform: options.code,
      signer,
      keyring,
      validate,
      chain,
      store,
      directory,
    });
    const sender = createPintSender({
      platform: options.code,
      signer,
      keyring,
      validate,
      chain,
      store,
      directory,
      peers: options.peers ?? {},
      retry: options.retry ?? { initialDelayMs: 10, maxDelayMs: 100, maxAttempts: 5 },
      requestTimeoutMs: options.requestTimeoutMs ?? 5_000,
    });
    const server = createPintServer(
      receiver,
      options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes },
    );
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    // A restarted gateway listens where its peers know it.
    port = (server.address() as AddressInfo).port;
    return { store, receiver, sender, server };
  };
  let port = 0;
  const wired = await wire();
  const closeServer = (server: Server) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  const platform: Platform = {
    code: options.code,
    rpcUrl: options.rpcUrl,
    world,
    gateway,
    chain,
    validate,
    signer,
    directory,
    storePath,
    ...wired,
    url: `http://127.0.0.1:${(wired.server.address() as AddressInfo).port}`,
    party: (role) => directory.partyOf(signerOf[role].address as Address),
    async restartGateway() {
      await closeServer(platform.server);
      platform.store.close();
      Object.assign(platform!, await wire());
    },
    async stop() {
      await closeServer(platform.server);
      platform.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return platform;
}
