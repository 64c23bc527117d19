/**
 * The consortium FX feed from TypeScript: the governance call that names its publishers and
 * aggregation rules, and a rate published the way the feed takes it — each of enough publishers
 * submitting its own observation, so the median forms a round.
 */
import type { Signer } from "ethers";

import type { ConsortiumFxFeed } from "../../types/ethers-contracts/index.js";
import type { GovernanceCall } from "./governance.ts";

/** `IConsortiumFxFeed.Aggregation`. */
export interface FxAggregation {
  /** Fresh observations a round needs (>= 3). */
  minPublishers: number;
  /** Largest move of an observation from the current answer, in basis points. */
  maxDeviationBps: number;
  /** Seconds an observation counts in the median. */
  maxObservationAge: number;
}

/**
 * The demo and local network's rules: 3 of the 5 oracle nodes, an observation within 10% of the
 * current rate (a major currency pair rarely moves 3% in a day; 10% is a circuit breaker, not a
 * market limit), fresh for an hour.
 */
export const DEMO_FX_AGGREGATION: FxAggregation = {
  minPublishers: 3,
  maxDeviationBps: 1_000,
  maxObservationAge: 3_600,
};

/** The governance call that makes `publishers` the feed's publishers under `aggregation`. */
export async function setPublishersCall(
  feed: ConsortiumFxFeed,
  publishers: readonly string[],
  aggregation: FxAggregation,
): Promise<GovernanceCall> {
  return {
    target: await feed.getAddress(),
    data: feed.interface.encodeFunctionData("setPublishers", [[...publishers], aggregation]),
    description: `FX feed publishers: ${aggregation.minPublishers} of ${publishers.length}, within ${aggregation.maxDeviationBps / 100}% of the current rate, fresh for ${aggregation.maxObservationAge} s`,
  };
}

/**
 * Publish `answer` observed at `observedAt` as each of `publishers` in turn (each its own
 * transaction, mined before the next): with at least `minPublishers` of them answering alike,
 * the round formed by the last one has `answer` as its median.
 */
export async function publishByQuorum(
  feed: ConsortiumFxFeed,
  publishers: readonly Signer[],
  answer: bigint,
  observedAt: number | bigint,
): Promise<void> {
  for (const publisher of publishers) {
    await (await feed.connect(publisher).publish(answer, observedAt)).wait();
  }
}
