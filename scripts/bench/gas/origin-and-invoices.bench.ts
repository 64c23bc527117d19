/**
 * Gas of the certificate-of-origin and invoice registries, all-in (the whole transaction's
 * gasUsed; `verify` is a view, measured with eth_estimateGas, 21,000 intrinsic gas included).
 *
 * The invoice goal: registering and financing cost the same (within 1 %) with 10 and with
 * 10,000 invoices registered before. The history is filled by InvoiceBulkRegistrar, which
 * registers through the registry's real `register` (150 per transaction); the measured
 * transactions are an exporter's `register` and a bank's `finance` of a real invoice
 * fingerprinted by lib/trade/invoiceFingerprint.ts, at each size.
 *
 *   npx hardhat run scripts/bench/gas/origin-and-invoices.bench.ts     (or: npm run bench:gas)
 *
 * Prints one JSON object per line: {"bench","metric","value","unit"} and, for the 10,000
 * measurements, "baseline" (the same operation at 10) and "ratio".
 */
import { id, keccak256, toUtf8Bytes, zeroPadBytes } from "ethers";
import { network } from "hardhat";

import {
  DEMO_ADMINISTRATOR_INDEXES,
  DEMO_APPROVAL_THRESHOLD,
  DEMO_MEMBERS,
} from "../../../lib/chain/demoConsortium.ts";
import { executeGovernance, onboardingCall } from "../../../lib/chain/governance.ts";
import {
  invoiceFingerprints,
  invoiceIdOf,
  type RawInvoice,
} from "../../../lib/trade/invoiceFingerprint.ts";

const SMALL_HISTORY = 10;
const LARGE_HISTORY = 10_000;
const FILL_BATCH = 150;
/** A benchmark-only key; the consortium's real key never leaves its HSM. */
const BENCH_KEY = "0x" + "be".repeat(32);

const { ethers } = await network.create();
const signers = await ethers.getSigners();
const admins = DEMO_ADMINISTRATOR_INDEXES.map((i) => signers[i]!);
const member = (key: string) => signers[DEMO_MEMBERS.find((m) => m.key === key)!.accountIndex]!;

function emit(bench: string, metric: string, value: bigint, baseline?: bigint): void {
  const line: Record<string, string | number> = {
    bench,
    metric,
    value: Number(value),
    unit: "gas",
  };
  if (baseline !== undefined) {
    line["baseline"] = Number(baseline);
    line["ratio"] = Number(((Number(value) / Number(baseline)) * 1e6).toFixed(0)) / 1e6;
  }
  console.log(JSON.stringify(line));
}

async function gasOf(
  tx: Promise<{ wait: () => Promise<{ gasUsed: bigint } | null> }>,
): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("no receipt");
  return receipt.gasUsed;
}

// ---- the consortium and the registries
const registry = await ethers.deployContract("ConsortiumRegistry", [
  admins.map((a) => a.address),
  DEMO_APPROVAL_THRESHOLD,
]);
for (const m of DEMO_MEMBERS) {
  await executeGovernance(
    registry,
    admins[0]!,
    admins.slice(1),
    await onboardingCall(registry, signers[m.accountIndex]!.address, m),
  );
}
const origin = await ethers.deployContract("CertificateOfOriginRegistry", [
  await registry.getAddress(),
]);
const invoices = await ethers.deployContract("InvoiceRegistry", [await registry.getAddress()]);
const chamber = member("chamber");
const exporter = member("exporter");
const importer = member("importer");
const bank = member("advisingBank");

// ---- certificates of origin
const ascii = (text: string, length: number) => zeroPadBytes(toUtf8Bytes(text), length);
async function certificate(number: string, hsCodes: number[]) {
  const now = (await ethers.provider.getBlock("latest"))!.timestamp;
  return {
    number,
    exporter: exporter.address,
    consignee: importer.address,
    hsCodes,
    countryOfOrigin: ascii("GB", 2),
    originCriterion: ascii("LST", 4),
    tradeAgreement: ascii("NON-PREFERENTIAL", 16),
    issuedAt: now - 3600,
    validUntil: now + 365 * 24 * 3600,
    documentHash: keccak256(toUtf8Bytes(`certificate ${number}`)),
  };
}
const byChamber = origin.connect(chamber);
emit(
  "gas-origin",
  "issue (2 HS codes)",
  await gasOf(byChamber.issue(await certificate("LCCI/2025/GB-000001", [901890, 902780]))),
);
emit(
  "gas-origin",
  "issue (16 HS codes)",
  await gasOf(
    byChamber.issue(
      await certificate(
        "LCCI/2025/GB-000002",
        Array.from({ length: 16 }, (_, i) => 901810 + i),
      ),
    ),
  ),
);
emit(
  "gas-origin",
  "verify (eth_estimateGas)",
  await origin.verify.estimateGas(
    "LCCI/2025/GB-000001",
    keccak256(toUtf8Bytes("certificate LCCI/2025/GB-000001")),
  ),
);
emit(
  "gas-origin",
  "revoke",
  await gasOf(
    byChamber.revoke(id("LCCI/2025/GB-000002"), "goods found to be of third-country origin"),
  ),
);
emit(
  "gas-origin",
  "reissue (2 HS codes)",
  await gasOf(
    byChamber.reissue(
      id("LCCI/2025/GB-000001"),
      await certificate("LCCI/2025/GB-000001-A", [901890, 902780]),
    ),
  ),
);

// ---- invoices
const bulk = await ethers.deployContract("InvoiceBulkRegistrar", [await invoices.getAddress()]);
await executeGovernance(
  registry,
  admins[0]!,
  admins.slice(1),
  await onboardingCall(registry, await bulk.getAddress(), {
    name: "Bulk invoice registrar (benchmark)",
    registrationId: "BENCH-BULK-0001",
    country: "GB",
    roles: ["EXPORTER"],
  }),
);
let registered = 0;
async function fillTo(count: number): Promise<void> {
  while (registered < count) {
    const batch = Math.min(FILL_BATCH, count - registered);
    await (await bulk.registerMany(id("benchmark history"), registered, batch)).wait();
    registered += batch;
  }
  const last = await bulk.fingerprintsOf(id("benchmark history"), count - 1);
  const [lastId] = await invoices.lookup(await bulk.getAddress(), {
    exact: last.exact,
    identity: last.identity,
  });
  if (lastId !== (await invoices.invoiceIdOf(await bulk.getAddress(), last.identity)))
    throw new Error(`history not filled: invoice ${count - 1} is missing`);
}

const invoice: RawInvoice = {
  sellerTaxId: "GB 284 1137 62",
  buyerTaxId: "91310101MA1FPX1234",
  invoiceNumber: "API-2025-0117",
  issueDate: "2025-06-02",
  amount: "486,250.00",
  currency: "USD",
};
async function measureAt(history: number) {
  await fillTo(history);
  const fingerprints = invoiceFingerprints(
    { ...invoice, invoiceNumber: `API-2025-${history}` },
    BENCH_KEY,
  );
  const register = await gasOf(invoices.connect(exporter).register(fingerprints));
  const finance = await gasOf(invoices.connect(bank).finance(exporter.address, fingerprints));
  const repaid = await gasOf(
    invoices.connect(bank).markRepaid(invoiceIdOf(exporter.address, fingerprints.identity)),
  );
  const other = invoiceFingerprints(
    { ...invoice, invoiceNumber: `API-2025-${history}-X` },
    BENCH_KEY,
  );
  await (await invoices.connect(exporter).register(other)).wait();
  const cancel = await gasOf(invoices.connect(exporter).cancel(other.identity));
  registered += 2;
  return { register, finance, repaid, cancel };
}

const small = await measureAt(SMALL_HISTORY);
const large = await measureAt(LARGE_HISTORY);
for (const op of ["register", "finance", "markRepaid", "cancel"] as const) {
  const key = op === "markRepaid" ? "repaid" : op;
  emit("gas-invoices", `${op}@${SMALL_HISTORY}`, small[key]);
  emit("gas-invoices", `${op}@${LARGE_HISTORY}`, large[key], small[key]);
}
