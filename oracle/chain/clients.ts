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
  sign,
  toAccount,
  type LocalAccount,
  type SignTransactionParameters,
} from "viem/accounts";
import type { Secret } from "../config/secrets.ts";
import { keccak256Hex } from "../crypto/keccak256.ts";

export interface ChainClients {
  publicClient: PublicClient<Transport, Chain>;
  transmitter: LocalAccount;
  chain: Chain;
}

/**
 * The transmitter: viem's private-key account, except that the transaction hash it signs is taken
 * with the WebAssembly keccak. A report transaction carries ~100 kB of calldata, and viem's pure-JS
 * keccak of it was the largest part of preparing one on the leader (a test checks the raw bytes
 * against viem's own account).
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
      const signature = await sign({
        hash: keccak256Hex(hexToBytes(unsigned)),
        privateKey: key.reveal(),
      });
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
    transmitter: transmitterAccount(options.transmitterKey),
    chain,
  };
}

export type { Address };
