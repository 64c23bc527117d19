/**
 * The trading day's mix: one row per activity, at the issue's scale (issue #17). Each row says
 * how many units a full day has and how to run a share of them through the real contracts,
 * calling the same `lib/` code the operator tasks call (fingerprints, bill structs, governance
 * calls). Adding an activity (orders, advances, credits, vouchers as they land) is one more row.
 *
 * An activity records every transaction under an operation name with the number of items it
 * carries (`ctx.record`), so gas is reported per item: per member in a batch of 100, per invoice
 * in a `registerBatch`, per bill step.
 */
import { encodeFunctionData, type Abi, type Address, type Hex, keccak256, toHex } from "viem";

import { onboardMembersCall, type NewMember } from "../../../lib/chain/governance.ts";
import { billIdOf, billIssueStruct } from "../../../lib/trade/billOfLading.ts";
import {
  type InvoiceFingerprints,
  invoiceFingerprints,
} from "../../../lib/trade/invoiceFingerprint.ts";

/** A transaction the day sends: from an account the chain signs for (unlocked or impersonated). */
export interface DayTransaction {
  from: Address;
  to: Address;
  data: Hex;
  /** Gas limit (the chain does not estimate: the day measures gasUsed, not the estimate). */
  gas: bigint;
}

export interface DayContext {
  readonly addresses: Readonly<Record<string, Address>>;
  readonly abis: Readonly<Record<string, Abi>>;
  /** The accounts the day acts from, by role. */
  readonly accounts: Readonly<
    Record<"admins" | "carriers" | "exporters" | "importers" | "banks", readonly Address[]>
  >;
  /** Sends `tx` and resolves with its hash once a block holding it is mined (on either chain). */
  send(tx: DayTransaction): Promise<Hex>;
  /** Counts `hashes` (one operation) under `operation`, carrying `items` items. */
  record(operation: string, items: number, hashes: readonly Hex[]): void;
  /** Reads a view of a deployed contract. */
  read<T>(contract: string, functionName: string, args: readonly unknown[]): Promise<T>;
}

export interface DayActivity {
  name: string;
  /** Units in a full day (scale 1). */
  perDay: number;
  unit: string;
  /** Units are handed out in multiples of this (a batch is never cut by a slice boundary). */
  granularity: number;
  /** Runs units [from, to) of the day. */
  run(ctx: DayContext, from: number, to: number): Promise<void>;
}

/** A benchmark-only fingerprint key; the consortium's real key never leaves its HSM. */
const DAY_FINGERPRINT_KEY = "0x" + "da".repeat(32);
const BATCH = 100;

function call(
  ctx: DayContext,
  contract: string,
  functionName: string,
  args: readonly unknown[],
): Hex {
  const abi = ctx.abis[contract];
  if (abi === undefined) throw new Error(`no ABI for ${contract}`);
  return encodeFunctionData({ abi, functionName, args } as Parameters<
    typeof encodeFunctionData
  >[0]);
}

function address(ctx: DayContext, contract: string): Address {
  const found = ctx.addresses[contract];
  if (found === undefined) throw new Error(`the deployment has no ${contract}`);
  return found;
}

/** Runs `work(i)` for i in [from, to) on `lanes` concurrent lanes, each lane in order. */
async function inLanes(
  from: number,
  to: number,
  lanes: number,
  work: (i: number, lane: number) => Promise<void>,
): Promise<void> {
  let next = from;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      while (next < to) {
        const i = next++;
        await work(i, lane);
      }
    }),
  );
}

// ------------------------------------------------------------------------------- members

/** Member `n` of the day: a fresh account (no key: it never sends in the day). */
function dayMember(n: number): NewMember {
  const account = `0x${keccak256(toHex(`caravel-day-member:${n}`)).slice(-40)}`;
  return {
    account,
    member: {
      name: `Day Trading Enterprise ${n}`,
      registrationId: `DAY-${String(n).padStart(9, "0")}`,
      country: ["CN", "GB", "DE", "SG", "US"][n % 5]!,
      roles: n % 2 === 0 ? ["EXPORTER"] : ["IMPORTER"],
    },
  };
}

let nextProposalId: bigint | undefined;

const onboarding: DayActivity = {
  name: "onboarding",
  perDay: 300_000,
  unit: "members",
  granularity: BATCH,
  async run(ctx, from, to) {
    const registry = address(ctx, "registry");
    const [proposer, approver] = ctx.accounts.admins as [Address, Address];
    nextProposalId ??= (await ctx.read<bigint>("registry", "proposalCount", [])) + 1n;
    // One proposal after another: each approval names the proposal the one before created.
    for (let start = from; start < to; start += BATCH) {
      const members = Array.from({ length: Math.min(BATCH, to - start) }, (_, i) =>
        dayMember(start + i),
      );
      const built = onboardMembersCall(members);
      const data = call(ctx, "registry", built.functionName, built.args);
      const propose = await ctx.send({
        from: proposer,
        to: registry,
        data: call(ctx, "registry", "propose", [registry, data, built.description]),
        gas: 8_000_000n,
      });
      const id = nextProposalId;
      nextProposalId += 1n;
      const approve = await ctx.send({
        from: approver,
        to: registry,
        data: call(ctx, "registry", "approve", [id]),
        gas: 16_000_000n,
      });
      ctx.record(`onboard member (${BATCH} per proposal: propose + approve)`, members.length, [
        propose,
        approve,
      ]);
    }
  },
};

// ------------------------------------------------------------------------------ invoices

/** Invoice `n` of the day, fingerprinted as `invoice fingerprint` does (lib/trade). */
function dayInvoice(n: number): InvoiceFingerprints {
  return invoiceFingerprints(
    {
      sellerTaxId: `GB${String(100_000_000 + (n % 997)).slice(0, 9)}`,
      buyerTaxId: "91310101MA1FPX1234",
      invoiceNumber: `DAY-${n}`,
      issueDate: "2026-12-04",
      amount: `${(1_000 + (n % 50_000)).toLocaleString("en-US")}.00`,
      currency: "USD",
    },
    DAY_FINGERPRINT_KEY,
  );
}

/** The exporter that registers the batch holding invoice `n`. */
function sellerOf(ctx: DayContext, n: number): Address {
  const exporters = ctx.accounts.exporters;
  return exporters[Math.floor(n / BATCH) % exporters.length]!;
}

const FINANCED_EVERY = 10; // 100,000 of 1,000,000 invoices are financed

const invoices: DayActivity = {
  name: "invoices",
  perDay: 1_000_000,
  unit: "invoices",
  granularity: BATCH,
  async run(ctx, from, to) {
    const registry = address(ctx, "invoiceRegistry");
    const batches = Math.ceil((to - from) / BATCH);
    await inLanes(0, batches, ctx.accounts.exporters.length, async (b) => {
      const start = from + b * BATCH;
      const items = Array.from({ length: Math.min(BATCH, to - start) }, (_, i) =>
        dayInvoice(start + i),
      );
      const hash = await ctx.send({
        from: sellerOf(ctx, start),
        to: registry,
        data: call(ctx, "invoiceRegistry", "registerBatch", [items]),
        gas: 12_000_000n,
      });
      ctx.record(`invoice register (${BATCH} per registerBatch)`, items.length, [hash]);
    });
    // A tenth of them financed, each by a bank naming its seller: once registered.
    const firstFinanced = Math.ceil(from / FINANCED_EVERY) * FINANCED_EVERY;
    const financed = Math.max(0, Math.ceil((to - firstFinanced) / FINANCED_EVERY));
    const banks = ctx.accounts.banks;
    await inLanes(0, financed, banks.length * 2, async (k, lane) => {
      const n = firstFinanced + k * FINANCED_EVERY;
      const hash = await ctx.send({
        from: banks[lane % banks.length]!,
        to: registry,
        data: call(ctx, "invoiceRegistry", "finance", [sellerOf(ctx, n), dayInvoice(n)]),
        gas: 500_000n,
      });
      ctx.record("invoice finance", 1, [hash]);
    });
  },
};

// ----------------------------------------------------------------------------- shipments

const shipments: DayActivity = {
  name: "shipments",
  perDay: 100_000,
  unit: "bills of lading",
  granularity: 1,
  async run(ctx, from, to) {
    const bills = address(ctx, "billOfLading");
    const { carriers, exporters, importers } = ctx.accounts;
    const now = Math.floor(Date.now() / 1000);
    await inLanes(from, to, carriers.length * 2, async (n) => {
      const carrier = carriers[n % carriers.length]!;
      const shipper = exporters[n % exporters.length]!;
      const importer = importers[n % importers.length]!;
      const blNumber = `DAY${String(n).padStart(9, "0")}`;
      // The struct the `bill issue` task builds, validated by the same schema.
      const bill = billIssueStruct({
        blNumber,
        shipper,
        consignee: "to order",
        notifyParty: importer,
        vesselImo: 9_778_791,
        voyageNumber: "DAY1W",
        portOfLoading: "CNSHA",
        portOfDischarge: "NLRTM",
        shippedOnBoardAt: now - 86_400,
        documentHash: keccak256(toHex(`caravel-day-bill:${n}`)),
      });
      const issue = await ctx.send({
        from: carrier,
        to: bills,
        data: call(ctx, "billOfLading", "issue", [bill]),
        gas: 1_000_000n,
      });
      ctx.record("bill issue", 1, [issue]);
      const id = billIdOf(carrier, blNumber);
      const endorse = await ctx.send({
        from: shipper,
        to: bills,
        data: call(ctx, "billOfLading", "endorse", [id, importer]),
        gas: 500_000n,
      });
      ctx.record("bill endorse", 1, [endorse]);
      const surrender = await ctx.send({
        from: importer,
        to: bills,
        data: call(ctx, "billOfLading", "surrenderForDelivery", [id]),
        gas: 500_000n,
      });
      ctx.record("bill surrenderForDelivery", 1, [surrender]);
      const accept = await ctx.send({
        from: carrier,
        to: bills,
        data: call(ctx, "billOfLading", "acceptSurrender", [id]),
        gas: 500_000n,
      });
      ctx.record("bill acceptSurrender", 1, [accept]);
    });
  },
};

/**
 * The day's activities sent as transactions by the bench itself. The customs and transport
 * events (1,200,000 a day) reach the chain through the five oracle nodes, fed by the simulator
 * (day.ts); documentary credits (10,000 a day through settlement), supply-chain-finance vouchers,
 * orders and advances are rows still to add (docs/BENCHMARKS.md).
 */
export const DAY_ACTIVITIES: readonly DayActivity[] = [onboarding, invoices, shipments];

/** Customs and transport events in a full day, carried by the oracle nodes. */
export const CUSTOMS_EVENTS_PER_DAY = 1_200_000;
