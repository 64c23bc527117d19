/**
 * Many transactions per block on Hardhat's embedded chain, answered as automine answers them.
 *
 * Under automine the chain mines one block per transaction: at the day's rate that is hundreds of
 * blocks a second, each with its own block-building, state-root and bookkeeping cost, and every
 * new block sets off the five oracle nodes' polling again. Here the chain mines by hand
 * (`evm_setAutomine false`) and a miner groups the transactions: a send goes into the mempool and
 * its answer (the hash) is held until a block holding it is mined; the miner mines a block as soon
 * as any send waits, and the sends that arrive while it mines go into the next block (a group
 * commit, as a database commits its log). A client sees what automine shows it: when the answer
 * to `eth_sendTransaction` / `eth_sendRawTransaction` comes, the transaction is mined and its
 * receipt readable. Gas used is a transaction's own: a block of many transactions changes none.
 *
 * One difference: automine refuses a transaction that reverts (the send fails with the revert);
 * a mined block keeps it with status 0, so the send answers with the hash and the receipt says it
 * reverted (the day reads every receipt and counts a status 0 as a failure).
 *
 * The miner also answers the nodes' polling cheaply: between two blocks nothing a block-tagged
 * read can see changes, so `eth_blockNumber`, `eth_getBlockByNumber` (but `"pending"`) and
 * `eth_getLogs` are answered from a cache that each new block, and any request that is not such a
 * read or a send, clears. The five nodes ask the same questions about the same head.
 */
import type { EthereumProvider } from "hardhat/types/providers";

type RequestArguments = Parameters<EthereumProvider["request"]>[0];

/** What serveJsonRpc needs of a provider. */
export interface RequestProvider {
  request(args: RequestArguments): Promise<unknown>;
}

export interface GroupCommitStats {
  blocks: number;
  transactions: number;
  /** Reads answered from the cache, and reads that went to the chain. */
  cacheHits: number;
  cacheMisses: number;
}

export interface GroupCommitProvider extends RequestProvider {
  readonly stats: GroupCommitStats;
}

const SENDS = new Set(["eth_sendTransaction", "eth_sendRawTransaction"]);
/** Hardhat's automatic gas-price handler's percentile and its three-full-blocks cap (9/8)². */
const FEE_REWARD_PERCENTILE = 50;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A send that names no gas price nor both EIP-1559 fees: Hardhat's handler would fill them. */
function needsFees(tx: Record<string, unknown>): boolean {
  return (
    tx.gasPrice === undefined &&
    (tx.maxFeePerGas === undefined || tx.maxPriorityFeePerGas === undefined)
  );
}

function toQuantity(value: bigint): string {
  return `0x${value.toString(16)}`;
}
/** Reads whose answer depends only on the blocks mined so far (given a non-pending tag). */
const BLOCK_READS = new Set([
  "eth_blockNumber",
  "eth_getBlockByNumber",
  "eth_getLogs",
  "eth_chainId",
  "eth_feeHistory",
  "eth_maxPriorityFeePerGas",
]);

function mentionsPending(params: unknown): boolean {
  return JSON.stringify(params ?? []).includes('"pending"');
}

/**
 * Switches `provider`'s chain to mining by hand and returns a provider whose sends answer once
 * mined, many to a block. Every request to the chain from then on must go through it (a block
 * mined behind its back would leave its read cache stale).
 */
export async function groupCommit(provider: RequestProvider): Promise<GroupCommitProvider> {
  await provider.request({ method: "evm_setAutomine", params: [false] });
  let head = BigInt((await provider.request({ method: "eth_blockNumber" })) as string);

  const stats: GroupCommitStats = { blocks: 0, transactions: 0, cacheHits: 0, cacheMisses: 0 };
  /** Sends waiting for their block: hash → settle. */
  const waiting = new Map<string, { resolve: () => void; reject: (error: unknown) => void }>();
  /**
   * Hashes a block holding them was read before their send's answer came back from the chain
   * (the miner's `evm_mine` queued behind the send): claimed when it does.
   */
  const minedUnclaimed = new Set<string>();
  const cache = new Map<string, Promise<unknown>>();

  /** Reads the blocks after `head` and settles the sends they hold; how many transactions. */
  async function settleNewBlocks(): Promise<number> {
    const latest = BigInt((await provider.request({ method: "eth_blockNumber" })) as string);
    let mined = 0;
    for (let n = head + 1n; n <= latest; n++) {
      const block = (await provider.request({
        method: "eth_getBlockByNumber",
        params: [`0x${n.toString(16)}`, false],
      })) as { transactions: string[] };
      stats.blocks += 1;
      for (const hash of block.transactions) {
        mined += 1;
        const waiter = waiting.get(hash);
        if (waiter === undefined) minedUnclaimed.add(hash);
        else {
          waiting.delete(hash);
          waiter.resolve();
        }
      }
    }
    stats.transactions += mined;
    head = latest;
    return mined;
  }

  let mining = false;
  /** A send came while the miner ran: it may have come after the miner's last look. */
  let sendsWhileMining = false;
  async function mineWhileWaiting(): Promise<void> {
    while (waiting.size > 0) {
      await provider.request({ method: "evm_mine" });
      cache.clear();
      // An empty block: what waits cannot be mined yet (a nonce gap); the next send retries.
      if ((await settleNewBlocks()) === 0) break;
    }
  }
  function kick(): void {
    if (mining) {
      sendsWhileMining = true;
      return;
    }
    mining = true;
    sendsWhileMining = false;
    mineWhileWaiting()
      .catch((error: unknown) => {
        for (const waiter of waiting.values()) waiter.reject(error);
        waiting.clear();
      })
      .finally(() => {
        mining = false;
        // A send that came between the miner's last look and now would wait for the next send.
        if (sendsWhileMining) kick();
      });
  }

  /**
   * The fees Hardhat's automatic gas-price handler would give a send that names none, from this
   * block's (cached) `eth_feeHistory`: the handler itself asks the chain anew for every such send,
   * one more request to the chain per transaction, and between two blocks the answer is the same.
   */
  async function withFees(
    args: RequestArguments,
    tx: Record<string, unknown>,
    rest: unknown[],
  ): Promise<RequestArguments> {
    const history = (await read({
      method: "eth_feeHistory",
      params: ["0x1", "latest", [FEE_REWARD_PERCENTILE]],
    })) as { baseFeePerGas?: string[]; reward?: string[][] };
    const baseFees = history.baseFeePerGas;
    const reward = history.reward?.[0]?.[0];
    // A chain without EIP-1559 fees: the handler's own path (legacy gas price) applies.
    if (baseFees === undefined || baseFees.length === 0 || reward === undefined) return args;
    let priority = BigInt(reward);
    if (priority === 0n) {
      priority = BigInt((await read({ method: "eth_maxPriorityFeePerGas", params: [] })) as string);
    }
    if (priority === 0n) priority = 1n;
    let maxFee =
      tx.maxFeePerGas === undefined
        ? (BigInt(baseFees[baseFees.length - 1]!) * 9n ** 2n) / 8n ** 2n
        : BigInt(tx.maxFeePerGas as string);
    if (tx.maxPriorityFeePerGas !== undefined) priority = BigInt(tx.maxPriorityFeePerGas as string);
    if (maxFee < priority) maxFee += priority;
    const filled = {
      ...tx,
      maxFeePerGas: toQuantity(maxFee),
      maxPriorityFeePerGas: toQuantity(priority),
    };
    return { method: args.method, params: [filled, ...rest] };
  }

  async function send(args: RequestArguments): Promise<unknown> {
    const [tx, ...rest] = Array.isArray(args.params) ? (args.params as unknown[]) : [];
    const filled =
      args.method === "eth_sendTransaction" && isRecord(tx) && needsFees(tx)
        ? await withFees(args, tx, rest)
        : args;
    const hash = (await provider.request(filled)) as string;
    if (minedUnclaimed.delete(hash)) return hash;
    const mined = new Promise<void>((resolve, reject) => waiting.set(hash, { resolve, reject }));
    kick();
    await mined;
    return hash;
  }

  async function read(args: RequestArguments): Promise<unknown> {
    const key = `${args.method} ${JSON.stringify(args.params ?? [])}`;
    const cached = cache.get(key);
    if (cached !== undefined) {
      stats.cacheHits += 1;
      return cached;
    }
    stats.cacheMisses += 1;
    const answer = provider.request(args);
    cache.set(key, answer);
    // A failed read is not kept: the next asks again.
    answer.catch(() => cache.delete(key));
    return answer;
  }

  return {
    stats,
    request(args: RequestArguments): Promise<unknown> {
      if (SENDS.has(args.method)) return send(args);
      if (BLOCK_READS.has(args.method)) {
        return mentionsPending(args.params) ? provider.request(args) : read(args);
      }
      // Anything else may change what a read sees (a mined block, a new balance, a snapshot).
      if (!READS_THAT_CHANGE_NOTHING.has(args.method)) cache.clear();
      return provider.request(args);
    },
  };
}

/** Requests that change no block nor state: they leave the read cache as it is. */
const READS_THAT_CHANGE_NOTHING = new Set([
  "eth_call",
  "eth_estimateGas",
  "eth_getBalance",
  "eth_getCode",
  "eth_getStorageAt",
  "eth_getTransactionCount",
  "eth_getTransactionByHash",
  "eth_getTransactionReceipt",
  "eth_getBlockByHash",
  "eth_gasPrice",
  "eth_accounts",
  "net_version",
  "web3_clientVersion",
]);
