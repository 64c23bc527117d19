/**
 * Where the tasks that read history get their logs: from the chain (`eth_getLogs` from block
 * 0, then the block of each log for its time and the transaction for its sender), or, when
 * `CARAVEL_INDEXER_URL` names an indexer, from the indexer, which holds every Caravel log
 * raw, with its time and sender. Either way the task decodes the same topics and data with
 * the same ABI, so its answer is the same; current state (a credit's status, a bill's holder)
 * is still read from the contracts' views.
 *
 * Before answering from the indexer, the task checks that it has indexed the chain's head
 * (waiting a few seconds for it), so history and views describe one moment. An indexer that
 * does not answer, or lags, is an error naming it, not a silent fallback to the chain.
 */
import { getAddress, type Interface, type LogDescription } from "ethers";
import { z } from "zod";

import type { TaskContext } from "./context.ts";
import { INDEXER_URL_VARIABLE } from "../../lib/env/variables.ts";
import { redactUrl } from "../../lib/net/redaction.ts";
import { CaravelError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";

export interface HistoryLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: number;
  logIndex: number;
  transactionHash: string;
  /** Block time, unix seconds. */
  at: number;
  /** The account that sent the transaction. */
  sender: string;
}

export interface DecodedLog extends HistoryLog {
  name: string;
  parsed: LogDescription;
}

export interface LogQuery {
  address: string;
  iface: Interface;
  /** Event names (any of them); empty for every event of the contract. */
  names?: readonly string[];
  /** The first indexed argument, as 32 bytes hex. */
  subject?: string | null;
  fromBlock?: number;
  toBlock?: number;
}

export interface History {
  readonly source: "chain" | "indexer";
  /** The logs `query` selects, in chain order, decoded with `query.iface`. */
  logs(query: LogQuery): Promise<DecodedLog[]>;
  /** A block's time, unix seconds. */
  timeOf(blockNumber: number): Promise<number>;
  /** The account that sent a transaction. */
  senderOf(transactionHash: string): Promise<string>;
}

const histories = new WeakMap<TaskContext, Promise<History>>();

/** The history source of this task run (one per context). */
export function historyOf(ctx: TaskContext): Promise<History> {
  let history = histories.get(ctx);
  if (history === undefined) {
    const url = process.env[INDEXER_URL_VARIABLE]?.trim() ?? "";
    history = url === "" ? Promise.resolve(new ChainHistory(ctx)) : IndexerHistory.open(ctx, url);
    histories.set(ctx, history);
  }
  return history;
}

function decode(iface: Interface, log: HistoryLog): DecodedLog | null {
  const parsed = iface.parseLog({ topics: log.topics, data: log.data });
  return parsed === null ? null : { ...log, name: parsed.name, parsed };
}

function topicsOf(query: LogQuery): (string | string[] | null)[] {
  const names = query.names ?? [];
  const topic0 = names.length === 0 ? null : names.map((n) => query.iface.getEvent(n)!.topicHash);
  return query.subject === undefined || query.subject === null
    ? [topic0]
    : [topic0, query.subject.toLowerCase()];
}

class ChainHistory implements History {
  readonly source = "chain";
  readonly #ctx: TaskContext;
  readonly #times = new Map<number, number>();
  readonly #senders = new Map<string, string>();

  constructor(ctx: TaskContext) {
    this.#ctx = ctx;
  }

  async logs(query: LogQuery): Promise<DecodedLog[]> {
    const raw = await this.#ctx.ethers.provider.getLogs({
      address: query.address,
      topics: topicsOf(query),
      fromBlock: query.fromBlock ?? 0,
      toBlock: query.toBlock ?? "latest",
    });
    const logs: DecodedLog[] = [];
    for (const log of raw) {
      const decoded = decode(query.iface, {
        address: log.address,
        topics: [...log.topics],
        data: log.data,
        blockNumber: log.blockNumber,
        logIndex: log.index,
        transactionHash: log.transactionHash,
        at: await this.timeOf(log.blockNumber),
        sender: await this.senderOf(log.transactionHash),
      });
      if (decoded !== null) logs.push(decoded);
    }
    return logs;
  }

  async timeOf(blockNumber: number): Promise<number> {
    let at = this.#times.get(blockNumber);
    if (at === undefined) {
      at = (await this.#ctx.ethers.provider.getBlock(blockNumber))?.timestamp ?? 0;
      this.#times.set(blockNumber, at);
    }
    return at;
  }

  async senderOf(transactionHash: string): Promise<string> {
    let sender = this.#senders.get(transactionHash);
    if (sender === undefined) {
      sender = (await this.#ctx.ethers.provider.getTransaction(transactionHash))?.from ?? "";
      this.#senders.set(transactionHash, sender);
    }
    return sender;
  }
}

const IndexedLogs = z.object({
  logs: z.array(
    z.object({
      address: z.string(),
      topics: z.array(z.string()),
      data: z.string(),
      blockNumber: z.string().regex(/^[0-9]+$/),
      logIndex: z.number().int(),
      transactionHash: z.string(),
      sender: z.string(),
      timestamp: z.string().regex(/^[0-9]+$/),
    }),
  ),
});

const IndexerStatus = z.record(
  z.string(),
  z.object({ block: z.object({ number: z.number().int() }).nullish() }),
);

/** How long a task waits for a lagging indexer to reach the chain's head. */
const CATCH_UP_MS = 10_000;

class IndexerHistory implements History {
  readonly source = "indexer";
  readonly #url: string;
  /** The block history is read up to: the chain's head when the task started. */
  readonly #head: number;
  readonly #chain: ChainHistory;
  readonly #times = new Map<number, number>();
  readonly #senders = new Map<string, string>();

  private constructor(ctx: TaskContext, url: string, head: number) {
    this.#url = url.replace(/\/+$/, "");
    this.#head = head;
    this.#chain = new ChainHistory(ctx);
  }

  static async open(ctx: TaskContext, url: string): Promise<IndexerHistory> {
    const history = new IndexerHistory(ctx, url, await ctx.ethers.provider.getBlockNumber());
    await history.#waitForHead();
    return history;
  }

  #error(shortMessage: string, cause?: unknown, details?: string): CaravelError {
    return new CaravelError(shortMessage, {
      code: TASK_ERRORS.INDEXER_UNAVAILABLE,
      details,
      metaMessages: [
        `Start it (\`npm run indexer\`), or unset ${INDEXER_URL_VARIABLE} to read the chain's history directly.`,
      ],
      cause,
    });
  }

  async #get(path: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.#url}${path}`);
    } catch (cause) {
      throw this.#error(`The indexer at ${redactUrl(this.#url)} cannot be reached.`, cause);
    }
    if (!response.ok) {
      throw this.#error(
        `The indexer at ${redactUrl(this.#url)} answered ${response.status} to ${path.split("?")[0]}.`,
      );
    }
    return response.json();
  }

  async #waitForHead(): Promise<void> {
    const deadline = Date.now() + CATCH_UP_MS;
    for (;;) {
      const status = IndexerStatus.safeParse(await this.#get("/status"));
      if (!status.success) {
        throw this.#error(`The indexer at ${redactUrl(this.#url)} gave a malformed /status.`);
      }
      const blocks = Object.values(status.data).map((c) => c.block?.number ?? -1);
      const indexed = blocks.length === 0 ? -1 : Math.min(...blocks);
      if (indexed >= this.#head) return;
      if (Date.now() > deadline) {
        throw this.#error(
          `The indexer at ${redactUrl(this.#url)} has indexed up to block ${indexed}; the chain is at ${this.#head}.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async logs(query: LogQuery): Promise<DecodedLog[]> {
    const params = new URLSearchParams({ address: query.address.toLowerCase() });
    if (query.subject !== undefined && query.subject !== null) {
      params.set("subject", query.subject.toLowerCase());
    }
    if ((query.names ?? []).length > 0) params.set("name", query.names!.join(","));
    params.set("fromBlock", String(query.fromBlock ?? 0));
    params.set("toBlock", String(Math.min(query.toBlock ?? this.#head, this.#head)));
    const parsed = IndexedLogs.safeParse(await this.#get(`/caravel/logs?${params}`));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw this.#error(
        `The indexer at ${redactUrl(this.#url)} gave malformed logs.`,
        undefined,
        issue === undefined ? undefined : `${issue.path.join(".")}: ${issue.message}`,
      );
    }
    const logs: DecodedLog[] = [];
    for (const row of parsed.data.logs) {
      const blockNumber = Number(row.blockNumber);
      const at = Number(row.timestamp);
      const sender = getAddress(row.sender);
      this.#times.set(blockNumber, at);
      this.#senders.set(row.transactionHash, sender);
      const decoded = decode(query.iface, {
        address: getAddress(row.address),
        topics: row.topics,
        data: row.data,
        blockNumber,
        logIndex: row.logIndex,
        transactionHash: row.transactionHash,
        at,
        sender,
      });
      if (decoded !== null) logs.push(decoded);
    }
    return logs;
  }

  /** Known for every block and transaction the indexer returned a log of; the chain's otherwise. */
  async timeOf(blockNumber: number): Promise<number> {
    return this.#times.get(blockNumber) ?? this.#chain.timeOf(blockNumber);
  }

  async senderOf(transactionHash: string): Promise<string> {
    return this.#senders.get(transactionHash) ?? this.#chain.senderOf(transactionHash);
  }
}
