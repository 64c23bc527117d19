/**
 * The permissioned deposit token: BANK members mint against deposits and burn on withdrawal; only
 * active members and governance-approved custodians hold, send, receive or spend it.
 */
import { expect } from "chai";
import { network } from "hardhat";

import { executeGovernance } from "../../lib/chain/governance.ts";
import type { DepositToken } from "../../types/ethers-contracts/index.js";
import { deployConsortium } from "../helpers/consortium.ts";

const { ethers, networkHelpers } = await network.create();

async function fixture() {
  const c = await deployConsortium(ethers);
  const token = (await ethers.deployContract("DepositToken", [
    await c.registry.getAddress(),
    "Caravel CNY Deposit",
    "cCNY",
    "0x434e59",
    2,
  ])) as unknown as DepositToken;
  const bank = c.members["issuingBank"]!;
  const exporter = c.members["exporter"]!;
  const importer = c.members["importer"]!;
  await token.connect(bank).mint(importer.address, 1_000_00n, ethers.id("deposit-1"));
  return { ...c, token, bank, exporter, importer };
}

async function setCustodian(
  f: Awaited<ReturnType<typeof fixture>>,
  account: string,
  approved: boolean,
): Promise<void> {
  await executeGovernance(f.registry, f.admins[0]!, f.admins.slice(1), {
    target: await f.token.getAddress(),
    data: f.token.interface.encodeFunctionData("setCustodian", [account, approved]),
    description: `custodian ${account}: ${approved}`,
  });
}

describe("DepositToken", function () {
  it("describes its currency and decimals", async function () {
    const { token } = await networkHelpers.loadFixture(fixture);
    expect(await token.name()).to.equal("Caravel CNY Deposit");
    expect(await token.symbol()).to.equal("cCNY");
    expect(await token.decimals()).to.equal(2n);
    expect(await token.currency()).to.equal("0x434e59");
  });

  it("refuses a currency that is not three upper-case letters", async function () {
    const { registry } = await networkHelpers.loadFixture(fixture);
    const factory = await ethers.getContractFactory("DepositToken");
    await expect(
      ethers.deployContract("DepositToken", [await registry.getAddress(), "x", "x", "0x757364", 2]),
    )
      .to.be.revertedWithCustomError(factory, "DepositTokenInvalidCurrency")
      .withArgs("0x757364");
  });

  it("lets a BANK mint against a deposit, to an active member", async function () {
    const { token, bank, exporter } = await networkHelpers.loadFixture(fixture);
    await expect(token.connect(bank).mint(exporter.address, 500n, ethers.id("deposit-2")))
      .to.emit(token, "DepositMinted")
      .withArgs(bank.address, exporter.address, 500n, ethers.id("deposit-2"));
    expect(await token.balanceOf(exporter.address)).to.equal(500n);
  });

  it("refuses minting by anyone but a BANK", async function () {
    const { token, exporter } = await networkHelpers.loadFixture(fixture);
    await expect(token.connect(exporter).mint(exporter.address, 1n, ethers.ZeroHash))
      .to.be.revertedWithCustomError(token, "ConsortiumUnauthorizedAccount")
      .withArgs(exporter.address, ethers.id("BANK"));
  });

  it("refuses minting to, or transfers to, an account that is no member", async function () {
    const { token, bank, importer, outsiders } = await networkHelpers.loadFixture(fixture);
    const outsider = outsiders[0]!;
    await expect(token.connect(bank).mint(outsider.address, 1n, ethers.ZeroHash))
      .to.be.revertedWithCustomError(token, "DepositTokenHolderNotPermitted")
      .withArgs(outsider.address);
    await expect(token.connect(importer).transfer(outsider.address, 1n))
      .to.be.revertedWithCustomError(token, "DepositTokenHolderNotPermitted")
      .withArgs(outsider.address);
  });

  it("moves between active members", async function () {
    const { token, importer, exporter } = await networkHelpers.loadFixture(fixture);
    await expect(token.connect(importer).transfer(exporter.address, 250n)).to.changeTokenBalances(
      ethers,
      token,
      [importer, exporter],
      [-250n, 250n],
    );
  });

  it("freezes a suspended member's balance: it can neither send nor receive", async function () {
    const { token, registry, admins, importer, exporter } =
      await networkHelpers.loadFixture(fixture);
    await registry.connect(admins[0]!).suspendMember(importer.address, "sanctions review");
    await expect(token.connect(importer).transfer(exporter.address, 1n))
      .to.be.revertedWithCustomError(token, "DepositTokenHolderNotPermitted")
      .withArgs(importer.address);
    await expect(token.connect(exporter).transfer(importer.address, 0n))
      .to.be.revertedWithCustomError(token, "DepositTokenHolderNotPermitted")
      .withArgs(importer.address);
    await registry.connect(admins[0]!).reinstateMember(importer.address);
    await token.connect(importer).transfer(exporter.address, 1n);
  });

  it("lets a BANK burn what has been paid in to it for a withdrawal", async function () {
    const { token, bank, importer } = await networkHelpers.loadFixture(fixture);
    await token.connect(importer).transfer(bank.address, 400n);
    await expect(token.connect(bank).burn(400n, ethers.id("withdrawal-7")))
      .to.emit(token, "DepositBurned")
      .withArgs(bank.address, 400n, ethers.id("withdrawal-7"));
    expect(await token.totalSupply()).to.equal(1_000_00n - 400n);
    await expect(token.connect(importer).burn(1n, ethers.ZeroHash))
      .to.be.revertedWithCustomError(token, "ConsortiumUnauthorizedAccount")
      .withArgs(importer.address, ethers.id("BANK"));
  });

  it("lets governance approve a settlement contract as custodian, which may then hold and spend", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const escrow = f.outsiders[1]!; // stands in for a settlement contract
    await expect(f.token.connect(f.bank).setCustodian(escrow.address, true))
      .to.be.revertedWithCustomError(f.token, "ConsortiumOnlyGovernance")
      .withArgs(f.bank.address);
    await f.token.connect(f.importer).approve(escrow.address, 100n);
    await expect(f.token.connect(escrow).transferFrom(f.importer.address, escrow.address, 100n))
      .to.be.revertedWithCustomError(f.token, "DepositTokenHolderNotPermitted")
      .withArgs(escrow.address);
    await setCustodian(f, escrow.address, true);
    expect(await f.token.isCustodian(escrow.address)).to.equal(true);
    expect(await f.token.canHold(escrow.address)).to.equal(true);
    await f.token.connect(escrow).transferFrom(f.importer.address, escrow.address, 100n);
    expect(await f.token.balanceOf(escrow.address)).to.equal(100n);
  });

  it("refuses a custodian change that changes nothing", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const data = f.token.interface.encodeFunctionData("setCustodian", [
      f.outsiders[1]!.address,
      false,
    ]);
    await f.registry.connect(f.admins[0]!).propose(await f.token.getAddress(), data, "no-op");
    const id = await f.registry.proposalCount();
    await expect(f.registry.connect(f.admins[1]!).approve(id))
      .to.be.revertedWithCustomError(f.registry, "ConsortiumProposalFailed")
      .withArgs(
        id,
        f.token.interface.encodeErrorResult("DepositTokenInvalidCustodian", [
          f.outsiders[1]!.address,
        ]),
      );
  });
});
