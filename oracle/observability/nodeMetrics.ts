/**
 * The Prometheus metrics of the consensus and chain side of a node (the ingest side registers its
 * own: received, rejected, quarantined). All names start with `caravel_oracle_`.
 */
import type { Counter, Gauge, Histogram, MetricsRegistry } from "./metrics.ts";

export interface NodeMetrics {
  reportsSigned: Counter;
  reportsProposed: Counter;
  transactionsSent: Counter;
  transactionsReplaced: Counter;
  reportsConfirmed: Counter;
  eventsConfirmed: Counter;
  reportsSuperseded: Counter;
  reportsReorged: Counter;
  reportsRequeued: Counter;
  chainReorgs: Counter;
  chainHeadsWithoutOracleLogs: Counter;
  rpcErrors: Counter;
  peerErrors: Counter;
  equivocations: Counter;
  chainLastSequence: Gauge;
  chainHeadBlock: Gauge;
  round: Gauge;
  confirmationLatency: Histogram;
}

export function createNodeMetrics(registry: MetricsRegistry): NodeMetrics {
  return {
    reportsSigned: registry.counter({
      name: "caravel_oracle_reports_signed_total",
      help: "Reports this node signed as a committee member (each (epoch, sequence) at most once).",
    }),
    reportsProposed: registry.counter({
      name: "caravel_oracle_reports_proposed_total",
      help: "Reports this node, as leader, brought to a quorum of signatures.",
    }),
    transactionsSent: registry.counter({
      name: "caravel_oracle_transactions_submitted_total",
      help: "submitReport transactions this node broadcast (replacements included).",
    }),
    transactionsReplaced: registry.counter({
      name: "caravel_oracle_transactions_replaced_total",
      help: "Stuck transactions replaced with higher fees (same nonce).",
    }),
    reportsConfirmed: registry.counter({
      name: "caravel_oracle_reports_confirmed_total",
      help: "Reports this node submitted that reached the confirmation depth.",
    }),
    eventsConfirmed: registry.counter({
      name: "caravel_oracle_events_confirmed_total",
      help: "Events of this node's inbox seen applied on chain.",
    }),
    reportsSuperseded: registry.counter({
      name: "caravel_oracle_reports_superseded_total",
      help: "Reports of this node whose sequence another report took (or that the chain refused).",
      labelNames: ["reason"],
    }),
    reportsRequeued: registry.counter({
      name: "caravel_oracle_reports_requeued_total",
      help: "Reports whose transaction reverted for want of gas or behind a failed predecessor, queued to be sent again.",
      labelNames: ["reason"],
    }),
    reportsReorged: registry.counter({
      name: "caravel_oracle_reports_reorged_total",
      help: "Included or confirmed reports a chain reorganisation removed (then re-submitted).",
    }),
    chainReorgs: registry.counter({
      name: "caravel_oracle_chain_reorgs_total",
      help: "Reorganisations the chain watcher rewound (events of removed reports pending again).",
    }),
    chainHeadsWithoutOracleLogs: registry.counter({
      name: "caravel_oracle_chain_heads_without_oracle_logs_total",
      help: "New heads recorded as scanned without eth_getLogs: their logs bloom holds no oracle log.",
    }),
    rpcErrors: registry.counter({
      name: "caravel_oracle_rpc_errors_total",
      help: "Failed JSON-RPC requests, by kind (transport, revert, nonce-too-low, ...).",
      labelNames: ["kind"],
    }),
    peerErrors: registry.counter({
      name: "caravel_oracle_peer_errors_total",
      help: "Failed requests to other committee members.",
      labelNames: ["peer"],
    }),
    equivocations: registry.counter({
      name: "caravel_oracle_equivocations_detected_total",
      help: "Members caught signing two different reports for one (epoch, sequence).",
    }),
    chainLastSequence: registry.gauge({
      name: "caravel_oracle_chain_last_sequence",
      help: "The oracle contract's last applied report sequence, as last read.",
    }),
    chainHeadBlock: registry.gauge({
      name: "caravel_oracle_chain_head_block",
      help: "The chain head block number, as last read.",
    }),
    round: registry.gauge({
      name: "caravel_oracle_round",
      help: "This node's consensus round within the current leader term.",
    }),
    confirmationLatency: registry.histogram({
      name: "caravel_oracle_event_confirmation_latency_seconds",
      help: "Time from acceptance at this node's API to seeing the event applied on chain.",
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    }),
  };
}
