import { expect } from "chai";

import { DEMO_FINGERPRINT_KEY as key } from "../../scripts/demo/chapters/documentsOfTheTrade.ts";
import { demoMember } from "../../lib/chain/demoConsortium.ts";
import { identityFingerprintOf } from "../../lib/trade/invoiceFingerprint.ts";
import { PAYABLE_STATUSES, statusName } from "../../lib/trade/vouchers.ts";
import { demoIndexed, type DemoIndexed } from "./demoIndexed.ts";

let demo: DemoIndexed;

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`${demo.indexer.url}${path}`);
  expect(response.status, `${path}: ${await response.clone().text()}`).to.equal(200);
  return (await response.json()) as T;
}

interface PayableRow {
  payableId: string;
  obligor: string;
  supplier: string;
  amount: string;
  funded: string;
  redeemed: string;
  maturity: string;
  status: string;
  invoiceIds: string[];
}

interface VoucherRow {
  voucherId: string;
  payableId: string;
  holder: string;
  value: string;
  redeemed: string;
  parent: string;
  maturity: string;
}

async function payableVoucher() {
  return demo.chain.connection.ethers.getContractAt(
    "PayableVoucher",
    demo.addresses["payableVoucher"]!,
  );
}

describe("the indexer's supply-chain-finance vouchers after the demo's trades", function () {
  this.timeout(300_000);
  before(async function () {
    demo = await demoIndexed();
  });

  it("keeps every payable as the contract reports it: parties, amount, funded, redeemed, maturity, status, invoices", async function () {
    const vouchers = await payableVoucher();
    const [payableCount] = await vouchers.counts();
    const { payables, total } = await get<{ payables: PayableRow[]; total: number }>(
      "/caravel/payables",
    );
    expect(payableCount).to.be.greaterThanOrEqual(1n);
    expect(total).to.equal(Number(payableCount));
    for (const row of payables) {
      const id = BigInt(row.payableId);
      const onChain = await vouchers.payableOf(id);
      expect(row.obligor).to.equal(onChain.obligor.toLowerCase());
      expect(row.supplier).to.equal(onChain.supplier.toLowerCase());
      expect(row.amount).to.equal(onChain.amount.toString());
      expect(row.funded).to.equal(onChain.funded.toString());
      expect(row.redeemed).to.equal(onChain.redeemed.toString());
      expect(row.maturity).to.equal(onChain.maturity.toString());
      expect(row.status).to.equal(statusName(PAYABLE_STATUSES, await vouchers.status(id)));
      expect(row.invoiceIds).to.deep.equal([...(await vouchers.invoicesOf(id))]);
    }
    // The demo's payable was funded in full and paid out to every holder.
    const first = payables.find((p) => p.payableId === "1")!;
    expect(first.status).to.equal("Settled");
    expect(first.funded).to.equal(first.amount);
    expect(first.redeemed).to.equal(first.amount);
  });

  it("keeps the split tree: holder, value and parent of every voucher as the contract reports them", async function () {
    const vouchers = await payableVoucher();
    const { payable, vouchers: rows } = await get<{ payable: PayableRow; vouchers: VoucherRow[] }>(
      "/caravel/payables/1",
    );
    const onChain: { id: bigint; holder: string; value: bigint; parent: bigint }[] = [];
    for (let v = (await vouchers.payableOf(1n)).rootVoucher; v !== 0n;) {
      const facts = await vouchers.voucher(v);
      onChain.push({ id: v, holder: facts.holder, value: facts.value, parent: facts.parent });
      v = facts.next;
    }
    expect(onChain.length, "the demo splits its payable into four vouchers").to.equal(4);
    expect(rows.map((r) => r.voucherId)).to.deep.equal(
      onChain.map((v) => v.id.toString()).sort((a, b) => Number(a) - Number(b)),
    );
    for (const v of onChain) {
      const row = rows.find((r) => r.voucherId === v.id.toString())!;
      expect(row.holder, `holder of #${v.id}`).to.equal(v.holder.toLowerCase());
      expect(row.value, `value of #${v.id}`).to.equal(v.value.toString());
      expect(row.parent, `parent of #${v.id}`).to.equal(v.parent.toString());
      expect(row.payableId).to.equal("1");
      expect(row.maturity).to.equal(payable.maturity);
      const redeemed = await vouchers.queryFilter(vouchers.filters.VoucherRedeemed(v.id), 0);
      expect(row.redeemed, `paid out on #${v.id}`).to.equal(
        redeemed.reduce((sum, e) => sum + e.args.amount, 0n).toString(),
      );
    }
    const paidOut = rows.reduce((sum, r) => sum + BigInt(r.redeemed), 0n);
    expect(paidOut.toString()).to.equal(payable.redeemed);
  });

  it("finds a holder's vouchers, and only theirs, by maturity", async function () {
    const vouchers = await payableVoucher();
    const signers = await demo.chain.connection.ethers.getSigners();
    const bank = signers[demoMember("issuingBank").accountIndex]!.address.toLowerCase();
    const insurer = signers[demoMember("insurer").accountIndex]!.address.toLowerCase();
    const { vouchers: held } = await get<{ vouchers: VoucherRow[] }>(
      `/caravel/vouchers?holder=${bank}`,
    );
    const issued = await vouchers.queryFilter(vouchers.filters.VoucherIssued(), 0);
    const expected: string[] = [];
    for (const e of issued) {
      if ((await vouchers.voucher(e.args.voucherId)).holder.toLowerCase() === bank) {
        expected.push(e.args.voucherId.toString());
      }
    }
    expect(expected.length, "the bank discounted a voucher in the demo").to.be.greaterThan(0);
    expect(held.map((v) => v.voucherId).sort()).to.deep.equal(expected.sort());
    expect(held.every((v) => v.holder === bank)).to.equal(true);

    const none = await get<{ vouchers: VoucherRow[] }>(`/caravel/vouchers?holder=${insurer}`);
    expect(none.vouchers).to.deep.equal([]);
    const maturity = BigInt(held[0]!.maturity);
    const within = await get<{ vouchers: VoucherRow[] }>(
      `/caravel/vouchers?holder=${bank}&maturityFrom=${maturity}&maturityTo=${maturity}`,
    );
    expect(within.vouchers.map((v) => v.voucherId)).to.include(held[0]!.voucherId);
    const after = await get<{ vouchers: VoucherRow[] }>(
      `/caravel/vouchers?holder=${bank}&maturityFrom=${maturity + 1n}`,
    );
    expect(after.vouchers.map((v) => v.voucherId)).to.not.include(held[0]!.voucherId);
  });

  it("names the payable an invoice backs, found by the invoice's fingerprint", async function () {
    // Both of the demo's chapters fingerprint invoices under the demo consortium's key.
    const backing = identityFingerprintOf(
      {
        sellerTaxId: "GB 123 4567 89",
        buyerTaxId: "91310101MA1FPX1234",
        invoiceNumber: "API-2026/0601",
      },
      key,
    );
    const { invoices } = await get<{ invoices: { invoiceId: string; payables: string[] }[] }>(
      `/caravel/invoices?identity=${backing}`,
    );
    const { payable } = await get<{ payable: PayableRow }>("/caravel/payables/1");
    const backs = invoices.filter((i) => i.payables.includes("1"));
    expect(backs.length).to.equal(1);
    expect(payable.invoiceIds).to.include(backs[0]!.invoiceId);
    // The documents chapter's invoice was financed, not confirmed in a payable.
    const other = identityFingerprintOf(
      {
        sellerTaxId: "GB123456789",
        buyerTaxId: "91310101MA1FPX1234",
        invoiceNumber: "API 2026/0417",
      },
      key,
    );
    const financed = await get<{ invoices: { payables: string[] }[] }>(
      `/caravel/invoices?identity=${other}`,
    );
    expect(financed.invoices.length).to.be.greaterThan(0);
    expect(financed.invoices.every((i) => i.payables.length === 0)).to.equal(true);
  });

  it("answers a malformed voucher query with a 400 naming the parameter", async function () {
    for (const [query, error] of [
      ["holder=bank", 'holder: "bank" is not 0x + 40 hex digits'],
      ["maturityFrom=soon", 'maturityFrom: "soon" is not a whole number'],
      ["maturityFrom=20&maturityTo=10", "maturityTo: 10 is before maturityFrom 20"],
    ] as const) {
      const response = await fetch(`${demo.indexer.url}/caravel/vouchers?${query}`);
      expect(response.status, query).to.equal(400);
      expect(((await response.json()) as { error: string }).error).to.equal(error);
    }
    const payable = await fetch(`${demo.indexer.url}/caravel/payables/one`);
    expect(payable.status).to.equal(400);
    expect(((await payable.json()) as { error: string }).error).to.equal(
      'payableId: "one" is not a whole number',
    );
    const missing = await fetch(`${demo.indexer.url}/caravel/payables/999`);
    expect(missing.status).to.equal(404);
  });
});
