/**
 * One oracle node: the ingest API (events into this node's own inbox), the consensus routes (this
 * node as a follower), the loop that follows the chain, leads when it is this node's turn and
 * submits what reached a quorum, plus /metrics, /healthz and the operator's admin routes.
 *
 * Lifecycle: `OracleNode.start(config, secrets)` checks the chain id and that the signing key is
 * this node's committee entry, reconciles the transmitter's nonce, then serves. `drain()` (wired
 * to SIGTERM by the CLI) stops accepting events, lets the round in flight finish, flushes what is
 * queued for the chain, closes the server and the database.
 */
import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { DatabaseSync } from "node:sqlite";
import type { Hex } from "viem";
import { createChainClients, type ChainClients } from "../chain/clients.ts";
import { describeChainError } from "../chain/errors.ts";
import type { ReportDomain } from "../chain/report.ts";
import { addressOfKey } from "../chain/signing.ts";
import type { ChainSnapshot } from "../chain/snapshot.ts";
import { ReportSubmitter } from "../chain/submitter.ts";
import { ChainWatcher } from "../chain/watcher.ts";
import { ConfigError } from "../config/loadConfig.ts";
import type { NodeConfig } from "../config/schema.ts";
import type { NodeSecrets } from "../config/secrets.ts";
import { carrierDirectory } from "../events/carriers.ts";
import { Committee } from "../consensus/committee.ts";
import { Follower } from "../consensus/follower.ts";
import { Proposer } from "../consensus/leader.ts";
import { LeaderPipeline } from "../consensus/pipeline.ts";
import { SigningFloor, type Floor } from "../consensus/signingFloor.ts";
import { HttpPeerTransport, PeerError, type PeerTransport } from "../consensus/peerClient.ts";
import { BearerAuthenticator, hashToken } from "../ingest/auth.ts";
import { DropDirectoryWatcher } from "../ingest/dropDirectory.ts";
import { createIngestHandler } from "../ingest/httpApi.ts";
import { createLimitedServer } from "../ingest/httpServer.ts";
import { IngestPipeline } from "../ingest/pipeline.ts";
import { createLogger, type Logger } from "../observability/logger.ts";
import { MetricsRegistry } from "../observability/metrics.ts";
import { redactUrl } from "../../lib/net/redaction.ts";
import { ChainWatchLog } from "../store/chainWatch.ts";
import { Checkpoints } from "../store/checkpoints.ts";
import { openDatabase } from "../store/database.ts";
import { Outbox } from "../queue/outbox.ts";
import { SignatureStore } from "../store/signatures.ts";
import { sendError } from "./httpRoutes.ts";
import { createNodeMetrics, type NodeMetrics } from "../observability/nodeMetrics.ts";
import { routeNodeRequest, type NodeHttpSurface } from "./httpServer.ts";
import { startPoll, type Poll } from "./poll.ts";
import {
  checkChainId,
  checkCommittee,
  establishSigningFloor,
  type StartupCheckDeps,
} from "./startupChecks.ts";

export interface OracleNodeOptions {
  config: NodeConfig;
  secrets: NodeSecrets;
  logger?: Logger;
  /** Replaces the HTTP transport to peers (tests). */
  peers?: PeerTransport;
  /**
   * Called when the node finds it cannot work at all (the RPC endpoint serves another chain); the
   * CLI drains and exits with code 2.
   */
  onFatal?: (error: Error) => void;
}

export interface NodeStatus {
  node: string;
  signer: string;
  transmitter: string;
  draining: boolean;
  chain:
    | (Omit<ChainSnapshot, "lastSequence" | "headBlock" | "headReadAtMs"> & {
        lastSequence: string;
        headBlock: string;
        ageMs: number;
      })
    | null;
  turn: number;
  leader: string;
  inbox: { total: number; pending: number; oldestPendingAgeMs: number | null };
  quarantined: number;
  outbox: Record<string, number>;
  recentReports: {
    sequence: string;
    status: string;
    events: number;
    txHash: string | null;
    block: string | null;
    note: string | null;
  }[];
  signedReports: number;
  equivocations: number;
  /** The lowest sequence this node signs, while its signature store is new (see SigningFloor). */
  signingFloor: { epoch: number; sequence: string } | null;
}

/** A node that neither leads nor has reports on their way reads the chain this many times less often. */
const FOLLOWER_POLL_FACTOR = 4;

export class OracleNode {
  readonly config: NodeConfig;
  readonly logger: Logger;
  readonly metrics: NodeMetrics;
  readonly registry: MetricsRegistry;
  readonly db: DatabaseSync;
  readonly pipeline: IngestPipeline;
  readonly signatures: SignatureStore;
  readonly outbox: Outbox;
  readonly committee: Committee;
  readonly clients: ChainClients;
  readonly watcher: ChainWatcher;
  readonly submitter: ReportSubmitter;
  readonly follower: Follower;
  readonly proposer: Proposer;
  readonly #secrets: NodeSecrets;
  readonly #server: Server;
  readonly #dropDirectory: DropDirectoryWatcher | undefined;
  readonly #signingFloor: SigningFloor;
  readonly #abort = new AbortController();
  #draining = false;
  /** The node's loop: an iteration, then a wait that new events or a drain cut short. */
  #loop: Poll | undefined;
  #lastPollError: string | null = null;
  #chainReady = false;
  /** The oracle epoch whose on-chain committee was last found to match the configured one. */
  #committeeCheckedEpoch: number | undefined;
  /** The chain read under way, if any. */
  #polling: Promise<ChainSnapshot> | undefined;
  /**
   * Leader rounds in a row that found nothing to propose: the wait before the next one doubles
   * with each, up to `consensus.idleProposeIntervalMs` (0: not backing off).
   */
  #idleRounds = 0;
  readonly #pipeline: LeaderPipeline;
  readonly #onFatal: ((error: Error) => void) | undefined;

  private constructor(options: OracleNodeOptions) {
    const { config, secrets } = options;
    this.config = config;
    this.#secrets = secrets;
    this.#onFatal = options.onFatal;
    this.logger =
      options.logger ?? createLogger({ name: "caravel-oracle", level: config.log.level });
    this.logger = this.logger.child({ node: config.node.id });
    mkdirSync(config.node.dataDir, { recursive: true });
    this.db = openDatabase(path.join(config.node.dataDir, "node.sqlite"), {
      synchronous: config.node.sqliteSynchronous,
    });
    this.registry = new MetricsRegistry();
    this.metrics = createNodeMetrics(this.registry);
    this.pipeline = new IngestPipeline({
      db: this.db,
      maxFutureSkewSeconds: config.ingest.maxFutureSkewSeconds,
      requireKnownShipment: config.ingest.requireKnownShipment,
      carriers: carrierDirectory(config.ingest.carriers),
      logger: this.logger.child({ part: "ingest" }),
      metrics: this.registry,
      // A leader backing off after idle rounds looks again at once when events arrive.
      onAccepted: () => {
        if (this.#idleRounds > 0) this.#loop?.wake();
      },
    });
    this.signatures = new SignatureStore(this.db);
    this.#signingFloor = new SigningFloor(
      new Checkpoints(this.db),
      this.logger.child({ part: "signing-floor" }),
    );
    this.outbox = new Outbox(this.db);
    this.committee = new Committee(
      config.committee.members,
      config.committee.threshold,
      config.consensus.leaderTurnMs,
    );
    const self = this.committee.byId(config.node.id)!;
    const signer = addressOfKey(secrets.signerKey);
    if (signer.toLowerCase() !== self.address.toLowerCase()) {
      throw new ConfigError([
        {
          field: "keys.signer",
          message: `the key's address ${signer} is not this node's committee address ${self.address}`,
          source: "committee.members",
        },
      ]);
    }
    this.clients = createChainClients({
      rpcUrl: config.chain.rpcUrl,
      chainId: config.chain.chainId,
      rpcTimeoutMs: config.chain.rpcTimeoutMs,
      transmitterKey: secrets.transmitterKey,
    });
    const domain: ReportDomain = {
      chainId: config.chain.chainId,
      verifyingContract: config.chain.oracleAddress,
    };
    const watchLog = new ChainWatchLog(this.db);
    this.watcher = new ChainWatcher({
      clients: this.clients,
      oracleAddress: config.chain.oracleAddress,
      inbox: this.pipeline.inbox,
      watchLog,
      knownReportKeys: (digest) => this.signatures.eventKeysOf(digest),
      startBlock: BigInt(config.chain.startBlock),
      reorgWindowBlocks: config.chain.reorgWindowBlocks,
      retryBaseDelayMs: config.chain.retryBaseDelayMs,
      retryMaxDelayMs: config.chain.retryMaxDelayMs,
      logger: this.logger.child({ part: "watcher" }),
      metrics: this.metrics,
      signal: this.#abort.signal,
    });
    this.submitter = new ReportSubmitter({
      clients: this.clients,
      oracleAddress: config.chain.oracleAddress,
      outbox: this.outbox,
      signatures: this.signatures,
      committee: this.committee,
      config: {
        confirmations: config.chain.confirmations,
        stuckAfterMs: config.chain.stuckAfterMs,
        feeBumpPercent: config.chain.feeBumpPercent,
        maxFeePerGasWei: BigInt(config.chain.maxFeePerGasWei),
        gasLimitMarginPercent: config.chain.gasLimitMarginPercent,
        reorgWindowBlocks: config.chain.reorgWindowBlocks,
        retryBaseDelayMs: config.chain.retryBaseDelayMs,
        retryMaxDelayMs: config.chain.retryMaxDelayMs,
      },
      logger: this.logger.child({ part: "submitter" }),
      metrics: this.metrics,
      signal: this.#abort.signal,
      minedTransaction: (txHash) => this.watcher.appliedTransaction(txHash),
    });
    this.follower = new Follower({
      selfId: self.id,
      committee: this.committee,
      domain,
      inbox: this.pipeline.inbox,
      signatures: this.signatures,
      signerKey: secrets.signerKey,
      chain: () => this.watcher.snapshot,
      refreshChain: () => this.#poll(),
      maxSequencesAhead: config.consensus.pipelineDepth + 1,
      signingFloor: () => this.#signingFloor.current,
      maxExtraEvents: config.consensus.maxExtraEvents,
      extraAfterMs: config.consensus.extraAfterMs,
      isApplied: (key) => this.watcher.alreadyApplied(key),
      onSigned: () => this.metrics.reportsSigned.inc(),
    });
    const peers =
      options.peers ??
      new HttpPeerTransport({
        token: secrets.peerToken,
        timeoutMs: config.consensus.peerTimeoutMs,
      });
    this.proposer = new Proposer({
      self,
      committee: this.committee,
      domain,
      follower: this.follower,
      peers: {
        observe: (member, request) =>
          this.#countPeerErrors(member.id, peers.observe(member, request)),
        sign: (member, request) => this.#countPeerErrors(member.id, peers.sign(member, request)),
      },
      inbox: this.pipeline.inbox,
      signatures: this.signatures,
      outbox: this.outbox,
      signerKey: secrets.signerKey,
      maxBatchSize: config.consensus.maxBatchSize,
      isApplied: (key) => this.watcher.alreadyApplied(key),
      reproposalHoldMs: Math.round(config.consensus.leaderTurnMs / 2),
      // A leader that cannot complete a locked report tries for half its turn, then proposes a
      // new report to the members without a lock (see leader.ts, "A stuck sequence").
      lockedReportPatienceMs: Math.round(config.consensus.leaderTurnMs / 2),
      observeGraceMs: config.consensus.observeGraceMs,
      signHedgeMs: config.consensus.signHedgeMs,
      emptyObserveIntervalMs: config.consensus.extraAfterMs / 4,
      logger: this.logger.child({ part: "leader" }),
      onEquivocation: () => this.metrics.equivocations.inc(),
    });
    this.#pipeline = new LeaderPipeline({
      outbox: this.outbox,
      proposer: this.proposer,
      pipelineDepth: config.consensus.pipelineDepth,
      leaderTurnMs: config.consensus.leaderTurnMs,
      pipelinedMinEvents: Math.ceil(config.consensus.maxBatchSize / 4),
      metrics: this.metrics,
      logger: this.logger,
    });
    this.#registerGauges();
    const operatorClient = {
      id: "operator",
      tokenSha256: hashToken(secrets.adminToken.reveal()),
      scopes: ["operator" as const],
    };
    const ingestHandler = createIngestHandler({
      pipeline: this.pipeline,
      authenticator: new BearerAuthenticator([
        ...config.ingest.clients.filter((c) => c.tokenSha256 !== operatorClient.tokenSha256),
        operatorClient,
      ]),
      maxBodyBytes: config.ingest.maxBodyBytes,
      logger: this.logger.child({ part: "ingest-http" }),
      metrics: this.registry,
    });
    this.#server = createLimitedServer(
      (req, res) => {
        routeNodeRequest(this.#httpSurface(), req, res, ingestHandler).catch((error: unknown) => {
          this.logger.error("request failed", { path: req.url, error });
          sendError(res, 500, "internal", "request", "the node could not handle this request");
        });
      },
      {
        limits: {
          requestTimeoutMs: config.node.requestTimeoutMs,
          headersTimeoutMs: config.node.headersTimeoutMs,
          maxConnections: config.node.maxConnections,
        },
        logger: this.logger.child({ part: "http" }),
        metrics: this.registry,
      },
    );
    this.#dropDirectory =
      config.ingest.dropDirectory === undefined
        ? undefined
        : new DropDirectoryWatcher({
            dir: config.ingest.dropDirectory,
            pipeline: this.pipeline,
            maxFileBytes: config.ingest.maxBodyBytes,
            logger: this.logger.child({ part: "drop-directory" }),
            metrics: this.registry,
          });
  }

  /**
   * Builds the node and starts serving at once (events are accepted even while the chain is
   * unreachable); the work loop first checks the chain id and reconciles the transmitter's nonce.
   */
  static async start(options: OracleNodeOptions): Promise<OracleNode> {
    const node = new OracleNode(options);
    try {
      await new Promise<void>((resolve, reject) => {
        node.#server.once("error", reject);
        node.#server.listen(node.config.node.port, node.config.node.host, () => resolve());
      });
      await node.#dropDirectory?.start();
    } catch (error) {
      node.db.close();
      throw error;
    }
    node.#loop = startPoll(() => node.#step());
    node.logger.info("oracle node started", {
      url: node.url,
      signer: addressOfKey(options.secrets.signerKey),
      transmitter: node.clients.transmitter.address,
      rpcUrl: redactUrl(node.config.chain.rpcUrl),
      oracle: node.config.chain.oracleAddress,
      threshold: node.committee.threshold,
      members: node.committee.members.length,
    });
    return node;
  }

  get url(): string {
    const address = this.#server.address() as AddressInfo | null;
    return `http://${this.config.node.host}:${address?.port ?? this.config.node.port}`;
  }

  get draining(): boolean {
    return this.#draining;
  }

  /** Once per start: the endpoint serves the configured chain; pending transactions re-sent. */
  async #prepareChain(): Promise<void> {
    await checkChainId(this.#startupDeps());
    await this.#checkCommittee();
    await this.submitter.reconcile();
    await establishSigningFloor(
      this.#signingFloor,
      this.signatures,
      this.watcher,
      this.config.consensus.pipelineDepth,
    );
    this.#chainReady = true;
  }

  /** Checked at start and whenever the watcher sees a new epoch (startupChecks.ts). */
  async #checkCommittee(): Promise<void> {
    this.#committeeCheckedEpoch = await checkCommittee(this.#startupDeps());
  }

  #startupDeps(): StartupCheckDeps {
    return {
      config: this.config,
      clients: this.clients,
      committee: this.committee,
      logger: this.logger,
      signal: this.#abort.signal,
    };
  }

  /** The operator's confirmation that this node may sign below its floor (admin route). */
  liftSigningFloor(): Floor | undefined {
    return this.#signingFloor.liftByOperator();
  }

  #countPeerErrors<T>(peer: string, request: Promise<T>): Promise<T> {
    return request.catch((error: unknown) => {
      if (error instanceof PeerError && !/backing off/.test(error.message)) {
        this.metrics.peerErrors.inc({ peer });
        this.logger.debug("peer request failed", { peer, error: error.message });
      }
      throw error;
    });
  }

  #registerGauges(): void {
    const inbox = this.pipeline.inbox;
    this.registry.gauge({
      name: "caravel_oracle_queue_depth",
      help: "Accepted events of this node not yet applied on chain.",
      collect: () => inbox.pendingCount(),
    });
    this.registry.gauge({
      name: "caravel_oracle_lag_seconds",
      help: "Age of the oldest accepted event not yet applied on chain (0 when none).",
      collect: () => {
        const oldest = inbox.listPendingForChain(1)[0];
        return oldest === undefined ? 0 : (Date.now() - oldest.acceptedAtMs) / 1000;
      },
    });
    this.registry.gauge({
      name: "caravel_oracle_outbox_open",
      help: "Reports of this node pending, submitted or included but not yet confirmed.",
      collect: () => this.outbox.open().length,
    });
    this.registry.gauge({
      name: "caravel_process_resident_memory_bytes",
      help: "Resident set size of the node process.",
      collect: () => process.memoryUsage.rss(),
    });
    this.registry.gauge({
      name: "caravel_process_heap_used_bytes",
      help: "V8 heap in use.",
      collect: () => process.memoryUsage().heapUsed,
    });
    this.registry.gauge({
      name: "caravel_oracle_chain_poll_age_seconds",
      help: "Seconds since the chain was last read successfully.",
      collect: () => {
        const snapshot = this.watcher.snapshot;
        return snapshot === undefined ? -1 : (Date.now() - snapshot.observedAtMs) / 1000;
      },
    });
  }

  /** What the HTTP routes (httpServer.ts) read and do. */
  #httpSurface(): NodeHttpSurface {
    return {
      draining: this.#draining,
      peerToken: this.#secrets.peerToken,
      adminToken: this.#secrets.adminToken,
      follower: this.follower,
      metricsText: () => this.registry.render(),
      health: () => this.#health(),
      status: () => this.status(),
      equivocations: () => this.signatures.equivocations(),
      liftSigningFloor: () => this.liftSigningFloor(),
      resend: (sequence) => this.resend(sequence),
      wake: () => this.#loop?.wake(),
    };
  }

  #health(): { status: string; chain: string; lastPollError: string | null } {
    const snapshot = this.watcher.snapshot;
    const stale =
      snapshot === undefined ||
      Date.now() - snapshot.observedAtMs >
        this.config.chain.pollIntervalMs * 5 + this.config.chain.rpcTimeoutMs;
    return {
      status: this.#draining ? "draining" : "ok",
      chain: !this.#chainReady ? "unverified" : stale ? "unreachable" : "ok",
      lastPollError: this.#lastPollError,
    };
  }

  /** Re-queues this node's reports for `sequence` (operator `resend`); returns their digests. */
  resend(sequence: bigint): Hex[] {
    const reports = this.outbox.bySequence(sequence);
    for (const report of reports) this.outbox.requeue(report.digest, "operator resend");
    this.logger.info("operator re-queued reports", { sequence, reports: reports.length });
    return reports.map((r) => r.digest);
  }

  status(): NodeStatus {
    const snapshot = this.watcher.snapshot;
    const inbox = this.pipeline.inbox;
    const oldest = inbox.listPendingForChain(1)[0];
    return {
      node: this.config.node.id,
      signer: this.committee.byId(this.config.node.id)!.address,
      transmitter: this.clients.transmitter.address,
      draining: this.#draining,
      chain:
        snapshot === undefined
          ? null
          : {
              epoch: snapshot.epoch,
              lastSequence: snapshot.lastSequence.toString(),
              headBlock: snapshot.headBlock.toString(),
              observedAtMs: snapshot.observedAtMs,
              ageMs: Date.now() - snapshot.observedAtMs,
            },
      turn: this.committee.turnAt(Date.now()).turn,
      leader: this.committee.turnAt(Date.now()).leader.id,
      inbox: {
        total: inbox.count(),
        pending: inbox.pendingCount(),
        oldestPendingAgeMs: oldest === undefined ? null : Date.now() - oldest.acceptedAtMs,
      },
      quarantined: this.pipeline.quarantine.count(),
      outbox: this.outbox.counts(),
      recentReports: this.outbox.recent(10).map((r) => ({
        sequence: r.sequence.toString(),
        status: r.status,
        events: r.eventKeys.length,
        txHash: r.txHash,
        block: r.blockNumber?.toString() ?? null,
        note: r.note,
      })),
      signedReports: this.signatures.ownSignatureCount(),
      equivocations: this.signatures.equivocations().length,
      signingFloor:
        this.#signingFloor.current === undefined
          ? null
          : {
              epoch: this.#signingFloor.current.epoch,
              sequence: this.#signingFloor.current.sequence.toString(),
            },
    };
  }

  /**
   * One turn of the node's poll: an iteration, then how long to wait before the next (shorter
   * while this node leads), or "stop" when the chain cannot be worked with.
   */
  async #step(): Promise<number | "stop"> {
    let role: "follow" | "lead" | "lead-idle" = "follow";
    try {
      role = await this.#iteration();
      this.#lastPollError = null;
    } catch (error) {
      if (this.#abort.signal.aborted) return "stop";
      if (error instanceof ConfigError) {
        this.logger.error("cannot work with this chain", { error: error.message });
        this.#lastPollError = error.message;
        this.#onFatal?.(error);
        return "stop";
      }
      this.#lastPollError = describeChainError(error);
      this.logger.error("node iteration failed", { error });
    }
    const { proposeIntervalMs, idleProposeIntervalMs } = this.config.consensus;
    if (role !== "lead-idle") this.#idleRounds = 0;
    if (role === "follow") return this.#followWaitMs();
    if (role === "lead") return proposeIntervalMs;
    // Nothing to propose: every round asks every member over HTTP, so an idle leader asking 10-20
    // times a second was most of an idle node's CPU. Back off; its own new events wake it, and
    // events only other members hold wait at most idleProposeIntervalMs longer.
    this.#idleRounds += 1;
    return Math.max(
      proposeIntervalMs,
      Math.min(idleProposeIntervalMs, proposeIntervalMs * 2 ** Math.min(this.#idleRounds, 16)),
    );
  }

  /**
   * One pass: read the chain, move the outbox along, lead if it is our turn. Returns whether this
   * node follows or leads the next sequence, and as leader whether it found nothing to do.
   */
  async #iteration(): Promise<"follow" | "lead" | "lead-idle"> {
    if (!this.#chainReady) await this.#prepareChain();
    // A leader comes round every proposeIntervalMs; the chain is read at most every
    // pollIntervalMs all the same (its own reports in flight are in the outbox).
    const last = this.watcher.snapshot;
    let snapshot: ChainSnapshot;
    if (last !== undefined && !this.#pollDue(last)) {
      snapshot = last;
      this.#submit(snapshot);
    } else {
      snapshot = await this.#poll(); // which hands it to the submitter
    }
    // Governance changed the committee (a new epoch): the configured one must still be it.
    if (snapshot.epoch !== this.#committeeCheckedEpoch) await this.#checkCommittee();
    this.#signingFloor.liftIfPassed(snapshot);
    if (this.#draining) return "follow";
    const turn = this.committee.turnAt(Date.now());
    this.metrics.round.set(turn.turn);
    if (turn.leader.id !== this.config.node.id) return "follow";
    if (!turn.mayPropose) return "lead"; // end of our turn: let the pipeline drain
    const work = await this.#pipeline.lead(snapshot, turn.turn, {
      pollIfDue: (current) => {
        if (!this.#pollDue(current)) return;
        this.#poll().catch((error: unknown) => {
          if (this.#abort.signal.aborted) return;
          this.#lastPollError = describeChainError(error);
          this.logger.error("chain poll failed", { error });
        });
      },
      submit: (current) => this.#submit(current),
      latestSnapshot: () => this.watcher.snapshot,
    });
    // This node leads: look again after the (shorter) propose interval, or later when idle.
    return work === "busy" ? "lead" : "lead-idle";
  }

  /**
   * How long a node that follows waits before its next pass. With its own reports on their way it
   * reads the chain every `chain.pollIntervalMs` (the submitter learns of their inclusion from
   * there). Otherwise nothing it does needs a fresher view: its signatures are checked against a
   * fresh read whenever a proposal is ahead of its view (Follower.refreshChain), so it reads the
   * chain FOLLOWER_POLL_FACTOR times less often, but wakes for the start of its own turn. On the
   * trading day four of the five nodes follow at any time: their head polls were most of the
   * chain's read requests.
   */
  #followWaitMs(): number {
    const { pollIntervalMs } = this.config.chain;
    const open = this.outbox.counts();
    if (open.pending + open.submitted + open.included > 0) return pollIntervalMs;
    const wait = pollIntervalMs * FOLLOWER_POLL_FACTOR;
    const turn = this.committee.turnAt(Date.now());
    const members = this.committee.members;
    const next = members[(turn.leaderIndex + 1) % members.length]!;
    return next.id === this.config.node.id ? Math.max(1, Math.min(wait, turn.remainingMs)) : wait;
  }

  #pollDue(snapshot: ChainSnapshot): boolean {
    return Date.now() - snapshot.observedAtMs >= this.config.chain.pollIntervalMs;
  }

  /**
   * Reads the chain (joining a read already under way: the watcher's polls never overlap) and hands
   * the result to the submitter.
   */
  #poll(): Promise<ChainSnapshot> {
    this.#polling ??= this.watcher
      .poll()
      .then((snapshot) => {
        this.#submit(snapshot);
        return snapshot;
      })
      .finally(() => {
        this.#polling = undefined;
      });
    return this.#polling;
  }

  /** Moves the outbox along in the background (passes never overlap; see ReportSubmitter.tick). */
  #submit(snapshot: ChainSnapshot): void {
    this.submitter.tick(snapshot).catch((error: unknown) => {
      if (this.#abort.signal.aborted) return;
      this.#lastPollError = describeChainError(error);
      this.logger.error("submitter pass failed", { error });
    });
  }

  /**
   * Graceful drain: refuse new events (503), let the round in flight finish, flush the outbox once
   * more, close the server and the database. Gives up waiting after `node.drainTimeoutMs`.
   * Resolves true when everything finished in time.
   */
  async drain(): Promise<boolean> {
    if (this.#draining) return false;
    this.#draining = true;
    this.logger.info("draining: no new events accepted");
    await this.#dropDirectory?.stop();
    this.#loop?.stop();
    const loopDone = this.#loop?.done ?? Promise.resolve();
    const timeoutMs = this.config.node.drainTimeoutMs;
    const deadline = sleep(timeoutMs).then(() => "timeout" as const);
    let clean = true;
    if ((await Promise.race([loopDone.then(() => "done" as const), deadline])) === "timeout") {
      clean = false;
      this.#abort.abort();
      await loopDone;
    }
    await Promise.race([this.#polling?.catch(() => undefined), deadline]);
    if (clean) {
      const snapshot = this.watcher.snapshot;
      if (snapshot !== undefined) {
        const flushed = await Promise.race([
          this.submitter.tick(snapshot).then(
            () => "done" as const,
            () => "failed" as const,
          ),
          deadline,
        ]);
        if (flushed !== "done") clean = false;
      }
    }
    this.#abort.abort();
    this.#server.closeIdleConnections();
    await Promise.race([
      new Promise<void>((resolve) => this.#server.close(() => resolve())),
      sleep(1_000).then(() => this.#server.closeAllConnections()),
    ]);
    this.db.close();
    this.logger.info("drained", { clean });
    return clean;
  }
}
