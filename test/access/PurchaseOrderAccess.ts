/**
 * The access matrix's rows for purchase orders (PurchaseOrder) and the document-financing guard
 * (DocumentFinancingRegistry, and the invoice registry's hook naming it). The world is the bill
 * world of the matrix (every actor exists) plus the two contracts; the order in the rows is the
 * demo importer's to the demo exporter.
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { id } from "ethers";

import { roleId } from "../../lib/chain/roles.ts";
import { amendmentTermsHash, type OrderTerms } from "../../lib/trade/purchaseOrder.ts";
import type {
  DocumentFinancingRegistry,
  InvoiceRegistry,
  PurchaseOrder,
} from "../../types/ethers-contracts/index.js";
import { type BillWorld, deployBillWorld } from "../documents/BillOfLading.fixture.ts";
import {
  DAY,
  fingerprintsOf,
  isoDate,
  rawOrder,
  termsOf,
} from "../documents/purchaseOrderFixture.ts";
import type { AccessRow, AccessSuite, Actor, Refusal } from "./AccessMatrix.test.ts";

interface OrderWorld extends BillWorld {
  orders: PurchaseOrder;
  guard: DocumentFinancingRegistry;
  invoices: InvoiceRegistry;
  terms: OrderTerms;
  amended: OrderTerms;
}

const IMPORTER = roleId("IMPORTER");
const EXPORTER = roleId("EXPORTER");

export function purchaseOrderSuites(
  ethers: HardhatEthers,
  signersOf: (world: BillWorld) => Record<Actor, HardhatEthersSigner>,
  suspend: (world: BillWorld, member: HardhatEthersSigner) => Promise<void>,
): AccessSuite<OrderWorld>[] {
  async function fixture(): Promise<OrderWorld> {
    const w = await deployBillWorld(ethers);
    const registry = await w.registry.getAddress();
    const orders = (await ethers.deployContract("PurchaseOrder", [
      registry,
    ])) as unknown as PurchaseOrder;
    const guard = (await ethers.deployContract("DocumentFinancingRegistry", [
      registry,
    ])) as unknown as DocumentFinancingRegistry;
    const invoices = (await ethers.deployContract("InvoiceRegistry", [
      registry,
    ])) as unknown as InvoiceRegistry;
    const now = (await ethers.provider.getBlock("latest"))!.timestamp;
    const raw = rawOrder(w.exporter.address, isoDate(now + 60 * DAY));
    const terms = termsOf(raw, now);
    await (await orders.connect(w.importer).issue(terms, fingerprintsOf(raw))).wait();
    const amended = termsOf({ ...raw, latestShipmentDate: isoDate(now + 90 * DAY) }, now);
    return { ...w, orders, guard, invoices, terms, amended };
  }

  const nonMembers = (w: OrderWorld) => [w.admins[1]!.address, w.outsider.address];

  function error(w: OrderWorld, name: string, args: (by: HardhatEthersSigner) => unknown[]) {
    return (by: HardhatEthersSigner): Refusal => ({
      contract: w.orders,
      error: name,
      args: args(by),
    });
  }
  const missingRole = (w: OrderWorld, role: string) =>
    error(w, "ConsortiumUnauthorizedAccount", (by) => [by.address, role]);
  const inactive = (w: OrderWorld) => error(w, "ConsortiumInactiveMember", (by) => [by.address]);
  /** Non-members are refused as inactive before the order is looked at. */
  function memberOr(w: OrderWorld, refusal: (by: HardhatEthersSigner) => Refusal) {
    return (by: HardhatEthersSigner): Refusal =>
      nonMembers(w).includes(by.address) ? inactive(w)(by) : refusal(by);
  }
  const notParty = (w: OrderWorld) =>
    memberOr(
      w,
      error(w, "PurchaseOrderNotParty", (by) => [1n, by.address]),
    );
  const amendedExact = id("amended exact fingerprint");
  const propose = async (w: OrderWorld, by: HardhatEthersSigner) =>
    (await w.orders.connect(by).proposeAmendment(1n, w.amended, amendedExact)).wait();

  const orderRows: readonly AccessRow<OrderWorld>[] = [
    {
      fn: "issue",
      allowed: ["importer"],
      arrange: async (w) => {
        const now = (await ethers.provider.getBlock("latest"))!.timestamp;
        const raw = {
          ...rawOrder(w.exporter.address, isoDate(now + 60 * DAY)),
          orderNumber: "HME-PO-2025-0043",
        };
        const terms = termsOf(raw, now);
        return {
          call: (by) => w.orders.connect(by).issue(terms, fingerprintsOf(raw)),
          refusal: missingRole(w, IMPORTER),
        };
      },
    },
    {
      fn: "accept",
      allowed: ["exporter"],
      arrange: async (w) => ({
        call: (by) => w.orders.connect(by).accept(1n),
        refusal: missingRole(w, EXPORTER),
      }),
    },
    {
      fn: "decline",
      allowed: ["exporter"],
      arrange: async (w) => ({
        call: (by) => w.orders.connect(by).decline(1n),
        refusal: missingRole(w, EXPORTER),
      }),
    },
    {
      fn: "proposeAmendment",
      allowed: ["importer", "exporter"],
      arrange: async (w) => ({
        call: (by) => w.orders.connect(by).proposeAmendment(1n, w.amended, amendedExact),
        refusal: notParty(w),
        suspendedRefusal: inactive(w),
      }),
    },
    {
      fn: "acceptAmendment",
      allowed: ["importer"],
      arrange: async (w) => {
        await propose(w, w.exporter);
        const termsHash = amendmentTermsHash(w.amended, amendedExact);
        return {
          call: (by) => w.orders.connect(by).acceptAmendment(1n, termsHash),
          refusal: (by) =>
            by.address === w.exporter.address
              ? error(w, "PurchaseOrderOwnAmendment", (b) => [1n, b.address])(by)
              : notParty(w)(by),
          suspendedRefusal: inactive(w),
        };
      },
    },
    {
      fn: "withdrawAmendment",
      allowed: ["exporter"],
      arrange: async (w) => {
        await propose(w, w.exporter);
        return {
          call: (by) => w.orders.connect(by).withdrawAmendment(1n),
          refusal: memberOr(
            w,
            error(w, "PurchaseOrderNotProposer", (by) => [1n, by.address, w.exporter.address]),
          ),
          suspendedRefusal: inactive(w),
        };
      },
    },
    {
      fn: "cancel",
      allowed: ["importer", "exporter"],
      arrange: async (w) => ({
        call: (by) => w.orders.connect(by).cancel(1n),
        refusal: notParty(w),
        suspendedRefusal: inactive(w),
      }),
    },
    {
      fn: "withdrawCancellation",
      allowed: ["importer"],
      arrange: async (w) => {
        await (await w.orders.connect(w.importer).cancel(1n)).wait();
        return {
          call: (by) => w.orders.connect(by).withdrawCancellation(1n),
          refusal: (by) =>
            by.address === w.exporter.address
              ? error(w, "PurchaseOrderNoCancellationConsent", (b) => [1n, b.address])(by)
              : notParty(w)(by),
          suspendedRefusal: inactive(w),
        };
      },
    },
  ];

  const onlyGovernance =
    (contract: DocumentFinancingRegistry | InvoiceRegistry) =>
    (by: HardhatEthersSigner): Refusal => ({
      contract,
      error: "ConsortiumOnlyGovernance",
      args: [by.address],
    });

  const guardRows: readonly AccessRow<OrderWorld>[] = [
    {
      fn: "setProduct",
      allowed: [],
      arrange: async (w) => ({
        call: (by) => w.guard.connect(by).setProduct(by.address, true),
        refusal: onlyGovernance(w.guard),
      }),
    },
    {
      fn: "claim",
      allowed: [],
      arrange: async (w) => ({
        call: (by) => w.guard.connect(by).claim(1, [id("order exact"), id("order fuzzy")], 1n),
        refusal: (by) => ({
          contract: w.guard,
          error: "DocumentFinancingNotProduct",
          args: [by.address],
        }),
      }),
    },
    {
      fn: "release",
      allowed: [],
      arrange: async (w) => ({
        call: (by) => w.guard.connect(by).release(1, [id("order exact")], 1n),
        refusal: () => ({
          contract: w.guard,
          error: "DocumentFinancingNotHeld",
          args: [1, id("order exact"), ethers.ZeroAddress, 0n],
        }),
      }),
    },
    {
      fn: "InvoiceRegistry.setDocumentFinancing",
      allowed: [],
      arrange: async (w) => ({
        call: async (by) => w.invoices.connect(by).setDocumentFinancing(await w.guard.getAddress()),
        refusal: onlyGovernance(w.invoices),
      }),
    },
  ];

  return [
    { contract: "PurchaseOrder", fixture, signers: signersOf, suspend, rows: orderRows },
    {
      contract: "DocumentFinancingRegistry",
      fixture,
      signers: signersOf,
      suspend,
      rows: guardRows,
    },
  ];
}
