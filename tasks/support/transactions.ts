/**
 * One state-changing call made by a task, as a named member. Without `--send` it is
 * simulated from the member's account (the chain runs it and reports whether it would
 * pass, and at what gas) and nothing is sent — STYLE.md §11: simulate and print by default,
 * send only when asked. With `--send` it is sent and the receipt's events are decoded.
 * A refusal, simulated or real, comes back as the contract's decoded error.
 */
import type { Interface, Log, TransactionReceipt } from "ethers";

import type { TaskContext } from "./context.ts";
import { CaravelError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";
import type { MemberEntry } from "./members.ts";
import { formatCount, formatTime } from "./output.ts";
import { describeRole } from "../../lib/chain/revertTable.ts";

export interface PlannedCall {
  /** The member sending it. */
  as: MemberEntry;
  /** The contract called, by name in the deployment. */
  contract: string;
  to: string;
  data: string;
  /** What it does, in words, for the operator ("suspend exporter (0x…)"). */
  action: string;
}

export interface DecodedEvent {
  contract: string;
  name: string;
  args: Record<string, unknown>;
}

interface OutcomeBase {
  action: string;
  as: string;
  from: string;
  contract: string;
  to: string;
}

export interface SimulatedCall extends OutcomeBase {
  sent: false;
  gasEstimate: bigint;
  /** The call's return data (decode with the contract's interface). */
  returnData: string;
}

export interface SentTransaction extends OutcomeBase {
  sent: true;
  hash: string;
  blockNumber: number;
  /** Block time, unix seconds. */
  timestamp: number;
  gasUsed: bigint;
  events: DecodedEvent[];
}

export type CallOutcome = SimulatedCall | SentTransaction;

/** Simulate `call`, or send it when the task runs with `--send`. */
export async function perform(ctx: TaskContext, call: PlannedCall): Promise<CallOutcome> {
  const base: OutcomeBase = {
    action: call.action,
    as: call.as.key,
    from: call.as.address,
    contract: call.contract,
    to: call.to,
  };
  const request = { from: call.as.address, to: call.to, data: call.data };
  const context = [`While trying to ${call.action}, as ${ctx.party(call.as.address)}.`];
  let returnData: string;
  let gasEstimate: bigint;
  try {
    returnData = await ctx.ethers.provider.call(request);
    gasEstimate = await ctx.ethers.provider.estimateGas(request);
  } catch (error) {
    throw ctx.decoder.explain(error, context) ?? error;
  }
  if (!ctx.send) return { ...base, sent: false, gasEstimate, returnData };

  const signer = await ctx.members.signerFor(call.as);
  let receipt: TransactionReceipt | null;
  try {
    const response = await signer.sendTransaction({ to: call.to, data: call.data });
    receipt = await response.wait();
  } catch (error) {
    throw ctx.decoder.explain(error, context) ?? error;
  }
  if (receipt === null || receipt.status !== 1) {
    throw new CaravelError(`The transaction to ${call.action} failed on chain.`, {
      code: TASK_ERRORS.TRANSACTION_FAILED,
      metaMessages: receipt === null ? [] : [`Transaction ${receipt.hash}`],
    });
  }
  const block = await ctx.ethers.provider.getBlock(receipt.blockNumber);
  return {
    ...base,
    sent: true,
    hash: receipt.hash,
    blockNumber: receipt.blockNumber,
    timestamp: block?.timestamp ?? 0,
    gasUsed: receipt.gasUsed,
    events: decodeLogs(ctx, receipt.logs),
  };
}

/** The events of `logs` decoded with the ABI of the deployment contract that emitted each. */
export function decodeLogs(ctx: TaskContext, logs: readonly Log[]): DecodedEvent[] {
  const events: DecodedEvent[] = [];
  for (const log of logs) {
    const contract = ctx.book().contractAt(log.address);
    const parsed =
      contract === undefined
        ? null
        : ctx.catalogue
            .interfaceOf(contract.contractName)
            .parseLog({ topics: [...log.topics], data: log.data });
    if (contract === undefined || parsed === null) {
      events.push({ contract: contract?.name ?? log.address, name: "unknown", args: {} });
      continue;
    }
    events.push({
      contract: contract.name,
      name: parsed.name,
      args: namedArgs(parsed.fragment.inputs, parsed.args),
    });
  }
  return events;
}

/** A decoded event's or call's values keyed by parameter name. */
export function namedArgs(
  inputs: readonly { name: string }[],
  values: readonly unknown[],
): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  inputs.forEach((input, i) => {
    args[input.name !== "" ? input.name : `arg${i}`] = values[i];
  });
  return args;
}

/** The return value of a simulated call, decoded with the called contract's interface. */
export function simulatedResult(
  iface: Interface,
  method: string,
  outcome: SimulatedCall,
): readonly unknown[] {
  return iface.decodeFunctionResult(method, outcome.returnData);
}

/** The first event named `name` in a sent transaction (throws if it emitted none). */
export function eventOf(outcome: SentTransaction, name: string): DecodedEvent {
  const found = outcome.events.find((e) => e.name === name);
  if (found === undefined) {
    throw new Error(`transaction ${outcome.hash} emitted no ${name} event`);
  }
  return found;
}

/** The lines that tell the operator what was done, or what would be. */
export function renderOutcome(ctx: TaskContext, outcome: CallOutcome): string[] {
  if (!outcome.sent) {
    return [
      `Dry run: the chain would accept this — ${outcome.action}, as ${ctx.party(outcome.from)} (estimated gas ${formatCount(outcome.gasEstimate)}).`,
      "Nothing was sent. Add --send to send it.",
    ];
  }
  return [
    `Done: ${outcome.action}, as ${ctx.party(outcome.from)}.`,
    `  tx ${outcome.hash}  block ${outcome.blockNumber} (${formatTime(outcome.timestamp)})  gas used ${formatCount(outcome.gasUsed)}`,
    ...outcome.events.map((e) => `  event ${e.contract}.${e.name}(${formatEventArgs(ctx, e)})`),
  ];
}

function formatEventArgs(ctx: TaskContext, event: DecodedEvent): string {
  return displayArgs(ctx, event.args);
}

/** `name: value, ...` for people (see displayValue); a `country` shows as its letters. */
export function displayArgs(ctx: TaskContext, args: Readonly<Record<string, unknown>>): string {
  return Object.entries(args)
    .map(([name, value]) => {
      if (name === "country" && typeof value === "string" && /^0x[0-9a-fA-F]{4}$/.test(value)) {
        return `${name}: ${Buffer.from(value.slice(2), "hex").toString("ascii")}`;
      }
      return `${name}: ${displayValue(ctx, value)}`;
    })
    .join(", ");
}

/** A value for people: members by name, role ids by name, text quoted. */
export function displayValue(ctx: TaskContext, value: unknown): string {
  if (typeof value === "string") {
    if (/^0x[0-9a-fA-F]{40}$/.test(value)) return ctx.party(value);
    if (/^0x[0-9a-fA-F]{64}$/.test(value)) return describeRole(value);
    if (/^0x[0-9a-fA-F]*$/.test(value)) {
      // Long byte strings (encoded calls) say little to people; show their size.
      return value.length <= 2 + 2 * 36
        ? value
        : `${value.slice(0, 10)}… (${(value.length - 2) / 2} bytes)`;
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value))
    return `[${value.map((v: unknown) => displayValue(ctx, v)).join(", ")}]`;
  // Ids built from addresses and hashes (a bill id is its carrier and a hash) read better in hex.
  if (typeof value === "bigint" && value >= 1n << 128n) return `0x${value.toString(16)}`;
  return String(value);
}
