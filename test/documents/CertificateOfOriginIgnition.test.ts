import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { expect } from "chai";
import { id, keccak256, toUtf8Bytes } from "ethers";
import { network } from "hardhat";

import { DemoConsortiumModule } from "../../deploy/demo/DemoConsortium.ts";
import { certificateOfOriginModule } from "../../deploy/modules/CertificateOfOrigin.ts";
import { invoiceRegistryModule } from "../../deploy/modules/InvoiceRegistry.ts";
import { DEMO_MEMBERS } from "../../lib/chain/demoConsortium.ts";
import { invoiceIdOf } from "../../lib/trade/invoiceFingerprint.ts";
import { localDeployParameters } from "../../scripts/dev/deployParameters.ts";
import { ascii, Verdict } from "./documentsFixture.ts";

const { ethers, ignition, networkHelpers } = await network.create();

/** Composed the way deploy/demo/Caravel.ts composes the platform. */
const ComposedModule = buildModule("DocumentsOnDemoConsortium", (m) => {
  const { registry } = m.useModule(DemoConsortiumModule);
  const { certificateOfOrigin } = m.useModule(certificateOfOriginModule(DemoConsortiumModule));
  const { invoiceRegistry } = m.useModule(invoiceRegistryModule(DemoConsortiumModule));
  return { registry, certificateOfOrigin, invoiceRegistry };
});

const signerOf = async (key: string) =>
  (await ethers.getSigners())[DEMO_MEMBERS.find((m) => m.key === key)!.accountIndex]!;

describe("Ignition modules CertificateOfOrigin and InvoiceRegistry", function () {
  it("deploy both registries on the demo consortium, where its members can use them", async function () {
    const parameters = await localDeployParameters(await ethers.getSigners());
    const { registry, certificateOfOrigin, invoiceRegistry } = await ignition.deploy(
      ComposedModule,
      {
        parameters,
        displayUi: false,
      },
    );

    const origin = await ethers.getContractAt(
      "CertificateOfOriginRegistry",
      await certificateOfOrigin.getAddress(),
    );
    const invoices = await ethers.getContractAt(
      "InvoiceRegistry",
      await invoiceRegistry.getAddress(),
    );
    expect(await origin.consortiumRegistry()).to.equal(await registry.getAddress());
    expect(await invoices.consortiumRegistry()).to.equal(await registry.getAddress());

    const now = await networkHelpers.time.latest();
    await origin.connect(await signerOf("chamber")).issue({
      number: "LCCI/2025/GB-IGN",
      exporter: (await signerOf("exporter")).address,
      consignee: (await signerOf("importer")).address,
      hsCodes: [901890],
      countryOfOrigin: ascii("GB", 2),
      originCriterion: ascii("WO", 4),
      tradeAgreement: ascii("NON-PREFERENTIAL", 16),
      issuedAt: now,
      validUntil: now + 86_400,
      documentHash: keccak256(toUtf8Bytes("document")),
    });
    expect(await origin.verify("LCCI/2025/GB-IGN", keccak256(toUtf8Bytes("document")))).to.equal(
      Verdict.Valid,
    );

    const fingerprints = { exact: id("ignition exact"), identity: id("ignition identity") };
    const seller = (await signerOf("exporter")).address;
    await invoices.connect(await signerOf("exporter")).register(fingerprints);
    await invoices.connect(await signerOf("issuingBank")).finance(seller, fingerprints);
    await expect(invoices.connect(await signerOf("advisingBank")).finance(seller, fingerprints))
      .to.be.revertedWithCustomError(invoices, "InvoiceRegistryAlreadyFinanced")
      .withArgs(
        fingerprints.exact,
        invoiceIdOf(seller, fingerprints.identity),
        (await signerOf("issuingBank")).address,
      );
  });
});
