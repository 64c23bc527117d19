/**
 * The projections: for some events of some contracts, what they change in the tables that
 * answer operators' questions (`ponder.schema.ts`). Keyed by Solidity contract and event name,
 * so every deployment of a contract (two deposit tokens, say) is projected alike. Current
 * state that the contract derives (a credit's status, a bill's holder) is read from the
 * contract at the event's block rather than re-derived here, so the indexer cannot disagree
 * with the contract's own rules.
 */
import { type Abi, erc20Abi } from "viem";

import {
  bill,
  committee,
  credit,
  oracleReport,
  payable,
  shipment,
  shipmentEvent,
  voucher,
} from "ponder:schema";

import { BillStatus, CustomsEventType, LcStatus } from "../../lib/trade/enums.ts";
import { PAYABLE_STATUSES, statusName } from "../../lib/trade/vouchers.ts";
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

/**
 * The arguments of PayableVoucher's events (its own and ERC-721/ERC-3525's) that name a
 * voucher whose holder or value the event may have changed.
 */
const VOUCHER_ARGUMENTS = [
  "voucherId",
  "bankVoucherId",
  "tokenId",
  "_tokenId",
  "_fromTokenId",
  "_toTokenId",
] as const;

interface PayableFacts {
  obligor: `0x${string}`;
  supplier: `0x${string}`;
  token: `0x${string}`;
  rootVoucher: bigint;
  maturity: bigint | number;
  confirmedAt: bigint | number;
  amount: bigint;
  funded: bigint;
  redeemed: bigint;
}

interface VoucherFacts {
  holder: `0x${string}`;
  payableId: bigint;
  value: bigint;
  parent: bigint;
}

/** Payable `payableId` as the contract reports it at the event's block, kept in `payable`. */
async function refreshPayable(
  event: IndexedEvent,
  context: IndexingContext,
  abi: Abi,
  payableId: bigint,
): Promise<bigint> {
  const read = (functionName: string) =>
    context.client.readContract({
      abi,
      address: event.log.address,
      functionName,
      args: [payableId],
    });
  const [facts, status] = (await Promise.all([read("payableOf"), read("status")])) as [
    PayableFacts,
    bigint | number,
  ];
  const values = {
    funded: facts.funded,
    redeemed: facts.redeemed,
    status: statusName(PAYABLE_STATUSES, status),
    updatedAt: event.block.timestamp,
  };
  if ((await context.db.find(payable, { payableId })) === null) {
    const token = (functionName: "symbol" | "decimals") =>
      context.client.readContract({
        abi: erc20Abi as Abi,
        address: facts.token,
        functionName,
        args: [],
      });
    const [invoiceIds, currency, decimals] = (await Promise.all([
      read("invoicesOf"),
      token("symbol"),
      token("decimals"),
    ])) as [readonly string[], string, number];
    await context.db.insert(payable).values({
      payableId,
      obligor: facts.obligor.toLowerCase() as `0x${string}`,
      supplier: facts.supplier.toLowerCase() as `0x${string}`,
      token: facts.token.toLowerCase() as `0x${string}`,
      currency,
      decimals: Number(decimals),
      amount: facts.amount,
      maturity: BigInt(facts.maturity),
      invoiceIds: [...invoiceIds],
      rootVoucher: facts.rootVoucher,
      confirmedAt: BigInt(facts.confirmedAt),
      ...values,
    });
  } else {
    await context.db.update(payable, { payableId }).set(values);
  }
  return BigInt(facts.maturity);
}

/** Voucher `voucherId` as the contract reports it at the event's block, kept in `voucher`. */
async function refreshVoucher(
  event: IndexedEvent,
  context: IndexingContext,
  abi: Abi,
  voucherId: bigint,
): Promise<bigint> {
  const facts = (await context.client.readContract({
    abi,
    address: event.log.address,
    functionName: "voucher",
    args: [voucherId],
  })) as VoucherFacts;
  const payableId = BigInt(facts.payableId);
  const maturity = await refreshPayable(event, context, abi, payableId);
  const redeemedNow =
    event.name === "VoucherRedeemed" && arg<bigint>(event, "voucherId") === voucherId
      ? arg<bigint>(event, "amount")
      : 0n;
  const values = {
    holder: facts.holder.toLowerCase() as `0x${string}`,
    value: facts.value,
    updatedAt: event.block.timestamp,
  };
  const existing = await context.db.find(voucher, { voucherId });
  if (existing === null) {
    await context.db.insert(voucher).values({
      voucherId,
      payableId,
      parent: BigInt(facts.parent),
      maturity,
      redeemed: redeemedNow,
      issuedAt: event.block.timestamp,
      ...values,
    });
  } else {
    await context.db
      .update(voucher, { voucherId })
      .set({ ...values, redeemed: existing.redeemed + redeemedNow });
  }
  return payableId;
}

/**
 * Any PayableVoucher event: the vouchers it names and the payables it names (or that those
 * vouchers belong to) are read again from the contract. Governance events (limits, lenders,
 * settlement tokens) name neither and change nothing here.
 */
const voucherContractEvent: Projection = async (event, context, abi) => {
  const voucherIds = new Set<bigint>();
  for (const name of VOUCHER_ARGUMENTS) {
    const id = event.args[name];
    // 0 stands for "no voucher" in ERC-3525's mint and burn of value.
    if (typeof id === "bigint" && id !== 0n) voucherIds.add(id);
  }
  const refreshed = new Set<bigint>();
  for (const id of [...voucherIds].sort((a, b) => (a < b ? -1 : 1))) {
    refreshed.add(await refreshVoucher(event, context, abi, id));
  }
  const payableId = event.args["payableId"];
  if (typeof payableId === "bigint" && payableId !== 0n && !refreshed.has(payableId)) {
    await refreshPayable(event, context, abi, payableId);
  }
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
  PayableVoucher: { "*": voucherContractEvent },
};

export function projectionFor(contractName: string, eventName: string): Projection | undefined {
  const byEvent = PROJECTIONS[contractName];
  return byEvent?.[eventName] ?? byEvent?.["*"];
}
