/**
 * Which of the chain's requests read a block's state no longer in EDR's state cache.
 *
 * The day's embedded chain keeps the states of its last blocks ready (chainEnv.ts's
 * `CHAIN_STATE_CACHE_ENV`); a read of an older block's state (an `eth_call` at a block number, a
 * balance or nonce at one) is still answered exactly, but EDR first rebuilds that state from the
 * changes of every block since genesis, which takes longer the longer the chain. chainServer.ts
 * accounts such reads apart (`eth_call behind the state cache`), so the day's report says how many
 * there were and what they cost.
 */

/** Methods that read a block's state, and the index of their block parameter. */
const BLOCK_PARAMETER_OF_STATE_READS: Readonly<Record<string, number>> = {
  eth_call: 1,
  eth_estimateGas: 1,
  eth_getBalance: 1,
  eth_getCode: 1,
  eth_getTransactionCount: 1,
  eth_getStorageAt: 2,
  eth_getProof: 2,
};

/**
 * The block number a state read names, or undefined when it names a tag (`latest`, `pending`…),
 * a block hash, or nothing (the latest state, always cached), or when `method` reads no state.
 */
export function stateReadBlockNumber(method: string, params: unknown): bigint | undefined {
  const index = BLOCK_PARAMETER_OF_STATE_READS[method];
  if (index === undefined || !Array.isArray(params)) return undefined;
  const block: unknown = params[index];
  const quantity =
    typeof block === "object" && block !== null && "blockNumber" in block
      ? (block as { blockNumber: unknown }).blockNumber
      : block;
  if (typeof quantity !== "string" || !/^0x[0-9a-fA-F]+$/.test(quantity)) return undefined;
  return BigInt(quantity);
}

/**
 * Whether a read of block `blockNumber`'s state falls outside a cache of the last `cachedStates`
 * blocks' states when the chain's head is `head` (the head's own state is the newest cached).
 */
export function isBehindStateCache(
  blockNumber: bigint,
  head: bigint,
  cachedStates: number,
): boolean {
  return head - blockNumber >= BigInt(cachedStates);
}
