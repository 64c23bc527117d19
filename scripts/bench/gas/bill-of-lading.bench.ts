/**
 * Gas of every electronic bill of lading operation, all-in: the `gasUsed` of the whole
 * transaction's receipt (21,000 base, calldata, execution, refunds applied).
 *
 * A title move writes a fresh title-chain slot in every case; whether the receiver's ERC-721
 * balance slot is fresh too depends on whether it ever held a bill before, so moves are measured
 * for a first-time receiver (never held a bill: its balance slot is filled, 22,100 gas) and a
 * repeat receiver (has held one before, whether or not it holds one now: the contract keeps a
 * "held before" bit in the balance word, so the slot is rewritten, 5,000 gas). The scenario is
 * an ordinary trade on the demo consortium, nothing pre-warmed.
 *
 * TradeTrust token-registry v5 figures are the ones quoted in issue 2 (optimizer off), printed
 * as reference values: they are not measured here.
 *
 * Run: npx hardhat run scripts/bench/gas/bill-of-lading.bench.ts   (or npm run bench:gas)
 */
import type { ContractTransactionResponse, Signer } from "ethers";
import { network } from "hardhat";

import { billIdOf, billIssueStruct, documentHashOf } from "../../../lib/trade/billOfLading.ts";
import {
  DEMO_ADMINISTRATOR_INDEXES,
  DEMO_APPROVAL_THRESHOLD,
  DEMO_MEMBERS,
} from "../../../lib/chain/demoConsortium.ts";
import { executeGovernance, onboardingCall } from "../../../lib/chain/governance.ts";

const BENCH = "gas-bill-of-lading";

/** TradeTrust token-registry v5, as quoted in issue 2 (not measured here). */
const TRADETRUST = {
  mint: 404_872,
  transferBeneficiary: 103_550,
  transferHolder: 137_033,
  returnToIssuer: 124_248,
} as const;
type TradeTrustOperation = keyof typeof TRADETRUST;

function print(metric: string, value: number, reference?: TradeTrustOperation): void {
  const line: Record<string, string | number> = { bench: BENCH, metric, value, unit: "gas" };
  if (reference !== undefined) {
    line.baseline = TRADETRUST[reference];
    line.ratio = Number((value / TRADETRUST[reference]).toFixed(3));
    line.baselineSource = `TradeTrust v5 ${reference}: reference value from issue 2, not measured here`;
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
print("issue.worst-case", await gasOf(asCarrier.issue(worst)), "mint");

// ---- issue: the exporter has never held a bill, then it has.
const a = nextBill();
print("issue.first-time-shipper", await gasOf(asCarrier.issue(a.struct)), "mint");
const b = nextBill();
print("issue.repeat-shipper", await gasOf(asCarrier.issue(b.struct)), "mint");
const straight = nextBill(importer.address);
print("issue.straight-repeat-shipper", await gasOf(asCarrier.issue(straight.struct)), "mint");

// ---- endorse: to a bank that never held a bill, then to one that holds one.
print(
  "endorse.first-time-receiver",
  await gasOf(bill.connect(exporter).endorse(a.id, advisingBank.address)),
  "transferBeneficiary",
);
print(
  "endorse.repeat-receiver",
  await gasOf(bill.connect(exporter).endorse(b.id, advisingBank.address)),
  "transferBeneficiary",
);

// ---- refuse: the advising bank refuses bill b; the exporter (held before) gets it back.
print("refuse", await gasOf(bill.connect(advisingBank).refuse(b.id)));

// ---- blank endorsement and transfer of possession of a bearer bill.
print("endorse-in-blank", await gasOf(bill.connect(advisingBank).endorseInBlank(a.id)));
print(
  "transfer.first-time-receiver",
  await gasOf(bill.connect(advisingBank).transferPossession(a.id, importer.address)),
  "transferHolder",
);
print(
  "transfer.repeat-receiver",
  await gasOf(bill.connect(importer).transferPossession(a.id, advisingBank.address)),
  "transferHolder",
);

// ---- pledge to a bank: first time for the issuing bank, then again after release.
print(
  "pledge.first-time-bank",
  await gasOf(bill.connect(exporter).pledge(b.id, issuingBank.address)),
);
print("release-pledge", await gasOf(bill.connect(issuingBank).releasePledge(b.id)));
print("pledge.repeat-bank", await gasOf(bill.connect(exporter).pledge(b.id, issuingBank.address)));
print("enforce-pledge", await gasOf(bill.connect(issuingBank).enforcePledge(b.id)));

// ---- surrender for delivery: the carrier holds no bill yet, then it holds an accomplished one.
print(
  "surrender.first-time-carrier",
  await gasOf(bill.connect(advisingBank).surrenderForDelivery(a.id)),
  "returnToIssuer",
);
print("accept-surrender", await gasOf(asCarrier.acceptSurrender(a.id)));
print(
  "surrender.repeat-carrier",
  await gasOf(bill.connect(issuingBank).surrenderForDelivery(b.id)),
  "returnToIssuer",
);
print("reject-surrender", await gasOf(asCarrier.rejectSurrender(b.id, "B/L not duly endorsed")));

// ---- surrender for amendment, then amend (void the old bill + issue the replacement) or void.
print(
  "surrender-for-amendment",
  await gasOf(bill.connect(issuingBank).surrenderForAmendment(b.id)),
);
const amended = nextBill();
print("amend", await gasOf(asCarrier.amend(b.id, amended.struct)));
await gasOf(bill.connect(issuingBank).surrenderForAmendment(amended.id));
print("void", await gasOf(asCarrier.voidBill(amended.id, "switched to paper (SWTP)")));

// ---- the figures quoted in the issue, for reference.
for (const [operation, value] of Object.entries(TRADETRUST)) {
  console.log(
    JSON.stringify({
      bench: BENCH,
      metric: `tradetrust-v5.${operation}`,
      value,
      unit: "gas (reference from issue 2, not measured here)",
    }),
  );
}
