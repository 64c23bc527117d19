/**
 * The Caliper rounds: real Caravel operations prepared ahead (fresh bill numbers, invoice
 * fingerprints under a throw-away consortium key, customs reports signed by three of the five
 * demo oracles with consecutive sequence numbers), each round with the demo member that may
 * send it, and the on-chain check that every one took effect.
 */
import { randomBytes } from "node:crypto";

import { HDNodeWallet, SigningKey } from "ethers";
import hre from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { demoMember } from "../../../lib/chain/demoConsortium.ts";
import {
  billIdOf,
  billIssueStruct,
  documentHashOf,
  shipmentRefOf,
} from "../../../lib/trade/billOfLading.ts";
import { invoiceFingerprints, invoiceIdOf } from "../../../lib/trade/invoiceFingerprint.ts";
import {
  customsDomain,
  customsEvent,
  reportDigest,
  signDigestWith,
  type CustomsEventInput,
} from "../../../test/oracle/helpers/customsReport.ts";

/** Hardhat's and Anvil's default development mnemonic: the demo members' accounts. */
const DEV_MNEMONIC = "test test test test test test test test test test test junk";
const DAY = 86_400;
const HOUR = 3_600;

export interface ContractCall {
  contract: string;
  verb: string;
  args: unknown[];
}

export interface CaliperRound {
  label: string;
  /** The contract the round calls, by its artifact name, and its deployed address. */
  contract: string;
  address: string;
  abi: readonly unknown[];
  /** Gas limit sent with each call (fixed, so no estimate call is timed). */
  gas: number;
  verb: string;
  sender: { address: string; privateKey: string };
  calls: ContractCall[];
}

function accountOf(memberKey: string): { address: string; privateKey: string } {
  const { accountIndex } = demoMember(memberKey);
  const wallet = HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, `m/44'/60'/0'/0/${accountIndex}`);
  return { address: wallet.address, privateKey: wallet.privateKey };
}

/** bigint → decimal string, recursively: what web3 (Caliper's SDK) takes and JSON can carry. */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

function addressOf(addresses: Record<string, string>, name: string): string {
  const address = addresses[name];
  if (address === undefined) throw new Error(`the deployment has no ${name}`);
  return address;
}

/** The state each round's check needs, kept from preparation. */
const expectations = new WeakMap<
  CaliperRound[],
  {
    billIds: bigint[];
    invoiceIds: string[];
    shipmentRefs: string[];
    lastSequence: bigint;
    endorsee: string;
  }
>();

/** One shipment from export declaration to import clearance: ten events. */
function journey(ref: string, start: number): CustomsEventInput[] {
  const steps: [Parameters<typeof customsEvent>[1], string, number][] = [
    ["DeclarationAccepted", "GBFXT", 0],
    ["Released", "GBFXT", 4 * HOUR],
    ["Loaded", "GBFXT", 1 * DAY],
    ["Departed", "GBFXT", 1 * DAY + 6 * HOUR],
    ["Arrived", "CNSHA", 20 * DAY],
    ["Discharged", "CNSHA", 20 * DAY + 8 * HOUR],
    ["DeclarationAccepted", "CNSHA", 21 * DAY],
    ["Released", "CNSHA", 21 * DAY + 6 * HOUR],
    ["Cleared", "CNSHA", 21 * DAY + 12 * HOUR],
  ];
  return steps.map(([type, location, offset]) => customsEvent(ref, type, start + offset, location));
}

export async function prepareRounds(
  connection: NetworkConnection,
  addresses: Record<string, string>,
  count: number,
): Promise<CaliperRound[]> {
  const { ethers } = connection;
  const carrier = accountOf("carrier");
  const exporter = accountOf("exporter");
  const importer = accountOf("importer");
  const bank = accountOf("issuingBank");
  const endorsee = accountOf("advisingBank").address;
  const oracles = [1, 2, 3, 4, 5].map((n) => accountOf(`oracle${n}`));
  const billAddress = addressOf(addresses, "billOfLading");
  const invoiceAddress = addressOf(addresses, "invoiceRegistry");
  const oracleAddress = addressOf(addresses, "customsOracle");
  const abiOf = async (name: string) => (await hre.artifacts.readArtifact(name)).abi;

  const now = (await ethers.provider.getBlock("latest"))!.timestamp;
  const tag = randomBytes(3).toString("hex").toUpperCase();
  const blNumbers = Array.from(
    { length: count },
    (_, i) => `CLP${tag}${String(i).padStart(6, "0")}`,
  );
  const billIds = blNumbers.map((bl) => billIdOf(carrier.address, bl));

  const key = randomBytes(32);
  const fingerprints = Array.from({ length: count }, (_, i) =>
    invoiceFingerprints(
      {
        sellerTaxId: "GB123456789",
        buyerTaxId: "CN91310000MA1FL8TQ3B",
        invoiceNumber: `INV-${tag}-${i}`,
        issueDate: "2026-11-02",
        amount: `${10_000 + i}.00`,
        currency: "USD",
      },
      key,
    ),
  );

  const oracle = await ethers.getContractAt("CustomsOracle", oracleAddress);
  const epoch = Number(await oracle.epoch());
  const lastSequence = await oracle.lastSequence();
  const { chainId } = await ethers.provider.getNetwork();
  const domain = customsDomain(chainId, oracleAddress);
  const keys = oracles.map((o) => new SigningKey(o.privateKey));
  const shipmentRefs = blNumbers.map((bl) => shipmentRefOf(carrier.address, bl));
  const reports: ContractCall[] = shipmentRefs.map((ref, i) => {
    const sequence = lastSequence + BigInt(i + 1);
    const events = journey(ref, now - 40 * DAY + i * 60);
    // Three of the five sign, a different three each time, in committee order.
    const signers = [0, 1, 2, 3, 4].filter((s) => (s + i) % 5 < 3);
    const digest = reportDigest(domain, { epoch, sequence, events });
    const signatures = signDigestWith(
      signers.map((s) => keys[s]!),
      digest,
    );
    return {
      contract: "CustomsOracle",
      verb: "submitReport",
      args: plain([epoch, sequence, events, signatures]) as unknown[],
    };
  });

  const rounds: CaliperRound[] = [
    {
      label: "issue-bill",
      contract: "BillOfLading",
      address: billAddress,
      abi: await abiOf("BillOfLading"),
      gas: 800_000,
      verb: "issue",
      sender: carrier,
      calls: blNumbers.map((blNumber) => ({
        contract: "BillOfLading",
        verb: "issue",
        args: [
          plain(
            billIssueStruct({
              blNumber,
              shipper: exporter.address,
              consignee: "to order",
              notifyParty: importer.address,
              vesselImo: 9074729,
              voyageNumber: "403E",
              portOfLoading: "GBFXT",
              portOfDischarge: "CNSHA",
              shippedOnBoardAt: now - 3_600,
              documentHash: documentHashOf(`bill of lading ${blNumber}`),
            }),
          ),
        ],
      })),
    },
    {
      label: "endorse-bill",
      contract: "BillOfLading",
      address: billAddress,
      abi: await abiOf("BillOfLading"),
      gas: 400_000,
      verb: "endorse",
      sender: exporter,
      calls: billIds.map((id) => ({
        contract: "BillOfLading",
        verb: "endorse",
        args: [id.toString(), endorsee],
      })),
    },
    {
      label: "register-invoice",
      contract: "InvoiceRegistry",
      address: invoiceAddress,
      abi: await abiOf("InvoiceRegistry"),
      gas: 400_000,
      verb: "register",
      sender: exporter,
      calls: fingerprints.map((f) => ({
        contract: "InvoiceRegistry",
        verb: "register",
        args: [{ exact: f.exact, identity: f.identity }],
      })),
    },
    {
      label: "finance-invoice",
      contract: "InvoiceRegistry",
      address: invoiceAddress,
      abi: await abiOf("InvoiceRegistry"),
      gas: 400_000,
      verb: "finance",
      sender: bank,
      calls: fingerprints.map((f) => ({
        contract: "InvoiceRegistry",
        verb: "finance",
        args: [exporter.address, { exact: f.exact, identity: f.identity }],
      })),
    },
    {
      label: "submit-customs-report",
      contract: "CustomsOracle",
      address: oracleAddress,
      abi: await abiOf("CustomsOracle"),
      gas: 3_000_000,
      verb: "submitReport",
      sender: oracles[0]!,
      calls: reports,
    },
  ];
  expectations.set(rounds, {
    billIds,
    invoiceIds: fingerprints.map((f) => invoiceIdOf(exporter.address, f.identity)),
    shipmentRefs,
    lastSequence: lastSequence + BigInt(count),
    endorsee,
  });
  return rounds;
}

/** Every operation Caliper counted as done is on chain: bills endorsed, invoices financed, shipments cleared. */
export async function verifyRounds(
  connection: NetworkConnection,
  addresses: Record<string, string>,
  rounds: CaliperRound[],
): Promise<void> {
  const expected = expectations.get(rounds);
  if (expected === undefined) throw new Error("verifyRounds: rounds were not prepared here");
  const { ethers } = connection;
  const bill = await ethers.getContractAt("BillOfLading", addressOf(addresses, "billOfLading"));
  const invoices = await ethers.getContractAt(
    "InvoiceRegistry",
    addressOf(addresses, "invoiceRegistry"),
  );
  const oracle = await ethers.getContractAt("CustomsOracle", addressOf(addresses, "customsOracle"));
  for (const id of expected.billIds) {
    const holder = await bill.holderOf(id);
    if (holder.toLowerCase() !== expected.endorsee.toLowerCase()) {
      throw new Error(`bill ${id}: held by ${holder}, expected the endorsee ${expected.endorsee}`);
    }
  }
  for (const id of expected.invoiceIds) {
    const invoice = await invoices.invoice(id);
    // IInvoiceRegistry.InvoiceStatus: None, Registered, Financed, …
    if (invoice.status !== 2n)
      throw new Error(`invoice ${id}: status ${invoice.status}, expected Financed`);
  }
  for (const ref of expected.shipmentRefs) {
    const [status] = await oracle.customsStatus(ref);
    // ICustomsStatus.Status: the journey ends Cleared (6), as in the customs-oracle gas bench.
    if (status !== 6n) {
      throw new Error(`shipment ${ref}: customs status ${status}, expected Cleared`);
    }
  }
  const sequence = await oracle.lastSequence();
  if (sequence !== expected.lastSequence) {
    throw new Error(`customs oracle at sequence ${sequence}, expected ${expected.lastSequence}`);
  }
}
