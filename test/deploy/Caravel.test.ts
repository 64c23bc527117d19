import { expect } from "chai";
import { network } from "hardhat";

import { SIGNATURE_BATCH_VERIFIER_ADDRESS } from "../../deploy/acceleratorAddress.ts";
import { DEMO_MEMBERS, demoMember } from "../../lib/chain/demoConsortium.ts";
import { deployCaravel } from "../../scripts/dev/deployCaravel.ts";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

async function deployment() {
  return deployCaravel(connection);
}

describe("Caravel deployment (deploy/demo/Caravel.ts + scripts/dev/deployCaravel.ts)", function () {
  it("builds every contract on the one consortium registry", async function () {
    const addresses = await networkHelpers.loadFixture(deployment);
    for (const name of [
      "billOfLading",
      "certificateOfOrigin",
      "invoiceRegistry",
      "customsOracle",
      "payableVoucher",
      "purchaseOrder",
      "documentFinancing",
      "preShipmentAdvance",
      "paymentCommitment",
    ]) {
      const gated = await ethers.getContractAt("ConsortiumGated", addresses[name]!);
      expect(await gated.consortiumRegistry(), name).to.equal(addresses["registry"]);
    }
  });

  it("puts the payment commitments to work: a product of the vouchers and the guard, authorised by the issuing bank, an OBLIGOR", async function () {
    const addresses = await networkHelpers.loadFixture(deployment);
    const commitment = addresses["paymentCommitment"]!;
    const vouchers = await ethers.getContractAt("PayableVoucher", addresses["payableVoucher"]!);
    const guard = await ethers.getContractAt(
      "DocumentFinancingRegistry",
      addresses["documentFinancing"]!,
    );
    const registry = await ethers.getContractAt("ConsortiumRegistry", addresses["registry"]!);
    const bank = (await ethers.getSigners())[
      DEMO_MEMBERS.find((m) => m.key === "issuingBank")!.accountIndex
    ]!.address;
    expect(await vouchers.isProduct(commitment)).to.equal(true);
    expect(await guard.isProduct(commitment)).to.equal(true);
    expect(await vouchers.isProductAuthorised(bank, commitment)).to.equal(true);
    expect(await registry.hasActiveRole(ethers.id("OBLIGOR"), bank)).to.equal(true);
    expect((await vouchers.obligorLimit(bank)).limit).to.equal(2_000_000_000n);
  });

  it("installs the oracle committee (3 of the 5 oracle nodes) through governance", async function () {
    const addresses = await networkHelpers.loadFixture(deployment);
    const oracle = await ethers.getContractAt("CustomsOracle", addresses["customsOracle"]!);
    const signers = await ethers.getSigners();
    const oracleNodes = DEMO_MEMBERS.filter((m) => m.roles.includes("ORACLE")).map(
      (m) => signers[m.accountIndex]!.address,
    );
    const [members, threshold, epoch] = await oracle.committee();
    expect(members).to.deep.equal(oracleNodes);
    expect(threshold).to.equal(3n);
    expect(epoch).to.equal(1n);
    const registry = await ethers.getContractAt("ConsortiumRegistry", addresses["registry"]!);
    const proposals = [];
    for (let id = 1n; id <= (await registry.proposalCount()); id++) {
      proposals.push(await registry.proposal(id));
    }
    const committeeProposals = proposals.filter((p) => p.target === addresses["customsOracle"]);
    expect(committeeProposals).to.have.length(1);
    expect(committeeProposals[0]!.executed).to.equal(true);
  });

  it("puts the signature verifier's code at its fixed precompile-style address", async function () {
    const addresses = await networkHelpers.loadFixture(deployment);
    const oracle = await ethers.getContractAt("CustomsOracle", addresses["customsOracle"]!);
    expect(await oracle.signatureVerifier()).to.equal(SIGNATURE_BATCH_VERIFIER_ADDRESS);
    expect(await ethers.provider.getCode(SIGNATURE_BATCH_VERIFIER_ADDRESS)).to.equal(
      await ethers.provider.getCode(addresses["signatureBatchVerifier"]!),
    );
  });

  it("wires the vouchers through governance: invoice hook, CNY settlement, the importer an obligor with a limit and a lender", async function () {
    const addresses = await networkHelpers.loadFixture(deployment);
    const vouchers = await ethers.getContractAt("PayableVoucher", addresses["payableVoucher"]!);
    const invoices = await ethers.getContractAt("InvoiceRegistry", addresses["invoiceRegistry"]!);
    const cny = await ethers.getContractAt("DepositToken", addresses["cnyDeposit"]!);
    const registry = await ethers.getContractAt("ConsortiumRegistry", addresses["registry"]!);
    const signers = await ethers.getSigners();
    const importer = signers[DEMO_MEMBERS.find((m) => m.key === "importer")!.accountIndex]!;
    const issuingBank = signers[DEMO_MEMBERS.find((m) => m.key === "issuingBank")!.accountIndex]!;
    expect(await invoices.voucherContract()).to.equal(addresses["payableVoucher"]);
    expect(await vouchers.invoiceRegistry()).to.equal(addresses["invoiceRegistry"]);
    expect(await vouchers.isSettlementToken(addresses["cnyDeposit"]!)).to.equal(true);
    expect(await cny.isCustodian(addresses["payableVoucher"]!)).to.equal(true);
    expect(await registry.hasActiveRole(ethers.id("OBLIGOR"), importer.address)).to.equal(true);
    const limit = await vouchers.obligorLimit(importer.address);
    expect(limit.limit).to.equal(5_000_000_000n);
    expect(limit.lender).to.equal(issuingBank.address);
  });

  it("puts the document-financing guard to work through governance: the invoice registry and the vouchers are its products, and the registry names it", async function () {
    const addresses = await networkHelpers.loadFixture(deployment);
    const guard = await ethers.getContractAt(
      "DocumentFinancingRegistry",
      addresses["documentFinancing"]!,
    );
    const invoices = await ethers.getContractAt("InvoiceRegistry", addresses["invoiceRegistry"]!);
    expect(await guard.isProduct(addresses["invoiceRegistry"]!)).to.equal(true);
    expect(await guard.isProduct(addresses["payableVoucher"]!)).to.equal(true);
    expect(await invoices.documentFinancing()).to.equal(addresses["documentFinancing"]);
  });

  it("puts the pre-shipment advances to work through governance: custodian of both deposits, a product of the guard and of the vouchers, repaid by the credits' settlement and the commitments, which pay it first", async function () {
    const addresses = await networkHelpers.loadFixture(deployment);
    const advance = addresses["preShipmentAdvance"]!;
    const guard = await ethers.getContractAt(
      "DocumentFinancingRegistry",
      addresses["documentFinancing"]!,
    );
    const advances = await ethers.getContractAt("PreShipmentAdvance", advance);
    for (const token of ["usdDeposit", "cnyDeposit"]) {
      const deposit = await ethers.getContractAt("DepositToken", addresses[token]!);
      expect(await deposit.isCustodian(advance), token).to.equal(true);
    }
    expect(await guard.isProduct(advance)).to.equal(true);
    expect(await advances.proceedsPayer(1)).to.equal(addresses["letterOfCredit"]);
    expect(await advances.proceedsPayer(0)).to.equal(addresses["paymentCommitment"]);
    const commitments = await ethers.getContractAt(
      "PaymentCommitment",
      addresses["paymentCommitment"]!,
    );
    expect(await commitments.proceedsAssignee()).to.equal(advance);
  });

  it("wires the credits' finance through governance: vouchers for deferred payment, the advances as proceeds assignee, the document-financing guard, the issuing bank's authority", async function () {
    const addresses = await networkHelpers.loadFixture(deployment);
    const lcAddress = addresses["letterOfCredit"]!;
    const lc = await ethers.getContractAt("LetterOfCredit", lcAddress);
    const vouchers = await ethers.getContractAt("PayableVoucher", addresses["payableVoucher"]!);
    const finance = await lc.finance();
    expect(finance.vouchers).to.equal(addresses["payableVoucher"]);
    expect(finance.proceedsAssignee).to.equal(addresses["preShipmentAdvance"]);
    // One document backs one facility across products: presentations claim their documents.
    expect(finance.documents).to.equal(addresses["documentFinancing"]);
    const guard = await ethers.getContractAt(
      "DocumentFinancingRegistry",
      addresses["documentFinancing"]!,
    );
    expect(await guard.isProduct(lcAddress)).to.equal(true);
    expect(await vouchers.isProduct(lcAddress)).to.equal(true);
    const bank = (await ethers.getSigners())[demoMember("issuingBank").accountIndex]!.address;
    expect(await vouchers.isProductAuthorised(bank, lcAddress)).to.equal(true);
  });
});
