/**
 * Which storage slots a transaction writes, and whether each write is a slot's first (zero to
 * non-zero): read from the struct logs of `debug_traceTransaction` (memory and storage capture
 * off). What tells the first tenth of an operation's transactions from its last tenth when their
 * gas differs (day.ts, `CARAVEL_DAY_TRACE_WRITES`).
 *
 * An `SSTORE`'s cost says what it found (EIP-2200 with EIP-2929's cold surcharge and EIP-3529):
 * 20,000 to give a zero slot its first value (22,100 when the slot was cold), 2,900 to change a
 * non-zero one (5,000 cold), 100 to write a slot this transaction has already changed or to write
 * the value it holds (2,200 cold). A write of zero over a value the slot held before the
 * transaction earns a refund (4,800) instead.
 *
 * Slots are named from the hashes the transaction computed: a mapping's slot is
 * `keccak256(key . base)` (plus a struct member's offset), and the key and base of each 64-byte
 * hash are the two words stored at its input just before (Solidity hashes a mapping key from
 * scratch space it has just written). A slot whose hash the transaction did not compute keeps
 * its number.
 */
import type { Address, Hex } from "viem";

/** One step of a struct-log trace, as `debug_traceTransaction` returns it (stack top last). */
export type StructLog = {
  readonly op: string;
  readonly depth: number;
  readonly gasCost: number;
  readonly stack?: readonly string[];
};

/** What an `SSTORE` found, by its cost. */
export type WriteKind = "first value" | "change" | "again";

export type StorageWrite = {
  /** The contract whose storage is written (the caller's under DELEGATECALL). */
  readonly address: Address;
  readonly slot: bigint;
  readonly kind: WriteKind;
  /** The value written is zero. */
  readonly cleared: boolean;
};

/** An `SSTORE`'s cost to what it found: see the module comment. */
export function writeKindOf(gasCost: number): WriteKind {
  if (gasCost === 20_000 || gasCost === 22_100) return "first value";
  if (gasCost === 2_900 || gasCost === 5_000) return "change";
  if (gasCost === 100 || gasCost === 2_200) return "again";
  throw new Error(`SSTORE gasCost ${gasCost} is none of the EIP-2200/2929 costs`);
}

/** The key recorded for the hash of a single word: a dynamic array's data at that slot. */
const ARRAY = -1n;

const word = (value: string): bigint => BigInt(value.startsWith("0x") ? value : `0x${value}`);
const addressOf = (value: bigint): Address =>
  `0x${(value & ((1n << 160n) - 1n)).toString(16).padStart(40, "0")}`;

/**
 * The storage writes of one transaction to `to`, in order, and the 64-byte hashes it computed
 * (hash to `[key, base]`), from its struct logs.
 */
export function storageWritesOf(
  to: Address,
  logs: readonly StructLog[],
): { writes: StorageWrite[]; preimages: Map<bigint, readonly [bigint, bigint]> } {
  const writes: StorageWrite[] = [];
  const preimages = new Map<bigint, readonly [bigint, bigint]>();
  // The storage context of each call depth (depth 1 is the transaction's target).
  const contexts: Address[] = [to.toLowerCase() as Address];
  // The words each depth last stored to memory, by offset: a hash's input.
  const memories: Map<bigint, bigint>[] = [new Map()];
  let pendingHash: { depth: number; key: bigint; base: bigint } | undefined;
  for (let i = 0; i < logs.length; i++) {
    const log = logs[i]!;
    const stack = log.stack ?? [];
    const top = (n: number): bigint => word(stack[stack.length - 1 - n]!);
    while (contexts.length > log.depth) {
      contexts.pop();
      memories.pop();
    }
    if (pendingHash !== undefined && pendingHash.depth === log.depth) {
      preimages.set(top(0), [pendingHash.key, pendingHash.base]);
    }
    pendingHash = undefined;
    const memory = memories[log.depth - 1]!;
    const context = contexts[log.depth - 1]!;
    switch (log.op) {
      case "MSTORE":
        memory.set(top(0), top(1));
        break;
      case "KECCAK256":
      case "SHA3": {
        const offset = top(0);
        const key = memory.get(offset);
        const base = memory.get(offset + 32n);
        if (top(1) === 64n && key !== undefined && base !== undefined) {
          pendingHash = { depth: log.depth, key, base };
        } else if (top(1) === 32n && key !== undefined) {
          // A dynamic array's elements start at the hash of its slot.
          pendingHash = { depth: log.depth, key: ARRAY, base: key };
        }
        break;
      }
      case "SSTORE":
        writes.push({
          address: context,
          slot: top(0),
          kind: writeKindOf(log.gasCost),
          cleared: top(1) === 0n,
        });
        break;
      case "CALL":
      case "STATICCALL":
      case "DELEGATECALL":
      case "CALLCODE": {
        // A call that runs code shows as the next step one depth down.
        if (logs[i + 1]?.depth === log.depth + 1) {
          const callee = addressOf(top(1));
          contexts.push(log.op === "CALL" || log.op === "STATICCALL" ? callee : context);
          memories.push(new Map());
        }
        break;
      }
    }
  }
  return { writes, preimages };
}

/**
 * A slot's name: `base[key]…+offset` through the hashes the transaction computed, keys named by
 * `keyName` (an address the day knows by its pool, else the number), bases by number.
 */
export function slotName(
  slot: bigint,
  preimages: ReadonlyMap<bigint, readonly [bigint, bigint]>,
  keyName: (key: bigint) => string,
): string {
  // A struct member lies a few slots past the hash of its mapping entry; an array's element
  // `index × size` slots past the hash of the array's slot.
  for (let offset = 0n; offset < 32n; offset++) {
    const preimage = preimages.get(slot - offset);
    if (preimage === undefined || preimage[0] === ARRAY) continue;
    const [key, base] = preimage;
    return `${slotName(base, preimages, keyName)}[${keyName(key)}]${offset === 0n ? "" : `+${offset}`}`;
  }
  for (const [hash, [key, base]] of preimages) {
    if (key === ARRAY && slot >= hash && slot - hash < 1n << 32n) {
      return `${slotName(base, preimages, keyName)}[@${slot - hash}]`;
    }
  }
  return slot < 1n << 32n ? `slot ${slot}` : `0x${slot.toString(16)}`;
}

/**
 * A slot's name with each key reduced to its kind (a pool's account to the pool, a number to
 * `n`), so that the same variable written for different parties counts as one.
 */
export function slotPattern(name: string): string {
  return name
    .replace(/\[([a-zA-Z -]+?) \d+\]/g, "[$1]")
    .replace(/\[\d+\]/g, "[n]")
    .replace(/\[@\d+\]/g, "[@i]")
    .replace(/\[0x[0-9a-f]+\]/g, "[hash]");
}

/** An operation's transactions as the day recorded them: one entry per item or batch. */
export type RecordedOperation = { readonly operation: string; readonly hashes: readonly Hex[] };

/** The writes of one tenth of an operation's records, per record, by slot pattern. */
export type TenthWrites = {
  readonly records: number;
  /** Per record: slots given their first value, by pattern (`contract: name`). */
  readonly firstValues: Record<string, number>;
  /** Per record: slots changed to zero from a value they held (a refund each), by pattern. */
  readonly cleared: Record<string, number>;
  /** Per record: slots changed to another non-zero value, by pattern. */
  readonly changed: Record<string, number>;
  /** Per record: the gas its transactions used. */
  readonly gasUsed: number;
};

/**
 * Traces the first and the last tenth (at most `cap` records each) of every operation's records
 * and counts, per record, the slots given their first value and the slots cleared, by pattern.
 * `names` names the addresses the day knows (contracts and pool accounts, lower case).
 */
export async function firstAndLastTenthWrites(
  rpcUrl: string,
  records: readonly RecordedOperation[],
  names: ReadonlyMap<string, string>,
  cap = 20,
): Promise<Map<string, { first: TenthWrites; last: TenthWrites }>> {
  // One request at a time, unbatched: a trace of a large transaction is megabytes of JSON, more
  // than a batching client takes in one response.
  let id = 0;
  const request = async ({ method, params }: { method: string; params: unknown }) => {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
    });
    const body = (await response.json()) as { result?: unknown; error?: { message: string } };
    if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
    return body.result;
  };
  const byOperation = new Map<string, RecordedOperation[]>();
  for (const r of records) {
    byOperation.set(r.operation, [...(byOperation.get(r.operation) ?? []), r]);
  }
  const keyName = (key: bigint): string => {
    if (key < 1n << 32n) return String(key);
    const asAddress = names.get(addressOf(key));
    return key < 1n << 160n && asAddress !== undefined ? asAddress : `0x${key.toString(16)}`;
  };
  const tally = async (part: readonly RecordedOperation[]): Promise<TenthWrites> => {
    const firstValues: Record<string, number> = {};
    const cleared: Record<string, number> = {};
    const changed: Record<string, number> = {};
    let gasUsed = 0;
    for (const r of part) {
      for (const hash of r.hashes) {
        const tx = (await request({ method: "eth_getTransactionByHash", params: [hash] })) as {
          to: Address;
        };
        const trace = (await request({
          method: "debug_traceTransaction",
          params: [hash, { disableMemory: true, disableStorage: true }],
        })) as { structLogs: StructLog[] };
        const receipt = (await request({
          method: "eth_getTransactionReceipt",
          params: [hash],
        })) as { gasUsed: Hex };
        gasUsed += Number(BigInt(receipt.gasUsed)) / part.length;
        const { writes, preimages } = storageWritesOf(tx.to, trace.structLogs);
        for (const w of writes) {
          const name = `${names.get(w.address) ?? w.address}: ${slotPattern(slotName(w.slot, preimages, keyName))}`;
          if (w.kind === "first value")
            firstValues[name] = (firstValues[name] ?? 0) + 1 / part.length;
          if (w.kind === "change" && w.cleared)
            cleared[name] = (cleared[name] ?? 0) + 1 / part.length;
          if (w.kind === "change" && !w.cleared)
            changed[name] = (changed[name] ?? 0) + 1 / part.length;
        }
      }
    }
    return { records: part.length, firstValues, cleared, changed, gasUsed };
  };
  const result = new Map<string, { first: TenthWrites; last: TenthWrites }>();
  for (const [operation, list] of byOperation) {
    const tenth = Math.min(cap, Math.max(1, Math.ceil(list.length / 10)));
    result.set(operation, {
      first: await tally(list.slice(0, tenth)),
      last: await tally(list.slice(-tenth)),
    });
  }
  return result;
}
