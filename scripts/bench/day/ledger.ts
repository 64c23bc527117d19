/**
 * The day's record of its transactions, kept small enough for a full day (800,000 and more).
 *
 * The day reports gas per item per operation in its first and last tenth, so it needs every
 * transaction's gas in order; it learns the gas from the receipts after the day (reading them
 * during the day would load the chain the day is measuring). Until then it keeps, per record, the
 * operation's number, the item count and its transaction hashes as 32 raw bytes in one growing
 * buffer: about 40 bytes a transaction, where an object with a hex string per hash and a map from
 * hash to gas took several hundred. After the receipts pass a record is two numbers.
 */
import type { Hex } from "viem";

/** An operation's records in the order they were made: items and gas (all its hashes') each. */
export interface OperationSeries {
  readonly items: readonly number[];
  readonly gas: readonly number[];
}

const HASH_BYTES = 32;

/** A growable typed array's next capacity. */
function grown<A extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(
  array: A,
  needed: number,
  make: (length: number) => A,
): A {
  if (needed <= array.length) return array;
  const bigger = make(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}

export class DayLedger {
  readonly #operationNames: string[] = [];
  readonly #operationIndex = new Map<string, number>();
  #operation = new Uint16Array(1024);
  #items = new Uint32Array(1024);
  #hashCount = new Uint8Array(1024);
  #gas = new Float64Array(0);
  #hashes = Buffer.alloc(1024 * HASH_BYTES);
  #records = 0;
  #hashTotal = 0;
  #resolved = false;
  readonly #keepHashes: boolean;

  /** `keepHashes`: keep the hashes after the gas is read, for `recordedOperations`. */
  constructor(options: { keepHashes?: boolean } = {}) {
    this.#keepHashes = options.keepHashes === true;
  }

  /** Records made. */
  get records(): number {
    return this.#records;
  }

  /** Transactions recorded (hashes over every record). */
  get transactions(): number {
    return this.#hashTotal;
  }

  /** Bytes the ledger's buffers hold (their capacity). */
  get bytes(): number {
    return (
      this.#operation.byteLength +
      this.#items.byteLength +
      this.#hashCount.byteLength +
      this.#gas.byteLength +
      this.#hashes.length
    );
  }

  /** Counts `hashes` (one operation of `items` items) under `operation`. */
  record(operation: string, items: number, hashes: readonly Hex[]): void {
    if (this.#resolved) throw new Error(`record "${operation}": the gas is already read`);
    if (!(Number.isInteger(items) && items >= 0 && items < 2 ** 32)) {
      throw new Error(`record "${operation}": items ${items} is not a whole count`);
    }
    if (hashes.length === 0 || hashes.length > 255) {
      throw new Error(`record "${operation}": ${hashes.length} hashes (1 to 255 per record)`);
    }
    for (const hash of hashes) {
      if (!/^0x[0-9a-fA-F]{64}$/.test(hash)) {
        throw new Error(`record "${operation}": "${hash}" is not a transaction hash`);
      }
    }
    let index = this.#operationIndex.get(operation);
    if (index === undefined) {
      index = this.#operationNames.length;
      if (index >= 2 ** 16) throw new Error(`record "${operation}": too many operations`);
      this.#operationNames.push(operation);
      this.#operationIndex.set(operation, index);
    }
    const r = this.#records;
    this.#operation = grown(this.#operation, r + 1, (n) => new Uint16Array(n));
    this.#items = grown(this.#items, r + 1, (n) => new Uint32Array(n));
    this.#hashCount = grown(this.#hashCount, r + 1, (n) => new Uint8Array(n));
    const end = (this.#hashTotal + hashes.length) * HASH_BYTES;
    if (end > this.#hashes.length) {
      const bigger = Buffer.alloc(Math.max(end, this.#hashes.length * 2));
      this.#hashes.copy(bigger);
      this.#hashes = bigger;
    }
    for (const hash of hashes) {
      this.#hashes.write(hash.slice(2), this.#hashTotal * HASH_BYTES, HASH_BYTES, "hex");
      this.#hashTotal += 1;
    }
    this.#operation[r] = index;
    this.#items[r] = items;
    this.#hashCount[r] = hashes.length;
    this.#records = r + 1;
  }

  /** The hashes [from, to) in record order, as hex. */
  #hashesBetween(from: number, to: number): Hex[] {
    const page: Hex[] = [];
    for (let h = from; h < to; h++) {
      page.push(`0x${this.#hashes.toString("hex", h * HASH_BYTES, (h + 1) * HASH_BYTES)}` as Hex);
    }
    return page;
  }

  /**
   * Reads every transaction's gas with `gasOf` (the hashes in order, `chunk` at a time; it
   * resolves with each one's gas in the same order) and sums it per record. Call once, after the
   * last record.
   */
  async resolveGas(
    gasOf: (hashes: readonly Hex[]) => Promise<readonly bigint[]>,
    chunk = 10_000,
  ): Promise<void> {
    if (this.#resolved) throw new Error("the ledger's gas is already read");
    const perHash = new Float64Array(this.#hashTotal);
    for (let from = 0; from < this.#hashTotal; from += chunk) {
      const to = Math.min(this.#hashTotal, from + chunk);
      const gas = await gasOf(this.#hashesBetween(from, to));
      if (gas.length !== to - from) {
        throw new Error(`gas of ${to - from} transactions answered with ${gas.length}`);
      }
      gas.forEach((g, i) => (perHash[from + i] = Number(g)));
    }
    this.#gas = new Float64Array(this.#records);
    let h = 0;
    for (let r = 0; r < this.#records; r++) {
      let sum = 0;
      for (let k = 0; k < this.#hashCount[r]!; k++) sum += perHash[h++]!;
      this.#gas[r] = sum;
    }
    this.#resolved = true;
    // The hashes are not needed any more, unless asked for.
    if (!this.#keepHashes) this.#hashes = Buffer.alloc(0);
  }

  /** Every record's operation and hashes, in record order (a ledger made with `keepHashes`). */
  recordedOperations(): { operation: string; hashes: Hex[] }[] {
    if (this.#resolved && !this.#keepHashes) {
      throw new Error("the ledger's hashes are gone: make it with keepHashes to read them");
    }
    const records: { operation: string; hashes: Hex[] }[] = [];
    let h = 0;
    for (let r = 0; r < this.#records; r++) {
      const count = this.#hashCount[r]!;
      records.push({
        operation: this.#operationNames[this.#operation[r]!]!,
        hashes: this.#hashesBetween(h, h + count),
      });
      h += count;
    }
    return records;
  }

  /** Each operation's series (items and gas per record, in record order), in first-use order. */
  operations(): Map<string, OperationSeries> {
    if (!this.#resolved) throw new Error("the ledger's gas is not read yet (resolveGas)");
    const series = this.#operationNames.map(() => ({ items: [] as number[], gas: [] as number[] }));
    for (let r = 0; r < this.#records; r++) {
      const s = series[this.#operation[r]!]!;
      s.items.push(this.#items[r]!);
      s.gas.push(this.#gas[r]!);
    }
    return new Map(this.#operationNames.map((name, i) => [name, series[i]!]));
  }
}
