import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { expect } from "chai";
import { network } from "hardhat";

import BillOfLadingModule, { buildBillOfLadingModule } from "../../deploy/modules/BillOfLading.ts";
import { billIdOf, billIssueStruct, documentHashOf } from "../../lib/trade/billOfLading.ts";
import {
  DEMO_ADMINISTRATOR_INDEXES,
  DEMO_APPROVAL_THRESHOLD,
} from "../../lib/chain/demoConsortium.ts";
import { deployConsortium, memberSigner } from "../helpers/consortium.ts";

const { ethers, ignition, networkHelpers } = await network.create();

async function consortiumFixture() {
  return deployConsortium(ethers);
}

describe("BillOfLading Ignition module", function () {
  it("deploys the bill against an existing registry given as a parameter", async function () {
    const consortium = await networkHelpers.loadFixture(consortiumFixture);
    const registry = await consortium.registry.getAddress();
    const { billOfLading } = await ignition.deploy(BillOfLadingModule, {
      parameters: { ExistingConsortiumRegistry: { registry } },
    });
    const deployed = await ethers.getContractAt("BillOfLading", await billOfLading.getAddress());
    expect(await deployed.consortiumRegistry()).to.equal(registry);

    const carrier = memberSigner(consortium, "carrier");
    const exporter = memberSigner(consortium, "exporter");
    const now = (await ethers.provider.getBlock("latest"))!.timestamp;
    const bill = billIssueStruct({
      blNumber: "MRDNIGN0001",
      shipper: exporter.address,
      consignee: "to order",
      notifyParty: "none",
      vesselImo: 9074729,
      voyageNumber: "403E",
      portOfLoading: "GBFXT",
      portOfDischarge: "CNSHA",
      shippedOnBoardAt: now - 60,
      documentHash: documentHashOf("MRDNIGN0001"),
    });
    await (await deployed.connect(carrier).issue(bill)).wait();
    expect(await deployed.holderOf(billIdOf(carrier.address, "MRDNIGN0001"))).to.equal(
      exporter.address,
    );
  });

  it("composes on top of a module that deploys the registry", async function () {
    const signers = await ethers.getSigners();
    const admins = DEMO_ADMINISTRATOR_INDEXES.map((i) => signers[i]!.address);
    const RegistryModule = buildModule("TestConsortium", (m) => {
      const registry = m.contract("ConsortiumRegistry", [admins, DEMO_APPROVAL_THRESHOLD]);
      return { registry };
    });
    const { billOfLading } = await ignition.deploy(buildBillOfLadingModule(RegistryModule));
    const deployed = await ethers.getContractAt("BillOfLading", await billOfLading.getAddress());
    const registry = await deployed.consortiumRegistry();
    const deployedRegistry = await ethers.getContractAt("ConsortiumRegistry", registry);
    expect(await deployedRegistry.approvalThreshold()).to.equal(BigInt(DEMO_APPROVAL_THRESHOLD));
  });
});
