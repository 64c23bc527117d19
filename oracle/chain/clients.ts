/**
 * The viem clients of a node: one public client over HTTP JSON-RPC (no built-in retries: the
 * daemon retries transport errors itself, and never retries a revert) and the transmitter account,
 * a local signer (the key never leaves the process; transactions are signed here and sent raw).
 */
import {
  createPublicClient,
  defineChain,
  http,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
} from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import type { Secret } from "../config/secrets.ts";

export interface ChainClients {
  publicClient: PublicClient<Transport, Chain>;
  transmitter: PrivateKeyAccount;
  chain: Chain;
}

/** Strips `user:password@` from an RPC URL before it appears anywhere (logs, errors). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username !== "" || parsed.password !== "") {
      parsed.username = "redacted";
      parsed.password = "";
    }
    return parsed.toString();
  } catch {
    return "[unparseable url]";
  }
}

export function createChainClients(options: {
  rpcUrl: string;
  chainId: number;
  rpcTimeoutMs: number;
  transmitterKey: Secret<Hex>;
}): ChainClients {
  const chain = defineChain({
    id: options.chainId,
    name: `caravel-${options.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [options.rpcUrl] } },
  });
  const publicClient = createPublicClient({
    chain,
    // Calls made together (Promise.all) go out as one JSON-RPC batch request.
    transport: http(options.rpcUrl, {
      timeout: options.rpcTimeoutMs,
      retryCount: 0,
      batch: { batchSize: 50, wait: 0 },
    }),
    pollingInterval: 100,
    cacheTime: 0,
  });
  return {
    publicClient,
    transmitter: privateKeyToAccount(options.transmitterKey.reveal()),
    chain,
  };
}

export type { Address };
