/**
 * The trading day's mix: one row per activity, at the issue's scale (issue #17). Each row says
 * how many units a full day has and how to run a share of them through the real contracts,
 * calling the same `lib/` code the operator tasks call (fingerprints, bill structs, governance
 * calls). Adding an activity is one more row.
 *
 * An activity records every transaction under an operation name with the number of items it
 * carries (`ctx.record`), so gas is reported per item: per member in a batch of 100, per invoice
 * in a `registerBatch`, per bill step.
 */
import {
  encodeFunctionData,
  type Abi,
  type AbiFunction,
  type Address,
  type Hex,
  keccak256,
  type Log,
  maxUint256,
  parseEventLogs,
  prepareEncodeFunctionData,
  toHex,
} from "viem";

import { onboardMembersCall, type NewMember } from "../../../lib/chain/governance.ts";
import { roleId } from "../../../lib/chain/roles.ts";
import { billIdOf, billIssueStruct } from "../../../lib/trade/billOfLading.ts";
import { AdvanceMilestone, AdvanceSourceKind } from "../../../lib/trade/preShipmentAdvance.ts";
import {
  buildDocuments,
  buildTerms,
  documentHash,
  parseAmount,
} from "../../../lib/trade/letterOfCredit.ts";
import {
  billOfLadingFingerprints,
  claimList,
  type DocumentFingerprints,
  invoiceDocumentFingerprints,
  purchaseOrderFingerprints,
} from "../../../lib/trade/documentFingerprint.ts";
import {
  amendmentTermsHash,
  type NormalizedOrderTerms,
  normalizeOrderTerms,
  orderTermsFor,
} from "../../../lib/trade/purchaseOrder.ts";
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
    Record<
      | "admins"
      | "carriers"
      | "exporters"
      | "importers"
      | "banks"
      | "chambers"
      | "coreEnterprises"
      | "suppliers",
      readonly Address[]
    >
  >;
  /** Sends `tx` and resolves with its hash once a block holding it is mined (on either chain). */
  send(tx: DayTransaction): Promise<Hex>;
  /** The latest block's timestamp, unix seconds: the chain's clock, which contracts compare with. */
  chainTime(): Promise<number>;
  /**
   * Resolves once the chain's clock has reached `time`. A consortium chain seals a block every
   * period whether or not it has transactions; a local chain seals only on a transaction, so this
   * seals empty blocks while it waits.
   */
  waitForChainTime(time: number): Promise<void>;
  /** The logs of mined transaction `hash` (to read the ids a call returned from its events). */
  logsOf(hash: Hex): Promise<readonly Log[]>;
  /** How customs at destination learns of a shipment: the oracle committee, on its feed. */
  readonly customs: DayCustoms;
  /** Counts `hashes` (one operation) under `operation`, carrying `items` items. */
  record(operation: string, items: number, hashes: readonly Hex[]): void;
  /** Reads a view of a deployed contract. */
  read<T>(contract: string, functionName: string, args: readonly unknown[]): Promise<T>;
}

/** A shipment's journey, from export declaration to clearance at its port of discharge. */
export interface CustomsJourney {
  blNumber: string;
  /** The carrier's code in the customs and transport messages (its SCAC). */
  carrierCode: string;
  /** The member address of the carrier that issued the bill (part of the shipment reference). */
  carrier: Address;
  portOfLoading: string;
  portOfDischarge: string;
  /** Unix seconds of the journey's first event. */
  startsAt: number;
}

export interface DayCustoms {
  /** A carrier member the oracle nodes know by its code, so its shipments' events resolve to it. */
  readonly carrier: { code: string; address: Address };
  /**
   * Reports each journey to the oracle committee as customs and carriers would, and resolves
   * once every one of them is cleared, on chain, at its port of discharge.
   */
  clear(journeys: readonly CustomsJourney[]): Promise<void>;
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
  /**
   * Its slices run one after another, never two at once, even where `bench:day --lead N` lets
   * other rows' slices overlap (day.ts, pacing.ts): an overlap would change what its first and
   * last tenth of transactions find on chain.
   */
  readonly oneSliceAtATime?: true;
  /**
   * Once before the day, for a day of `units` units: what the activity's parties need (money
   * minted, allowances, limits) and what the day finds already there (payables maturing today).
   */
  setup?(ctx: DayContext, units: number): Promise<void>;
}

/** A benchmark-only fingerprint key; the consortium's real key never leaves its HSM. */
const DAY_FINGERPRINT_KEY = "0x" + "da".repeat(32);
const BATCH = 100;

/** A function's ABI item and selector, as viem's `prepareEncodeFunctionData` gives them. */
type PreparedFunction = { abi: readonly [AbiFunction]; functionName: Hex };
/** By ABI and function name; null for an overloaded name (its arguments choose the overload). */
const preparedFunctions = new WeakMap<Abi, Map<string, PreparedFunction | null>>();

/**
 * `functionName`'s item in `abi`, looked up and its selector hashed once: viem's
 * `encodeFunctionData` does both on every call unless handed the prepared item (about half its
 * time on a bill endorsement, measured), and the day encodes every transaction it sends.
 */
function preparedFunction(abi: Abi, functionName: string): PreparedFunction | null {
  let byName = preparedFunctions.get(abi);
  if (byName === undefined) {
    byName = new Map();
    preparedFunctions.set(abi, byName);
  }
  let found = byName.get(functionName);
  if (found === undefined) {
    const overloads = abi.filter((item) => item.type === "function" && item.name === functionName);
    found =
      overloads.length === 1
        ? (prepareEncodeFunctionData({ abi, functionName } as Parameters<
            typeof prepareEncodeFunctionData
          >[0]) as PreparedFunction)
        : null;
    byName.set(functionName, found);
  }
  return found;
}

function call(
  ctx: DayContext,
  contract: string,
  functionName: string,
  args: readonly unknown[],
): Hex {
  const abi = ctx.abis[contract];
  if (abi === undefined) throw new Error(`no ABI for ${contract}`);
  const prepared = preparedFunction(abi, functionName);
  return encodeFunctionData(
    (prepared === null ? { abi, functionName, args } : { ...prepared, args }) as Parameters<
      typeof encodeFunctionData
    >[0],
  );
}

function address(ctx: DayContext, contract: string): Address {
  const found = ctx.addresses[contract];
  if (found === undefined) throw new Error(`the deployment has no ${contract}`);
  return found;
}

/**
 * Carries out `data` on `target` through the consortium's governance, as `consortium propose` and
 * `consortium approve` do: the first administrator proposes, the second approves (the approval
 * that reaches the threshold executes it). `id` is the proposal the propose creates, when the
 * caller keeps count; otherwise it is read from the registry first. Returns both transactions.
 */
export async function governed(
  ctx: DayContext,
  target: Address,
  data: Hex,
  description: string,
  options: { id?: bigint; proposeGas?: bigint; approveGas?: bigint } = {},
): Promise<[propose: Hex, approve: Hex]> {
  const registry = address(ctx, "registry");
  const [proposer, approver] = ctx.accounts.admins as [Address, Address];
  const id = options.id ?? (await ctx.read<bigint>("registry", "proposalCount", [])) + 1n;
  const propose = await ctx.send({
    from: proposer,
    to: registry,
    data: call(ctx, "registry", "propose", [target, data, description]),
    gas: options.proposeGas ?? 1_000_000n,
  });
  const approve = await ctx.send({
    from: approver,
    to: registry,
    data: call(ctx, "registry", "approve", [id]),
    gas: options.approveGas ?? 1_000_000n,
  });
  return [propose, approve];
}

/** Onboards `members` under proposals of at most 100 each (`onboardMembers`). */
export async function onboardInBatches(
  ctx: DayContext,
  members: readonly NewMember[],
): Promise<void> {
  const registry = address(ctx, "registry");
  for (let first = 0; first < members.length; first += BATCH) {
    const built = onboardMembersCall(members.slice(first, first + BATCH));
    await governed(
      ctx,
      registry,
      call(ctx, "registry", built.functionName, built.args),
      built.description,
      {
        proposeGas: 8_000_000n,
        approveGas: 16_000_000n,
      },
    );
  }
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

/**
 * The day's next governance proposal id, per context. Several slices of onboarding may run at
 * once (day.ts runs each part up to a slice ahead of the slowest), so the first read of the
 * registry's count is shared as one promise, and each proposal takes its id in the same
 * synchronous step that queues its propose: ids follow the order the proposes reach the chain.
 */
const proposalIds = new WeakMap<DayContext, { first: Promise<bigint>; taken: bigint }>();
async function nextProposalIdOf(ctx: DayContext): Promise<() => bigint> {
  let ids = proposalIds.get(ctx);
  if (ids === undefined) {
    ids = {
      first: ctx.read<bigint>("registry", "proposalCount", []).then((count) => count + 1n),
      taken: 0n,
    };
    proposalIds.set(ctx, ids);
  }
  const first = await ids.first;
  const counter = ids;
  return () => first + counter.taken++;
}

const onboarding: DayActivity = {
  name: "onboarding",
  perDay: 300_000,
  unit: "members",
  granularity: BATCH,
  async run(ctx, from, to) {
    const registry = address(ctx, "registry");
    const nextProposalId = await nextProposalIdOf(ctx);
    // One proposal after another: each approval names the proposal its propose created.
    for (let start = from; start < to; start += BATCH) {
      const members = Array.from({ length: Math.min(BATCH, to - start) }, (_, i) =>
        dayMember(start + i),
      );
      const built = onboardMembersCall(members);
      // Taken and queued in one step (governed sends the propose before its first await).
      const id = nextProposalId();
      const [propose, approve] = await governed(
        ctx,
        registry,
        call(ctx, "registry", built.functionName, built.args),
        built.description,
        { id, proposeGas: 8_000_000n, approveGas: 16_000_000n },
      );
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
/** InvoiceRegistry.MAX_FINANCE_BATCH: what fits the transaction gas cap with the guard's claims. */
const FINANCE_BATCH = 80;

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
    // A tenth of them financed once registered, by banks naming each invoice's seller, up to
    // FINANCE_BATCH invoices (of several sellers) per `financeBatch`.
    const firstFinanced = Math.ceil(from / FINANCED_EVERY) * FINANCED_EVERY;
    const financed = Math.max(0, Math.ceil((to - firstFinanced) / FINANCED_EVERY));
    const banks = ctx.accounts.banks;
    await inLanes(0, Math.ceil(financed / FINANCE_BATCH), banks.length, async (b, lane) => {
      const count = Math.min(FINANCE_BATCH, financed - b * FINANCE_BATCH);
      const items = Array.from({ length: count }, (_, i) => {
        const n = firstFinanced + (b * FINANCE_BATCH + i) * FINANCED_EVERY;
        return { seller: sellerOf(ctx, n), fingerprints: dayInvoice(n) };
      });
      const hash = await ctx.send({
        from: banks[lane % banks.length]!,
        to: registry,
        data: call(ctx, "invoiceRegistry", "financeBatch", [items]),
        gas: 16_000_000n,
      });
      ctx.record(`invoice finance (${FINANCE_BATCH} per financeBatch)`, items.length, [hash]);
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

// ------------------------------------------------------------------- documentary credits

const DAY_SECONDS = 86_400;
/** Both deposit tokens have 2 decimals; the credits are in USD, escrowed in USD deposits. */
const usd = (value: string): bigint => parseAmount(value, 2);
/** What each bank mints for the day's escrows: more than its share of 10,000 credits. */
const ESCROW_MINT = usd("10000000000.00");

/** The parties to credit `n`: the applicant's bank issues, another bank advises and examines. */
function creditParties(ctx: DayContext, n: number) {
  const { banks, exporters, importers, chambers } = ctx.accounts;
  return {
    applicant: importers[n % importers.length]!,
    beneficiary: exporters[n % exporters.length]!,
    issuingBank: banks[n % banks.length]!,
    advisingBank: banks[(n + 1) % banks.length]!,
    chamber: chambers[n % chambers.length]!,
  };
}

/** Credit `n`'s documents: the bill, the certificate and the invoice the presentation needs. */
function creditDocuments(n: number) {
  const blNumber = `MOLUDAYLC${String(n).padStart(7, "0")}`;
  const certificateNumber = `DAY-COO-${String(n).padStart(7, "0")}`;
  const amountText = `${50_000 + (n % 200) * 1_000}.00`;
  return {
    blNumber,
    certificateNumber,
    certificateText: `Certificate ${certificateNumber}: machine tools, origin GB`,
    invoiceText: `Commercial invoice DAY-LC-${n}`,
    amountText,
    amount: usd(amountText),
  };
}

/** Credit `n`'s commercial invoice, by the fields `invoice fingerprint` reads. */
function creditInvoice(n: number) {
  return {
    sellerTaxId: `GB${String(200_000_000 + n).slice(0, 9)}`,
    buyerTaxId: "91310101MA1FPX1234",
    invoiceNumber: `DAY-LC-${n}`,
    issueDate: "2026-12-04",
    amount: creditDocuments(n).amountText,
    currency: "USD",
  };
}

/** A fifth of the credits' exporters take a pre-shipment advance on their credit. */
const CREDIT_ADVANCED = (n: number) => n % 5 === 2;
/** The advance's tranches, each released by a milestone of the shipment customs reports. */
const ADVANCE_TRANCHES = [
  { milestone: AdvanceMilestone.ExportDeclarationAccepted, shareBps: 5_000 },
  { milestone: AdvanceMilestone.Loaded, shareBps: 3_000 },
  { milestone: AdvanceMilestone.Departed, shareBps: 2_000 },
] as const;

/**
 * Documentary credits through settlement (UCP 600), each one's whole life in its slice: the
 * applicant applies; its bank issues, escrowing USD deposit tokens (minted against deposits in
 * `setup`); the second bank advises; the chamber certifies origin; the carrier issues the bill,
 * which the exporter endorses to the advising bank; the exporter presents bill, certificate and
 * invoice; the advising bank examines (the chain finds no discrepancy), honours, and forwards the
 * bill to the issuing bank; customs at destination clears the goods; anyone settles, paying the
 * exporter from escrow and returning the rest to the issuing bank.
 *
 * Pre-shipment advances (`PreShipmentAdvance`) ride on a fifth of the credits, every step there
 * is: once the credit is advised, the advising bank offers an advance on it (40 % of the amount,
 * in three tranches), the exporter accepts naming the carrier and the bill (binding the
 * shipment), the bank funds it, and the exporter assigns the credit's proceeds to it; each
 * tranche is claimed once customs reports its milestone (export declaration, loaded, departed);
 * the credit's settlement repays the advance first, principal and interest, the exporter the rest.
 *
 * Customs clearance is real: each credit requires it, and the shipment's journey (export
 * declaration to clearance at the bill's port of discharge) reaches the chain the way every
 * customs event does, as messages from customs and the carrier to the five oracle nodes, which
 * sign and submit their reports (`ctx.customs`). No test double and no waiver. The carrier is
 * the one member carrier the nodes know by its code (MOLU), so its shipments' events resolve.
 * The journey has already happened: it starts 45 days ago and ends cleared (the nodes refuse
 * events from the future), so the bill is shipped on board 44 days ago and the credit allows
 * 60 days for presentation (UCP 600 art. 14c: 21 unless the credit states otherwise).
 */
const credits: DayActivity = {
  name: "documentary credits",
  perDay: 10_000,
  unit: "credits",
  granularity: 1,
  // A settlement takes its credit out of LetterOfCredit's open list by swap-and-pop, ~4,900 gas
  // cheaper when the credit is the list's tail. With two slices of credits at once, the first
  // tenth's settlements always had the next slice's credits behind them and the last tenth's (the
  // day's last slice, running alone) were often the tail: settle came out 3.3 % cheaper in the
  // last tenth, not flat. One slice at a time, every slice settles as the first and last do
  // (with `--lead 1` settle still came out at 0.973 in one run at 0.03: docs/BENCHMARKS.md).
  oneSliceAtATime: true,
  async setup(ctx) {
    const token = address(ctx, "usdDeposit");
    const lc = address(ctx, "letterOfCredit");
    await Promise.all(
      ctx.accounts.banks.map(async (bank, i) => {
        await ctx.send({
          from: bank,
          to: token,
          data: call(ctx, "usdDeposit", "mint", [
            bank,
            ESCROW_MINT,
            keccak256(toHex(`caravel-day-escrow-deposit:${i}`)),
          ]),
          gas: 200_000n,
        });
        for (const spender of [lc, address(ctx, "preShipmentAdvance")]) {
          await ctx.send({
            from: bank,
            to: token,
            data: call(ctx, "usdDeposit", "approve", [spender, maxUint256]),
            gas: 100_000n,
          });
        }
      }),
    );
  },
  async run(ctx, from, to) {
    const lc = address(ctx, "letterOfCredit");
    const bills = address(ctx, "billOfLading");
    const certificates = address(ctx, "certificateOfOrigin");
    const token = address(ctx, "usdDeposit");
    const carrier = ctx.customs.carrier;
    const now = Math.floor(Date.now() / 1000);
    const journeyStart = now - 45 * DAY_SECONDS;
    const shippedAt = journeyStart + DAY_SECONDS;
    const lcIds = new Map<number, bigint>();
    const advances = new Map<number, bigint>();
    const advanceContract = address(ctx, "preShipmentAdvance");
    const journeys: CustomsJourney[] = [];
    const lanes = Math.min(16, to - from);
    const step = async (operation: string, tx: DayTransaction) => {
      const hash = await ctx.send(tx);
      ctx.record(operation, 1, [hash]);
      return hash;
    };

    /** The advising bank's advance on credit `lcId`: offered, accepted, funded, proceeds assigned. */
    const advanceOn = async (
      n: number,
      lcId: bigint,
      p: ReturnType<typeof creditParties>,
      d: ReturnType<typeof creditDocuments>,
    ): Promise<bigint> => {
      const offered = await step(
        "advance offer (bank)",
        advanceOfferOnCredit(ctx, p, lcId, token, d.amount, now),
      );
      const [event] = parseEventLogs({
        abi: ctx.abis["preShipmentAdvance"]!,
        logs: [...(await ctx.logsOf(offered))],
        eventName: "AdvanceOffered",
      });
      if (event === undefined) throw new Error(`credit ${n}: the advance offer emitted no event`);
      const advanceId = (event.args as { advanceId: bigint }).advanceId;
      await step("advance accept (exporter binds the shipment)", {
        from: p.beneficiary,
        to: advanceContract,
        data: call(ctx, "preShipmentAdvance", "accept", [advanceId, carrier.address, d.blNumber]),
        gas: 400_000n,
      });
      await step("advance fund (bank)", {
        from: p.advisingBank,
        to: advanceContract,
        data: call(ctx, "preShipmentAdvance", "fund", [advanceId]),
        gas: 300_000n,
      });
      await step("credit assign proceeds (to the advance)", {
        from: p.beneficiary,
        to: lc,
        data: call(ctx, "letterOfCredit", "assignProceeds", [lcId]),
        gas: 300_000n,
      });
      return advanceId;
    };

    // Issue, advise, certify, ship: the credit and the documents it will be drawn against.
    await inLanes(from, to, lanes, async (n) => {
      const p = creditParties(ctx, n);
      const d = creditDocuments(n);
      const applied = await step("credit apply", {
        from: p.applicant,
        to: lc,
        data: call(ctx, "letterOfCredit", "applyForCredit", [
          buildTerms({
            beneficiary: p.beneficiary,
            issuingBank: p.issuingBank,
            advisingBank: p.advisingBank,
            settlementToken: token,
            currency: "USD",
            amount: d.amount,
            customsClearanceRequired: true,
            expiresAt: now + 90 * DAY_SECONDS,
            placeOfExpiry: "GBLON",
            latestShipmentAt: now,
            presentationDays: 60,
            portOfLoading: "GBFXT",
            portOfDischarge: "CNSHA",
            countryOfOrigin: "GB",
            incoterm: "CIF",
            goodsDescription: `Machine tools under credit DAY-LC-${n}`,
            advisingFee: usd("150.00"),
          }),
        ]),
        gas: 1_000_000n,
      });
      const [event] = parseEventLogs({
        abi: ctx.abis["letterOfCredit"]!,
        logs: [...(await ctx.logsOf(applied))],
        eventName: "CreditApplied",
      });
      if (event === undefined)
        throw new Error(`credit ${n}: applyForCredit emitted no CreditApplied`);
      const lcId = (event.args as { lcId: bigint }).lcId;
      lcIds.set(n, lcId);
      const escrow = await ctx.read<bigint>("letterOfCredit", "requiredEscrow", [lcId]);
      await step("credit issue (escrow funded)", {
        from: p.issuingBank,
        to: lc,
        data: call(ctx, "letterOfCredit", "issue", [lcId, escrow]),
        gas: 1_000_000n,
      });
      await step("credit advise", {
        from: p.advisingBank,
        to: lc,
        data: call(ctx, "letterOfCredit", "advise", [lcId]),
        gas: 500_000n,
      });
      if (CREDIT_ADVANCED(n)) advances.set(n, await advanceOn(n, lcId, p, d));
      await step("credit certificate of origin issue", {
        from: p.chamber,
        to: certificates,
        data: call(ctx, "certificateOfOrigin", "issue", [
          {
            number: d.certificateNumber,
            exporter: p.beneficiary,
            consignee: p.applicant,
            hsCodes: [845710],
            countryOfOrigin: toHex("GB", { size: 2 }),
            originCriterion: toHex("WO", { size: 4 }),
            tradeAgreement: toHex("NON-PREFERENTIAL", { size: 16 }),
            issuedAt: shippedAt - DAY_SECONDS,
            validUntil: now + 365 * DAY_SECONDS,
            documentHash: documentHash(d.certificateText),
          },
        ]),
        gas: 500_000n,
      });
      await step("credit bill issue", {
        from: carrier.address,
        to: bills,
        data: call(ctx, "billOfLading", "issue", [
          billIssueStruct({
            blNumber: d.blNumber,
            shipper: p.beneficiary,
            consignee: "to order",
            notifyParty: p.applicant,
            vesselImo: 9_811_000,
            voyageNumber: "DAY1E",
            portOfLoading: "GBFXT",
            portOfDischarge: "CNSHA",
            shippedOnBoardAt: shippedAt,
            documentHash: documentHash(`B/L ${d.blNumber}`),
          }),
        ]),
        gas: 1_000_000n,
      });
      journeys.push({
        blNumber: d.blNumber,
        carrierCode: carrier.code,
        carrier: carrier.address,
        portOfLoading: "GBFXT",
        portOfDischarge: "CNSHA",
        startsAt: journeyStart,
      });
    });

    // While customs hears of the journeys: present, examine, honour, forward the title.
    const cleared = ctx.customs.clear(journeys);
    await inLanes(from, to, lanes, async (n) => {
      const p = creditParties(ctx, n);
      const d = creditDocuments(n);
      const lcId = lcIds.get(n)!;
      const billId = billIdOf(carrier.address, d.blNumber);
      await step("credit bill endorse (to the presenting bank)", {
        from: p.beneficiary,
        to: bills,
        data: call(ctx, "billOfLading", "endorse", [billId, p.advisingBank]),
        gas: 500_000n,
      });
      await step("credit present", {
        from: p.beneficiary,
        to: lc,
        data: call(ctx, "letterOfCredit", "present", [
          lcId,
          buildDocuments({
            presentedTo: p.advisingBank,
            amount: d.amount,
            billId,
            certificate: { number: d.certificateNumber, document: d.certificateText },
            invoice: d.invoiceText,
            // The deployment names the document-financing guard on the credits, so the
            // presentation claims its invoice and bill there, as `credit present` computes them.
            invoiceFingerprints: claimList(
              invoiceDocumentFingerprints(creditInvoice(n), DAY_FINGERPRINT_KEY),
            ),
            billFingerprints: claimList(
              billOfLadingFingerprints(
                {
                  carrier: carrier.address,
                  blNumber: d.blNumber,
                  documentHash: documentHash(`B/L ${d.blNumber}`),
                },
                DAY_FINGERPRINT_KEY,
              ),
            ),
          }),
        ]),
        gas: 1_000_000n,
      });
      await step("credit examine", {
        from: p.advisingBank,
        to: lc,
        data: call(ctx, "letterOfCredit", "examine", [lcId]),
        gas: 1_000_000n,
      });
      await step("credit honour", {
        from: p.advisingBank,
        to: lc,
        data: call(ctx, "letterOfCredit", "honour", [lcId]),
        gas: 500_000n,
      });
      await step("credit bill endorse (to the issuing bank)", {
        from: p.advisingBank,
        to: bills,
        data: call(ctx, "billOfLading", "endorse", [billId, p.issuingBank]),
        gas: 500_000n,
      });
    });
    await cleared;

    // The shipment's milestones are on chain: each advance's tranches are drawn.
    await inLanes(0, advances.size, Math.min(16, advances.size), async (k) => {
      const [n, advanceId] = [...advances.entries()][k]!;
      // One drawdown, a claim per tranche: the first claim's writes are the drawdown's own.
      const claims: Hex[] = [];
      for (const index of ADVANCE_TRANCHES.keys()) {
        claims.push(
          await ctx.send({
            from: creditParties(ctx, n).beneficiary,
            to: advanceContract,
            data: call(ctx, "preShipmentAdvance", "claimTranche", [advanceId, BigInt(index)]),
            gas: 300_000n,
          }),
        );
      }
      ctx.record("advance drawdown (3 tranches, each claimed at its milestone)", 1, claims);
    });

    // Cleared at destination, title with the issuing bank: the exporter is paid from escrow.
    await inLanes(from, to, lanes, async (n) => {
      const p = creditParties(ctx, n);
      await step(
        CREDIT_ADVANCED(n)
          ? "credit settle (advance repaid, exporter paid)"
          : "credit settle (exporter paid)",
        {
          from: p.beneficiary,
          to: lc,
          data: call(ctx, "letterOfCredit", "settle", [lcIds.get(n)!]),
          gas: 1_000_000n,
        },
      );
    });
  },
};

// --------------------------------------------------------------------------- purchase orders

/** Registration ids by member address (the order fingerprints cover them), read once each. */
const registrationIds = new Map<Address, Promise<string>>();
function registrationIdOf(ctx: DayContext, account: Address): Promise<string> {
  let id = registrationIds.get(account);
  if (id === undefined) {
    id = ctx
      .read<{ registrationId: string }>("registry", "member", [account])
      .then((m) => m.registrationId);
    registrationIds.set(account, id);
  }
  return id;
}

/** Order `n`'s terms as an importer writes them, normalized as `order issue` does. */
function dayOrderTerms(
  exporter: Address,
  n: number,
  amount: string,
  { prefix, currency }: { prefix: string; currency: string } = { prefix: "PO", currency: "USD" },
): NormalizedOrderTerms {
  const latest = new Date(Date.now() + 60 * DAY_SECONDS * 1000).toISOString().slice(0, 10);
  return normalizeOrderTerms(
    {
      exporter,
      orderNumber: `DAY-${prefix}-${n}`,
      currency,
      amount,
      goods: `Industrial valves, order DAY-${prefix}-${n}`,
      incoterm: "FOB",
      portOfLoading: "CNSHA",
      portOfDischarge: "NLRTM",
      latestShipmentDate: latest,
      paymentTermDays: 60,
    },
    BigInt(Math.floor(Date.now() / 1000)),
  );
}

/** The order's fingerprints under the consortium's key, as `order issue` computes them. */
async function dayOrderFingerprints(
  ctx: DayContext,
  importer: Address,
  terms: NormalizedOrderTerms,
): Promise<DocumentFingerprints> {
  const [importerId, exporterId] = await Promise.all([
    registrationIdOf(ctx, importer),
    registrationIdOf(ctx, terms.exporter as Address),
  ]);
  const digits = terms.amountMinor.toString().padStart(3, "0");
  return purchaseOrderFingerprints(
    {
      importerId,
      exporterId,
      orderNumber: terms.orderNumber,
      amount: `${digits.slice(0, -2)}.${digits.slice(-2)}`, // USD, CNY: 2 decimals, no grouping
      currency: terms.currency,
      goods: terms.goodsHash,
      latestShipmentDate: terms.latestShipmentDate,
      paymentTermDays: terms.paymentTermDays,
    },
    DAY_FINGERPRINT_KEY,
  );
}

/** Shares of the day's orders: declined by the exporter, amended once, cancelled by both. */
const ORDER_DECLINED = (n: number) => n % 20 === 7; // 5 %
const ORDER_AMENDED = (n: number) => n % 10 === 3; // 10 %
const ORDER_CANCELLED = (n: number) => n % 50 === 11; // 2 %

/**
 * Purchase orders: the importer issues (terms and fingerprints as `order issue` builds them);
 * the exporter accepts, or declines 5 %; a tenth are amended after acceptance (the importer
 * proposes a new amount, the exporter accepts it) and 2 % cancelled by both parties' consent.
 */
const orders: DayActivity = {
  name: "purchase orders",
  perDay: 50_000,
  unit: "orders",
  granularity: 1,
  async run(ctx, from, to) {
    const po = address(ctx, "purchaseOrder");
    const { exporters, importers } = ctx.accounts;
    const step = async (operation: string, tx: DayTransaction) => {
      const hash = await ctx.send(tx);
      ctx.record(operation, 1, [hash]);
      return hash;
    };
    await inLanes(from, to, Math.min(16, to - from), async (n) => {
      const importer = importers[n % importers.length]!;
      const exporter = exporters[(n + 3) % exporters.length]!;
      const terms = dayOrderTerms(exporter, n, `${20_000 + (n % 500) * 100}.00`);
      const fingerprints = await dayOrderFingerprints(ctx, importer, terms);
      const issued = await step("order issue", {
        from: importer,
        to: po,
        data: call(ctx, "purchaseOrder", "issue", [orderTermsFor(terms, 2), fingerprints]),
        gas: 600_000n,
      });
      const orderId = await orderIdOf(ctx, issued);
      if (ORDER_DECLINED(n)) {
        await step("order decline", {
          from: exporter,
          to: po,
          data: call(ctx, "purchaseOrder", "decline", [orderId]),
          gas: 300_000n,
        });
        return;
      }
      await step("order accept", {
        from: exporter,
        to: po,
        data: call(ctx, "purchaseOrder", "accept", [orderId]),
        gas: 300_000n,
      });
      if (ORDER_AMENDED(n)) {
        const amended = dayOrderTerms(exporter, n, `${21_000 + (n % 500) * 100}.00`);
        const exact = (await dayOrderFingerprints(ctx, importer, amended)).exact;
        const onChain = orderTermsFor(amended, 2);
        await step("order amendment propose", {
          from: importer,
          to: po,
          data: call(ctx, "purchaseOrder", "proposeAmendment", [orderId, onChain, exact]),
          gas: 500_000n,
        });
        await step("order amendment accept", {
          from: exporter,
          to: po,
          data: call(ctx, "purchaseOrder", "acceptAmendment", [
            orderId,
            amendmentTermsHash(onChain, exact),
          ]),
          gas: 500_000n,
        });
      }
      if (ORDER_CANCELLED(n)) {
        // One cancellation, two consents: the second closes the order.
        const consents: Hex[] = [];
        for (const party of [importer, exporter]) {
          consents.push(
            await ctx.send({
              from: party,
              to: po,
              data: call(ctx, "purchaseOrder", "cancel", [orderId]),
              gas: 300_000n,
            }),
          );
        }
        ctx.record("order cancel (both parties' consent)", 1, consents);
      }
    });
  },
};

async function orderIdOf(ctx: DayContext, issued: Hex): Promise<bigint> {
  const [event] = parseEventLogs({
    abi: ctx.abis["purchaseOrder"]!,
    logs: [...(await ctx.logsOf(issued))],
    eventName: "OrderIssued",
  });
  if (event === undefined) throw new Error(`order issue ${issued} emitted no OrderIssued`);
  return (event.args as { orderId: bigint }).orderId;
}

// ------------------------------------------------------------------------------ vouchers

/** The vouchers settle in CNY deposit tokens (2 decimals), the token governance allowed them. */
const cny = (value: string): bigint => parseAmount(value, 2);
/** The tenor of the day's payables: paid 90 days on, beyond the day. */
const VOUCHER_TENOR_SECONDS = 90 * DAY_SECONDS;
/**
 * The tenor of the payables maturing today, confirmed in `setup` before the day, in chain seconds
 * per lane confirming at once. A chain block's time is at least its parent's plus one second, so
 * under load the chain's clock runs ahead of the wall clock: each transaction any lane sends
 * moves it on. The split after the confirmation must land before maturity, with every other lane
 * sending in between; the tenor leaves each lane four blocks for that.
 */
const MATURING_TENOR_SECONDS_PER_LANE = 4;
/** What each core enterprise has on deposit to fund its payables at maturity. */
const OBLIGOR_DEPOSIT = cny("10000000000.00");
const OBLIGOR_LIMIT = OBLIGOR_DEPOSIT;
const VOUCHER_DISCOUNTED = (n: number) => n % 10 < 3; // 30 % of tier-2 vouchers
const VOUCHER_TIER3 = (n: number) => n % 2 === 0; // half the tier-2 suppliers pass value on
const VOUCHER_REDEEMED = (n: number) => n % 4 === 1; // a quarter redeem themselves

/** The parties to payable `n`: a core enterprise (made OBLIGOR in `setup`) and three tiers. */
function voucherParties(ctx: DayContext, n: number) {
  // Accounts of their own: a tier's steps must land before maturity, not queue behind the day's
  // invoices and shipments of the same account.
  const { coreEnterprises, suppliers, banks } = ctx.accounts;
  return {
    obligor: coreEnterprises[n % coreEnterprises.length]!,
    tier1: suppliers[n % suppliers.length]!,
    tier2: suppliers[(n + 1) % suppliers.length]!,
    tier3: suppliers[(n + 2) % suppliers.length]!,
    bank: banks[n % banks.length]!,
  };
}

const voucherAmount = (n: number) => cny(`${100_000 + (n % 100) * 1_000}.00`);

/** A payable confirmed before the day, maturing today, and the voucher its tier-2 supplier holds. */
interface MaturingPayable {
  payableId: bigint;
  tier2Voucher: bigint;
  maturity: number;
}
/** By unit: payable `n` maturing today (unit `n` of the day pays it). */
const maturingToday = new Map<number, MaturingPayable>();

/**
 * A tier-1 supplier's invoice registered and the core enterprise's payable confirmed on it,
 * maturing `tenor` seconds after the chain's time just before; tier 1 splits 60 % to tier 2.
 * Returns the payable, its maturity and tier 2's voucher.
 */
async function confirmAndSplit(
  ctx: DayContext,
  n: number,
  tenor: number,
  prefix: string,
  record: (operation: string, hash: Hex) => void,
): Promise<MaturingPayable> {
  const p = voucherParties(ctx, n);
  const vouchers = address(ctx, "payableVoucher");
  const amount = voucherAmount(n);
  const invoice = invoiceFingerprints(
    {
      sellerTaxId: `GB${String(200_000_000 + (n % 997)).slice(0, 9)}`,
      buyerTaxId: "91310101MA1FPX1234",
      invoiceNumber: `DAY-${prefix}-${n}`,
      issueDate: "2026-12-04",
      amount: `${(Number(amount) / 100).toLocaleString("en-US")}.00`,
      currency: "CNY",
    },
    DAY_FINGERPRINT_KEY,
  );
  record(
    "voucher invoice register (tier 1)",
    await ctx.send({
      from: p.tier1,
      to: address(ctx, "invoiceRegistry"),
      data: call(ctx, "invoiceRegistry", "register", [invoice]),
      gas: 500_000n,
    }),
  );
  const maturity = (await ctx.chainTime()) + tenor;
  const confirmed = await ctx.send({
    from: p.obligor,
    to: vouchers,
    data: call(ctx, "payableVoucher", "confirm", [
      {
        supplier: p.tier1,
        amount,
        token: address(ctx, "cnyDeposit"),
        maturity,
        invoices: [invoice],
      },
    ]),
    gas: 1_000_000n,
  });
  record("voucher confirm (payable, first voucher)", confirmed);
  const [event] = parseEventLogs({
    abi: ctx.abis["payableVoucher"]!,
    logs: [...(await ctx.logsOf(confirmed))],
    eventName: "PayableConfirmed",
  });
  if (event === undefined) throw new Error(`payable ${n}: confirm emitted no PayableConfirmed`);
  const payableId = (event.args as { payableId: bigint }).payableId;
  const { rootVoucher } = await ctx.read<{ rootVoucher: bigint }>("payableVoucher", "payableOf", [
    payableId,
  ]);
  const split = await ctx.send({
    from: p.tier1,
    to: vouchers,
    data: call(ctx, "payableVoucher", "transferFrom", [rootVoucher, p.tier2, (amount * 6n) / 10n]),
    gas: 500_000n,
  });
  record("voucher split (tier 1 to tier 2)", split);
  const [issued] = parseEventLogs({
    abi: ctx.abis["payableVoucher"]!,
    logs: [...(await ctx.logsOf(split))],
    eventName: "VoucherIssued",
  });
  if (issued === undefined) throw new Error(`payable ${n}: the split issued no voucher`);
  return { payableId, maturity, tier2Voucher: (issued.args as { voucherId: bigint }).voucherId };
}

/**
 * Supply-chain finance vouchers (`PayableVoucher`, ERC-3525), every operation there is: a tier-1
 * supplier registers its invoice; the core enterprise (OBLIGOR, with a limit set by governance in
 * `setup`) confirms a payable on it at 90 days; tier 1 splits 60 % to tier 2, and half the tier-2
 * suppliers pass a third of that on to tier 3; 30 % of tier-2 suppliers discount half their
 * voucher at a bank (offer, accept: the bank pays the price and holds the value). And each unit
 * pays one payable maturing today: the core enterprise funds it, a quarter of the tier-2 holders
 * redeem themselves, and a sweep pays every other holder.
 *
 * The day's chain runs on its own clock (no time travel: the customs oracle refuses events from
 * the future), so the payables maturing today are confirmed (and split) in `setup`, with a tenor
 * of seconds, as many as the day has units.
 */
const vouchers: DayActivity = {
  name: "vouchers",
  perDay: 5_000,
  unit: "payables",
  granularity: 1,
  async setup(ctx, units) {
    const registry = address(ctx, "registry");
    const voucherContract = address(ctx, "payableVoucher");
    const token = address(ctx, "cnyDeposit");
    const obligors = ctx.accounts.coreEnterprises;
    // Governance: each core enterprise OBLIGOR with a limit (lib/chain/voucherGovernance.ts's calls).
    for (const obligor of obligors) {
      for (const [target, data, description] of [
        [
          registry,
          call(ctx, "registry", "grantRole", [roleId("OBLIGOR"), obligor]),
          `Grant OBLIGOR to ${obligor}: it may confirm payables as vouchers`,
        ],
        [
          voucherContract,
          call(ctx, "payableVoucher", "setObligorLimit", [obligor, OBLIGOR_LIMIT]),
          `Set the limit of ${obligor}'s outstanding confirmed payables`,
        ],
      ] as const) {
        await governed(ctx, target, data, description);
      }
    }
    // Deposits: the core enterprises' (to fund at maturity) and the banks' (to discount).
    const [mintingBank] = ctx.accounts.banks as [Address];
    for (const [i, holder] of [...obligors, ...ctx.accounts.banks].entries()) {
      await ctx.send({
        from: mintingBank,
        to: token,
        data: call(ctx, "cnyDeposit", "mint", [
          holder,
          OBLIGOR_DEPOSIT,
          keccak256(toHex(`caravel-day-voucher-deposit:${i}`)),
        ]),
        gas: 200_000n,
      });
      await ctx.send({
        from: holder,
        to: token,
        data: call(ctx, "cnyDeposit", "approve", [voucherContract, maxUint256]),
        gas: 100_000n,
      });
    }
    // The payables maturing today: confirmed and split before the day, one per unit.
    maturingToday.clear();
    const lanes = Math.min(16, units);
    await inLanes(0, units, lanes, async (n) => {
      const tenor = 4 + MATURING_TENOR_SECONDS_PER_LANE * lanes;
      maturingToday.set(n, await confirmAndSplit(ctx, n, tenor, "SCF-MATURING", () => undefined));
    });
    await ctx.waitForChainTime(Math.max(0, ...[...maturingToday.values()].map((m) => m.maturity)));
  },
  async run(ctx, from, to) {
    const voucherContract = address(ctx, "payableVoucher");
    const record = (operation: string, hash: Hex) => ctx.record(operation, 1, [hash]);
    const step = async (operation: string, tx: DayTransaction) => {
      const hash = await ctx.send(tx);
      record(operation, hash);
      return hash;
    };
    await inLanes(from, to, Math.min(16, to - from), async (n) => {
      const p = voucherParties(ctx, n);
      const amount = voucherAmount(n);
      // Today's payable: confirmed at 90 days, split down the tiers, a share discounted.
      const { tier2Voucher, maturity } = await confirmAndSplit(
        ctx,
        n,
        VOUCHER_TENOR_SECONDS,
        "SCF",
        record,
      );
      if (VOUCHER_TIER3(n)) {
        await step("voucher split (tier 2 to tier 3)", {
          from: p.tier2,
          to: voucherContract,
          data: call(ctx, "payableVoucher", "transferFrom", [
            tier2Voucher,
            p.tier3,
            (amount * 2n) / 10n,
          ]),
          gas: 500_000n,
        });
      }
      if (VOUCHER_DISCOUNTED(n)) {
        const offered = await step("voucher discount offer", {
          from: p.tier2,
          to: voucherContract,
          data: call(ctx, "payableVoucher", "offerDiscount", [
            tier2Voucher,
            p.bank,
            (amount * 2n) / 10n,
            350n,
            maturity - DAY_SECONDS,
          ]),
          gas: 500_000n,
        });
        const [offer] = parseEventLogs({
          abi: ctx.abis["payableVoucher"]!,
          logs: [...(await ctx.logsOf(offered))],
          eventName: "DiscountOffered",
        });
        if (offer === undefined) throw new Error(`payable ${n}: the offer emitted no event`);
        await step("voucher discount accept (bank pays the price)", {
          from: p.bank,
          to: voucherContract,
          data: call(ctx, "payableVoucher", "acceptDiscount", [
            (offer.args as { offerId: bigint }).offerId,
            350n,
          ]),
          gas: 500_000n,
        });
      }

      // The payable maturing today: funded, redeemed by a holder, swept for the rest.
      const due = maturingToday.get(n);
      if (due === undefined) throw new Error(`no payable maturing today for unit ${n}`);
      await step("voucher fund (obligor at maturity)", {
        from: p.obligor,
        to: voucherContract,
        data: call(ctx, "payableVoucher", "fund", [due.payableId, amount]),
        gas: 300_000n,
      });
      if (VOUCHER_REDEEMED(n)) {
        await step("voucher redeem (holder)", {
          from: p.tier2,
          to: voucherContract,
          data: call(ctx, "payableVoucher", "redeem", [due.tier2Voucher]),
          gas: 300_000n,
        });
      }
      const swept = await ctx.send({
        from: p.bank,
        to: voucherContract,
        data: call(ctx, "payableVoucher", "sweep", [due.payableId, 10n]),
        gas: 1_000_000n,
      });
      // A sweep pays one or two holders (none again who redeemed themselves), so its gas goes
      // with the holders paid: counted per holder, as the day judges a variable-size operation
      // (net of its fixed cost). One figure per sweep moved with which units redeemed.
      const paid = parseEventLogs({
        abi: ctx.abis["payableVoucher"]!,
        logs: [...(await ctx.logsOf(swept))],
        eventName: "VoucherRedeemed",
      }).length;
      if (paid === 0) throw new Error(`payable ${n}: the sweep paid no holder`);
      ctx.record("voucher sweep (per holder paid)", paid, [swept]);
    });
  },
};

// ------------------------------------------------------------------- payment commitments

/** A commitment's bank: the first two pool banks, made OBLIGOR in `setup` (the voucher's payer). */
const commitmentBank = (ctx: DayContext, n: number): Address => ctx.accounts.banks[n % 2]!;

/**
 * Bank payment commitments on open-account orders (`PaymentCommitment`): the importer issues a
 * CNY order and the exporter accepts it; the importer's bank offers to pay at the order's term
 * and the importer consents; the carrier issues the bill (shipper the exporter, to order) and
 * the exporter registers its invoice; the exporter presents invoice and bill, which the chain
 * matches on data with the order (buyer, currency, amount, goods; carrier, shipper, holder,
 * ports, shipment date), claiming the documents in the consortium's guard, and the bank's
 * payable is issued to the exporter as a voucher (paid at the order's term, beyond the day).
 * These commitments do not ask for customs clearance (the credits carry that path).
 */
const commitments: DayActivity = {
  name: "payment commitments",
  perDay: 10_000,
  unit: "commitments",
  granularity: 1,
  async setup(ctx) {
    const registry = address(ctx, "registry");
    const voucherContract = address(ctx, "payableVoucher");
    const product = address(ctx, "paymentCommitment");
    for (const bank of ctx.accounts.banks.slice(0, 2)) {
      for (const [target, data, description] of [
        [
          registry,
          call(ctx, "registry", "grantRole", [roleId("OBLIGOR"), bank]),
          `Grant OBLIGOR to ${bank}: it may commit to pay through vouchers`,
        ],
        [
          voucherContract,
          call(ctx, "payableVoucher", "setObligorLimit", [bank, OBLIGOR_LIMIT]),
          `Set the limit of ${bank}'s outstanding payables`,
        ],
      ] as const) {
        await governed(ctx, target, data, description);
      }
      await ctx.send({
        from: bank,
        to: voucherContract,
        data: call(ctx, "payableVoucher", "authoriseProduct", [product, true]),
        gas: 200_000n,
      });
    }
  },
  async run(ctx, from, to) {
    const po = address(ctx, "purchaseOrder");
    const pc = address(ctx, "paymentCommitment");
    const bills = address(ctx, "billOfLading");
    const invoiceRegistry = address(ctx, "invoiceRegistry");
    const token = address(ctx, "cnyDeposit");
    const { carriers, exporters, importers } = ctx.accounts;
    const now = await ctx.chainTime();
    const step = async (operation: string, tx: DayTransaction) => {
      const hash = await ctx.send(tx);
      ctx.record(operation, 1, [hash]);
      return hash;
    };
    await inLanes(from, to, Math.min(16, to - from), async (n) => {
      const importer = importers[(n + 1) % importers.length]!;
      const exporter = exporters[(n + 5) % exporters.length]!;
      const carrier = carriers[n % carriers.length]!;
      const bank = commitmentBank(ctx, n);
      const amount = `${30_000 + (n % 400) * 100}.00`;
      const terms = dayOrderTerms(exporter, n, amount, { prefix: "OA", currency: "CNY" });
      const onChain = orderTermsFor(terms, 2);
      const issued = await step("commitment order issue", {
        from: importer,
        to: po,
        data: call(ctx, "purchaseOrder", "issue", [
          onChain,
          await dayOrderFingerprints(ctx, importer, terms),
        ]),
        gas: 600_000n,
      });
      const orderId = await orderIdOf(ctx, issued);
      await step("commitment order accept", {
        from: exporter,
        to: po,
        data: call(ctx, "purchaseOrder", "accept", [orderId]),
        gas: 300_000n,
      });
      await step("commitment offer (bank)", {
        from: bank,
        to: pc,
        data: call(ctx, "paymentCommitment", "offer", [
          orderId,
          { token, toleranceBps: 0, customsRequired: false, expiresAt: now + 30 * DAY_SECONDS },
        ]),
        gas: 300_000n,
      });
      await step("commitment consent (importer)", {
        from: importer,
        to: pc,
        data: call(ctx, "paymentCommitment", "consent", [orderId]),
        gas: 200_000n,
      });
      const blNumber = `DAYOA${String(n).padStart(9, "0")}`;
      const billDocument = keccak256(toHex(`caravel-day-open-account-bill:${n}`));
      await step("commitment bill issue", {
        from: carrier,
        to: bills,
        data: call(ctx, "billOfLading", "issue", [
          billIssueStruct({
            blNumber,
            shipper: exporter,
            consignee: "to order",
            notifyParty: importer,
            vesselImo: 9_778_791,
            voyageNumber: "DAY2W",
            portOfLoading: terms.portOfLoading,
            portOfDischarge: terms.portOfDischarge,
            shippedOnBoardAt: now - DAY_SECONDS,
            documentHash: billDocument,
          }),
        ]),
        gas: 1_000_000n,
      });
      const invoice = invoiceFingerprints(
        {
          sellerTaxId: `GB${String(300_000_000 + (n % 997)).slice(0, 9)}`,
          buyerTaxId: "91310101MA1FPX1234",
          invoiceNumber: `DAY-OA-${n}`,
          issueDate: "2026-12-04",
          amount,
          currency: "CNY",
        },
        DAY_FINGERPRINT_KEY,
      );
      await step("commitment invoice register", {
        from: exporter,
        to: invoiceRegistry,
        data: call(ctx, "invoiceRegistry", "register", [invoice]),
        gas: 500_000n,
      });
      await step("commitment present (matched, voucher issued)", {
        from: exporter,
        to: pc,
        data: call(ctx, "paymentCommitment", "present", [
          orderId,
          {
            invoice: {
              fingerprints: invoice,
              buyer: importer,
              currency: onChain.currency,
              amount: onChain.amount,
              goodsHash: onChain.goodsHash,
            },
            billId: billIdOf(carrier, blNumber),
            billFingerprints: claimList(
              billOfLadingFingerprints(
                { carrier, blNumber, documentHash: billDocument },
                DAY_FINGERPRINT_KEY,
              ),
            ),
          },
        ]),
        gas: 2_000_000n,
      });
    });
  },
};

/**
 * The day's activities sent as transactions by the bench itself. The customs and transport
 * events (1,200,000 a day) reach the chain through the five oracle nodes, fed by the simulator
 * (day.ts); the credits' journeys reach them the same way (`ctx.customs`). Counts and reasons:
 * docs/BENCHMARKS.md ("A simulated trading day").
 */
export const DAY_ACTIVITIES: readonly DayActivity[] = [
  onboarding,
  invoices,
  shipments,
  credits,
  orders,
  vouchers,
  commitments,
];

/** Customs and transport events in a full day, carried by the oracle nodes. */
export const CUSTOMS_EVENTS_PER_DAY = 1_200_000;

// ------------------------------------------------------------------- before the day: warm pools

/** What `warmPools` left on chain, for the day's log and for its test to check. */
export interface WarmPools {
  /** Exporters and suppliers: each holds USD and CNY deposits and a voucher of its own payable. */
  readonly tradingMembers: readonly Address[];
  /** Their payables, confirmed at 90 days (one per member, in the order of `tradingMembers`). */
  readonly payables: readonly bigint[];
  /** The payable funded in part ahead of maturity (the voucher contract holds its funding). */
  readonly fundedPayable: bigint;
  /** Each bank's voucher, bought at a discount from a trading member. */
  readonly bankVouchers: ReadonlyMap<Address, bigint>;
  /** A credit issued and advised, not yet shipped: open through the day, its escrow held. */
  readonly openCredit: bigint;
  /** The advance funded on it, not yet drawn: the advance contract holds it. */
  readonly fundedAdvance: bigint;
  /** An order issued and accepted. */
  readonly acceptedOrder: bigint;
}

/** What a warm trading member holds on deposit in each currency. */
const WARM_DEPOSIT = usd("100000.00");

/**
 * The advising bank's advance offer to the beneficiary on credit `creditId`, as the day makes it:
 * 40 % of `amount` at 10 % a year, 80 % of the proceeds assigned, ten days' grace, a week to accept.
 */
function advanceOfferOnCredit(
  ctx: DayContext,
  p: ReturnType<typeof creditParties>,
  creditId: bigint,
  token: Address,
  amount: bigint,
  now: number,
): DayTransaction {
  return {
    from: p.advisingBank,
    to: address(ctx, "preShipmentAdvance"),
    data: call(ctx, "preShipmentAdvance", "offer", [
      {
        exporter: p.beneficiary,
        sourceKind: AdvanceSourceKind.LetterOfCredit,
        sourceId: creditId,
        token,
        limit: (amount * 4n) / 10n,
        shareBps: 8_000,
        rateBps: 1_000,
        graceDays: 10,
        expiresAt: now + 7 * DAY_SECONDS,
        tranches: ADVANCE_TRANCHES,
      },
    ]),
    gas: 600_000n,
  };
}

/** The id named `field` by the first `eventName` log of mined transaction `hash`. */
async function idFromEvent(
  ctx: DayContext,
  contract: string,
  hash: Hex,
  eventName: string,
  field: string,
): Promise<bigint> {
  const [event] = parseEventLogs({
    abi: ctx.abis[contract]!,
    logs: [...(await ctx.logsOf(hash))],
    eventName,
  });
  if (event === undefined) throw new Error(`${contract}: ${hash} emitted no ${eventName}`);
  return (event.args as Record<string, bigint>)[field]!;
}

/**
 * Before the day (outside its timer), the pools' members as they are on a real trading day:
 * they have traded before. Without it the first tenth of several operations paid for first writes
 * the last tenth did not (traced slot by slot, docs/BENCHMARKS.md "Every operation flat"): an
 * exporter's or supplier's first deposit balance (settlement, drawdown, redemption, sweep,
 * discount), a holder's first voucher (commitment voucher, split, discount), the voucher and
 * advance contracts' token balance and the open-credit list filled from empty after a slice had
 * emptied them, and the first credit, advance and order ever (their counters). Everything here
 * goes through the calls the day itself makes (deposits minted by a bank, invoices registered,
 * payables confirmed at 90 days, a discount, a credit issued and advised, an advance offered,
 * accepted and funded, an order issued and accepted), never by writing storage; none of it
 * matures, ships or settles within the day, so it stays as it is.
 */
export async function warmPools(ctx: DayContext): Promise<WarmPools> {
  const { banks, exporters, suppliers, importers, coreEnterprises } = ctx.accounts;
  const vouchers = address(ctx, "payableVoucher");
  const cnyToken = address(ctx, "cnyDeposit");
  const usdToken = address(ctx, "usdDeposit");
  const tradingMembers = [...exporters, ...suppliers];

  // Deposits: each trading member banks with one of the pool's banks, in USD and in CNY.
  await inLanes(0, tradingMembers.length, Math.min(16, tradingMembers.length), async (i) => {
    const member = tradingMembers[i]!;
    for (const [token, contract] of [
      [usdToken, "usdDeposit"],
      [cnyToken, "cnyDeposit"],
    ] as const) {
      await ctx.send({
        from: banks[i % banks.length]!,
        to: token,
        data: call(ctx, contract, "mint", [
          member,
          WARM_DEPOSIT,
          keccak256(toHex(`caravel-day-warm-deposit:${contract}:${i}`)),
        ]),
        gas: 200_000n,
      });
    }
  });

  // Vouchers: each trading member holds one, of a payable a core enterprise confirmed at 90 days
  // on the member's invoice.
  const maturity = (await ctx.chainTime()) + VOUCHER_TENOR_SECONDS;
  const payables: bigint[] = new Array<bigint>(tradingMembers.length);
  const rootVouchers: bigint[] = new Array<bigint>(tradingMembers.length);
  await inLanes(0, tradingMembers.length, Math.min(16, tradingMembers.length), async (i) => {
    const member = tradingMembers[i]!;
    const invoice = invoiceFingerprints(
      {
        sellerTaxId: `GB${String(400_000_000 + i).slice(0, 9)}`,
        buyerTaxId: "91310101MA1FPX1234",
        invoiceNumber: `DAY-WARM-${i}`,
        issueDate: "2026-12-03",
        amount: `${(Number(voucherAmount(i)) / 100).toLocaleString("en-US")}.00`,
        currency: "CNY",
      },
      DAY_FINGERPRINT_KEY,
    );
    await ctx.send({
      from: member,
      to: address(ctx, "invoiceRegistry"),
      data: call(ctx, "invoiceRegistry", "register", [invoice]),
      gas: 500_000n,
    });
    const confirmed = await ctx.send({
      from: coreEnterprises[i % coreEnterprises.length]!,
      to: vouchers,
      data: call(ctx, "payableVoucher", "confirm", [
        {
          supplier: member,
          amount: voucherAmount(i),
          token: cnyToken,
          maturity,
          invoices: [invoice],
        },
      ]),
      gas: 1_000_000n,
    });
    payables[i] = await idFromEvent(
      ctx,
      "payableVoucher",
      confirmed,
      "PayableConfirmed",
      "payableId",
    );
    rootVouchers[i] = (
      await ctx.read<{ rootVoucher: bigint }>("payableVoucher", "payableOf", [payables[i]])
    ).rootVoucher;
  });

  // The first payable funded in part ahead of maturity: the voucher contract holds CNY all day,
  // as it holds early funding of payables not yet due on any trading day.
  await ctx.send({
    from: coreEnterprises[0]!,
    to: vouchers,
    data: call(ctx, "payableVoucher", "fund", [payables[0]!, voucherAmount(0) / 2n]),
    gas: 300_000n,
  });

  // Each bank holds a voucher: a tenth of a trading member's, bought at a discount.
  const bankVouchers = new Map<Address, bigint>();
  for (const [b, bank] of banks.entries()) {
    const i = b % tradingMembers.length;
    const offered = await ctx.send({
      from: tradingMembers[i]!,
      to: vouchers,
      data: call(ctx, "payableVoucher", "offerDiscount", [
        rootVouchers[i]!,
        bank,
        voucherAmount(i) / 10n,
        350n,
        maturity - DAY_SECONDS,
      ]),
      gas: 500_000n,
    });
    const offerId = await idFromEvent(ctx, "payableVoucher", offered, "DiscountOffered", "offerId");
    const accepted = await ctx.send({
      from: bank,
      to: vouchers,
      data: call(ctx, "payableVoucher", "acceptDiscount", [offerId, 350n]),
      gas: 500_000n,
    });
    bankVouchers.set(
      bank,
      await idFromEvent(ctx, "payableVoucher", accepted, "DiscountAccepted", "bankVoucherId"),
    );
  }

  // A credit issued and advised with an advance funded on it, its goods not yet shipped: the
  // credit contract holds its escrow and lists it open, the advance contract holds the advance.
  const lc = address(ctx, "letterOfCredit");
  const advanceContract = address(ctx, "preShipmentAdvance");
  const p = creditParties(ctx, 0);
  const amount = usd("50000.00");
  const now = Math.floor(Date.now() / 1000);
  const applied = await ctx.send({
    from: p.applicant,
    to: lc,
    data: call(ctx, "letterOfCredit", "applyForCredit", [
      buildTerms({
        beneficiary: p.beneficiary,
        issuingBank: p.issuingBank,
        advisingBank: p.advisingBank,
        settlementToken: usdToken,
        currency: "USD",
        amount,
        customsClearanceRequired: true,
        expiresAt: now + 90 * DAY_SECONDS,
        placeOfExpiry: "GBLON",
        latestShipmentAt: now + 30 * DAY_SECONDS,
        presentationDays: 21,
        portOfLoading: "GBFXT",
        portOfDischarge: "CNSHA",
        countryOfOrigin: "GB",
        incoterm: "CIF",
        goodsDescription: "Machine tools under credit DAY-WARM-0",
        advisingFee: usd("150.00"),
      }),
    ]),
    gas: 1_000_000n,
  });
  const openCredit = await idFromEvent(ctx, "letterOfCredit", applied, "CreditApplied", "lcId");
  const escrow = await ctx.read<bigint>("letterOfCredit", "requiredEscrow", [openCredit]);
  await ctx.send({
    from: p.issuingBank,
    to: lc,
    data: call(ctx, "letterOfCredit", "issue", [openCredit, escrow]),
    gas: 1_000_000n,
  });
  await ctx.send({
    from: p.advisingBank,
    to: lc,
    data: call(ctx, "letterOfCredit", "advise", [openCredit]),
    gas: 500_000n,
  });
  const offered = await ctx.send(advanceOfferOnCredit(ctx, p, openCredit, usdToken, amount, now));
  const fundedAdvance = await idFromEvent(
    ctx,
    "preShipmentAdvance",
    offered,
    "AdvanceOffered",
    "advanceId",
  );
  await ctx.send({
    from: p.beneficiary,
    to: advanceContract,
    data: call(ctx, "preShipmentAdvance", "accept", [
      fundedAdvance,
      ctx.customs.carrier.address,
      "MOLUDAYWARM0000",
    ]),
    gas: 400_000n,
  });
  await ctx.send({
    from: p.advisingBank,
    to: advanceContract,
    data: call(ctx, "preShipmentAdvance", "fund", [fundedAdvance]),
    gas: 300_000n,
  });

  // An order issued and accepted.
  const importer = importers[0]!;
  const terms = dayOrderTerms(exporters[0]!, 0, "20000.00", { prefix: "WARM", currency: "USD" });
  const issued = await ctx.send({
    from: importer,
    to: address(ctx, "purchaseOrder"),
    data: call(ctx, "purchaseOrder", "issue", [
      orderTermsFor(terms, 2),
      await dayOrderFingerprints(ctx, importer, terms),
    ]),
    gas: 600_000n,
  });
  const acceptedOrder = await orderIdOf(ctx, issued);
  await ctx.send({
    from: exporters[0]!,
    to: address(ctx, "purchaseOrder"),
    data: call(ctx, "purchaseOrder", "accept", [acceptedOrder]),
    gas: 300_000n,
  });

  return {
    tradingMembers,
    payables,
    fundedPayable: payables[0]!,
    bankVouchers,
    openCredit,
    fundedAdvance,
    acceptedOrder,
  };
}
