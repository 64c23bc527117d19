/**
 * The demo's narrator: prints each step of a trade in plain words with the chain's date,
 * the acting party and the gas the step's transactions used, and keeps the record so the
 * demo's test can check what happened.
 */
import type { ContractTransactionResponse, Provider } from "ethers";

export interface TimelineEntry {
  /** Block time of the step's last transaction (unix seconds), or of the chain head. */
  at: number;
  actor: string;
  text: string;
  gasUsed: bigint;
  outcome: "done" | "refused" | "note";
}

export type Writer = (line: string) => void;

type Sendable = Promise<ContractTransactionResponse>;

export class Timeline {
  readonly entries: TimelineEntry[] = [];
  readonly #provider: Provider;
  readonly #write: Writer;

  constructor(provider: Provider, write: Writer) {
    this.#provider = provider;
    this.#write = write;
  }

  /** A heading for a chapter of the story. */
  chapter(title: string): void {
    this.#write("");
    this.#write(`== ${title} ==`);
  }

  /** A line of narration with no transaction. */
  async note(actor: string, text: string): Promise<void> {
    await this.#record({ at: await this.#now(), actor, text, gasUsed: 0n, outcome: "note" });
  }

  /**
   * Run one step: send its transactions in order, wait for each, and print one line with
   * the total gas. Returns the receipts' logs for the caller to read results from.
   */
  async step(actor: string, text: string, ...sends: (() => Sendable)[]): Promise<void> {
    let gasUsed = 0n;
    let at = await this.#now();
    for (const send of sends) {
      const response = await send();
      const receipt = await response.wait();
      if (receipt === null) throw new Error(`no receipt for "${text}"`);
      gasUsed += receipt.gasUsed;
      const block = await this.#provider.getBlock(receipt.blockNumber);
      if (block !== null) at = block.timestamp;
    }
    await this.#record({ at, actor, text, gasUsed, outcome: "done" });
  }

  /** A step whose transactions someone else sent (e.g. the oracle daemons), with their gas. */
  async external(actor: string, text: string, gasUsed: bigint): Promise<void> {
    await this.#record({ at: await this.#now(), actor, text, gasUsed, outcome: "done" });
  }

  /** A step that the chain must refuse; prints the decoded reason. Throws if it went through. */
  async refused(
    actor: string,
    text: string,
    send: () => Sendable,
    explain: (e: unknown) => string,
  ) {
    try {
      const response = await send();
      await response.wait();
    } catch (error) {
      await this.#record({
        at: await this.#now(),
        actor,
        text: `${text} -> refused: ${explain(error)}`,
        gasUsed: 0n,
        outcome: "refused",
      });
      return;
    }
    throw new Error(`expected the chain to refuse: ${text}`);
  }

  async #now(): Promise<number> {
    const block = await this.#provider.getBlock("latest");
    return block?.timestamp ?? 0;
  }

  async #record(entry: TimelineEntry): Promise<void> {
    this.entries.push(entry);
    const date = new Date(entry.at * 1000).toISOString().replace("T", " ").slice(0, 16);
    const gas = entry.gasUsed > 0n ? `  [gas ${entry.gasUsed.toLocaleString("en-US")}]` : "";
    const mark = entry.outcome === "refused" ? "x" : entry.outcome === "note" ? "-" : "+";
    this.#write(`${date}  ${mark} ${entry.actor.padEnd(22)} ${entry.text}${gas}`);
  }
}
