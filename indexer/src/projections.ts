/**
 * The projections: for some events of some contracts, what they change in the tables that
 * answer operators' questions (`ponder.schema.ts`). Keyed by Solidity contract and event name,
 * so every deployment of a contract (two deposit tokens, say) is projected alike. Current
 * state that the contract derives (a credit's status, a bill's holder) is read from the
 * contract at the event's block rather than re-derived here, so the indexer cannot disagree
 * with the contract's own rules.
 */
import type { Abi } from "viem";

import { bill, committee, credit, oracleReport, shipment, shipmentEvent } from "ponder:schema";

import { BillStatus, CustomsEventType, LcStatus } from "../../lib/trade/enums.ts";
import type { IndexedEvent, IndexingContext } from "./ponderTypes.ts";

export type Projection = (event: IndexedEvent, context: IndexingContext, abi: Abi) => Promise<void>;

function nameOf(names: Record<string, number>, value: unknown): string {
  const n = Number(value);
  return Object.entries(names).find(([, v]) => v === n)?.[0] ?? `#${n}`;
}

function arg<T>(event: IndexedEvent, name: string): T {
  const value = event.args[name];
  if (value === undefined) throw new Error(`${event.name} has no argument ${name}`);
  return value as T;
}

async function creditStatus(event: IndexedEvent, context: IndexingContext, abi: Abi, lcId: bigint) {
  const status = await context.client.readContract({
    abi,
    address: event.log.address,
    functionName: "status",
    args: [lcId],
  });
  return nameOf(LcStatus, status);
}

/** Any LetterOfCredit event about a credit: its status and last change. */
const creditEvent: Projection = async (event, context, abi) => {
  const lcId = event.args["lcId"];
  if (typeof lcId !== "bigint") return;
  const existing = await context.db.find(credit, { lcId });
  if (existing === null) return;
  const status = await creditStatus(event, context, abi, lcId);
  const advisingBank =
    event.name === "CreditAdvised"
      ? arg<`0x${string}`>(event, "advisingBank")
      : existing.advisingBank;
  await context.db.update(credit, { lcId }).set({
    status,
    advisingBank,
    updatedAt: event.block.timestamp,
    eventCount: existing.eventCount + 1,
  });
};

const creditApplied: Projection = async (event, context) => {
  const lcId = arg<bigint>(event, "lcId");
  await context.db.insert(credit).values({
    lcId,
    applicant: arg(event, "applicant"),
    beneficiary: arg(event, "beneficiary"),
    issuingBank: arg(event, "issuingBank"),
    advisingBank: null,
    // The one status a credit has right after its application (ILetterOfCredit.Status.Applied):
    // no call to the contract for it, which halves the work of indexing a busy chain's credits.
    status: "Applied",
    appliedAt: event.block.timestamp,
    updatedAt: event.block.timestamp,
    eventCount: 1,
  });
};

async function billState(event: IndexedEvent, context: IndexingContext, abi: Abi, billId: bigint) {
  const read = (functionName: string) =>
    context.client.readContract({ abi, address: event.log.address, functionName, args: [billId] });
  const [status, holder] = await Promise.all([read("billStatus"), read("holderOf")]);
  return { status: nameOf(BillStatus, status), holder: holder as `0x${string}` };
}

const billIssued: Projection = async (event, context, abi) => {
  const billId = arg<bigint>(event, "billId");
  const facts = (await context.client.readContract({
    abi,
    address: event.log.address,
    functionName: "billFacts",
    args: [billId],
  })) as { shipmentRef: `0x${string}` };
  await context.db.insert(bill).values({
    billId,
    blNumber: arg(event, "blNumber"),
    carrier: arg(event, "carrier"),
    shipmentRef: facts.shipmentRef,
    ...(await billState(event, context, abi, billId)),
    issuedAt: event.block.timestamp,
    updatedAt: event.block.timestamp,
  });
};

/** Any other BillOfLading event about a bill: its holder and status after it. */
const billEvent: Projection = async (event, context, abi) => {
  const billId = event.args["billId"];
  if (typeof billId !== "bigint") return;
  if ((await context.db.find(bill, { billId })) === null) return;
  await context.db
    .update(bill, { billId })
    .set({ ...(await billState(event, context, abi, billId)), updatedAt: event.block.timestamp });
};

function shipmentProjection(
  outcome: "status-changed" | "duplicate" | "out-of-order" | "transition-refused",
): Projection {
  return async (event, context) => {
    const shipmentRef = arg<`0x${string}`>(event, "shipmentRef");
    const eventType = nameOf(
      CustomsEventType,
      outcome === "status-changed" ? arg(event, "status") : arg(event, "eventType"),
    );
    const keptStatus =
      outcome === "out-of-order" || outcome === "transition-refused"
        ? nameOf(CustomsEventType, arg(event, "status"))
        : null;
    await context.db.insert(shipmentEvent).values({
      id: event.id,
      shipmentRef,
      outcome,
      eventType,
      occurredAt: BigInt(arg<number | bigint>(event, "occurredAt")),
      keptStatus,
      blockNumber: event.block.number,
      logIndex: event.log.logIndex,
      transactionHash: event.transaction.hash,
      timestamp: event.block.timestamp,
    });
    const existing = await context.db.find(shipment, { shipmentRef });
    if (existing === null) {
      await context.db.insert(shipment).values({
        shipmentRef,
        status: outcome === "status-changed" ? eventType : "None",
        updatedAt: event.block.timestamp,
        eventCount: 1,
      });
    } else {
      await context.db.update(shipment, { shipmentRef }).set({
        status: outcome === "status-changed" ? eventType : existing.status,
        updatedAt: event.block.timestamp,
        eventCount: existing.eventCount + 1,
      });
    }
  };
}

const reportAccepted: Projection = async (event, context) => {
  await context.db.insert(oracleReport).values({
    id: event.id,
    epoch: BigInt(arg<number | bigint>(event, "epoch")),
    sequence: BigInt(arg<number | bigint>(event, "sequence")),
    digest: arg(event, "digest"),
    signers: arg<bigint>(event, "signers").toString(),
    eventCount: arg(event, "eventCount"),
    submitter: event.transaction.from,
    acceptedAt: event.block.timestamp,
    blockNumber: event.block.number,
    transactionHash: event.transaction.hash,
  });
};

const committeeChanged: Projection = async (event, context) => {
  const epoch = BigInt(arg<number | bigint>(event, "epoch"));
  const values = {
    members: [...arg<readonly string[]>(event, "members")],
    threshold: Number(arg<number | bigint>(event, "threshold")),
    since: event.block.timestamp,
  };
  await context.db
    .insert(committee)
    .values({ epoch, ...values })
    .onConflictDoUpdate(values);
};

/** Contract name → event name → projection; "*" for every other event of the contract. */
export const PROJECTIONS: Record<string, Record<string, Projection>> = {
  LetterOfCredit: { CreditApplied: creditApplied, "*": creditEvent },
  BillOfLading: { BillIssued: billIssued, "*": billEvent },
  CustomsOracle: {
    CustomsStatusChanged: shipmentProjection("status-changed"),
    CustomsEventDuplicate: shipmentProjection("duplicate"),
    CustomsEventOutOfOrder: shipmentProjection("out-of-order"),
    CustomsTransitionRefused: shipmentProjection("transition-refused"),
    CustomsReportAccepted: reportAccepted,
    CustomsCommitteeChanged: committeeChanged,
  },
};

export function projectionFor(contractName: string, eventName: string): Projection | undefined {
  const byEvent = PROJECTIONS[contractName];
  return byEvent?.[eventName] ?? byEvent?.["*"];
}
