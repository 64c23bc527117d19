/**
 * Test fixture of the electronic bill of lading: the demo consortium, a second carrier, the
 * BillOfLading contract, and helpers that issue bills and walk them through title operations.
 * Shared by the bill's specification and the access matrix.
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

import {
  billIdOf,
  billIssueStruct,
  type BillIssueInput,
  type BillIssueStruct,
  documentHashOf,
} from "../../lib/trade/billOfLading.ts";
import { executeGovernance, onboardingCall } from "../../lib/chain/governance.ts";
import type { BillOfLading } from "../../types/ethers-contracts/index.js";
import { type Consortium, deployConsortium, memberSigner } from "../helpers/consortium.ts";

export interface BillWorld extends Consortium {
  bill: BillOfLading;
  carrier: HardhatEthersSigner;
  /** Another CARRIER member (Kestrel Shipping), onboarded for these tests. */
  otherCarrier: HardhatEthersSigner;
  exporter: HardhatEthersSigner;
  importer: HardhatEthersSigner;
  issuingBank: HardhatEthersSigner;
  advisingBank: HardhatEthersSigner;
  insurer: HardhatEthersSigner;
  /** An account that is no member at all. */
  outsider: HardhatEthersSigner;
  /** Block time when the fixture was built. */
  now: number;
}

export interface IssuedBill {
  id: bigint;
  blNumber: string;
  struct: BillIssueStruct;
}

let serial = 0;

/** A fresh, valid issue: "to order" of the exporter, Felixstowe to Shanghai, unless overridden. */
export function billInput(
  world: BillWorld,
  overrides: Partial<BillIssueInput> = {},
): BillIssueInput {
  serial += 1;
  const blNumber = overrides.blNumber ?? `MRDN2403${String(serial).padStart(4, "0")}`;
  return {
    blNumber,
    shipper: world.exporter.address,
    consignee: "to order",
    notifyParty: world.importer.address,
    vesselImo: 9074729,
    voyageNumber: "403E",
    portOfLoading: "GBFXT",
    portOfDischarge: "CNSHA",
    shippedOnBoardAt: world.now - 3600,
    documentHash: documentHashOf(`bill of lading ${blNumber}`),
    ...overrides,
  };
}

/** Issues a bill as `by` (the demo carrier unless given) and returns its id and struct. */
export async function issueBill(
  world: BillWorld,
  overrides: Partial<BillIssueInput> = {},
  by: HardhatEthersSigner = world.carrier,
): Promise<IssuedBill> {
  const struct = billIssueStruct(billInput(world, overrides));
  await (await world.bill.connect(by).issue(struct)).wait();
  return { id: billIdOf(by.address, struct.blNumber), blNumber: struct.blNumber, struct };
}

/** Suspends `account` through a consortium administrator. */
export async function suspend(world: BillWorld, account: HardhatEthersSigner): Promise<void> {
  await (
    await world.registry.connect(world.admins[0]!).suspendMember(account.address, "under review")
  ).wait();
}

export async function deployBillWorld(ethers: HardhatEthers): Promise<BillWorld> {
  const consortium = await deployConsortium(ethers);
  const [otherCarrier, outsider] = consortium.outsiders;
  await executeGovernance(
    consortium.registry,
    consortium.admins[0]!,
    consortium.admins.slice(1),
    await onboardingCall(consortium.registry, otherCarrier!.address, {
      name: "Kestrel Shipping Pte. Ltd.",
      registrationId: "5493004KESTRELSHP031",
      country: "SG",
      roles: ["CARRIER"],
    }),
  );
  const bill = await ethers.deployContract("BillOfLading", [
    await consortium.registry.getAddress(),
  ]);
  const now = (await ethers.provider.getBlock("latest"))!.timestamp;
  return {
    ...consortium,
    bill,
    carrier: memberSigner(consortium, "carrier"),
    otherCarrier: otherCarrier!,
    exporter: memberSigner(consortium, "exporter"),
    importer: memberSigner(consortium, "importer"),
    issuingBank: memberSigner(consortium, "issuingBank"),
    advisingBank: memberSigner(consortium, "advisingBank"),
    insurer: memberSigner(consortium, "insurer"),
    outsider: outsider!,
    now,
  };
}
