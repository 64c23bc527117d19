import { expect } from "chai";
import { network } from "hardhat";

import { SIGNATURE_BATCH_VERIFIER_ADDRESS } from "../../deploy/acceleratorAddress.ts";
import { DEMO_MEMBERS } from "../../scripts/lib/demoConsortium.ts";
import { deployCaravel } from "../../scripts/lib/deployCaravel.ts";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

async function deployment() {
  return deployCaravel(connection);
}

describe("Caravel deployment (deploy/Caravel.ts + scripts/lib/deployCaravel.ts)", function () {
  it("builds every contract on the one consortium registry", async function () {
    const addresses = await networkHelpers.loadFixture(deployment);
    for (const name of [
      "billOfLading",
      "certificateOfOrigin",
      "invoiceRegistry",
      "customsOracle",
    ]) {
      const gated = await ethers.getContractAt("ConsortiumGated", addresses[name]!);
      expect(await gated.consortiumRegistry(), name).to.equal(addresses["registry"]);
    }
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
});
