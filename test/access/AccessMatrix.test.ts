/**
 * Role × function access matrix: every restricted function is tried by every demo role, a
 * consortium administrator, an outsider and a suspended member, and must be refused to every
 * caller it is not meant for, with the error that says why.
 *
 * Table-driven. To cover another contract, add an `AccessSuite` (its fixture, its actors) or
 * add rows to an existing one: a row names the function, who may call it in its scenario, and
 * builds the scenario (`arrange`) returning how to call it and what refusal to expect.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import type { BaseContract, ContractTransactionResponse } from "ethers";
import { network } from "hardhat";

import { billIssueStruct } from "../../lib/trade/billOfLading.ts";
import { DEMO_MEMBERS } from "../../lib/chain/demoConsortium.ts";
import { onboardingCall } from "../../lib/chain/governance.ts";
import { roleId } from "../../lib/chain/roles.ts";
import { payableVoucherSuite } from "./PayableVoucherAccess.ts";
import { purchaseOrderSuites } from "./PurchaseOrderAccess.ts";
import {
  billInput,
  type BillWorld,
  deployBillWorld,
  issueBill,
} from "../documents/BillOfLading.fixture.ts";

const { ethers, networkHelpers } = await network.create();

/** Who tries each function: one member per demo role (two banks, two carriers), plus others. */
const ACTORS = [
  "administrator",
  "issuingBank",
  "advisingBank",
  "exporter",
  "importer",
  "carrier",
  "otherCarrier",
  "chamber",
  "customs",
  "oracle1",
  "insurer",
  "outsider",
] as const;
export type Actor = (typeof ACTORS)[number];
/** Actors that are consortium members (and so can be suspended). */
const MEMBER_ACTORS: readonly Actor[] = ACTORS.filter(
  (a) => a !== "administrator" && a !== "outsider",
);

export interface Refusal {
  contract: BaseContract;
  error: string;
  args: unknown[];
}

/** A function made callable in its scenario. */
export interface Attempt {
  call(by: HardhatEthersSigner): Promise<ContractTransactionResponse>;
  /** The refusal a caller outside `allowed` gets. */
  refusal(by: HardhatEthersSigner): Refusal;
  /** The refusal the allowed member gets once suspended (default: `refusal`). */
  suspendedRefusal?(by: HardhatEthersSigner): Refusal;
}

export interface AccessRow<W> {
  fn: string;
  /** Who may call it in this row's scenario; [] = nobody (refused to all). */
  allowed: readonly Actor[];
  arrange(world: W): Promise<Attempt>;
}

export interface AccessSuite<W> {
  contract: string;
  fixture: () => Promise<W>;
  signers(world: W): Record<Actor, HardhatEthersSigner>;
  /** Suspends a member. */
  suspend(world: W, member: HardhatEthersSigner): Promise<void>;
  rows: readonly AccessRow<W>[];
}

// ------------------------------------------------------------------ the demo world

async function worldFixture(): Promise<BillWorld> {
  return deployBillWorld(ethers);
}

function signersOf(world: BillWorld): Record<Actor, HardhatEthersSigner> {
  const member = (key: string) => {
    const signer = world.members[key];
    if (signer === undefined) throw new Error(`no demo member ${key}`);
    return signer;
  };
  return {
    administrator: world.admins[1]!,
    issuingBank: world.issuingBank,
    advisingBank: world.advisingBank,
    exporter: world.exporter,
    importer: world.importer,
    carrier: world.carrier,
    otherCarrier: world.otherCarrier,
    chamber: member("chamber"),
    customs: member("customs"),
    oracle1: member("oracle1"),
    insurer: world.insurer,
    outsider: world.outsider,
  };
}

async function suspendMember(world: BillWorld, account: HardhatEthersSigner): Promise<void> {
  await (
    await world.registry.connect(world.admins[0]!).suspendMember(account.address, "matrix")
  ).wait();
}

const ADMINISTRATOR = roleId("ADMINISTRATOR");
const GOVERNANCE = roleId("GOVERNANCE");
const CARRIER = roleId("CARRIER");
const BANK = roleId("BANK");
const ORACLE = roleId("ORACLE");
const IMPORTER = roleId("IMPORTER");

// ------------------------------------------------------------------ ConsortiumRegistry

/** BANK, ORACLE and CARRIER change only by governance: refused to every direct caller. */
function needsGovernance(world: BillWorld, role: string) {
  return (by: HardhatEthersSigner): Refusal => ({
    contract: world.registry,
    error: "ConsortiumRoleNeedsGovernance",
    args: [role, by.address],
  });
}

function missingRole(world: BillWorld, role: string) {
  return (by: HardhatEthersSigner): Refusal => ({
    contract: world.registry,
    error: "AccessControlUnauthorizedAccount",
    args: [by.address, role],
  });
}

const registryRows: readonly AccessRow<BillWorld>[] = [
  {
    fn: "propose",
    allowed: ["administrator"],
    arrange: async (w) => {
      const call = await onboardingCall(w.registry, w.outsider.address, DEMO_MEMBERS[0]!);
      return {
        call: (by) => w.registry.connect(by).propose(call.target, call.data, call.description),
        refusal: missingRole(w, ADMINISTRATOR),
      };
    },
  },
  {
    fn: "approve",
    allowed: ["administrator"],
    arrange: async (w) => {
      const call = await onboardingCall(w.registry, w.outsider.address, DEMO_MEMBERS[0]!);
      await (await w.registry.connect(w.admins[0]!).propose(call.target, call.data, "")).wait();
      const id = await w.registry.proposalCount();
      return {
        call: (by) => w.registry.connect(by).approve(id),
        refusal: missingRole(w, ADMINISTRATOR),
      };
    },
  },
  {
    fn: "cancel",
    allowed: ["administrator"],
    arrange: async (w) => {
      const call = await onboardingCall(w.registry, w.outsider.address, DEMO_MEMBERS[0]!);
      await (await w.registry.connect(w.admins[1]!).propose(call.target, call.data, "")).wait();
      const id = await w.registry.proposalCount();
      return {
        call: (by) => w.registry.connect(by).cancel(id),
        refusal: missingRole(w, ADMINISTRATOR),
      };
    },
  },
  {
    fn: "suspendMember",
    allowed: ["administrator"],
    arrange: async (w) => ({
      call: (by) => w.registry.connect(by).suspendMember(w.insurer.address, "review"),
      refusal: missingRole(w, ADMINISTRATOR),
    }),
  },
  {
    fn: "reinstateMember",
    allowed: ["administrator"],
    arrange: async (w) => {
      await suspendMember(w, w.members["customs"]!);
      return {
        call: (by) => w.registry.connect(by).reinstateMember(w.members["customs"]!.address),
        refusal: missingRole(w, ADMINISTRATOR),
      };
    },
  },
  {
    fn: "grantRole(IMPORTER)",
    allowed: ["administrator"],
    arrange: async (w) => ({
      call: (by) => w.registry.connect(by).grantRole(IMPORTER, w.insurer.address),
      refusal: missingRole(w, ADMINISTRATOR),
    }),
  },
  {
    fn: "revokeRole(IMPORTER)",
    allowed: ["administrator"],
    arrange: async (w) => ({
      call: (by) => w.registry.connect(by).revokeRole(IMPORTER, w.importer.address),
      refusal: missingRole(w, ADMINISTRATOR),
    }),
  },
  ...(
    [
      ["BANK", BANK, "advisingBank"],
      ["ORACLE", ORACLE, "oracle1"],
      ["CARRIER", CARRIER, "carrier"],
    ] as const
  ).flatMap(([name, role, holder]): AccessRow<BillWorld>[] => [
    {
      fn: `grantRole(${name})`,
      allowed: [], // governance only: a proposal the administrators approve
      arrange: async (w) => ({
        call: (by) => w.registry.connect(by).grantRole(role, w.insurer.address),
        refusal: needsGovernance(w, role),
      }),
    },
    {
      fn: `revokeRole(${name})`,
      allowed: [], // governance only
      arrange: async (w) => ({
        call: (by) => w.registry.connect(by).revokeRole(role, signersOf(w)[holder].address),
        refusal: needsGovernance(w, role),
      }),
    },
  ]),
  {
    fn: "grantRole(ADMINISTRATOR)",
    allowed: [], // governance only: a proposal the administrators approve
    arrange: async (w) => ({
      call: (by) => w.registry.connect(by).grantRole(ADMINISTRATOR, w.outsider.address),
      refusal: missingRole(w, GOVERNANCE),
    }),
  },
  {
    fn: "onboardMember",
    allowed: [], // governance only: a proposal the administrators approve
    arrange: async (w) => ({
      call: (by) =>
        w.registry
          .connect(by)
          .onboardMember(w.outsider.address, "Kowloon Freight", "HK-0001", "0x484b", [BANK]),
      refusal: missingRole(w, GOVERNANCE),
    }),
  },
];

// ------------------------------------------------------------------ BillOfLading

function notHolder(w: BillWorld, billId: bigint, holder: HardhatEthersSigner) {
  return (by: HardhatEthersSigner): Refusal => ({
    contract: w.bill,
    error: "BillOfLadingNotHolder",
    args: [billId, by.address, holder.address],
  });
}

function inactive(w: BillWorld) {
  return (by: HardhatEthersSigner): Refusal => ({
    contract: w.bill,
    error: "ConsortiumInactiveMember",
    args: [by.address],
  });
}

function notCarrier(w: BillWorld, billId: bigint) {
  return (by: HardhatEthersSigner): Refusal => ({
    contract: w.bill,
    error: "BillOfLadingNotCarrier",
    args: [billId, by.address, w.carrier.address],
  });
}

function carrierRoleMissing(w: BillWorld) {
  return (by: HardhatEthersSigner): Refusal => ({
    contract: w.bill,
    error: "ConsortiumUnauthorizedAccount",
    args: [by.address, CARRIER],
  });
}

/** A holder operation on a fresh bill held by the exporter (after `prepare`, by `holder`). */
function holderRow(
  fn: string,
  allowed: Actor,
  operate: (
    w: BillWorld,
    billId: bigint,
    by: HardhatEthersSigner,
  ) => Promise<ContractTransactionResponse>,
  prepare: (w: BillWorld, billId: bigint) => Promise<HardhatEthersSigner> = async (w) => w.exporter,
): AccessRow<BillWorld> {
  return {
    fn,
    allowed: [allowed],
    arrange: async (w) => {
      const { id } = await issueBill(w);
      const holder = await prepare(w, id);
      return {
        call: (by) => operate(w, id, by),
        refusal: notHolder(w, id, holder),
        suspendedRefusal: inactive(w),
      };
    },
  };
}

/** A carrier operation on a bill the exporter surrendered (`forAmendment` says why). */
function carrierRow(
  fn: string,
  forAmendment: boolean,
  operate: (
    w: BillWorld,
    billId: bigint,
    by: HardhatEthersSigner,
  ) => Promise<ContractTransactionResponse>,
): AccessRow<BillWorld> {
  return {
    fn,
    allowed: ["carrier"],
    arrange: async (w) => {
      const { id } = await issueBill(w);
      const bill = w.bill.connect(w.exporter);
      await (
        await (forAmendment ? bill.surrenderForAmendment(id) : bill.surrenderForDelivery(id))
      ).wait();
      return {
        call: (by) => operate(w, id, by),
        refusal: notCarrier(w, id),
        suspendedRefusal: carrierRoleMissing(w),
      };
    },
  };
}

const billRows: readonly AccessRow<BillWorld>[] = [
  {
    fn: "issue",
    allowed: ["carrier", "otherCarrier"],
    arrange: async (w) => ({
      call: (by) => w.bill.connect(by).issue(billIssueStruct(billInput(w))),
      refusal: carrierRoleMissing(w),
    }),
  },
  holderRow("endorse", "exporter", (w, id, by) =>
    w.bill.connect(by).endorse(id, w.importer.address),
  ),
  holderRow("endorseInBlank", "exporter", (w, id, by) => w.bill.connect(by).endorseInBlank(id)),
  holderRow(
    "transferPossession",
    "exporter",
    (w, id, by) => w.bill.connect(by).transferPossession(id, w.importer.address),
    async (w, id) => {
      await (await w.bill.connect(w.exporter).endorseInBlank(id)).wait();
      return w.exporter;
    },
  ),
  holderRow(
    "refuse",
    "importer",
    (w, id, by) => w.bill.connect(by).refuse(id),
    async (w, id) => {
      await (await w.bill.connect(w.exporter).endorse(id, w.importer.address)).wait();
      return w.importer;
    },
  ),
  holderRow("pledge", "exporter", (w, id, by) =>
    w.bill.connect(by).pledge(id, w.issuingBank.address),
  ),
  holderRow(
    "releasePledge",
    "issuingBank",
    (w, id, by) => w.bill.connect(by).releasePledge(id),
    async (w, id) => {
      await (await w.bill.connect(w.exporter).pledge(id, w.issuingBank.address)).wait();
      return w.issuingBank;
    },
  ),
  holderRow(
    "enforcePledge",
    "issuingBank",
    (w, id, by) => w.bill.connect(by).enforcePledge(id),
    async (w, id) => {
      await (await w.bill.connect(w.exporter).pledge(id, w.issuingBank.address)).wait();
      return w.issuingBank;
    },
  ),
  holderRow("surrenderForDelivery", "exporter", (w, id, by) =>
    w.bill.connect(by).surrenderForDelivery(id),
  ),
  holderRow("surrenderForAmendment", "exporter", (w, id, by) =>
    w.bill.connect(by).surrenderForAmendment(id),
  ),
  carrierRow("acceptSurrender", false, (w, id, by) => w.bill.connect(by).acceptSurrender(id)),
  carrierRow("rejectSurrender", false, (w, id, by) =>
    w.bill.connect(by).rejectSurrender(id, "unpaid"),
  ),
  carrierRow("amend", true, (w, id, by) =>
    w.bill.connect(by).amend(id, billIssueStruct(billInput(w))),
  ),
  carrierRow("voidBill", true, (w, id, by) => w.bill.connect(by).voidBill(id, "switched to paper")),
  {
    fn: "transferFrom (ERC-721)",
    allowed: [], // a bill moves only through its title operations, even for its holder
    arrange: async (w) => {
      const { id } = await issueBill(w);
      return {
        call: (by) => w.bill.connect(by).transferFrom(w.exporter.address, w.importer.address, id),
        refusal: (by) => ({
          contract: w.bill,
          error: "BillOfLadingTransferRestricted",
          args: [id, by.address],
        }),
      };
    },
  },
  {
    fn: "safeTransferFrom (ERC-721)",
    allowed: [],
    arrange: async (w) => {
      const { id } = await issueBill(w);
      return {
        call: (by) => {
          const bill = w.bill.connect(by);
          return bill["safeTransferFrom(address,address,uint256)"](
            w.exporter.address,
            w.importer.address,
            id,
          );
        },
        refusal: (by) => ({
          contract: w.bill,
          error: "BillOfLadingTransferRestricted",
          args: [id, by.address],
        }),
      };
    },
  },
];

// ------------------------------------------------------------------ the suites

const SUITES: readonly AccessSuite<BillWorld>[] = [
  {
    contract: "ConsortiumRegistry",
    fixture: worldFixture,
    signers: signersOf,
    suspend: suspendMember,
    rows: registryRows,
  },
  {
    contract: "BillOfLading",
    fixture: worldFixture,
    signers: signersOf,
    suspend: suspendMember,
    rows: billRows,
  },
];

const VOUCHER_SUITE = payableVoucherSuite(ethers, ACTORS);
const ORDER_SUITES = purchaseOrderSuites(ethers, signersOf, suspendMember);

async function expectRefused(attempt: Attempt, by: HardhatEthersSigner, refusal: Refusal) {
  await expect(attempt.call(by))
    .to.be.revertedWithCustomError(refusal.contract, refusal.error)
    .withArgs(...refusal.args);
}

function describeSuite<W>(suite: AccessSuite<W>): void {
  describe(suite.contract, function () {
    for (const row of suite.rows) {
      describe(`${row.fn} (allowed: ${row.allowed.length === 0 ? "nobody" : row.allowed.join(", ")})`, function () {
        for (const actor of ACTORS) {
          const allowed = row.allowed.includes(actor);
          it(`${allowed ? "allows" : "refuses"} ${actor}`, async function () {
            const world = await networkHelpers.loadFixture(suite.fixture);
            const attempt = await row.arrange(world);
            const by = suite.signers(world)[actor];
            if (allowed) {
              const receipt = await (await attempt.call(by)).wait();
              expect(receipt?.status).to.equal(1);
            } else {
              await expectRefused(attempt, by, attempt.refusal(by));
            }
          });
        }

        const suspendedActor = row.allowed.find((a) => MEMBER_ACTORS.includes(a)) ?? "exporter";
        it(`refuses a suspended member (${suspendedActor}, suspended)`, async function () {
          const world = await networkHelpers.loadFixture(suite.fixture);
          const attempt = await row.arrange(world);
          const by = suite.signers(world)[suspendedActor];
          await suite.suspend(world, by);
          const refusal = row.allowed.includes(suspendedActor)
            ? (attempt.suspendedRefusal ?? attempt.refusal)(by)
            : attempt.refusal(by);
          await expectRefused(attempt, by, refusal);
        });
      });
    }
  });
}

describe("Access matrix", function () {
  for (const suite of SUITES) describeSuite(suite);
  describeSuite(VOUCHER_SUITE);
  for (const suite of ORDER_SUITES) describeSuite(suite);
});
