/**
 * Follows the chain for one node: the head, the oracle's epoch and last applied sequence, and every
 * report applied on chain (by any node), whose events it marks in this node's inbox so the node
 * stops proposing them. Reorganisations are detected by checking the hash of the last scanned
 * block; everything marked above the fork point is unmarked again (the events become pending and
 * are proposed again unless a report re-applies them).
 *
 * Reports are found by their `CustomsReportAccepted` logs and read from the transactions that
 * emitted them: the `submitReport` input holds the exact events the report carried (the contract
 * emits per-event logs only for some outcomes).
 *
 * The oracle's epoch and last sequence change only with a `CustomsReportAccepted` (epoch and
 * sequence of the report) or a `CustomsCommitteeChanged` (the new epoch) log, so between reads of
 * the contract (at most `stateReadIntervalMs` apart, and after a start, a reorganisation or an
 * interrupted scan) they are followed from the logs the scan reads anyway. Reading both at every
 * new head cost two calls per node per block: with a block per report, the largest share of the
 * requests a Hardhat chain served under the burst benchmark.
 *
 * A new head one block past the last scanned block costs one request when it can: its header (read
 * anyway) names its parent, so when that parent is the last scanned block there was no
 * reorganisation and the scanned block is not read again; and its logs bloom says whether it may
 * hold an oracle log at all, so a head carrying only other contracts' transactions (most of the
 * trading day's blocks) is recorded as scanned without an `eth_getLogs`. A head further ahead is
 * scanned as before (one `eth_getLogs` over the range, the last scanned block's hash checked).
 */
import { decodeFunctionData, toEventSelector, type Address, type Hex } from "viem";
import { eventKey } from "../events/customsEvent.ts";
import type { Logger } from "../observability/logger.ts";
import type { NodeMetrics } from "../observability/nodeMetrics.ts";
import type { AppliedTransaction, ChainWatchLog } from "../store/chainWatch.ts";
import type { CustomsEventInbox } from "../queue/inbox.ts";
import type { ChainClients } from "./clients.ts";
import { describeChainError } from "./errors.ts";
import { logsBloomFilter } from "./logsBloom.ts";
import { customsOracleAbi } from "./oracleAbi.ts";
import { reportFromCalldata } from "./reportCalldata.ts";
import { retryTransport } from "./retry.ts";
import type { ChainSnapshot } from "./snapshot.ts";

export interface WatcherDeps {
  clients: ChainClients;
  oracleAddress: Address;
  inbox: CustomsEventInbox;
  watchLog: ChainWatchLog;
  /** The event keys of a report this node already knows by digest (saves decoding it). */
  knownReportKeys?: (digest: Hex) => Hex[] | undefined;
  /** First block to scan on a fresh store (the oracle's deployment block). */
  startBlock: bigint;
  reorgWindowBlocks: number;
  /** Epoch and last sequence are read from the contract at least this often (default 1,000). */
  stateReadIntervalMs?: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  logger: Logger;
  metrics: NodeMetrics;
  signal: AbortSignal;
  nowMs?: () => number;
}

/** A report as applied on chain, read back from its transaction. */
export interface AppliedReport extends AppliedTransaction {
  epoch: number;
}

/** Where a report transaction was mined, as its `CustomsReportAccepted` log says. */
export interface MinedReportTransaction {
  blockNumber: bigint;
  blockHash: Hex;
}

const MAX_LOG_RANGE = 2_000n;

const REPORT_ACCEPTED = customsOracleAbi.find(
  (item): item is Extract<(typeof customsOracleAbi)[number], { name: "CustomsReportAccepted" }> =>
    item.type === "event" && item.name === "CustomsReportAccepted",
)!;

const COMMITTEE_CHANGED = customsOracleAbi.find(
  (item): item is Extract<(typeof customsOracleAbi)[number], { name: "CustomsCommitteeChanged" }> =>
    item.type === "event" && item.name === "CustomsCommitteeChanged",
)!;

/** What the watcher reads of a `CustomsReportAccepted` log. */
interface ReportAcceptedLog {
  transactionHash: Hex | null;
  blockNumber: bigint | null;
  blockHash: Hex | null;
  args: { epoch?: number; sequence?: bigint; digest?: Hex };
}

/** A change of the oracle's epoch or last sequence, as a scanned log says. */
type StateChange = { epoch: number; sequence?: bigint };

/** What a scan found: the state changes in chain order, and whether it reached the head. */
interface ScanResult {
  complete: boolean;
  changes: StateChange[];
}

export class ChainWatcher {
  readonly #deps: WatcherDeps;
  readonly #nowMs: () => number;
  #snapshot: ChainSnapshot | undefined;
  #headHash: Hex | undefined;
  /**
   * The report transactions seen in the last `reorgWindowBlocks` blocks scanned (this process's
   * scans only), by hash: the submitter learns from here that its transaction was mined, and in
   * which block, without reading the receipt (whose 512 per-event logs make it the largest answer
   * the node asks for).
   */
  readonly #mined = new Map<Hex, MinedReportTransaction>();
  /** When the epoch and last sequence were last read from the contract. */
  #stateReadAtMs = Number.NEGATIVE_INFINITY;
  /** Whether a block's logs bloom may hold a log this watcher reads (false: it certainly holds none). */
  readonly #mayHoldOracleLogs: (bloom: Hex) => boolean;

  constructor(deps: WatcherDeps) {
    this.#deps = deps;
    this.#nowMs = deps.nowMs ?? Date.now;
    this.#mayHoldOracleLogs = logsBloomFilter(deps.oracleAddress, [
      toEventSelector(REPORT_ACCEPTED),
      toEventSelector(COMMITTEE_CHANGED),
    ]);
  }

  /** The latest snapshot (undefined before the first successful poll). */
  get snapshot(): ChainSnapshot | undefined {
    return this.#snapshot;
  }

  #retry<T>(work: () => Promise<T>): Promise<T> {
    const { metrics, logger } = this.#deps;
    return retryTransport(work, {
      baseDelayMs: this.#deps.retryBaseDelayMs,
      maxDelayMs: this.#deps.retryMaxDelayMs,
      signal: this.#deps.signal,
      onRetry: (attempt, error, delayMs) => {
        metrics.rpcErrors.inc({ kind: "transport" });
        if (attempt === 1 || attempt % 10 === 0) {
          logger.warn("RPC unreachable, retrying", {
            attempt,
            delayMs,
            error: describeChainError(error),
          });
        }
      },
    });
  }

  /**
   * Whether a report on chain already carried `eventKey`. If so and this node's inbox still has
   * the event as pending (it arrived after the watcher scanned that report), it is marked now, so
   * it is never proposed again.
   */
  alreadyApplied(eventKey: Hex): boolean {
    const applied = this.#deps.watchLog.appliedBy(eventKey);
    if (applied === undefined) return this.#deps.inbox.isMarkedOnChain(eventKey);
    this.#deps.inbox.markOnChain([eventKey], applied.txHash, applied.blockNumber);
    return true;
  }

  /**
   * Where report transaction `txHash` was mined, if a scan of this process found its
   * `CustomsReportAccepted` log in the canonical chain (within the last `reorgWindowBlocks` blocks;
   * forgotten again when a reorganisation removes its block). A transaction that emitted the log
   * succeeded. Undefined says nothing: not mined, reverted, older, or not scanned yet.
   */
  appliedTransaction(txHash: Hex): MinedReportTransaction | undefined {
    return this.#mined.get(txHash);
  }

  /** Reads the head and the oracle's state, applies new reports, handles reorgs. */
  async poll(): Promise<ChainSnapshot> {
    const { publicClient } = this.#deps.clients;
    const headReadAtMs = this.#nowMs();
    const latest = await this.#retry(() => publicClient.getBlock({ blockTag: "latest" }));
    if (this.#snapshot !== undefined && latest.hash === this.#headHash) {
      // Same head block as last time: nothing new, and no reorganisation either.
      this.#snapshot = { ...this.#snapshot, observedAtMs: this.#nowMs(), headReadAtMs };
      return this.#snapshot;
    }
    const head = latest.number;
    const cursor = this.#deps.watchLog.cursor();
    // The head's own header vouches for the last scanned block when it is that block's child.
    const extendsCursor =
      cursor !== undefined &&
      head === cursor.blockNumber + 1n &&
      latest.parentHash === cursor.blockHash;
    const rewound = extendsCursor ? false : await this.#checkReorg();
    const scan =
      extendsCursor && latest.logsBloom !== null && !this.#mayHoldOracleLogs(latest.logsBloom)
        ? await this.#recordWithoutLogs(head, latest.hash)
        : await this.#scanTo(head, latest.hash);
    const now = this.#nowMs();
    const previous = this.#snapshot;
    if (
      previous !== undefined &&
      !rewound &&
      scan.complete &&
      now - this.#stateReadAtMs < (this.#deps.stateReadIntervalMs ?? 1_000)
    ) {
      let { epoch, lastSequence } = previous;
      for (const change of scan.changes) {
        epoch = change.epoch;
        if (change.sequence !== undefined) lastSequence = change.sequence;
      }
      return this.#setSnapshot({ epoch, lastSequence, headBlock: head, headReadAtMs }, latest.hash);
    }
    const [epoch, lastSequence] = await this.#retry(() =>
      Promise.all([
        publicClient.readContract({
          address: this.#deps.oracleAddress,
          abi: customsOracleAbi,
          functionName: "epoch",
          blockNumber: head,
        }),
        publicClient.readContract({
          address: this.#deps.oracleAddress,
          abi: customsOracleAbi,
          functionName: "lastSequence",
          blockNumber: head,
        }),
      ]),
    );
    this.#stateReadAtMs = now;
    return this.#setSnapshot({ epoch, lastSequence, headBlock: head, headReadAtMs }, latest.hash);
  }

  #setSnapshot(state: Omit<ChainSnapshot, "observedAtMs">, headHash: Hex): ChainSnapshot {
    const snapshot = { ...state, observedAtMs: this.#nowMs() };
    this.#snapshot = snapshot;
    this.#headHash = headHash;
    this.#deps.metrics.chainHeadBlock.set(Number(state.headBlock));
    this.#deps.metrics.chainLastSequence.set(Number(state.lastSequence));
    return snapshot;
  }

  async #blockHash(blockNumber: bigint): Promise<Hex | null> {
    const { publicClient } = this.#deps.clients;
    return this.#retry(async () => {
      try {
        return (await publicClient.getBlock({ blockNumber })).hash;
      } catch (error) {
        if ((error as Error).name === "BlockNotFoundError") return null;
        throw error;
      }
    });
  }

  /**
   * If the last scanned block is no longer canonical, rewinds to the newest one that still is.
   * Returns whether it rewound.
   */
  async #checkReorg(): Promise<boolean> {
    const { watchLog, inbox, logger, metrics } = this.#deps;
    const cursor = watchLog.cursor();
    if (cursor === undefined) return false;
    if ((await this.#blockHash(cursor.blockNumber)) === cursor.blockHash) return false;
    let fork: bigint | undefined;
    for (const scanned of watchLog.recent(this.#deps.reorgWindowBlocks)) {
      if ((await this.#blockHash(scanned.blockNumber)) === scanned.blockHash) {
        fork = scanned.blockNumber;
        break;
      }
    }
    const forkBlock = fork ?? cursor.blockNumber - BigInt(this.#deps.reorgWindowBlocks);
    const unmarked = watchLog.rewindTo(forkBlock < 0n ? 0n : forkBlock, (tx) => {
      inbox.unmarkOnChain(tx);
    });
    for (const [hash, mined] of this.#mined) {
      if (mined.blockNumber > forkBlock) this.#mined.delete(hash);
    }
    metrics.chainReorgs.inc();
    logger.warn("chain reorganisation: events of removed transactions are pending again", {
      lastScanned: cursor.blockNumber,
      forkBlock,
      transactions: unmarked,
    });
    return true;
  }

  async #scanTo(head: bigint, headHash: Hex): Promise<ScanResult> {
    const { watchLog } = this.#deps;
    const result: ScanResult = { complete: true, changes: [] };
    let from = (watchLog.cursor()?.blockNumber ?? this.#deps.startBlock - 1n) + 1n;
    while (from <= head) {
      this.#deps.signal.throwIfAborted();
      const to = from + MAX_LOG_RANGE - 1n < head ? from + MAX_LOG_RANGE - 1n : head;
      const changes = await this.#scanRange(from, to, to === head ? headHash : undefined);
      if (changes === undefined) return { complete: false, changes: [] };
      result.changes.push(...changes);
      from = to + 1n;
    }
    return result;
  }

  /** Records head block `head` as scanned: its logs bloom says it holds no log of the oracle. */
  async #recordWithoutLogs(head: bigint, headHash: Hex): Promise<ScanResult> {
    this.#deps.metrics.chainHeadsWithoutOracleLogs.inc();
    const changes = await this.#scanRange(head, head, headHash, []);
    return changes === undefined ? { complete: false, changes: [] } : { complete: true, changes };
  }

  /**
   * Scans one range (with `known` as its logs when they are known without asking: none, by the
   * head's logs bloom); returns its state changes, or undefined if the chain moved under it.
   */
  async #scanRange(
    from: bigint,
    to: bigint,
    toHash: Hex | undefined,
    known?: readonly never[],
  ): Promise<StateChange[] | undefined> {
    const { publicClient } = this.#deps.clients;
    const { watchLog, inbox, metrics, logger } = this.#deps;
    const [found, endHash] = await Promise.all([
      known ??
        this.#retry(() =>
          publicClient.getLogs({
            address: this.#deps.oracleAddress,
            events: [REPORT_ACCEPTED, COMMITTEE_CHANGED],
            fromBlock: from,
            toBlock: to,
          }),
        ),
      toHash ?? this.#blockHash(to),
    ]);
    if (endHash === null) return undefined; // the head moved back: the next poll sees the reorg
    const changes: StateChange[] = [];
    const logs: ReportAcceptedLog[] = [];
    for (const log of found) {
      if (log.eventName === "CustomsReportAccepted") {
        logs.push(log);
        if (log.args.epoch !== undefined && log.args.sequence !== undefined) {
          changes.push({ epoch: log.args.epoch, sequence: log.args.sequence });
        }
      } else if (log.args.epoch !== undefined) {
        changes.push({ epoch: log.args.epoch });
      }
    }
    const applied = await this.#appliedReports(logs);
    const now = this.#nowMs();
    const keepFrom = to - BigInt(this.#deps.reorgWindowBlocks);
    watchLog.recordScan(
      { blockNumber: to, blockHash: endHash },
      applied,
      keepFrom < 0n ? 0n : keepFrom,
      (mark) => {
        // An event a later report repeats (the contract skips it) stays marked by the transaction
        // that carried it first: only unmarked events are marked (and counted) here.
        const marked = inbox.markOnChain(mark.eventKeys, mark.txHash, Number(mark.blockNumber));
        for (const { acceptedAtMs } of marked) {
          metrics.confirmationLatency.observe((now - acceptedAtMs) / 1000);
        }
        metrics.eventsConfirmed.inc({}, marked.length);
        return new Set(marked.map((m) => m.eventKey));
      },
    );
    for (const log of logs) {
      if (log.transactionHash === null || log.blockNumber === null || log.blockHash === null) {
        continue;
      }
      this.#mined.set(log.transactionHash, {
        blockNumber: log.blockNumber,
        blockHash: log.blockHash,
      });
    }
    for (const [hash, mined] of this.#mined) {
      if (mined.blockNumber < keepFrom) this.#mined.delete(hash);
    }
    for (const report of applied) {
      logger.debug("report applied on chain", {
        sequence: report.sequence,
        events: report.eventKeys.length,
        txHash: report.txHash,
        block: report.blockNumber,
      });
    }
    return changes;
  }

  /** The reports applied by the transactions that emitted `logs`, in chain order. */
  async #appliedReports(logs: readonly ReportAcceptedLog[]): Promise<AppliedReport[]> {
    const { publicClient } = this.#deps.clients;
    const seen = new Set<Hex>();
    const out: AppliedReport[] = [];
    for (const log of logs) {
      if (log.transactionHash === null || log.blockNumber === null) continue;
      if (seen.has(log.transactionHash)) continue;
      seen.add(log.transactionHash);
      const hash = log.transactionHash;
      const known =
        log.args.digest === undefined ? undefined : this.#deps.knownReportKeys?.(log.args.digest);
      if (known !== undefined && log.args.epoch !== undefined && log.args.sequence !== undefined) {
        out.push({
          txHash: hash,
          blockNumber: log.blockNumber,
          epoch: log.args.epoch,
          sequence: log.args.sequence,
          eventKeys: known,
        });
        continue;
      }
      const tx = await this.#retry(() => publicClient.getTransaction({ hash }));
      const read = reportFromCalldata(tx.input);
      if (read !== undefined) {
        out.push({ txHash: hash, blockNumber: log.blockNumber, ...read });
        continue;
      }
      let decoded;
      try {
        decoded = decodeFunctionData({ abi: customsOracleAbi, data: tx.input });
      } catch {
        continue; // not a submitReport call (e.g. a committee change)
      }
      if (decoded.functionName !== "submitReport") continue;
      const [epoch, sequence, events] = decoded.args;
      out.push({
        txHash: hash,
        blockNumber: log.blockNumber,
        epoch,
        sequence,
        eventKeys: events.map((e) => eventKey(e)),
      });
    }
    return out;
  }
}
