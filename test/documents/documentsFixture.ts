/**
 * Test fixture for the trade documents: the demo consortium (test/helpers/consortium.ts) plus
 * a second chamber of commerce and a second exporter, and the certificate-of-origin and
 * invoice registries deployed against it.
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { toUtf8Bytes, zeroPadBytes } from "ethers";

import { executeGovernance, onboardingCall } from "../../lib/chain/governance.ts";
import type {
  CertificateOfOriginRegistry,
  ConsortiumRegistry,
  InvoiceRegistry,
} from "../../types/ethers-contracts/index.js";
import { type Consortium, deployConsortium } from "../helpers/consortium.ts";

export interface DocumentsFixture extends Consortium {
  origin: CertificateOfOriginRegistry;
  invoices: InvoiceRegistry;
  /** A second CHAMBER member (outsiders[0] onboarded). */
  otherChamber: HardhatEthersSigner;
  /** A second EXPORTER member (outsiders[1] onboarded). */
  otherExporter: HardhatEthersSigner;
  /** Accounts that are members of nothing (outsiders[2..]). */
  strangers: HardhatEthersSigner[];
}

export async function deployDocuments(ethers: HardhatEthers): Promise<DocumentsFixture> {
  const consortium = await deployConsortium(ethers);
  const { registry, admins, outsiders } = consortium;
  const [otherChamber, otherExporter, ...strangers] = outsiders as [
    HardhatEthersSigner,
    HardhatEthersSigner,
    ...HardhatEthersSigner[],
  ];
  await onboard(registry, admins, otherChamber.address, {
    name: "Shanghai Chamber of International Commerce",
    registrationId: "CN-CCPIT-SH-0001",
    country: "CN",
    roles: ["CHAMBER"],
  });
  await onboard(registry, admins, otherExporter.address, {
    name: "Severn Optical Works Ltd",
    registrationId: "GB-COH-09876543",
    country: "GB",
    roles: ["EXPORTER"],
  });
  const origin = await ethers.deployContract("CertificateOfOriginRegistry", [
    await registry.getAddress(),
  ]);
  const invoices = await ethers.deployContract("InvoiceRegistry", [await registry.getAddress()]);
  return { ...consortium, origin, invoices, otherChamber, otherExporter, strangers };
}

async function onboard(
  registry: ConsortiumRegistry,
  admins: HardhatEthersSigner[],
  account: string,
  member: Parameters<typeof onboardingCall>[2],
): Promise<void> {
  await executeGovernance(
    registry,
    admins[0]!,
    admins.slice(1),
    await onboardingCall(registry, account, member),
  );
}

/** `text` as a left-aligned, zero-padded ASCII bytesN (bytes2, bytes4, bytes16...). */
export function ascii(text: string, length: number): string {
  return zeroPadBytes(toUtf8Bytes(text), length);
}

/** Suspend `account` (one administrator may do it alone). */
export async function suspend(fixture: Consortium, account: string): Promise<void> {
  await (
    await fixture.registry.connect(fixture.admins[0]!).suspendMember(account, "under investigation")
  ).wait();
}

/** ICertificateOfOriginRegistry.Verdict, mirrored. */
export const Verdict = {
  Unknown: 0n,
  Valid: 1n,
  Revoked: 2n,
  Expired: 3n,
  HashMismatch: 4n,
} as const;

/** IInvoiceRegistry.InvoiceStatus, mirrored. */
export const InvoiceStatus = {
  None: 0n,
  Registered: 1n,
  Financed: 2n,
  Repaid: 3n,
  Cancelled: 4n,
} as const;

/** IInvoiceRegistry.FingerprintKind, mirrored. */
export const FingerprintKind = { Exact: 0n, Identity: 1n } as const;

/** The `allowed` bitmap of InvoiceRegistryUnexpectedStatus for one status. */
export function statusBit(status: bigint): string {
  return "0x" + (1n << status).toString(16).padStart(64, "0");
}
