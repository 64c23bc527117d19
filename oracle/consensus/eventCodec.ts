/**
 * The consensus hot path's memory of events: a leader looks at hundreds of candidate events every
 * round, and their on-chain form (two keccaks each) is kept for the next rounds instead of being
 * derived again from the inbox record.
 */
import type { Hex } from "viem";
import {
  toOnChainEvent,
  type CustomsEventRecord,
  type OnChainCustomsEvent,
} from "../events/customsEvent.ts";

/** Remembers the on-chain form of recently seen inbox events (bounded, oldest dropped first). */
export class OnChainEventCache {
  readonly #limit: number;
  readonly #entries = new Map<Hex, OnChainCustomsEvent>();

  /** `limit`: a few rounds' worth of candidates (a leader lists about 1.25 batches a round). */
  constructor(limit = 4_096) {
    this.#limit = limit;
  }

  /** The cached on-chain form of the event under `key`, if the cache holds it. */
  peek(key: Hex): OnChainCustomsEvent | undefined {
    return this.#entries.get(key);
  }

  /**
   * The on-chain form of the inbox event stored under `key`; `record` (the event itself, or how to
   * read it) is used only when the cache does not hold it.
   */
  get(key: Hex, record: CustomsEventRecord | (() => CustomsEventRecord)): OnChainCustomsEvent {
    let event = this.#entries.get(key);
    if (event === undefined) {
      event = toOnChainEvent(typeof record === "function" ? record() : record);
      this.#entries.set(key, event);
      if (this.#entries.size > this.#limit) {
        this.#entries.delete(this.#entries.keys().next().value!);
      }
    }
    return event;
  }
}
