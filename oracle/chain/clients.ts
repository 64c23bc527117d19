/**
 * The viem clients of a node: one public client over HTTP JSON-RPC (no built-in retries: the
 * daemon retries transport errors itself, and never retries a revert) and the transmitter account,
 * a local signer (the key never leaves the process; transactions are signed here and sent raw).
 */
import {
  createPublicClient,
  defineChain,
  hexToBytes,
  http,
  serializeTransaction,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
} from "viem";
import {
  privateKeyToAccount,
  toAccount,
  type LocalAccount,
  type SignTransactionParameters,
} from "viem/accounts";
import { createHttpPoster } from "../../lib/net/httpPost.ts";
import type { Secret } from "../config/secrets.ts";
import { keccak256Hex } from "../crypto/keccak256.ts";
import { signHash } from "./signing.ts";

export interface ChainClients {
  publicClient: PublicClient<Transport, Chain>;
  transmitter: LocalAccount;
  chain: Chain;
}

/**
 * The transmitter: viem's private-key account, except that the transaction hash it signs is taken
 * with the WebAssembly keccak and signed on libsecp256k1 (`signHash`). A report transaction carries
 * ~100 kB of calldata, and viem's pure-JS keccak of it was the largest part of preparing one on the
 * leader (a test checks the raw bytes against viem's own account).
 */
export function transmitterAccount(key: Secret<Hex>): LocalAccount {
  const base = privateKeyToAccount(key.reveal());
  return toAccount({
    address: base.address,
    signMessage: base.signMessage,
    signTypedData: base.signTypedData,
    async signTransaction(transaction, options) {
      const serializer: NonNullable<SignTransactionParameters["serializer"]> =
        options?.serializer ?? serializeTransaction;
      const signable =
        transaction.type === "eip4844" ? { ...transaction, sidecars: false as const } : transaction;
      const unsigned = await serializer(signable);
      const signature = signHash(keccak256Hex(hexToBytes(unsigned)), key);
      return serializer(transaction, signature);
    },
  });
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
    // Calls made together (Promise.all) go out as one JSON-RPC batch request, over kept-alive
    // `node:http` connections rather than fetch (lib/net/httpPost.ts): a node reads the chain
    // about ten times a second, and undici's per-request objects were most of the client-side
    // cost of each read. A request that meets a connection the server has just closed fails as a
    // transport error, which the watcher and the submitter retry.
    transport: http(options.rpcUrl, {
      timeout: options.rpcTimeoutMs,
      retryCount: 0,
      batch: { batchSize: 50, wait: 0 },
      fetchFn: createHttpPoster().fetch,
    }),
    pollingInterval: 100,
    cacheTime: 0,
  });
  return {
    publicClient,
    transmitter: transmitterAccount(options.transmitterKey),
    chain,
  };
}

export type { Address };
