/**
 * Gas per item of the batch operations against the single call, in the same process:
 *
 * - invoices: `InvoiceRegistry.registerBatch` of 100 invoices, per invoice, against `register`
 *   of one (the average of 10 single registrations); and `financeBatch` of MAX_FINANCE_BATCH (80)
 *   against `finance` of one (the average of 10), on a registry with no document-financing guard named (the guard's
 *   claim, the same per invoice in both, is measured by purchase-order.bench.ts);
 * - onboarding: one governance proposal onboarding 100 members (`onboardMembers`: propose +
 *   approve), per member, against one proposal per member (`onboardMember`: propose + approve,
 *   the average of 10).
 *
 * Goal (issue #17): per-item gas in a batch of 100 at most half the single call's (ratio ≤ 0.5).
 * All-in gasUsed of every transaction (21,000 intrinsic gas included).
 *
 *   npx hardhat run scripts/bench/gas/batches.bench.ts     (or: npm run bench:gas)
 */
import { Wallet } from "ethers";
import { network } from "hardhat";

import {
  DEMO_ADMINISTRATOR_INDEXES,
  DEMO_APPROVAL_THRESHOLD,
  DEMO_MEMBERS,
} from "../../../lib/chain/demoConsortium.ts";
import {
  batchOnboardingCall,
  type GovernanceCall,
  onboardingCall,
  type NewMember,
} from "../../../lib/chain/governance.ts";
import { invoiceFingerprints } from "../../../lib/trade/invoiceFingerprint.ts";

const BATCH = 100;
const SINGLES = 10;
/** A benchmark-only key. */
const BENCH_KEY = "0x" + "be".repeat(32);

const { ethers } = await network.create();
const signers = await ethers.getSigners();
const admins = DEMO_ADMINISTRATOR_INDEXES.map((i) => signers[i]!);

function emit(bench: string, metric: string, value: number, baseline?: number): void {
  const line: Record<string, string | number> = {
    bench,
    metric,
    value: Math.round(value),
    unit: "gas",
  };
  if (baseline !== undefined) {
    line["baseline"] = Math.round(baseline);
    line["ratio"] = Number((value / baseline).toFixed(4));
  }
  console.log(JSON.stringify(line));
}

async function gasOf(
  tx: Promise<{ wait: () => Promise<{ gasUsed: bigint } | null> }>,
): Promise<number> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("no receipt");
  return Number(receipt.gasUsed);
}

const registry = await ethers.deployContract("ConsortiumRegistry", [
  admins.map((a) => a.address),
  DEMO_APPROVAL_THRESHOLD,
]);

/** Gas of proposing `call` and of the approval that executes it (threshold 2). */
async function governanceGas(call: GovernanceCall): Promise<number> {
  const propose = await gasOf(
    registry.connect(admins[0]!).propose(call.target, call.data, call.description),
  );
  const approve = await gasOf(registry.connect(admins[1]!).approve(await registry.proposalCount()));
  return propose + approve;
}

for (const m of DEMO_MEMBERS) {
  await governanceGas(await onboardingCall(registry, signers[m.accountIndex]!.address, m));
}

// ---- onboarding
let serial = 0;
function newMember(): NewMember {
  serial += 1;
  return {
    account: Wallet.createRandom().address,
    member: {
      name: `Ningbo Export Trading Co ${serial}`,
      registrationId: `91330200MA${String(serial).padStart(8, "0")}`,
      country: "CN",
      roles: ["EXPORTER", "IMPORTER"],
    },
  };
}
let singleOnboarding = 0;
for (let i = 0; i < SINGLES; i++) {
  const { account, member } = newMember();
  singleOnboarding += await governanceGas(await onboardingCall(registry, account, member));
}
singleOnboarding /= SINGLES;
const batchOnboarding =
  (await governanceGas(
    await batchOnboardingCall(
      registry,
      Array.from({ length: BATCH }, () => newMember()),
    ),
  )) / BATCH;
emit("gas-batches", "onboard member (own proposal)", singleOnboarding);
emit(
  "gas-batches",
  `onboard member (1 of ${BATCH} in one proposal)`,
  batchOnboarding,
  singleOnboarding,
);

// ---- invoices
const invoices = await ethers.deployContract("InvoiceRegistry", [await registry.getAddress()]);
const exporter = signers[DEMO_MEMBERS.find((m) => m.key === "exporter")!.accountIndex]!;
let invoiceNumber = 0;
function nextInvoice() {
  invoiceNumber += 1;
  return invoiceFingerprints(
    {
      sellerTaxId: "GB 284 1137 62",
      buyerTaxId: "91310101MA1FPX1234",
      invoiceNumber: `API-2025-${invoiceNumber}`,
      issueDate: "2025-06-02",
      amount: "48,625.00",
      currency: "USD",
    },
    BENCH_KEY,
  );
}
let singleRegister = 0;
for (let i = 0; i < SINGLES; i++) {
  singleRegister += await gasOf(invoices.connect(exporter).register(nextInvoice()));
}
singleRegister /= SINGLES;
const batchRegister =
  (await gasOf(
    invoices.connect(exporter).registerBatch(Array.from({ length: BATCH }, () => nextInvoice())),
  )) / BATCH;
emit("gas-batches", "register invoice (own transaction)", singleRegister);
emit(
  "gas-batches",
  `register invoice (1 of ${BATCH} in registerBatch)`,
  batchRegister,
  singleRegister,
);

const bank = signers[DEMO_MEMBERS.find((m) => m.key === "advisingBank")!.accountIndex]!;
const FINANCE_BATCH = Number(await invoices.MAX_FINANCE_BATCH());
const toFinance = Array.from({ length: SINGLES + FINANCE_BATCH }, () => nextInvoice());
for (let i = 0; i < toFinance.length; i += BATCH) {
  await gasOf(invoices.connect(exporter).registerBatch(toFinance.slice(i, i + BATCH)));
}
let singleFinance = 0;
for (const fingerprints of toFinance.slice(0, SINGLES)) {
  singleFinance += await gasOf(invoices.connect(bank).finance(exporter.address, fingerprints));
}
singleFinance /= SINGLES;
const batchFinance =
  (await gasOf(
    invoices
      .connect(bank)
      .financeBatch(
        toFinance
          .slice(SINGLES)
          .map((fingerprints) => ({ seller: exporter.address, fingerprints })),
      ),
  )) / FINANCE_BATCH;
emit("gas-batches", "finance invoice (own transaction)", singleFinance);
emit(
  "gas-batches",
  `finance invoice (1 of ${FINANCE_BATCH} in financeBatch)`,
  batchFinance,
  singleFinance,
);
