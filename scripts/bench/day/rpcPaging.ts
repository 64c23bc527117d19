/**
 * Reads the day's receipts and logs in pages no response of which outgrows the client's bound.
 *
 * viem refuses a JSON-RPC response over 10 MiB (`ResponseBodyTooLargeError`), and a response's
 * size is known only once it comes: a page of 200 receipts of `registerBatch` (100 invoices, 100
 * logs each) is 10.5 MB, and one `eth_getLogs` over the whole day's oracle reports would be
 * hundreds. So each read asks for a page of a modest size, and a page whose answer is too large is
 * cut in two and each half asked again, down to one item (a single receipt or one block's logs
 * over the bound is an error naming it). The day's memory stays bounded too: a page is parsed and
 * handed on before the next is asked for.
 */
import { type Hex, numberToHex, ResponseBodyTooLargeError } from "viem";

/** A JSON-RPC request in a batch. */
export interface RpcCall {
  method: string;
  params: readonly unknown[];
}

/** Sends `calls` as one JSON-RPC batch; resolves with their results in order. */
export type RpcBatch = (calls: readonly RpcCall[]) => Promise<unknown[]>;

/** True for the client's refusal of a response over its size bound. */
export function isResponseTooLarge(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof ResponseBodyTooLargeError || e.name === "ResponseBodyTooLargeError") {
      return true;
    }
  }
  return false;
}

/**
 * `fetchPage` over `items` in pages of at most `pageSize`, in order; a page whose answer is too
 * large (`isResponseTooLarge`) is halved and each half fetched again. Resolves with the answers
 * in the items' order. `onPage` (optional) takes each page's answers as they come, in order,
 * instead of collecting them (the result is then empty).
 */
export async function inBoundedPages<T, R>(
  items: readonly T[],
  fetchPage: (page: readonly T[]) => Promise<readonly R[]>,
  options: { pageSize: number; onPage?: (page: readonly T[], answers: readonly R[]) => void },
): Promise<R[]> {
  if (!(Number.isInteger(options.pageSize) && options.pageSize >= 1)) {
    throw new Error(`pageSize: ${options.pageSize} is not a positive whole number`);
  }
  const collected: R[] = [];
  const take = (page: readonly T[], answers: readonly R[]) => {
    if (answers.length !== page.length) {
      throw new Error(`a page of ${page.length} items was answered with ${answers.length}`);
    }
    if (options.onPage === undefined) collected.push(...answers);
    else options.onPage(page, answers);
  };
  const fetchFitting = async (page: readonly T[]): Promise<void> => {
    try {
      take(page, await fetchPage(page));
    } catch (error) {
      if (!isResponseTooLarge(error)) throw error;
      if (page.length === 1) {
        throw new Error(`one item's answer alone is over the response bound: ${String(page[0])}`, {
          cause: error,
        });
      }
      const half = Math.ceil(page.length / 2);
      await fetchFitting(page.slice(0, half));
      await fetchFitting(page.slice(half));
    }
  };
  for (let first = 0; first < items.length; first += options.pageSize) {
    await fetchFitting(items.slice(first, first + options.pageSize));
  }
  return collected;
}

/** What the day reads of a receipt: the gas it used and whether it succeeded. */
export interface ReceiptGas {
  gasUsed: bigint;
  succeeded: boolean;
}

/**
 * The gas used by each of `hashes`, in order, read with `eth_getTransactionReceipt` in batches of
 * at most `pageSize` (halved where a batch's answer is over the bound). A missing receipt is an
 * error naming the transaction.
 */
export async function receiptGasOf(
  hashes: readonly Hex[],
  batch: RpcBatch,
  options: {
    pageSize: number;
    onPage?: (hashes: readonly Hex[], gas: readonly ReceiptGas[]) => void;
  },
): Promise<ReceiptGas[]> {
  return inBoundedPages(
    hashes,
    async (page) => {
      const receipts = await batch(
        page.map((hash) => ({ method: "eth_getTransactionReceipt", params: [hash] })),
      );
      return receipts.map((receipt, i) => {
        const r = receipt as { gasUsed: Hex; status: Hex } | null;
        if (r === null) throw new Error(`no receipt for ${page[i]}`);
        return { gasUsed: BigInt(r.gasUsed), succeeded: r.status === "0x1" };
      });
    },
    options,
  );
}

/**
 * Logs of `address` in blocks [fromBlock, toBlock], read `blocksPerPage` blocks to an
 * `eth_getLogs` (a range whose answer is over the bound is halved); `onLogs` takes each range's
 * logs in chain order as they come.
 */
export async function logsInBoundedRanges<L>(
  address: Hex,
  fromBlock: bigint,
  toBlock: bigint,
  batch: RpcBatch,
  options: { blocksPerPage: number; onLogs: (logs: readonly L[]) => void },
): Promise<void> {
  if (!(Number.isInteger(options.blocksPerPage) && options.blocksPerPage >= 1)) {
    throw new Error(`blocksPerPage: ${options.blocksPerPage} is not a positive whole number`);
  }
  const fetchRange = async (from: bigint, to: bigint): Promise<void> => {
    try {
      const [logs] = (await batch([
        {
          method: "eth_getLogs",
          params: [{ address, fromBlock: numberToHex(from), toBlock: numberToHex(to) }],
        },
      ])) as [L[]];
      options.onLogs(logs);
    } catch (error) {
      if (!isResponseTooLarge(error)) throw error;
      if (from === to) {
        throw new Error(`block ${from}'s logs alone are over the response bound`, {
          cause: error,
        });
      }
      const middle = (from + to) / 2n;
      await fetchRange(from, middle);
      await fetchRange(middle + 1n, to);
    }
  };
  const step = BigInt(options.blocksPerPage);
  for (let from = fromBlock; from <= toBlock; from += step) {
    await fetchRange(from, from + step - 1n < toBlock ? from + step - 1n : toBlock);
  }
}
