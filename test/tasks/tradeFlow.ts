/**
 * One trade, step by step through the tasks, for the credit and trade task tests: a USD
 * 250,000 credit settled in cCNY through the USD/CNY feed, the bill of lading, the certificate
 * of origin and the documents presented under it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { INVOICE_KEY_VARIABLE } from "../../lib/env/variables.ts";
import {
  DepositToken__factory,
  LetterOfCredit__factory,
} from "../../types/ethers-contracts/index.js";
import {
  addressOf,
  caravel,
  chainDate,
  type Deployment,
  ethers,
  runTask,
  succeeded,
} from "./helpers.ts";

const files = mkdtempSync(path.join(tmpdir(), "caravel-trade-"));
process.on("exit", () => rmSync(files, { recursive: true, force: true }));
function file(name: string, content: string): string {
  const at = path.join(files, name);
  writeFileSync(at, content);
  return at;
}
export const certificateFile = file("certificate.txt", "Certificate of origin LCCI-2026-000123");
/**
 * The commercial invoice presented, as its JSON fields (as `invoice register --invoice` takes
 * them): the credits name the document-financing guard, so `credit present` fingerprints it.
 */
export const INVOICE = {
  sellerTaxId: "GB 123 4567 89",
  buyerTaxId: "91310101MA1FPX1234",
  invoiceNumber: "ALB-2026-0042",
  issueDate: "2026-11-20",
  amount: "250,000.00",
  currency: "USD",
};
export const invoiceFile = file("invoice.json", JSON.stringify(INVOICE));
/** The consortium's fingerprint key (CARAVEL_INVOICE_KEY) the trade's tests run with. */
export const INVOICE_KEY = "0x" + "a5".repeat(32);
export const blFile = file("bl.txt", "B/L MRDN2611GB0042");
export const BL = "MRDN2611GB0042";

/** Call inside a `describe`: its tests run with CARAVEL_INVOICE_KEY set to `INVOICE_KEY`. */
export function withInvoiceKey(): void {
  let saved: string | undefined;
  before(function () {
    saved = process.env[INVOICE_KEY_VARIABLE];
    process.env[INVOICE_KEY_VARIABLE] = INVOICE_KEY;
  });
  after(function () {
    if (saved === undefined) Reflect.deleteProperty(process.env, INVOICE_KEY_VARIABLE);
    else process.env[INVOICE_KEY_VARIABLE] = saved;
  });
}
export const CERTIFICATE = "LCCI-2026-000123";

export function contracts(deployment: Deployment) {
  return {
    lc: LetterOfCredit__factory.connect(addressOf(deployment, "LetterOfCredit"), ethers.provider),
    cny: DepositToken__factory.connect(addressOf(deployment, "CnyDepositToken"), ethers.provider),
  };
}

export async function applyOptions() {
  return {
    as: "importer",
    beneficiary: "exporter",
    issuingBank: "issuingBank",
    advisingBank: "advisingBank",
    token: "CnyDepositToken",
    fxFeed: "UsdCnyFeed",
    currency: "USD",
    amount: "250000.00",
    customsClearance: true,
    expires: await chainDate(90),
    placeOfExpiry: "GBLON",
    latestShipment: await chainDate(60),
    loading: "GBFXT",
    discharge: "CNSHA",
    origin: "GB",
    incoterm: "CIF",
    goods: "Surgical-grade precision instruments, HS 9018.90",
    advisingFee: "1500.00",
  };
}

/** Run `group task` with --send as `as`, expecting success. */
export async function send(
  deployment: Deployment,
  id: [string, string],
  args: Record<string, unknown>,
) {
  const run = await runTask(id, { ...args, send: true }, deployment);
  succeeded(run);
  return run;
}

/**
 * `rate` published to the USD/CNY feed the way the feed takes it: three of its publishers
 * (oracle1..oracle3) each submit the observation, and their median becomes the rate.
 */
export async function publishRate(deployment: Deployment, rate: string): Promise<void> {
  for (const as of ["oracle1", "oracle2", "oracle3"]) {
    await send(deployment, ["money", "publish-rate"], { as, feed: "UsdCnyFeed", rate });
  }
}

/** A rate published, the issuing bank funded, and credit 1 applied for. */
export async function applied(): Promise<Deployment> {
  const deployment = await caravel();
  await publishRate(deployment, "7.1000");
  await send(deployment, ["money", "mint"], {
    as: "issuingBank",
    token: "CnyDepositToken",
    to: "issuingBank",
    amount: "5000000.00",
    depositRef: "DEP-2026-0001",
  });
  await send(deployment, ["credit", "apply"], await applyOptions());
  return deployment;
}

/** Credit 1 issued and advised; the bill issued and endorsed to the advising bank; the certificate issued. */
export async function shipped(): Promise<Deployment> {
  const deployment = await applied();
  await send(deployment, ["credit", "issue"], { as: "issuingBank", credit: "1" });
  await send(deployment, ["credit", "advise"], { as: "advisingBank", credit: "1" });
  await send(deployment, ["bill", "issue"], {
    as: "carrier",
    bill: BL,
    shipper: "exporter",
    vesselImo: "9321483",
    voyage: "042W",
    loading: "GBFXT",
    discharge: "CNSHA",
    document: blFile,
  });
  await send(deployment, ["origin", "issue"], {
    as: "chamber",
    number: CERTIFICATE,
    exporter: "exporter",
    consignee: "importer",
    hsCodes: "901890",
    origin: "GB",
    criterion: "WO",
    validUntil: await chainDate(365),
    document: certificateFile,
  });
  await send(deployment, ["bill", "endorse"], { as: "exporter", bill: BL, to: "advisingBank" });
  return deployment;
}

export const presentation = {
  as: "exporter",
  credit: "1",
  to: "advisingBank",
  amount: "250000.00",
  bill: BL,
  certificate: CERTIFICATE,
  certificateDocument: certificateFile,
  invoice: invoiceFile,
};
