/**
 * Gas of every electronic bill of lading operation, all-in: the `gasUsed` of the whole
 * transaction's receipt (21,000 base, calldata, execution, refunds applied).
 *
 * A title move rewrites three per-bill words (state, title-chain head, title link), all written
 * at issue, and no per-account word (no ERC-721 balances are kept): it should cost the same for a
 * first-time receiver (never held a bill) and a repeat receiver, and both are measured to show
 * it. The scenario is an ordinary trade on the demo consortium, nothing pre-warmed.
 *
 * TradeTrust token-registry v5 is deployed and measured in the same run (./tradetrust.ts says
 * how, and what each of its operations counts); each Caravel move is printed beside the TradeTrust
 * operation with the same effect as `baseline`, with `ratio` = Caravel / TradeTrust: issue beside
 * `mint`; endorse (title and possession to the endorsee) beside `transferOwners` by a party that
 * is both beneficiary and holder, TradeTrust's cheapest way to the same effect (its two-step
 * `nominate` + `transferBeneficiary`, printed too, costs more); transfer of possession and pledge
 * (possession to a bank) beside `transferHolder`; surrender beside `returnToIssuer`; the
 * carrier's acceptance and rejection beside the registry's `burn` and `restore`.
 *
 * Run: npx hardhat run scripts/bench/gas/bill-of-lading.bench.ts   (or npm run bench:gas)
 */
import type { ContractTransactionResponse, Signer } from "ethers";
import { network } from "hardhat";

import { measureTradeTrust, type TradeTrustMeasurement } from "./tradetrust.ts";

import { billIdOf, billIssueStruct, documentHashOf } from "../../../lib/trade/billOfLading.ts";
import {
  DEMO_ADMINISTRATOR_INDEXES,
  DEMO_APPROVAL_THRESHOLD,
  DEMO_MEMBERS,
} from "../../../lib/chain/demoConsortium.ts";
import { executeGovernance, onboardingCall } from "../../../lib/chain/governance.ts";

const BENCH = "gas-bill-of-lading";

/** Prints a Caravel measurement, beside TradeTrust's `reference` operation measured in this run. */
function print(metric: string, value: number, reference?: string): void {
  const line: Record<string, string | number> = { bench: BENCH, metric, value, unit: "gas" };
  if (reference !== undefined) {
    const baseline = tradeTrust.gas[reference];
    if (baseline === undefined) throw new Error(`TradeTrust ${reference} was not measured`);
    line.baseline = baseline;
    line.ratio = Number((value / baseline).toFixed(3));
    line.baselineSource = `TradeTrust token-registry ${tradeTrust.packageVersion} ${reference}, measured in this run`;
  }
  console.log(JSON.stringify(line));
}

async function gasOf(pending: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await pending).wait();
  if (receipt === null) throw new Error("transaction was dropped");
  return Number(receipt.gasUsed);
}

const { ethers } = await network.create();
const signers = await ethers.getSigners();
const admins = DEMO_ADMINISTRATOR_INDEXES.map((i) => signers[i]!);
const registry = await ethers.deployContract("ConsortiumRegistry", [
  admins.map((a) => a.address),
  DEMO_APPROVAL_THRESHOLD,
]);
const members: Record<string, Signer & { address: string }> = {};
for (const m of DEMO_MEMBERS) {
  const account = signers[m.accountIndex]!;
  await executeGovernance(
    registry,
    admins[0]!,
    admins.slice(1),
    await onboardingCall(registry, account.address, m),
  );
  members[m.key] = account;
}
const member = (key: string) => {
  const signer = members[key];
  if (signer === undefined) throw new Error(`no demo member ${key}`);
  return signer;
};
const carrier = member("carrier");
const exporter = member("exporter");
const importer = member("importer");
const issuingBank = member("issuingBank");
const advisingBank = member("advisingBank");

const bill = await ethers.deployContract("BillOfLading", [await registry.getAddress()]);
const asCarrier = bill.connect(carrier);
const now = (await ethers.provider.getBlock("latest"))!.timestamp;

let serial = 0;
function nextBill(consignee: string = "to order") {
  serial += 1;
  const blNumber = `MRDN24031${String(serial).padStart(3, "0")}`;
  const struct = billIssueStruct({
    blNumber,
    shipper: exporter.address,
    consignee,
    notifyParty: importer.address,
    vesselImo: 9074729,
    voyageNumber: "403E",
    portOfLoading: "GBFXT",
    portOfDischarge: "CNSHA",
    shippedOnBoardAt: now - 3600,
    documentHash: documentHashOf(`bill of lading ${blNumber}`),
  });
  return { struct, id: billIdOf(carrier.address, blNumber) };
}

// ---- issue, the dearest case: a shipper that never held a bill, a straight bill (one more
// registry check), the longest B/L number (20) and voyage number (50).
const insurer = member("insurer");

// ---- TradeTrust, measured first on its own accounts' behalf (its moves touch no Caravel storage).
const tradeTrust: TradeTrustMeasurement = await measureTradeTrust({
  issuer: carrier,
  shipper: exporter,
  bankA: member("advisingBank"),
  bankB: member("issuingBank"),
  buyer: importer,
});
const worst = billIssueStruct({
  blNumber: "MRDNGBFXT24039999999",
  shipper: insurer.address,
  consignee: importer.address,
  notifyParty: importer.address,
  vesselImo: 9074729,
  voyageNumber: "V".repeat(50),
  portOfLoading: "GBFXT",
  portOfDischarge: "CNSHA",
  shippedOnBoardAt: now - 3600,
  documentHash: documentHashOf("bill of lading MRDNGBFXT24039999999"),
});
print("issue.worst-case", await gasOf(asCarrier.issue(worst)), "mint.first");

// ---- issue: the exporter has never held a bill, then it has.
const a = nextBill();
print("issue.first-time-shipper", await gasOf(asCarrier.issue(a.struct)), "mint.first");
const b = nextBill();
print("issue.repeat-shipper", await gasOf(asCarrier.issue(b.struct)), "mint.repeat");
const straight = nextBill(importer.address);
print(
  "issue.straight-repeat-shipper",
  await gasOf(asCarrier.issue(straight.struct)),
  "mint.repeat",
);

// ---- endorse: to a bank that never held a bill, then to one that holds one.
print(
  "endorse.first-time-receiver",
  await gasOf(bill.connect(exporter).endorse(a.id, advisingBank.address)),
  "transferOwners.first-time-receiver",
);
print(
  "endorse.repeat-receiver",
  await gasOf(bill.connect(exporter).endorse(b.id, advisingBank.address)),
  "transferOwners.repeat-receiver",
);

// ---- refuse: the advising bank refuses bill b; the exporter (held before) gets it back.
print("refuse", await gasOf(bill.connect(advisingBank).refuse(b.id)));

// ---- blank endorsement and transfer of possession of a bearer bill.
print("endorse-in-blank", await gasOf(bill.connect(advisingBank).endorseInBlank(a.id)));
print(
  "transfer.first-time-receiver",
  await gasOf(bill.connect(advisingBank).transferPossession(a.id, importer.address)),
  "transferHolder.first-time-receiver",
);
print(
  "transfer.repeat-receiver",
  await gasOf(bill.connect(importer).transferPossession(a.id, advisingBank.address)),
  "transferHolder.repeat-receiver",
);

// ---- pledge to a bank: first time for the issuing bank, then again after release.
print(
  "pledge.first-time-bank",
  await gasOf(bill.connect(exporter).pledge(b.id, issuingBank.address)),
  "transferHolder.first-time-receiver",
);
print("release-pledge", await gasOf(bill.connect(issuingBank).releasePledge(b.id)));
print(
  "pledge.repeat-bank",
  await gasOf(bill.connect(exporter).pledge(b.id, issuingBank.address)),
  "transferHolder.repeat-receiver",
);
print("enforce-pledge", await gasOf(bill.connect(issuingBank).enforcePledge(b.id)));

// ---- surrender for delivery: the carrier holds no bill yet, then it holds an accomplished one.
print(
  "surrender.first-time-carrier",
  await gasOf(bill.connect(advisingBank).surrenderForDelivery(a.id)),
  "returnToIssuer",
);
print(
  "accept-surrender",
  await gasOf(asCarrier.acceptSurrender(a.id)),
  "accept-return (burn, shreds the escrow)",
);
print(
  "surrender.repeat-carrier",
  await gasOf(bill.connect(issuingBank).surrenderForDelivery(b.id)),
  "returnToIssuer",
);
print(
  "reject-surrender",
  await gasOf(asCarrier.rejectSurrender(b.id, "B/L not duly endorsed")),
  "reject-return (restore)",
);

// ---- surrender for amendment, then amend (void the old bill + issue the replacement) or void.
print(
  "surrender-for-amendment",
  await gasOf(bill.connect(issuingBank).surrenderForAmendment(b.id)),
);
const amended = nextBill();
print("amend", await gasOf(asCarrier.amend(b.id, amended.struct)));
await gasOf(bill.connect(issuingBank).surrenderForAmendment(amended.id));
print("void", await gasOf(asCarrier.voidBill(amended.id, "switched to paper (SWTP)")));

// ---- every TradeTrust measurement of this run, and what it was built with.
for (const [operation, value] of Object.entries(tradeTrust.gas)) {
  console.log(
    JSON.stringify({
      bench: BENCH,
      metric: `tradetrust-v5.${operation}`,
      value,
      unit: "gas",
      source: `@tradetrust-tt/token-registry ${tradeTrust.packageVersion}, its shipped bytecode (solc ${tradeTrust.solcVersion}), measured in this run`,
    }),
  );
}
