/**
 * Takes reports that reached a quorum from the outbox to the chain, and keeps watching them until
 * they are deep enough that a reorganisation is no longer expected.
 *
 *   pending ──send──▶ submitted ──receipt──▶ included ──depth──▶ confirmed
 *      ▲                  │ stuck: same nonce, fees bumped          │
 *      └── reorg / nonce consumed by something else ◀───────────────┘
 *   any ──sequence taken by another report / refused by the contract──▶ superseded
 *
 * - Exactly once: the contract takes each sequence once, in order; a report whose sequence another
 *   report took is superseded (its events stay pending in the inboxes and go into a later report).
 *   Every signed transaction is committed to the outbox before it is broadcast, so after a crash
 *   the node knows every transaction it may have sent and re-sends the same bytes.
 * - Nonces: the next nonce is the larger of the chain's pending nonce and one past the highest live
 *   attempt; a gap or a nonce consumed elsewhere is detected and repaired by re-queueing.
 * - Gas: estimated (times a margin) for a report whose predecessor is applied. A report sent behind
 *   its own predecessor still in flight takes its limit from the estimates this process made (the
 *   largest, or the most gas per event times its events, whichever is more, times the margin)
 *   rather than asking the chain to run ~100 kB of calldata once more before sending it; should it
 *   revert for want of gas, or because its predecessor failed (a sequence gap), it is queued again,
 *   to be estimated, rather than given up. Fees from `eth_feeHistory` via viem, capped by
 *   configuration.
 * - Errors: transport errors are retried with backoff until the endpoint returns; a revert is never
 *   retried, its custom error is decoded and handled.
 * - Signatures: checked with `checkReportSignatures` (the off-chain verifier's entry point) before every
 *   first submission.
 */
import { hexToBytes, type Abi, type Address, type Hex, type TransactionReceipt } from "viem";
import { keccak256Hex } from "../crypto/keccak256.ts";
import { decodeErrorData, findRevertData, type DecodedError } from "../../lib/chain/revertData.ts";
import type { Logger } from "../observability/logger.ts";
import type { NodeMetrics } from "../observability/nodeMetrics.ts";
import type { Committee } from "../consensus/committee.ts";
import type { Outbox, OutboxReport, TransactionAttempt } from "../queue/outbox.ts";
import type { SignatureStore } from "../store/signatures.ts";
import type { ChainClients } from "./clients.ts";
import { classifyChainError, describeChainError } from "./errors.ts";
import { customsOracleAbi } from "./oracleAbi.ts";
import { encodeSubmitReport } from "./reportCalldata.ts";
import { retryTransport } from "./retry.ts";
import { checkReportSignatures } from "./signatureCheck.ts";
import type { ChainSnapshot } from "./snapshot.ts";
import type { MinedReportTransaction } from "./watcher.ts";

export interface SubmitterConfig {
  confirmations: number;
  stuckAfterMs: number;
  feeBumpPercent: number;
  maxFeePerGasWei: bigint;
  gasLimitMarginPercent: number;
  reorgWindowBlocks: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
}

export interface SubmitterDeps {
  clients: ChainClients;
  oracleAddress: Address;
  outbox: Outbox;
  signatures: SignatureStore;
  committee: Committee;
  config: SubmitterConfig;
  logger: Logger;
  metrics: NodeMetrics;
  signal: AbortSignal;
  /** The oracle ABI with its custom errors, for encoding and decoding reverts. */
  abi?: Abi;
  /**
   * Where the chain watcher saw a report transaction mined (`ChainWatcher.appliedTransaction`).
   * With it, a transaction sent after the snapshot's head was read is left for the next pass, and
   * receipts are read only for what the watcher has not seen (reverted, not mined, or before this
   * process started). Without it, every check reads the receipt.
   */
  minedTransaction?: (txHash: Hex) => MinedReportTransaction | undefined;
  nowMs?: () => number;
}

/** Splits concatenated 64-byte compact signatures. */
export function splitSignatures(signatures: Hex): Hex[] {
  const body = signatures.slice(2);
  const out: Hex[] = [];
  for (let i = 0; i < body.length; i += 128) out.push(`0x${body.slice(i, i + 128)}`);
  return out;
}

/** A mined transaction as the submitter needs it: from the watcher's index or from its receipt. */
interface Inclusion {
  transactionHash: Hex;
  blockNumber: bigint;
  blockHash: Hex;
  status: "success" | "reverted";
  /** From the receipt (the watcher's index knows only transactions that succeeded). */
  gasUsed?: bigint;
}

function maxOf(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/**
 * The most gas one transaction may ask for (EIP-7825, 2^24; Hardhat's chain enforces it): a
 * transaction with a larger limit is refused when sent, whatever it would use. The margin on an
 * estimate (or a modelled limit) stops there: in a day at `--scale 0.01` a report's limit of
 * 17,931,537 gas (about 13.8 M times the 130 % margin) was refused at every send, and the node
 * stalled (issue #17). A modelled limit the report then exceeds runs out of gas and the report is
 * queued again, to be estimated; an estimate above the cap is sent as it is, to be refused with
 * the node's own words.
 */
export const TRANSACTION_GAS_CAP = 16_777_216n;

/** `gas` times the margin, no more than the per-transaction cap (unless `gas` already is). */
export function gasLimitWithMargin(gas: bigint, marginPercent: number): bigint {
  const withMargin = (gas * BigInt(marginPercent)) / 100n;
  const cap = maxOf(gas, TRANSACTION_GAS_CAP);
  return withMargin < cap ? withMargin : cap;
}

function formatRevert(decoded: DecodedError | undefined): string {
  if (decoded === undefined) return "reverted without a known error";
  return `${decoded.errorName}(${decoded.argList.map((a) => String(a)).join(", ")})`;
}

export class ReportSubmitter {
  readonly #deps: SubmitterDeps;
  readonly #abi: Abi;
  readonly #nowMs: () => number;
  /** Fee estimate reused for a couple of seconds (it changes per block at most). */
  #fees: { at: number; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | undefined;
  /** The largest gas estimate this process made, and the most gas per event of any. */
  #estimated: { largest: bigint; perEvent: bigint } | undefined;
  /** Reports to estimate on their next send whatever their place (one reverted unestimated). */
  readonly #mustEstimate = new Set<Hex>();
  /** Transactions sent with a modelled gas limit, not an estimate (this process's). */
  readonly #modelled = new Set<Hex>();
  /** When a submitted report's nonce was first seen consumed without a receipt of ours. */
  readonly #nonceConsumedSince = new Map<Hex, number>();

  constructor(deps: SubmitterDeps) {
    this.#deps = deps;
    this.#abi = deps.abi ?? (customsOracleAbi as Abi);
    this.#nowMs = deps.nowMs ?? Date.now;
  }

  #retry<T>(work: () => Promise<T>): Promise<T> {
    const { config, signal, metrics, logger } = this.#deps;
    return retryTransport(work, {
      baseDelayMs: config.retryBaseDelayMs,
      maxDelayMs: config.retryMaxDelayMs,
      signal,
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

  get transmitter(): Address {
    return this.#deps.clients.transmitter.address;
  }

  /**
   * After a (re)start: re-broadcasts every live attempt whose nonce the chain has not consumed yet,
   * so transactions lost with a restarted RPC node's mempool come back with the same bytes.
   */
  async reconcile(): Promise<void> {
    const { publicClient } = this.#deps.clients;
    const latest = await this.#retry(() =>
      publicClient.getTransactionCount({ address: this.transmitter, blockTag: "latest" }),
    );
    const stored = this.#deps.outbox.nextNonce(this.transmitter);
    let rebroadcast = 0;
    for (const attempt of this.#deps.outbox.liveAttempts()) {
      if (attempt.nonce < latest) continue; // mined (or replaced): the receipt check sorts it out
      await this.#broadcast(attempt);
      rebroadcast += 1;
    }
    this.#deps.logger.info("transmitter nonce reconciled", {
      transmitter: this.transmitter,
      chainNonce: latest,
      storedNextNonce: stored ?? null,
      rebroadcast,
    });
  }

  #running: Promise<void> | undefined;
  #rerun = false;
  #latest: ChainSnapshot | undefined;

  /**
   * One pass over the outbox against the chain as of `snapshot`. Passes never overlap: a call
   * while one runs asks for another pass with the newer snapshot and returns the running one.
   */
  tick(snapshot: ChainSnapshot): Promise<void> {
    this.#latest = snapshot;
    if (this.#running !== undefined) {
      this.#rerun = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#rerun = false;
          await this.#pass(this.#latest!);
        } while (this.#rerun && !this.#deps.signal.aborted);
      } finally {
        this.#running = undefined;
      }
    })();
    return this.#running;
  }

  /**
   * A step for one report that failed (not a transport error: those are retried inside): logged
   * with the report, and the pass goes on with the others. A report's failure must not hold back
   * the rest of the outbox: a failure that recurs (the same state, the same error) would otherwise
   * stop every later pass at the same place and this node would submit nothing more. Nothing is
   * lost by going on: every step is written to the outbox before anything is sent, the chain takes
   * each sequence once and in order, and a report sent behind a predecessor that failed reverts
   * with a sequence gap and is queued again. The pass still fails at its end, with the first
   * error, so the node reports it (its log and health page).
   */
  async #isolated(
    report: OutboxReport,
    step: string,
    failures: unknown[],
    work: () => Promise<void>,
  ): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (this.#deps.signal.aborted) throw error;
      failures.push(error);
      this.#deps.logger.error("report step failed; the pass goes on with the other reports", {
        step,
        sequence: report.sequence,
        digest: report.digest,
        status: report.status,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  async #pass(snapshot: ChainSnapshot): Promise<void> {
    this.#passChainNonce = undefined;
    const failures: unknown[] = [];
    const open = this.#deps.outbox.open();
    for (const report of open) {
      this.#deps.signal.throwIfAborted();
      if (report.status === "submitted") {
        await this.#isolated(report, "check submitted", failures, () =>
          this.#checkSubmitted(report, snapshot),
        );
      } else if (report.status === "included") {
        await this.#isolated(report, "check included", failures, () =>
          this.#checkIncluded(report, snapshot),
        );
      }
    }
    // The outbox is read again after every send: a report the leader queued meanwhile goes out in
    // this pass instead of waiting for the next one (and for its checks).
    const tried = new Set<Hex>();
    for (;;) {
      this.#deps.signal.throwIfAborted();
      const next = this.#deps.outbox
        .open()
        .find((o) => o.status === "pending" && !tried.has(o.digest));
      if (next === undefined) break;
      tried.add(next.digest);
      await this.#isolated(next, "send", failures, () => this.#trySend(next, snapshot));
    }
    await this.#watchConfirmed(snapshot);
    if (failures.length > 0) {
      throw new Error(
        `${failures.length} report step(s) failed in this pass; first: ${describeChainError(failures[0])}`,
        { cause: failures[0] },
      );
    }
  }

  /** The transmitter's mined nonce, read at most once per pass. */
  #passChainNonce: Promise<number> | undefined;

  #chainNonce(): Promise<number> {
    this.#passChainNonce ??= this.#retry(() =>
      this.#deps.clients.publicClient.getTransactionCount({
        address: this.transmitter,
        blockTag: "latest",
      }),
    );
    return this.#passChainNonce;
  }

  /** Where `txHash` was mined: the watcher's index first, the receipt otherwise; null if not. */
  async #inclusion(txHash: Hex): Promise<Inclusion | null> {
    const mined = this.#deps.minedTransaction?.(txHash);
    if (mined !== undefined) return { transactionHash: txHash, status: "success", ...mined };
    const receipt = await this.#receipt(txHash);
    if (receipt === null) return null;
    return {
      transactionHash: receipt.transactionHash,
      blockNumber: receipt.blockNumber,
      blockHash: receipt.blockHash,
      status: receipt.status,
      gasUsed: receipt.gasUsed,
    };
  }

  async #trySend(report: OutboxReport, snapshot: ChainSnapshot): Promise<void> {
    const { outbox, metrics, logger } = this.#deps;
    if (report.epoch !== snapshot.epoch) {
      outbox.setStatus(report.digest, "superseded", `epoch changed to ${snapshot.epoch}`);
      metrics.reportsSuperseded.inc({ reason: "epoch" });
      return;
    }
    if (report.sequence <= snapshot.lastSequence) {
      if ((await this.#adoptMinedAttempt(report)) !== undefined) return;
      outbox.setStatus(
        report.digest,
        "superseded",
        `sequence ${report.sequence} already applied by another report`,
      );
      metrics.reportsSuperseded.inc({ reason: "sequence-taken" });
      logger.info("report superseded", { sequence: report.sequence, digest: report.digest });
      return;
    }
    const open = outbox.open();
    if (report.sequence > snapshot.lastSequence + 1n) {
      const predecessor = open.find(
        (o) =>
          o.sequence === report.sequence - 1n &&
          (o.status === "submitted" || o.status === "included"),
      );
      if (predecessor === undefined) return; // wait until the chain or our own pipeline gets there
    }
    if (report.holdUntilMs > this.#nowMs()) return; // its first leader may still send it
    const rival = open.find(
      (o) =>
        o.sequence === report.sequence &&
        o.digest !== report.digest &&
        (o.status === "submitted" || o.status === "included"),
    );
    if (rival !== undefined) return; // one transaction per sequence at a time
    // Behind its own predecessor in flight (checked above): no need to run it on the chain first.
    await this.#send(report, undefined, report.sequence > snapshot.lastSequence + 1n);
  }

  /**
   * Builds, records and broadcasts a transaction for `report` (a replacement if `replace`).
   * `pipelined`: its predecessor is on its way to the chain, not applied yet.
   */
  async #send(
    report: OutboxReport,
    replace: TransactionAttempt | undefined,
    pipelined = false,
  ): Promise<void> {
    const { clients, committee, config, outbox, signatures, logger, metrics } = this.#deps;
    const { publicClient, transmitter, chain } = clients;
    const stored = signatures.report(report.digest);
    if (stored === undefined) {
      outbox.setStatus(report.digest, "superseded", "report body missing from the store");
      metrics.reportsSuperseded.inc({ reason: "missing-body" });
      return;
    }
    if (replace === undefined) {
      const check = await checkReportSignatures(
        report.digest,
        splitSignatures(report.signatures),
        committee.addresses,
        committee.threshold,
      );
      if (!check.quorum) {
        const why = check.refused.map((r) => r.reason).join("; ");
        outbox.setStatus(report.digest, "superseded", `signature check failed: ${why}`);
        metrics.reportsSuperseded.inc({ reason: "signatures" });
        logger.error("report signatures do not reach the quorum", { digest: report.digest, why });
        return;
      }
    }
    const data = encodeSubmitReport(
      stored.report.epoch,
      stored.report.sequence,
      stored.report.events,
      report.signatures,
    );
    const started = performance.now();
    // Fees and the nonce are read while the gas is estimated (three round trips at once); the
    // pass owns the transmitter's nonces, so nothing else takes one in between.
    const feesRead = this.#estimateFees();
    const nonceRead =
      replace !== undefined
        ? Promise.resolve(replace.nonce)
        : this.#retry(() =>
            publicClient.getTransactionCount({ address: transmitter.address, blockTag: "pending" }),
          ).then((pending) => Math.max(pending, (outbox.maxLiveNonce() ?? -1) + 1));
    // Both are dropped unread when the estimate is refused; otherwise a failure of either
    // surfaces where it is awaited.
    feesRead.catch(() => undefined);
    nonceRead.catch(() => undefined);
    let gas: bigint;
    let modelledGas = false;
    const events = BigInt(stored.report.events.length);
    if (replace !== undefined) {
      // Same calldata, same gas. (Estimating again would run against a pending state that
      // already holds the transaction being replaced, and see its sequence as taken.)
      gas = replace.gasLimit;
      modelledGas = this.#modelled.has(replace.txHash);
    } else if (
      pipelined &&
      this.#estimated !== undefined &&
      !this.#mustEstimate.has(report.digest)
    ) {
      const { largest, perEvent } = this.#estimated;
      const modelled = maxOf(perEvent * events, largest);
      gas = gasLimitWithMargin(modelled, config.gasLimitMarginPercent);
      modelledGas = true;
    } else {
      let gasEstimate: bigint;
      try {
        gasEstimate = await this.#retry(() =>
          publicClient.estimateGas({
            account: transmitter.address,
            to: this.#deps.oracleAddress,
            data,
            blockTag: "pending",
          }),
        );
      } catch (error) {
        if (this.#deps.signal.aborted) throw error;
        await this.#onRefused(report, error, "estimate");
        return;
      }
      gas = gasLimitWithMargin(gasEstimate, config.gasLimitMarginPercent);
      this.#mustEstimate.delete(report.digest);
      const perEvent = (gasEstimate + events - 1n) / (events > 0n ? events : 1n);
      this.#estimated = {
        largest: maxOf(this.#estimated?.largest ?? 0n, gasEstimate),
        perEvent: maxOf(this.#estimated?.perEvent ?? 0n, perEvent),
      };
    }
    const fees = await feesRead;
    let maxFeePerGas = fees.maxFeePerGas;
    let maxPriorityFeePerGas = fees.maxPriorityFeePerGas;
    if (replace !== undefined) {
      const bump = (v: bigint): bigint => (v * BigInt(100 + config.feeBumpPercent) + 99n) / 100n;
      maxFeePerGas =
        maxFeePerGas > bump(replace.maxFeePerGas) ? maxFeePerGas : bump(replace.maxFeePerGas);
      maxPriorityFeePerGas =
        maxPriorityFeePerGas > bump(replace.maxPriorityFeePerGas)
          ? maxPriorityFeePerGas
          : bump(replace.maxPriorityFeePerGas);
    }
    if (maxFeePerGas > config.maxFeePerGasWei) maxFeePerGas = config.maxFeePerGasWei;
    if (maxPriorityFeePerGas > maxFeePerGas) maxPriorityFeePerGas = maxFeePerGas;
    if (replace !== undefined && maxFeePerGas <= replace.maxFeePerGas) {
      logger.warn("stuck transaction cannot be repriced: fee cap reached", {
        txHash: replace.txHash,
        maxFeePerGas: maxFeePerGas.toString(),
      });
      return;
    }
    const nonce = await nonceRead;
    const rawTx = await transmitter.signTransaction({
      chainId: chain.id,
      type: "eip1559",
      to: this.#deps.oracleAddress,
      data,
      gas,
      nonce,
      maxFeePerGas,
      maxPriorityFeePerGas,
    });
    const attempt = outbox.recordAttempt(transmitter.address, {
      txHash: keccak256Hex(hexToBytes(rawTx)),
      digest: report.digest,
      nonce,
      gasLimit: gas,
      maxFeePerGas,
      maxPriorityFeePerGas,
      rawTx,
    });
    if (replace !== undefined) metrics.transactionsReplaced.inc();
    if (modelledGas) {
      if (this.#modelled.size >= 1_000) this.#modelled.clear();
      this.#modelled.add(attempt.txHash);
    }
    const prepared = performance.now();
    await this.#broadcast(attempt);
    logger.info(replace === undefined ? "report submitted" : "stuck transaction replaced", {
      sequence: report.sequence,
      prepareMs: Math.round(prepared - started),
      sendMs: Math.round(performance.now() - prepared),
      events: stored.report.events.length,
      txHash: attempt.txHash,
      nonce,
      gas: gas.toString(),
      maxFeePerGas: maxFeePerGas.toString(),
    });
  }

  async #estimateFees(): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
    const now = this.#nowMs();
    if (this.#fees === undefined || now - this.#fees.at > 2_000) {
      const fees = await this.#retry(() => this.#deps.clients.publicClient.estimateFeesPerGas());
      this.#fees = { at: now, ...fees };
    }
    return this.#fees;
  }

  /** Sends a recorded attempt's raw bytes; handles what the node answers. */
  async #broadcast(attempt: TransactionAttempt): Promise<void> {
    const { publicClient } = this.#deps.clients;
    const { outbox, metrics, logger } = this.#deps;
    try {
      await this.#retry(() =>
        publicClient.sendRawTransaction({ serializedTransaction: attempt.rawTx }),
      );
      metrics.transactionsSent.inc();
    } catch (error) {
      if (this.#deps.signal.aborted) throw error;
      const kind = classifyChainError(error);
      if (kind === "already-known") return;
      metrics.rpcErrors.inc({ kind });
      if (kind === "underpriced") {
        logger.warn("replacement underpriced; will bump again", { txHash: attempt.txHash });
        return;
      }
      const receipt = await this.#receipt(attempt.txHash);
      if (receipt !== null) return; // it made it after all
      if (kind === "nonce-too-low") {
        // Our nonce was used: by an earlier attempt of ours (the receipt check finds it) or by
        // something else (the report goes back to pending and gets a fresh nonce).
        outbox.setAttemptStatus(attempt.txHash, "dropped");
        if (outbox.attempts(attempt.digest).every((a) => a.status !== "live")) {
          outbox.requeue(attempt.digest, "nonce consumed elsewhere");
        }
        return;
      }
      if (kind === "revert") {
        const report = outbox.get(attempt.digest);
        if (report !== undefined) await this.#onRefused(report, error, "broadcast");
        return;
      }
      logger.error("transaction refused by the node", {
        txHash: attempt.txHash,
        kind,
        error: describeChainError(error),
      });
      outbox.setAttemptStatus(attempt.txHash, "dropped");
      if (outbox.attempts(attempt.digest).every((a) => a.status !== "live")) {
        outbox.requeue(attempt.digest, `node refused the transaction (${kind})`);
      }
    }
  }

  async #receipt(txHash: Hex): Promise<TransactionReceipt | null> {
    const { publicClient } = this.#deps.clients;
    return this.#retry(async () => {
      try {
        return await publicClient.getTransactionReceipt({ hash: txHash });
      } catch (error) {
        if ((error as Error).name === "TransactionReceiptNotFoundError") return null;
        throw error;
      }
    });
  }

  /**
   * If any attempt of `report` is mined, records it and returns where it was mined. An attempt
   * that applied the report wins over any that reverted, whichever was sent last: two attempts
   * with different nonces can both be mined (the report queued again while its transaction was
   * still in a pool, e.g. after a reorganisation), and the later one then reverts as a replay of
   * the earlier. Only when none applied it does the newest reverted attempt decide.
   */
  async #adoptMinedAttempt(report: OutboxReport): Promise<Inclusion | undefined> {
    const attempts = this.#deps.outbox.attempts(report.digest).reverse();
    let reverted: { attempt: TransactionAttempt; inclusion: Inclusion } | undefined;
    for (const attempt of attempts) {
      const inclusion = await this.#inclusion(attempt.txHash);
      if (inclusion === null) continue;
      if (inclusion.status === "success") {
        await this.#onMined(report, attempt, inclusion);
        return inclusion;
      }
      // A reverted attempt already dealt with (its report was queued again) is history.
      if (attempt.status !== "dropped") reverted ??= { attempt, inclusion };
    }
    if (reverted === undefined) return undefined;
    await this.#onMined(report, reverted.attempt, reverted.inclusion);
    return reverted.inclusion;
  }

  async #onMined(
    report: OutboxReport,
    attempt: TransactionAttempt,
    receipt: Inclusion,
  ): Promise<void> {
    const { outbox, logger, metrics } = this.#deps;
    for (const other of outbox.attempts(report.digest)) {
      if (other.txHash !== attempt.txHash && other.status === "live") {
        outbox.setAttemptStatus(other.txHash, "replaced");
      }
    }
    this.#nonceConsumedSince.delete(report.digest);
    if (receipt.status === "success") {
      outbox.setAttemptStatus(attempt.txHash, "live");
      outbox.setIncluded(
        report.digest,
        "included",
        receipt.transactionHash,
        receipt.blockNumber,
        receipt.blockHash,
      );
      return;
    }
    // Reverted on chain: find out why by replaying the call where it ran.
    let reason = "reverted";
    let decoded: DecodedError | undefined;
    try {
      await this.#deps.clients.publicClient.call({
        account: this.transmitter,
        to: this.#deps.oracleAddress,
        data: (await this.#deps.clients.publicClient.getTransaction({ hash: attempt.txHash }))
          .input,
        blockNumber: receipt.blockNumber - 1n,
      });
    } catch (error) {
      const data = findRevertData(error);
      decoded = data === undefined ? undefined : decodeErrorData(this.#abi, data);
      reason = formatRevert(decoded);
    }
    // Out of gas with a modelled limit: estimated next time. (Out of gas with an estimated one
    // is the contract's doing, and refused like any other revert.)
    const outOfGas =
      this.#modelled.has(attempt.txHash) &&
      receipt.gasUsed !== undefined &&
      receipt.gasUsed >= attempt.gasLimit;
    if (outOfGas || decoded?.errorName === "CustomsOracleSequenceGap") {
      // Sent behind a predecessor that then failed, or with too little gas: nothing is wrong with
      // the report itself. It goes out again, estimated this time, once its turn comes.
      const why = outOfGas ? `out of gas at ${attempt.gasLimit}` : reason;
      this.#mustEstimate.add(report.digest);
      outbox.requeue(report.digest, `transaction reverted (${why}); to be sent again`);
      metrics.reportsRequeued.inc({ reason: outOfGas ? "out-of-gas" : "sequence-gap" });
      logger.warn("report transaction reverted; queued again", {
        sequence: report.sequence,
        txHash: receipt.transactionHash,
        reason: why,
      });
      return;
    }
    outbox.setStatus(report.digest, "superseded", `transaction reverted: ${reason}`);
    metrics.reportsSuperseded.inc({ reason: "reverted" });
    logger.warn("report transaction reverted", {
      sequence: report.sequence,
      txHash: receipt.transactionHash,
      reason,
    });
  }

  /** The contract (or the node's execution) refused the report: decode why and act on it. */
  async #onRefused(report: OutboxReport, error: unknown, stage: string): Promise<void> {
    const { outbox, logger, metrics, clients } = this.#deps;
    const kind = classifyChainError(error);
    metrics.rpcErrors.inc({ kind });
    const data = findRevertData(error);
    const decoded = data === undefined ? undefined : decodeErrorData(this.#abi, data);
    const lastSequence = await this.#retry(() =>
      clients.publicClient.readContract({
        address: this.#deps.oracleAddress,
        abi: customsOracleAbi,
        functionName: "lastSequence",
      }),
    );
    if (lastSequence >= report.sequence) {
      if ((await this.#adoptMinedAttempt(report)) !== undefined) return;
      outbox.setStatus(
        report.digest,
        "superseded",
        `sequence ${report.sequence} already applied by another report`,
      );
      metrics.reportsSuperseded.inc({ reason: "sequence-taken" });
      logger.info("report superseded (re-synced with the chain)", {
        sequence: report.sequence,
        revert: formatRevert(decoded),
      });
      return;
    }
    if (lastSequence + 1n < report.sequence) {
      return; // the predecessor is not applied yet: try again on a later pass
    }
    if (decoded?.errorName === "CustomsOracleReportReplayed") {
      // The node ran the report against its pending state, where a transaction in its pool
      // (perhaps an earlier attempt of this very report) has taken the sequence the mined chain
      // has not. Refusing the report now could mark superseded a report that chain is about to
      // apply: a later pass, once that transaction is mined, adopts it or supersedes the report.
      return;
    }
    outbox.setStatus(report.digest, "superseded", `refused at ${stage}: ${formatRevert(decoded)}`);
    metrics.reportsSuperseded.inc({ reason: "refused" });
    logger.error("the oracle contract refused a report", {
      sequence: report.sequence,
      digest: report.digest,
      stage,
      revert: formatRevert(decoded),
      error: describeChainError(error),
    });
  }

  async #checkSubmitted(report: OutboxReport, snapshot: ChainSnapshot): Promise<void> {
    const { outbox, clients, config, logger } = this.#deps;
    const attempts = outbox.attempts(report.digest);
    if (
      this.#deps.minedTransaction !== undefined &&
      attempts.every(
        (a) =>
          a.sentAtMs >= snapshot.headReadAtMs &&
          this.#deps.minedTransaction!(a.txHash) === undefined,
      )
    ) {
      return; // sent after the head was read: the watcher's next poll tells
    }
    const adopted = await this.#adoptMinedAttempt(report);
    if (adopted !== undefined) {
      const updated = outbox.get(report.digest);
      // Where it was mined is known now: the receipt (if one was read) is not read again.
      if (updated?.status === "included") await this.#checkIncluded(updated, snapshot, adopted);
      return;
    }
    const live = attempts.filter((a) => a.status === "live");
    const latest = live.at(-1);
    if (latest === undefined) {
      outbox.requeue(report.digest, "no live transaction");
      return;
    }
    const chainNonce = await this.#chainNonce();
    if (chainNonce > latest.nonce) {
      // The nonce is used but no attempt of ours has a receipt: give the node a moment (receipts
      // can lag the nonce), then treat the report as not sent.
      const since = this.#nonceConsumedSince.get(report.digest);
      if (since === undefined) {
        this.#nonceConsumedSince.set(report.digest, this.#nowMs());
      } else if (this.#nowMs() - since > 2_000) {
        this.#nonceConsumedSince.delete(report.digest);
        outbox.requeue(report.digest, `nonce ${latest.nonce} consumed by another transaction`);
        logger.warn("transaction nonce consumed elsewhere; report re-queued", {
          sequence: report.sequence,
          nonce: latest.nonce,
        });
      }
      return;
    }
    const age = this.#nowMs() - latest.sentAtMs;
    if (age > config.stuckAfterMs) {
      await this.#send(report, latest);
      return;
    }
    if (age > config.stuckAfterMs / 3) {
      // Not mined for a while: make sure the node still has it (a restarted node loses its pool).
      const known = await this.#retry(async () => {
        try {
          await clients.publicClient.getTransaction({ hash: latest.txHash });
          return true;
        } catch (error) {
          if ((error as Error).name === "TransactionNotFoundError") return false;
          throw error;
        }
      });
      if (!known) await this.#broadcast(latest);
    }
    void snapshot;
  }

  async #checkIncluded(
    report: OutboxReport,
    snapshot: ChainSnapshot,
    known?: Inclusion,
  ): Promise<void> {
    const { outbox, metrics, logger, config } = this.#deps;
    if (report.blockNumber === null || report.txHash === null || report.blockHash === null) return;
    const receipt = known ?? (await this.#inclusion(report.txHash));
    if (receipt === null || receipt.blockHash !== report.blockHash) {
      if (receipt !== null && receipt.status === "success") {
        // Re-mined in another block after a reorg: follow it.
        outbox.setIncluded(
          report.digest,
          "included",
          receipt.transactionHash,
          receipt.blockNumber,
          receipt.blockHash,
        );
        return;
      }
      this.#reorged(report);
      return;
    }
    if (snapshot.headBlock >= report.blockNumber + BigInt(config.confirmations) - 1n) {
      outbox.setIncluded(
        report.digest,
        "confirmed",
        report.txHash,
        report.blockNumber,
        report.blockHash,
      );
      metrics.reportsConfirmed.inc();
      logger.info("report confirmed", {
        sequence: report.sequence,
        events: report.eventKeys.length,
        txHash: report.txHash,
        block: report.blockNumber,
      });
    }
  }

  /**
   * Confirmed reports stay watched for `reorgWindowBlocks`: the newest one's block hash is checked
   * against the canonical chain (a block hash commits to all its ancestors, so one check covers
   * every older block); on a mismatch each report in the window is checked and re-queued if gone.
   */
  async #watchConfirmed(snapshot: ChainSnapshot): Promise<void> {
    const { outbox, config, clients } = this.#deps;
    const from = snapshot.headBlock - BigInt(config.reorgWindowBlocks);
    const watched = outbox.confirmedSince(from < 0n ? 0n : from);
    const newest = watched.at(-1);
    if (newest?.blockNumber == null) return;
    // A block hash commits to its ancestors: the watcher finding the newest report where it was
    // recorded (its scans check the last block's hash first) vouches for the whole window.
    if (this.#deps.minedTransaction?.(newest.txHash!)?.blockHash === newest.blockHash) return;
    const block = await this.#retry(async () => {
      try {
        return await clients.publicClient.getBlock({ blockNumber: newest.blockNumber! });
      } catch (error) {
        if ((error as Error).name === "BlockNotFoundError") return null;
        throw error;
      }
    });
    if (block !== null && block.hash === newest.blockHash) return;
    for (const report of watched) {
      const receipt = await this.#inclusion(report.txHash!);
      if (receipt !== null && receipt.blockHash === report.blockHash) continue;
      if (receipt !== null && receipt.status === "success") {
        outbox.setIncluded(
          report.digest,
          "included",
          receipt.transactionHash,
          receipt.blockNumber,
          receipt.blockHash,
        );
        continue;
      }
      this.#reorged(report);
    }
  }

  #reorged(report: OutboxReport): void {
    const { outbox, metrics, logger } = this.#deps;
    outbox.requeue(
      report.digest,
      `reorg removed tx ${report.txHash} from block ${report.blockNumber}`,
    );
    metrics.reportsReorged.inc();
    logger.warn("chain reorganisation removed a report; re-submitting", {
      sequence: report.sequence,
      txHash: report.txHash,
      block: report.blockNumber,
    });
  }
}
