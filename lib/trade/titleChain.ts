/**
 * The title chain of a bill of lading, rebuilt from the bill's events and checked against the
 * chain. The contract stores no entry per step: each step is logged by its event and folded into
 * the bill's head, `titleChainHead` = keccak256(abi.encodePacked(previous head, packed entry))
 * from zero, with `titleChainLength` steps. Replaying the logged steps must give both, so a step
 * that a log source drops, alters, reorders or invents is detected.
 */
import { solidityPackedKeccak256, toBeHex, zeroPadValue, ZeroHash } from "ethers";

import type { BillOfLading } from "../../types/ethers-contracts/index.js";

import { carrierOfBillId, TitleEventKind, type TitleEventKindName } from "./billOfLading.ts";
import type { TitleStep } from "./billOfLading.ts";

/** One event of the bill's contract, decoded, with the time of its block. */
export interface BillEventLog {
  /** Event name, e.g. "BillEndorsed". */
  name: string;
  /** Reads a decoded argument by name. */
  arg(name: string): unknown;
  /** Block time of the log, unix seconds. */
  timestamp: bigint;
}

/** The bill events that are title steps: their kind, and the argument naming the holder after the step. */
const STEP_OF_EVENT: Readonly<
  Record<string, { kind: TitleEventKindName; party: string | "carrier" }>
> = {
  BillIssued: { kind: "Issued", party: "holder" },
  BillEndorsed: { kind: "Endorsed", party: "to" },
  BillEndorsedInBlank: { kind: "EndorsedInBlank", party: "holder" },
  BillPossessionTransferred: { kind: "PossessionTransferred", party: "to" },
  BillRefused: { kind: "Refused", party: "to" },
  BillPledged: { kind: "Pledged", party: "pledgee" },
  BillPledgeReleased: { kind: "PledgeReleased", party: "pledgor" },
  BillPledgeEnforced: { kind: "PledgeEnforced", party: "pledgee" },
  BillSurrenderedForDelivery: { kind: "SurrenderedForDelivery", party: "carrier" },
  BillSurrenderedForAmendment: { kind: "SurrenderedForAmendment", party: "carrier" },
  BillSurrenderAccepted: { kind: "SurrenderAccepted", party: "carrier" },
  BillSurrenderRejected: { kind: "SurrenderRejected", party: "to" },
  // The replaced bill stays with its carrier (the event's `holder` is the replacement's).
  BillReplaced: { kind: "Replaced", party: "carrier" },
  BillVoided: { kind: "Voided", party: "carrier" },
  // PINT (IBillOfLadingInterop): the holder stays on the exported bill; an import names its holder.
  BillExported: { kind: "Exported", party: "holder" },
  BillImported: { kind: "Imported", party: "holder" },
};

/** The names of the events `titleStepsFromLogs` reads (query these, with the bill id as subject). */
export const TITLE_STEP_EVENTS: readonly string[] = Object.keys(STEP_OF_EVENT);

/**
 * The title steps of bill `billId`, in order, from its logs in chain order (other events and
 * other bills' logs are skipped). `issuedAsReplacement`: the bill is an amended bill
 * (`replaces(billId) != 0`), whose first step is IssuedAsReplacement.
 */
export function titleStepsFromLogs(
  billId: bigint,
  logs: readonly BillEventLog[],
  issuedAsReplacement: boolean,
): TitleStep[] {
  const steps: TitleStep[] = [];
  for (const log of logs) {
    const step = STEP_OF_EVENT[log.name];
    if (step === undefined || BigInt(String(log.arg("billId"))) !== billId) continue;
    const kind = step.kind === "Issued" && issuedAsReplacement ? "IssuedAsReplacement" : step.kind;
    const party = step.party === "carrier" ? carrierOfBillId(billId) : String(log.arg(step.party));
    steps.push({ party, timestamp: log.timestamp, kind });
  }
  return steps;
}

/** A step packed as the contract hashes it (`PackedTitleEntry`): party | time << 160 | kind << 208. */
export function packTitleStep(step: TitleStep): bigint {
  return (
    BigInt(step.party) | (step.timestamp << 160n) | (BigInt(TitleEventKind[step.kind]) << 208n)
  );
}

/** The head a title chain of `steps` has on chain (zero for none). */
export function titleChainHeadOf(steps: readonly TitleStep[]): string {
  return steps.reduce<string>(
    (head, step) => solidityPackedKeccak256(["bytes32", "uint256"], [head, packTitleStep(step)]),
    ZeroHash,
  );
}

export type TitleChainCheck = { verified: true } | { verified: false; reason: string };

/** Checks `steps` rebuilt from the logs against the bill's on-chain head and length. */
export function verifyTitleChain(
  steps: readonly TitleStep[],
  onChain: { head: string; length: bigint },
): TitleChainCheck {
  if (BigInt(steps.length) !== onChain.length) {
    return {
      verified: false,
      reason: `the logs give ${steps.length} title steps, the chain counts ${onChain.length}: a step is ${BigInt(steps.length) < onChain.length ? "missing" : "invented"}`,
    };
  }
  const head = titleChainHeadOf(steps);
  if (head !== onChain.head.toLowerCase()) {
    return {
      verified: false,
      reason: `the logged steps fold into ${head}, the chain's head is ${onChain.head}: a step was altered or reordered`,
    };
  }
  return { verified: true };
}

/**
 * The title chain of bill `billId`, read from the contract's logs through its node, rebuilt and
 * verified against the head and length the contract stores; throws when it does not verify.
 */
export async function readVerifiedTitleChain(
  bills: BillOfLading,
  billId: bigint,
): Promise<TitleStep[]> {
  const [head, length, replaces] = await Promise.all([
    bills.titleChainHead(billId),
    bills.titleChainLength(billId),
    bills.replaces(billId),
  ]);
  const provider = bills.runner?.provider;
  if (provider === undefined || provider === null)
    throw new Error("the bill contract has no provider");
  const topics: string[] = [];
  bills.interface.forEachEvent((event) => {
    if (TITLE_STEP_EVENTS.includes(event.name)) topics.push(event.topicHash);
  });
  const raw = await provider.getLogs({
    address: await bills.getAddress(),
    fromBlock: 0,
    topics: [topics, zeroPadValue(toBeHex(billId), 32)],
  });
  const times = new Map<number, bigint>();
  const logs: BillEventLog[] = [];
  for (const log of raw) {
    const parsed = bills.interface.parseLog(log);
    if (parsed === null) continue;
    if (!times.has(log.blockNumber)) {
      const block = await provider.getBlock(log.blockNumber);
      if (block === null)
        throw new Error(`block ${log.blockNumber} of a bill log is unknown to the node`);
      times.set(log.blockNumber, BigInt(block.timestamp));
    }
    logs.push({
      name: parsed.name,
      arg: (name) => parsed.args.getValue(name),
      timestamp: times.get(log.blockNumber)!,
    });
  }
  const steps = titleStepsFromLogs(billId, logs, replaces !== 0n);
  const check = verifyTitleChain(steps, { head, length });
  if (!check.verified)
    throw new Error(`the title chain of bill ${billId} does not verify: ${check.reason}`);
  return steps;
}
