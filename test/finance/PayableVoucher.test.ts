import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { network } from "hardhat";

import { roleId } from "../../lib/chain/roles.ts";
import {
  cny,
  confirmPayable,
  DAY,
  deployVoucherWorld,
  GRACE_PERIOD,
  OBLIGOR_LIMIT,
  registerInvoice,
  type VoucherWorld,
} from "./voucherFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

const OBLIGOR = roleId("OBLIGOR");
const GOVERNANCE = roleId("GOVERNANCE");
const BANK = roleId("BANK");

enum PayableStatus {
  None,
  Confirmed,
  Due,
  Overdue,
  Funded,
  Settled,
}
enum OfferStatus {
  None,
  Open,
  Accepted,
  Withdrawn,
}

async function world(): Promise<VoucherWorld> {
  return deployVoucherWorld(ethers);
}

/** A CNY 10,000,000 payable at 90 days, voucher held by the tier-1 supplier. */
async function confirmedWorld() {
  const w = await world();
  const confirmed = await confirmPayable(w, ethers, cny(10_000_000), { invoiceCount: 2 });
  return { w, ...confirmed };
}

async function split(
  w: VoucherWorld,
  by: HardhatEthersSigner,
  fromId: bigint,
  to: HardhatEthersSigner,
  value: bigint,
): Promise<bigint> {
  const fn = w.vouchers.connect(by)["transferFrom(uint256,address,uint256)"];
  const newId = await fn.staticCall(fromId, to.address, value);
  await (await fn(fromId, to.address, value)).wait();
  return newId;
}

async function suspend(w: VoucherWorld, account: HardhatEthersSigner): Promise<void> {
  await (await w.registry.connect(w.admins[0]!).suspendMember(account.address, "review")).wait();
}

async function reinstate(w: VoucherWorld, account: HardhatEthersSigner): Promise<void> {
  await (await w.registry.connect(w.admins[0]!).reinstateMember(account.address)).wait();
}

async function now(): Promise<bigint> {
  return BigInt(await time.latest());
}

describe("PayableVoucher", function () {
  describe("obligors and limits", function () {
    it("lets only governance grant the OBLIGOR role, not an administrator acting alone", async function () {
      const w = await networkHelpers.loadFixture(world);
      await expect(w.registry.connect(w.admins[0]!).grantRole(OBLIGOR, w.tier1.address))
        .to.be.revertedWithCustomError(w.registry, "AccessControlUnauthorizedAccount")
        .withArgs(w.admins[0]!.address, GOVERNANCE);
      expect(await w.registry.hasActiveRole(OBLIGOR, w.obligor.address)).to.equal(true);
    });

    it("lets only governance set an obligor's limit and its lender", async function () {
      const w = await networkHelpers.loadFixture(world);
      await expect(w.vouchers.connect(w.admins[0]!).setObligorLimit(w.obligor.address, 1n))
        .to.be.revertedWithCustomError(w.vouchers, "ConsortiumOnlyGovernance")
        .withArgs(w.admins[0]!.address);
      await expect(w.vouchers.connect(w.bank).setLender(w.obligor.address, w.bank.address))
        .to.be.revertedWithCustomError(w.vouchers, "ConsortiumOnlyGovernance")
        .withArgs(w.bank.address);
      const limit = await w.vouchers.obligorLimit(w.obligor.address);
      expect(limit.limit).to.equal(OBLIGOR_LIMIT);
      expect(limit.lender).to.equal(w.bank.address);
    });

    it("refuses to name a lender that is not a bank", async function () {
      const w = await networkHelpers.loadFixture(world);
      const data = w.vouchers.interface.encodeFunctionData("setLender", [
        w.obligor.address,
        w.tier1.address,
      ]);
      await expect(
        w.govern({ target: await w.vouchers.getAddress(), data, description: "lender" }),
      ).to.be.revertedWithCustomError(w.registry, "ConsortiumProposalFailed");
    });

    it("lets the obligor's lender adjust its limit", async function () {
      const w = await networkHelpers.loadFixture(world);
      await expect(w.vouchers.connect(w.bank).adjustLimit(w.obligor.address, cny(1_000)))
        .to.emit(w.vouchers, "ObligorLimitSet")
        .withArgs(w.obligor.address, cny(1_000), w.bank.address);
      expect((await w.vouchers.obligorLimit(w.obligor.address)).limit).to.equal(cny(1_000));
    });

    it("refuses a limit adjustment by a bank that is not the obligor's lender", async function () {
      const w = await networkHelpers.loadFixture(world);
      await expect(w.vouchers.connect(w.otherBank).adjustLimit(w.obligor.address, 1n))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherNotLender")
        .withArgs(w.obligor.address, w.otherBank.address, w.bank.address);
    });

    it("refuses a limit adjustment by a suspended lender", async function () {
      const w = await networkHelpers.loadFixture(world);
      await suspend(w, w.bank);
      await expect(w.vouchers.connect(w.bank).adjustLimit(w.obligor.address, 1n))
        .to.be.revertedWithCustomError(w.vouchers, "ConsortiumUnauthorizedAccount")
        .withArgs(w.bank.address, BANK);
    });

    it("refuses a settlement token whose decimals differ from the vouchers' value decimals", async function () {
      const w = await networkHelpers.loadFixture(world);
      const usd = await ethers.deployContract("DepositToken", [
        await w.registry.getAddress(),
        "Caravel USD Deposit",
        "cUSD",
        "0x555344",
        6,
      ]);
      const data = w.vouchers.interface.encodeFunctionData("setSettlementToken", [
        await usd.getAddress(),
        true,
      ]);
      const inner = w.vouchers.interface.encodeErrorResult("VoucherSettlementTokenDecimals", [
        await usd.getAddress(),
        6,
        2,
      ]);
      const proposalId = (await w.registry.proposalCount()) + 1n;
      await expect(w.govern({ target: await w.vouchers.getAddress(), data, description: "usd" }))
        .to.be.revertedWithCustomError(w.registry, "ConsortiumProposalFailed")
        .withArgs(proposalId, inner);
    });
  });

  describe("confirm", function () {
    it("mints the supplier a voucher whose slot is the payable and whose value is its amount", async function () {
      const w = await networkHelpers.loadFixture(world);
      const invoices = [await registerInvoice(w, ethers), await registerInvoice(w, ethers)];
      const invoiceIds = invoices.map((i) => i.id);
      const maturity = (await now()) + BigInt(90 * DAY);
      const request = {
        supplier: w.tier1.address,
        amount: cny(10_000_000),
        token: await w.cnyToken.getAddress(),
        maturity,
        invoices: invoices.map((i) => i.fingerprints),
      };
      await expect(w.vouchers.connect(w.obligor).confirm(request))
        .to.emit(w.vouchers, "PayableConfirmed")
        .withArgs(
          1n,
          w.obligor.address,
          w.tier1.address,
          cny(10_000_000),
          await w.cnyToken.getAddress(),
          maturity,
          invoiceIds,
        )
        .and.to.emit(w.invoices, "InvoiceBacksVoucher")
        .withArgs(invoiceIds[1], 1n)
        .and.to.emit(w.vouchers, "TransferValue")
        .withArgs(0n, 1n, cny(10_000_000))
        .and.to.emit(w.vouchers, "SlotChanged")
        .withArgs(1n, 0n, 1n);
      expect(await w.vouchers.ownerOf(1n)).to.equal(w.tier1.address);
      expect(await w.vouchers.slotOf(1n)).to.equal(1n);
      expect(await w.vouchers["balanceOf(uint256)"](1n)).to.equal(cny(10_000_000));
      expect(await w.vouchers["balanceOf(address)"](w.tier1.address)).to.equal(1n);
      expect(await w.vouchers.invoicesOf(1n)).to.deep.equal(invoiceIds);
      expect(await w.vouchers.status(1n)).to.equal(PayableStatus.Confirmed);
      expect((await w.vouchers.obligorLimit(w.obligor.address)).outstanding).to.equal(
        cny(10_000_000),
      );
      for (const { id, fingerprints } of invoices) {
        expect(await w.invoices.backingPayable(id)).to.equal(1n);
        expect(await w.invoices.backingInvoiceOf(fingerprints.exact)).to.deep.equal([id, 1n]);
        expect(await w.invoices.backingInvoiceOf(fingerprints.identity)).to.deep.equal([id, 1n]);
        expect((await w.invoices.invoice(id)).status).to.equal(1n); // still Registered
      }
    });

    it("refuses a member without the OBLIGOR role", async function () {
      const w = await networkHelpers.loadFixture(world);
      const invoice = await registerInvoice(w, ethers);
      await expect(
        w.vouchers.connect(w.tier2).confirm({
          supplier: w.tier1.address,
          amount: 1n,
          token: await w.cnyToken.getAddress(),
          maturity: (await now()) + 1000n,
          invoices: [invoice.fingerprints],
        }),
      )
        .to.be.revertedWithCustomError(w.vouchers, "ConsortiumUnauthorizedAccount")
        .withArgs(w.tier2.address, OBLIGOR);
    });

    it("refuses a suspended obligor", async function () {
      const w = await networkHelpers.loadFixture(world);
      const invoice = await registerInvoice(w, ethers);
      await suspend(w, w.obligor);
      await expect(
        w.vouchers.connect(w.obligor).confirm({
          supplier: w.tier1.address,
          amount: 1n,
          token: await w.cnyToken.getAddress(),
          maturity: (await now()) + 1000n,
          invoices: [invoice.fingerprints],
        }),
      )
        .to.be.revertedWithCustomError(w.vouchers, "ConsortiumUnauthorizedAccount")
        .withArgs(w.obligor.address, OBLIGOR);
    });

    it("refuses a confirmation beyond the limit, naming the limit and the shortfall", async function () {
      const w = await networkHelpers.loadFixture(world);
      await confirmPayable(w, ethers, cny(45_000_000));
      const invoice = await registerInvoice(w, ethers);
      await expect(
        w.vouchers.connect(w.obligor).confirm({
          supplier: w.tier1.address,
          amount: cny(6_000_000),
          token: await w.cnyToken.getAddress(),
          maturity: (await now()) + 1000n,
          invoices: [invoice.fingerprints],
        }),
      )
        .to.be.revertedWithCustomError(w.vouchers, "VoucherLimitExceeded")
        .withArgs(
          w.obligor.address,
          OBLIGOR_LIMIT,
          cny(45_000_000),
          cny(6_000_000),
          cny(1_000_000),
        );
      expect(await w.invoices.backingPayable(invoice.id)).to.equal(0n);
    });

    it("frees limit as the obligor funds its payables", async function () {
      const w = await networkHelpers.loadFixture(world);
      const { payableId } = await confirmPayable(w, ethers, cny(50_000_000));
      await (await w.vouchers.connect(w.obligor).fund(payableId, cny(20_000_000))).wait();
      expect((await w.vouchers.obligorLimit(w.obligor.address)).outstanding).to.equal(
        cny(30_000_000),
      );
      await confirmPayable(w, ethers, cny(20_000_000));
    });

    for (const [field, mutate] of [
      [
        "supplier",
        (r: Record<string, unknown>, w: VoucherWorld) => (r.supplier = w.obligor.address),
      ],
      ["amount", (r: Record<string, unknown>) => (r.amount = 0n)],
      ["maturity", (r: Record<string, unknown>) => (r.maturity = 1n)],
      ["invoices", (r: Record<string, unknown>) => (r.invoices = [])],
    ] as const) {
      it(`refuses a confirmation with a bad ${field}, naming it`, async function () {
        const w = await networkHelpers.loadFixture(world);
        const request: Record<string, unknown> = {
          supplier: w.tier1.address,
          amount: cny(1),
          token: await w.cnyToken.getAddress(),
          maturity: (await now()) + 1000n,
          invoices: [(await registerInvoice(w, ethers)).fingerprints],
        };
        mutate(request, w);
        await expect(
          w.vouchers
            .connect(w.obligor)
            .confirm(request as Parameters<typeof w.vouchers.confirm>[0]),
        )
          .to.be.revertedWithCustomError(w.vouchers, "VoucherInvalidField")
          .withArgs(field);
      });
    }

    it("refuses a supplier that may not hold vouchers", async function () {
      const w = await networkHelpers.loadFixture(world);
      await expect(
        w.vouchers.connect(w.obligor).confirm({
          supplier: w.carrier.address,
          amount: 1n,
          token: await w.cnyToken.getAddress(),
          maturity: (await now()) + 1000n,
          invoices: [(await registerInvoice(w, ethers)).fingerprints],
        }),
      )
        .to.be.revertedWithCustomError(w.vouchers, "VoucherHolderNotPermitted")
        .withArgs(w.carrier.address);
    });

    it("refuses a settlement token governance did not allow", async function () {
      const w = await networkHelpers.loadFixture(world);
      await expect(
        w.vouchers.connect(w.obligor).confirm({
          supplier: w.tier1.address,
          amount: 1n,
          token: w.stranger.address,
          maturity: (await now()) + 1000n,
          invoices: [(await registerInvoice(w, ethers)).fingerprints],
        }),
      )
        .to.be.revertedWithCustomError(w.vouchers, "VoucherSettlementTokenNotAllowed")
        .withArgs(w.stranger.address);
    });

    it("refuses an invoice that only another seller registered, naming the supplier and fingerprint", async function () {
      const w = await networkHelpers.loadFixture(world);
      const invoice = await registerInvoice(w, ethers, w.tier2);
      await expect(
        w.vouchers.connect(w.obligor).confirm({
          supplier: w.tier1.address,
          amount: 1n,
          token: await w.cnyToken.getAddress(),
          maturity: (await now()) + 1000n,
          invoices: [invoice.fingerprints],
        }),
      )
        .to.be.revertedWithCustomError(w.invoices, "InvoiceRegistryUnknownFingerprint")
        .withArgs(w.tier1.address, 1n, invoice.fingerprints.identity);
    });

    it("refuses an identity fingerprint that belongs to another of the supplier's invoices", async function () {
      const w = await networkHelpers.loadFixture(world);
      const first = await registerInvoice(w, ethers);
      const second = await registerInvoice(w, ethers);
      await expect(
        w.vouchers.connect(w.obligor).confirm({
          supplier: w.tier1.address,
          amount: 1n,
          token: await w.cnyToken.getAddress(),
          maturity: (await now()) + 1000n,
          invoices: [{ exact: first.fingerprints.exact, identity: second.fingerprints.identity }],
        }),
      )
        .to.be.revertedWithCustomError(w.invoices, "InvoiceRegistryExactFingerprintMismatch")
        .withArgs(second.id, first.fingerprints.exact);
    });

    it("refuses an invoice its seller cancelled, naming its status", async function () {
      const w = await networkHelpers.loadFixture(world);
      const invoice = await registerInvoice(w, ethers);
      await (await w.invoices.connect(w.tier1).cancel(invoice.fingerprints.identity)).wait();
      await expect(
        w.vouchers.connect(w.obligor).confirm({
          supplier: w.tier1.address,
          amount: 1n,
          token: await w.cnyToken.getAddress(),
          maturity: (await now()) + 1000n,
          invoices: [invoice.fingerprints],
        }),
      )
        .to.be.revertedWithCustomError(w.invoices, "InvoiceRegistryUnexpectedStatus")
        .withArgs(invoice.id, 4n, ethers.toBeHex(1n << 1n, 32));
    });

    it("refuses an invoice that a bank financed already", async function () {
      const w = await networkHelpers.loadFixture(world);
      const invoice = await registerInvoice(w, ethers);
      await (
        await w.invoices.connect(w.otherBank).finance(w.tier1.address, invoice.fingerprints)
      ).wait();
      await expect(
        w.vouchers.connect(w.obligor).confirm({
          supplier: w.tier1.address,
          amount: 1n,
          token: await w.cnyToken.getAddress(),
          maturity: (await now()) + 1000n,
          invoices: [invoice.fingerprints],
        }),
      )
        .to.be.revertedWithCustomError(w.invoices, "InvoiceRegistryAlreadyFinanced")
        .withArgs(invoice.fingerprints.exact, invoice.id, w.otherBank.address);
    });

    it("refuses an invoice financed under another account's registration of it", async function () {
      const w = await networkHelpers.loadFixture(world);
      const original = await registerInvoice(w, ethers);
      const copy = await registerInvoice(w, ethers, w.tier2, original.fingerprints);
      await (
        await w.invoices.connect(w.otherBank).finance(w.tier2.address, copy.fingerprints)
      ).wait();
      await expect(
        w.vouchers.connect(w.obligor).confirm({
          supplier: w.tier1.address,
          amount: 1n,
          token: await w.cnyToken.getAddress(),
          maturity: (await now()) + 1000n,
          invoices: [original.fingerprints],
        }),
      )
        .to.be.revertedWithCustomError(w.invoices, "InvoiceRegistryAlreadyFinanced")
        .withArgs(original.fingerprints.exact, copy.id, w.otherBank.address);
      expect(await w.invoices.backingPayable(original.id)).to.equal(0n);
      expect((await w.vouchers.counts())[0]).to.equal(0n);
    });

    it("refuses an invoice altered in amount whose identity was financed under another account", async function () {
      const w = await networkHelpers.loadFixture(world);
      const original = await registerInvoice(w, ethers);
      const altered = {
        exact: ethers.id("altered amount"),
        identity: original.fingerprints.identity,
      };
      const copy = await registerInvoice(w, ethers, w.tier2, altered);
      await (await w.invoices.connect(w.otherBank).finance(w.tier2.address, altered)).wait();
      await expect(
        w.vouchers.connect(w.obligor).confirm({
          supplier: w.tier1.address,
          amount: 1n,
          token: await w.cnyToken.getAddress(),
          maturity: (await now()) + 1000n,
          invoices: [original.fingerprints],
        }),
      )
        .to.be.revertedWithCustomError(w.invoices, "InvoiceRegistryAlreadyFinanced")
        .withArgs(original.fingerprints.identity, copy.id, w.otherBank.address);
    });

    it("refuses an invoice that backs another payable, and the same invoice listed twice", async function () {
      const { w, invoices } = await networkHelpers.loadFixture(confirmedWorld);
      const base = {
        supplier: w.tier1.address,
        amount: 1n,
        token: await w.cnyToken.getAddress(),
        maturity: (await now()) + 1000n,
      };
      await expect(
        w.vouchers.connect(w.obligor).confirm({ ...base, invoices: [invoices[0]!.fingerprints] }),
      )
        .to.be.revertedWithCustomError(w.invoices, "InvoiceRegistryBacksVoucher")
        .withArgs(invoices[0]!.id, await w.vouchers.getAddress(), 1n);
      const fresh = await registerInvoice(w, ethers);
      await expect(
        w.vouchers
          .connect(w.obligor)
          .confirm({ ...base, invoices: [fresh.fingerprints, fresh.fingerprints] }),
      )
        .to.be.revertedWithCustomError(w.invoices, "InvoiceRegistryBacksVoucher")
        .withArgs(fresh.id, await w.vouchers.getAddress(), 2n);
      expect(await w.invoices.backingPayable(fresh.id)).to.equal(0n);
    });

    it("refuses a copy of a backing invoice, registered by another supplier, as backing for its own payable", async function () {
      const { w, invoices, payableId } = await networkHelpers.loadFixture(confirmedWorld);
      const copy = await registerInvoice(w, ethers, w.tier2, invoices[0]!.fingerprints);
      await expect(
        w.vouchers.connect(w.obligor).confirm({
          supplier: w.tier2.address,
          amount: 1n,
          token: await w.cnyToken.getAddress(),
          maturity: (await now()) + 1000n,
          invoices: [copy.fingerprints],
        }),
      )
        .to.be.revertedWithCustomError(w.invoices, "InvoiceRegistryBacksVoucher")
        .withArgs(invoices[0]!.id, await w.vouchers.getAddress(), payableId);
    });
  });

  describe("the invoice registry's side of the link", function () {
    it("refuses to finance an invoice that backs a voucher, naming the voucher contract and payable", async function () {
      const { w, invoices, payableId } = await networkHelpers.loadFixture(confirmedWorld);
      await expect(
        w.invoices.connect(w.otherBank).finance(w.tier1.address, invoices[1]!.fingerprints),
      )
        .to.be.revertedWithCustomError(w.invoices, "InvoiceRegistryBacksVoucher")
        .withArgs(invoices[1]!.id, await w.vouchers.getAddress(), payableId);
    });

    it("refuses to finance a copy registered from a second account while the original backs a voucher, naming the voucher", async function () {
      const { w, invoices, payableId } = await networkHelpers.loadFixture(confirmedWorld);
      const original = invoices[0]!;
      const copy = await registerInvoice(w, ethers, w.tier2, original.fingerprints);
      await expect(w.invoices.connect(w.otherBank).finance(w.tier2.address, copy.fingerprints))
        .to.be.revertedWithCustomError(w.invoices, "InvoiceRegistryBacksVoucher")
        .withArgs(original.id, await w.vouchers.getAddress(), payableId);
      expect((await w.invoices.invoice(copy.id)).status).to.equal(1n); // still Registered
      expect(await w.invoices.financedInvoiceOf(original.fingerprints.exact)).to.deep.equal([
        ethers.ZeroHash,
        0n,
      ]);
    });

    it("refuses to finance a copy altered in amount whose identity backs a voucher", async function () {
      const { w, invoices, payableId } = await networkHelpers.loadFixture(confirmedWorld);
      const original = invoices[1]!;
      const altered = {
        exact: ethers.id("altered copy"),
        identity: original.fingerprints.identity,
      };
      await registerInvoice(w, ethers, w.tier3, altered);
      await expect(w.invoices.connect(w.bank).finance(w.tier3.address, altered))
        .to.be.revertedWithCustomError(w.invoices, "InvoiceRegistryBacksVoucher")
        .withArgs(original.id, await w.vouchers.getAddress(), payableId);
    });

    it("refuses the seller's cancellation of an invoice that backs a voucher", async function () {
      const { w, invoices, invoiceIds, payableId } =
        await networkHelpers.loadFixture(confirmedWorld);
      await expect(w.invoices.connect(w.tier1).cancel(invoices[0]!.fingerprints.identity))
        .to.be.revertedWithCustomError(w.invoices, "InvoiceRegistryBacksVoucher")
        .withArgs(invoiceIds[0], await w.vouchers.getAddress(), payableId);
    });

    it("lets only the voucher contract governance named mark an invoice as backing", async function () {
      const w = await networkHelpers.loadFixture(world);
      const invoice = await registerInvoice(w, ethers);
      await expect(
        w.invoices.connect(w.obligor).markBacking(w.tier1.address, invoice.fingerprints, 7n),
      )
        .to.be.revertedWithCustomError(w.invoices, "InvoiceRegistryNotVoucherContract")
        .withArgs(w.obligor.address, await w.vouchers.getAddress());
      await expect(
        w.invoices.connect(w.admins[0]!).setVoucherContract(w.obligor.address),
      ).to.be.revertedWithCustomError(w.invoices, "ConsortiumOnlyGovernance");
    });
  });

  describe("split, pass on, merge", function () {
    it("splits value to a new voucher of the next tier, recording its parent", async function () {
      const { w, voucherId, payableId } = await networkHelpers.loadFixture(confirmedWorld);
      const fn = w.vouchers.connect(w.tier1)["transferFrom(uint256,address,uint256)"];
      await expect(fn(voucherId, w.tier2.address, cny(3_000_000)))
        .to.emit(w.vouchers, "TransferValue")
        .withArgs(voucherId, 2n, cny(3_000_000))
        .and.to.emit(w.vouchers, "VoucherIssued")
        .withArgs(2n, payableId, voucherId, w.tier2.address);
      const tier3Id = await split(w, w.tier2, 2n, w.tier3, cny(1_000_000));
      const [root, tier2, tier3] = await Promise.all(
        [voucherId, 2n, tier3Id].map((id) => w.vouchers.voucher(id)),
      );
      expect(root!.value).to.equal(cny(7_000_000));
      expect(tier2!.value).to.equal(cny(2_000_000));
      expect(tier2!.parent).to.equal(voucherId);
      expect(tier3!.parent).to.equal(2n);
      expect(tier3!.holder).to.equal(w.tier3.address);
      expect(await w.vouchers.slotOf(tier3Id)).to.equal(payableId);
      // The sweep's list: root -> tier2 -> tier3.
      expect(root!.next).to.equal(2n);
      expect(tier2!.next).to.equal(tier3Id);
      expect(tier3!.next).to.equal(0n);
    });

    it("refuses a split by anyone but the holder", async function () {
      const { w, voucherId } = await networkHelpers.loadFixture(confirmedWorld);
      const fn = w.vouchers.connect(w.tier2)["transferFrom(uint256,address,uint256)"];
      await expect(fn(voucherId, w.tier2.address, 1n))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherNotHolder")
        .withArgs(voucherId, w.tier2.address, w.tier1.address);
    });

    it("refuses a split by a suspended holder", async function () {
      const { w, voucherId } = await networkHelpers.loadFixture(confirmedWorld);
      await suspend(w, w.tier1);
      const fn = w.vouchers.connect(w.tier1)["transferFrom(uint256,address,uint256)"];
      await expect(fn(voucherId, w.tier2.address, 1n))
        .to.be.revertedWithCustomError(w.vouchers, "ConsortiumInactiveMember")
        .withArgs(w.tier1.address);
    });

    for (const who of ["carrier", "stranger", "suspended supplier"] as const) {
      it(`refuses a split to a ${who}, who may not hold vouchers`, async function () {
        const { w, voucherId } = await networkHelpers.loadFixture(confirmedWorld);
        const to = who === "carrier" ? w.carrier : who === "stranger" ? w.stranger : w.tier2;
        if (who === "suspended supplier") await suspend(w, w.tier2);
        const fn = w.vouchers.connect(w.tier1)["transferFrom(uint256,address,uint256)"];
        await expect(fn(voucherId, to.address, 1n))
          .to.be.revertedWithCustomError(w.vouchers, "VoucherHolderNotPermitted")
          .withArgs(to.address);
      });
    }

    it("refuses a split of more value than the voucher holds, or of none", async function () {
      const { w, voucherId } = await networkHelpers.loadFixture(confirmedWorld);
      const fn = w.vouchers.connect(w.tier1)["transferFrom(uint256,address,uint256)"];
      await expect(fn(voucherId, w.tier2.address, cny(10_000_001)))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherInsufficientValue")
        .withArgs(voucherId, cny(10_000_000), cny(10_000_001));
      await expect(fn(voucherId, w.tier2.address, 0n))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherInvalidField")
        .withArgs("value");
    });

    it("refuses to move a voucher once the payable matured", async function () {
      const { w, voucherId, payableId, maturity } =
        await networkHelpers.loadFixture(confirmedWorld);
      await time.increaseTo(maturity);
      const fn = w.vouchers.connect(w.tier1)["transferFrom(uint256,address,uint256)"];
      await expect(fn(voucherId, w.tier2.address, 1n))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherMatured")
        .withArgs(payableId, maturity);
      await expect(w.vouchers.connect(w.tier1).transferVoucher(voucherId, w.tier2.address))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherMatured")
        .withArgs(payableId, maturity);
    });

    it("moves value into another holder's voucher of the same payable", async function () {
      const { w, voucherId } = await networkHelpers.loadFixture(confirmedWorld);
      const tier2Id = await split(w, w.tier1, voucherId, w.tier2, cny(1_000));
      const fn = w.vouchers.connect(w.tier1)["transferFrom(uint256,uint256,uint256)"];
      await expect(fn(voucherId, tier2Id, cny(500)))
        .to.emit(w.vouchers, "TransferValue")
        .withArgs(voucherId, tier2Id, cny(500));
      expect(await w.vouchers["balanceOf(uint256)"](tier2Id)).to.equal(cny(1_500));
    });

    it("refuses to move value into a voucher of another payable (wrong slot)", async function () {
      const { w, voucherId, payableId } = await networkHelpers.loadFixture(confirmedWorld);
      const other = await confirmPayable(w, ethers, cny(100));
      const fn = w.vouchers.connect(w.tier1)["transferFrom(uint256,uint256,uint256)"];
      await expect(fn(voucherId, other.voucherId, 1n))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherSlotMismatch")
        .withArgs(voucherId, other.voucherId, payableId, other.payableId);
    });

    it("merges two vouchers of one holder in one payable", async function () {
      const { w, voucherId } = await networkHelpers.loadFixture(confirmedWorld);
      const tier2A = await split(w, w.tier1, voucherId, w.tier2, cny(1_000));
      const tier2B = await split(w, w.tier1, voucherId, w.tier2, cny(2_000));
      await (await w.vouchers.connect(w.tier2).merge(tier2B, tier2A)).wait();
      expect(await w.vouchers["balanceOf(uint256)"](tier2A)).to.equal(cny(3_000));
      expect(await w.vouchers["balanceOf(uint256)"](tier2B)).to.equal(0n);
    });

    it("refuses to merge into a voucher the caller does not hold", async function () {
      const { w, voucherId } = await networkHelpers.loadFixture(confirmedWorld);
      const tier2Id = await split(w, w.tier1, voucherId, w.tier2, cny(1_000));
      await expect(w.vouchers.connect(w.tier1).merge(voucherId, tier2Id))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherNotHolder")
        .withArgs(tier2Id, w.tier1.address, w.tier2.address);
      await expect(w.vouchers.connect(w.tier1).merge(voucherId, voucherId))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherInvalidField")
        .withArgs("toVoucherId");
    });

    it("passes a whole voucher on, keeping its id and its parent", async function () {
      const { w, voucherId } = await networkHelpers.loadFixture(confirmedWorld);
      const tier2Id = await split(w, w.tier1, voucherId, w.tier2, cny(1_000));
      await expect(w.vouchers.connect(w.tier2).transferVoucher(tier2Id, w.tier3.address))
        .to.emit(w.vouchers, "Transfer")
        .withArgs(w.tier2.address, w.tier3.address, tier2Id);
      const v = await w.vouchers.voucher(tier2Id);
      expect(v.holder).to.equal(w.tier3.address);
      expect(v.parent).to.equal(voucherId);
      expect(await w.vouchers["balanceOf(address)"](w.tier2.address)).to.equal(0n);
      expect(await w.vouchers["balanceOf(address)"](w.tier3.address)).to.equal(1n);
    });

    it("refuses every ERC-721 transfer and approval: title moves only through voucher operations", async function () {
      const { w, voucherId } = await networkHelpers.loadFixture(confirmedWorld);
      const v = w.vouchers.connect(w.tier1);
      const refusals = [
        v["transferFrom(address,address,uint256)"](w.tier1.address, w.tier2.address, voucherId),
        v["safeTransferFrom(address,address,uint256)"](w.tier1.address, w.tier2.address, voucherId),
        v["approve(address,uint256)"](w.tier2.address, voucherId),
        v["approve(uint256,address,uint256)"](voucherId, w.tier2.address, 1n),
      ];
      for (const attempt of refusals) {
        await expect(attempt)
          .to.be.revertedWithCustomError(w.vouchers, "VoucherTransferRestricted")
          .withArgs(voucherId, w.tier1.address);
      }
      expect(await w.vouchers.ownerOf(voucherId)).to.equal(w.tier1.address);
    });

    it("answers ERC-165 for ERC-721 and ERC-3525", async function () {
      const w = await networkHelpers.loadFixture(world);
      expect(await w.vouchers.supportsInterface("0xd5358140")).to.equal(true);
      expect(await w.vouchers.supportsInterface("0x80ac58cd")).to.equal(true);
      expect(await w.vouchers.supportsInterface("0x01ffc9a7")).to.equal(true);
      expect(await w.vouchers.supportsInterface("0xffffffff")).to.equal(false);
      expect(await w.vouchers.valueDecimals()).to.equal(2n);
    });
  });

  describe("discount", function () {
    async function offeredWorld() {
      const c = await confirmedWorld();
      const tier3Id = await split(c.w, c.w.tier1, c.voucherId, c.w.tier3, cny(1_000_000));
      const expiresAt = (await now()) + BigInt(7 * DAY);
      await (
        await c.w.vouchers
          .connect(c.w.tier3)
          .offerDiscount(tier3Id, c.w.bank.address, cny(1_000_000), 400, expiresAt)
      ).wait();
      return { ...c, tier3Id, offerId: 1n, expiresAt };
    }

    it("pays the holder the price at the agreed rate, actual/360 to maturity, and gives the bank the value", async function () {
      const { w, tier3Id, offerId, maturity, payableId } =
        await networkHelpers.loadFixture(offeredWorld);
      const acceptedAt = (await now()) + 10n;
      await time.setNextBlockTimestamp(acceptedAt);
      const days = (maturity - acceptedAt + BigInt(DAY) - 1n) / BigInt(DAY);
      const value = cny(1_000_000);
      const price = value - (value * 350n * days) / 3_600_000n;
      const [quoted] = await w.vouchers.discountPrice(payableId, value, 350, acceptedAt);
      expect(quoted).to.equal(price);
      const bankBefore = await w.cnyToken.balanceOf(w.bank.address);
      const holderBefore = await w.cnyToken.balanceOf(w.tier3.address);
      await expect(w.vouchers.connect(w.bank).acceptDiscount(offerId, 350))
        .to.emit(w.vouchers, "DiscountAccepted")
        .withArgs(offerId, w.bank.address, tier3Id + 1n, value, 350n, days, price);
      expect(await w.cnyToken.balanceOf(w.bank.address)).to.equal(bankBefore - price);
      expect(await w.cnyToken.balanceOf(w.tier3.address)).to.equal(holderBefore + price);
      expect(await w.vouchers.ownerOf(tier3Id + 1n)).to.equal(w.bank.address);
      expect(await w.vouchers["balanceOf(uint256)"](tier3Id + 1n)).to.equal(value);
      expect(await w.vouchers["balanceOf(uint256)"](tier3Id)).to.equal(0n);
      expect((await w.vouchers.offer(offerId)).status).to.equal(OfferStatus.Accepted);
    });

    it("refuses acceptance by a bank the offer was not made to", async function () {
      const { w, offerId } = await networkHelpers.loadFixture(offeredWorld);
      await expect(w.vouchers.connect(w.otherBank).acceptDiscount(offerId, 300))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherNotOfferedBank")
        .withArgs(offerId, w.otherBank.address, w.bank.address);
    });

    it("refuses acceptance at a rate above the offer's maximum", async function () {
      const { w, offerId } = await networkHelpers.loadFixture(offeredWorld);
      await expect(w.vouchers.connect(w.bank).acceptDiscount(offerId, 401))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherRateAboveOffer")
        .withArgs(offerId, 401n, 400n);
    });

    it("refuses acceptance of an expired offer", async function () {
      const { w, offerId, expiresAt } = await networkHelpers.loadFixture(offeredWorld);
      await time.increaseTo(expiresAt);
      await expect(w.vouchers.connect(w.bank).acceptDiscount(offerId, 300))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherOfferExpired")
        .withArgs(offerId, expiresAt);
    });

    it("refuses acceptance of a withdrawn offer, and withdrawal by anyone but the holder", async function () {
      const { w, offerId, tier3Id } = await networkHelpers.loadFixture(offeredWorld);
      await expect(w.vouchers.connect(w.tier1).withdrawOffer(offerId))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherNotHolder")
        .withArgs(tier3Id, w.tier1.address, w.tier3.address);
      await expect(w.vouchers.connect(w.tier3).withdrawOffer(offerId))
        .to.emit(w.vouchers, "DiscountOfferWithdrawn")
        .withArgs(offerId);
      await expect(w.vouchers.connect(w.bank).acceptDiscount(offerId, 300))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherOfferNotOpen")
        .withArgs(offerId, OfferStatus.Withdrawn);
    });

    it("refuses acceptance once the holder passed the value on, and nothing changes", async function () {
      const { w, offerId, tier3Id } = await networkHelpers.loadFixture(offeredWorld);
      await split(w, w.tier3, tier3Id, w.tier2, cny(1));
      await expect(w.vouchers.connect(w.bank).acceptDiscount(offerId, 300))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherInsufficientValue")
        .withArgs(tier3Id, cny(1_000_000) - cny(1), cny(1_000_000));
      expect((await w.vouchers.offer(offerId)).status).to.equal(OfferStatus.Open);
    });

    it("changes nothing when the bank's payment fails", async function () {
      const { w, offerId, tier3Id } = await networkHelpers.loadFixture(offeredWorld);
      await (await w.cnyToken.connect(w.bank).approve(await w.vouchers.getAddress(), 0n)).wait();
      await expect(
        w.vouchers.connect(w.bank).acceptDiscount(offerId, 300),
      ).to.be.revertedWithCustomError(w.cnyToken, "ERC20InsufficientAllowance");
      expect(await w.vouchers["balanceOf(uint256)"](tier3Id)).to.equal(cny(1_000_000));
      expect((await w.vouchers.offer(offerId)).status).to.equal(OfferStatus.Open);
      expect((await w.vouchers.counts()).vouchers).to.equal(2n);
    });

    it("refuses acceptance while the holder is suspended, and an offer by a suspended holder", async function () {
      const { w, offerId, tier3Id } = await networkHelpers.loadFixture(offeredWorld);
      await suspend(w, w.tier3);
      await expect(w.vouchers.connect(w.bank).acceptDiscount(offerId, 300))
        .to.be.revertedWithCustomError(w.vouchers, "ConsortiumInactiveMember")
        .withArgs(w.tier3.address);
      await expect(
        w.vouchers
          .connect(w.tier3)
          .offerDiscount(tier3Id, w.bank.address, 1n, 100, (await now()) + 100n),
      )
        .to.be.revertedWithCustomError(w.vouchers, "ConsortiumInactiveMember")
        .withArgs(w.tier3.address);
    });

    it("refuses an offer to a member that is not a bank, and offers with bad fields", async function () {
      const { w, tier3Id, maturity } = await networkHelpers.loadFixture(offeredWorld);
      const v = w.vouchers.connect(w.tier3);
      const later = (await now()) + 100n;
      await expect(v.offerDiscount(tier3Id, w.tier2.address, 1n, 100, later))
        .to.be.revertedWithCustomError(w.vouchers, "ConsortiumUnauthorizedAccount")
        .withArgs(w.tier2.address, BANK);
      await expect(v.offerDiscount(tier3Id, w.bank.address, 0n, 100, later))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherInvalidField")
        .withArgs("value");
      await expect(v.offerDiscount(tier3Id, w.bank.address, 1n, 10_001, later))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherInvalidField")
        .withArgs("maxRateBps");
      await expect(v.offerDiscount(tier3Id, w.bank.address, 1n, 100, maturity + 1n))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherInvalidField")
        .withArgs("expiresAt");
    });
  });

  describe("payment at maturity", function () {
    /** tier1 7,000,000 / tier2 2,000,000 / tier3 1,000,000. */
    async function tieredWorld() {
      const c = await confirmedWorld();
      const tier2Id = await split(c.w, c.w.tier1, c.voucherId, c.w.tier2, cny(3_000_000));
      const tier3Id = await split(c.w, c.w.tier2, tier2Id, c.w.tier3, cny(1_000_000));
      return { ...c, tier2Id, tier3Id };
    }

    it("refuses funding by anyone but the obligor, and funding beyond the amount", async function () {
      const { w, payableId } = await networkHelpers.loadFixture(tieredWorld);
      await expect(w.vouchers.connect(w.bank).fund(payableId, 1n))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherNotObligor")
        .withArgs(payableId, w.bank.address, w.obligor.address);
      await expect(w.vouchers.connect(w.obligor).fund(payableId, cny(10_000_001)))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherOverfunded")
        .withArgs(payableId, cny(10_000_001), cny(10_000_000));
    });

    it("refuses a redemption before maturity", async function () {
      const { w, payableId, voucherId, maturity } = await networkHelpers.loadFixture(tieredWorld);
      await (await w.vouchers.connect(w.obligor).fund(payableId, cny(10_000_000))).wait();
      await expect(w.vouchers.connect(w.tier1).redeem(voucherId))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherNotMatured")
        .withArgs(payableId, maturity);
    });

    it("pays every holder exactly what it holds once fully funded", async function () {
      const { w, payableId, voucherId, tier2Id, tier3Id, maturity } =
        await networkHelpers.loadFixture(tieredWorld);
      await (await w.vouchers.connect(w.obligor).fund(payableId, cny(10_000_000))).wait();
      expect(await w.vouchers.status(payableId)).to.equal(PayableStatus.Funded);
      await time.increaseTo(maturity);
      for (const [holder, id, value] of [
        [w.tier1, voucherId, cny(7_000_000)],
        [w.tier2, tier2Id, cny(2_000_000)],
        [w.tier3, tier3Id, cny(1_000_000)],
      ] as const) {
        await expect(w.vouchers.connect(holder).redeem(id)).to.changeTokenBalance(
          ethers,
          w.cnyToken,
          holder,
          value,
        );
      }
      expect(await w.vouchers.status(payableId)).to.equal(PayableStatus.Settled);
      expect(await w.cnyToken.balanceOf(await w.vouchers.getAddress())).to.equal(0n);
      await expect(w.vouchers.connect(w.tier1).redeem(voucherId))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherNothingToRedeem")
        .withArgs(voucherId);
    });

    it("shares partial funding pro rata and keeps the rest claimable", async function () {
      const { w, payableId, voucherId, tier2Id, tier3Id, maturity } =
        await networkHelpers.loadFixture(tieredWorld);
      await time.increaseTo(maturity);
      await (await w.vouchers.connect(w.obligor).fund(payableId, cny(4_000_000))).wait(); // 40 %
      await expect(w.vouchers.connect(w.tier1).redeem(voucherId)).to.changeTokenBalance(
        ethers,
        w.cnyToken,
        w.tier1,
        cny(2_800_000),
      );
      await expect(w.vouchers.connect(w.tier3).redeem(tier3Id)).to.changeTokenBalance(
        ethers,
        w.cnyToken,
        w.tier3,
        cny(400_000),
      );
      // 60 % more: tier1 (redeemed at 40 %) and tier2 (never redeemed) each reach 100 %.
      await (await w.vouchers.connect(w.obligor).fund(payableId, cny(6_000_000))).wait();
      expect(await w.vouchers.claimable(voucherId)).to.equal(cny(4_200_000));
      expect(await w.vouchers.claimable(tier2Id)).to.equal(cny(2_000_000));
      expect(await w.vouchers.claimable(tier3Id)).to.equal(cny(600_000));
      await (await w.vouchers.sweep(payableId, 10)).wait();
      const payable = await w.vouchers.payableOf(payableId);
      expect(payable.redeemed).to.equal(cny(10_000_000));
      expect(await w.vouchers.status(payableId)).to.equal(PayableStatus.Settled);
    });

    it("reports a payable unfunded past maturity and grace as overdue, once; late funding is claimable at once", async function () {
      const { w, payableId, voucherId, maturity } = await networkHelpers.loadFixture(tieredWorld);
      await time.increaseTo(maturity);
      expect(await w.vouchers.status(payableId)).to.equal(PayableStatus.Due);
      await expect(w.vouchers.notifyOverdue(payableId))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherNotOverdue")
        .withArgs(payableId, PayableStatus.Due);
      await time.increaseTo(maturity + BigInt(GRACE_PERIOD));
      expect(await w.vouchers.status(payableId)).to.equal(PayableStatus.Overdue);
      await expect(w.vouchers.connect(w.stranger).notifyOverdue(payableId))
        .to.emit(w.vouchers, "PayableOverdue")
        .withArgs(payableId, w.obligor.address, cny(10_000_000));
      await expect(w.vouchers.notifyOverdue(payableId))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherNotOverdue")
        .withArgs(payableId, PayableStatus.Overdue);
      await (await w.vouchers.connect(w.obligor).fund(payableId, cny(10_000_000))).wait();
      await expect(w.vouchers.connect(w.tier1).redeem(voucherId)).to.changeTokenBalance(
        ethers,
        w.cnyToken,
        w.tier1,
        cny(7_000_000),
      );
    });

    it("sweeps holders in bounded batches and through Automation", async function () {
      const { w, payableId, maturity } = await networkHelpers.loadFixture(tieredWorld);
      const checkData = ethers.AbiCoder.defaultAbiCoder().encode(["uint256"], [payableId]);
      await (await w.vouchers.connect(w.obligor).fund(payableId, cny(10_000_000))).wait();
      expect((await w.vouchers.checkUpkeep(checkData)).upkeepNeeded).to.equal(false);
      await time.increaseTo(maturity);
      const [needed, performData] = await w.vouchers.checkUpkeep(checkData);
      expect(needed).to.equal(true);
      await expect(w.vouchers.sweep(payableId, 2))
        .to.emit(w.vouchers, "PayableSwept")
        .withArgs(payableId, 2n, cny(9_000_000), 3n);
      await expect(w.vouchers.performUpkeep(performData)).to.changeTokenBalance(
        ethers,
        w.cnyToken,
        w.tier3,
        cny(1_000_000),
      );
      expect((await w.vouchers.checkUpkeep(checkData)).upkeepNeeded).to.equal(false);
      await expect(w.vouchers.sweep(payableId, 2))
        .to.be.revertedWithCustomError(w.vouchers, "VoucherNothingToSweep")
        .withArgs(payableId);
    });

    it("passes over a suspended holder, who redeems once reinstated", async function () {
      const { w, payableId, tier2Id, maturity } = await networkHelpers.loadFixture(tieredWorld);
      await (await w.vouchers.connect(w.obligor).fund(payableId, cny(10_000_000))).wait();
      await time.increaseTo(maturity);
      await suspend(w, w.tier2);
      await (await w.vouchers.sweep(payableId, 10)).wait();
      expect(await w.vouchers["balanceOf(uint256)"](tier2Id)).to.equal(cny(2_000_000));
      await expect(w.vouchers.connect(w.tier2).redeem(tier2Id))
        .to.be.revertedWithCustomError(w.vouchers, "ConsortiumInactiveMember")
        .withArgs(w.tier2.address);
      await reinstate(w, w.tier2);
      await expect(w.vouchers.connect(w.tier2).redeem(tier2Id)).to.changeTokenBalance(
        ethers,
        w.cnyToken,
        w.tier2,
        cny(2_000_000),
      );
    });
  });
});
