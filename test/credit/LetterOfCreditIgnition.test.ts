/**
 * The Ignition modules for letters of credit and money, composed on the demo consortium the way
 * deploy/demo/Caravel.ts composes the platform. The bill of lading and the customs oracle are passed as
 * module parameters (test doubles here) until their modules exist.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { expect } from "chai";
import { network } from "hardhat";

import { buildBillOfLadingModule } from "../../deploy/modules/BillOfLading.ts";
import { certificateOfOriginModule } from "../../deploy/modules/CertificateOfOrigin.ts";
import { customsOracleModule } from "../../deploy/modules/CustomsOracle.ts";
import { DemoConsortiumModule } from "../../deploy/demo/DemoConsortium.ts";
import { demoCreditSettlementModule } from "../../deploy/demo/DemoCreditSettlement.ts";
import { demoFxPublishersModule } from "../../deploy/demo/DemoFxPublishers.ts";
import { letterOfCreditModule } from "../../deploy/modules/LetterOfCredit.ts";
import { moneyModule } from "../../deploy/modules/Money.ts";
import { DEMO_MEMBERS } from "../../lib/chain/demoConsortium.ts";
import { publishByQuorum } from "../../lib/chain/fxFeed.ts";
import { localDeployParameters } from "../../scripts/dev/deployParameters.ts";
import { LcStatus } from "../../lib/trade/enums.ts";
import { buildTerms, endOfLocalDay } from "../../lib/trade/letterOfCredit.ts";

const { ethers, ignition, networkHelpers } = await network.create();

const money = moneyModule(DemoConsortiumModule);
const credit = letterOfCreditModule(
  DemoConsortiumModule,
  certificateOfOriginModule(DemoConsortiumModule),
);
const ComposedModule = buildModule("CreditsOnDemoConsortium", (m) => {
  const { registry } = m.useModule(DemoConsortiumModule);
  const { cnyDeposit, usdDeposit, usdCnyFeed } = m.useModule(money);
  const { letterOfCredit, automation, calendar } = m.useModule(credit);
  m.useModule(demoCreditSettlementModule(DemoConsortiumModule, money, credit));
  m.useModule(demoFxPublishersModule(DemoConsortiumModule, money));
  return { registry, cnyDeposit, usdDeposit, usdCnyFeed, letterOfCredit, automation, calendar };
});

const signerOf = async (key: string) =>
  (await ethers.getSigners())[DEMO_MEMBERS.find((m) => m.key === key)!.accountIndex]!;

describe("Ignition modules Money and LetterOfCredit", function () {
  it("deploy credits, deposit tokens and the feed on the demo consortium, wired by governance", async function () {
    const bills = await ethers.deployContract("BillOfLadingTitleDouble");
    const customs = await ethers.deployContract("CustomsStatusDouble");
    const parameters = {
      ...(await localDeployParameters(await ethers.getSigners())),
      LetterOfCredit: {
        billOfLading: await bills.getAddress(),
        customsStatus: await customs.getAddress(),
      },
    };
    const deployed = await ignition.deploy(ComposedModule, { parameters, displayUi: false });
    const lc = await ethers.getContractAt(
      "LetterOfCredit",
      await deployed.letterOfCredit.getAddress(),
    );
    const cny = await ethers.getContractAt("DepositToken", await deployed.cnyDeposit.getAddress());
    const feed = await ethers.getContractAt(
      "ConsortiumFxFeed",
      await deployed.usdCnyFeed.getAddress(),
    );
    const automation = await ethers.getContractAt(
      "LetterOfCreditAutomation",
      await deployed.automation.getAddress(),
    );

    const [billsAt, , customsAt, calendarAt] = await lc.dependencies();
    expect(billsAt).to.equal(await bills.getAddress());
    expect(customsAt).to.equal(await customs.getAddress());
    expect(calendarAt).to.equal(await deployed.calendar.getAddress());
    expect(await lc.consortiumRegistry()).to.equal(await deployed.registry.getAddress());
    expect(await automation.letterOfCredit()).to.equal(await lc.getAddress());
    expect(await cny.isCustodian(await lc.getAddress())).to.equal(true);
    expect(await cny.currency()).to.equal("0x434e59");
    expect(await feed.description()).to.equal("USD / CNY");
    expect((await lc.fxFeedConfig(await feed.getAddress())).approved).to.equal(true);

    // The deployment works: a USD credit escrowed in cCNY at the feed's rate.
    const issuingBank = await signerOf("issuingBank");
    // Governance made the five oracle nodes the feed's publishers; three observations make a rate.
    await publishByQuorum(
      feed,
      [await signerOf("oracle1"), await signerOf("oracle2"), await signerOf("oracle3")],
      7_10000000n,
      await networkHelpers.time.latest(),
    );
    await cny.connect(issuingBank).mint(issuingBank.address, 10n ** 12n, ethers.id("deposit"));
    await cny.connect(issuingBank).approve(await lc.getAddress(), ethers.MaxUint256);
    const now = await networkHelpers.time.latest();
    const expiry = endOfLocalDay(
      new Date((now + 90 * 86_400) * 1000).toISOString().slice(0, 10),
      0,
    );
    await lc.connect(await signerOf("importer")).applyForCredit(
      buildTerms({
        beneficiary: (await signerOf("exporter")).address,
        issuingBank: issuingBank.address,
        advisingBank: (await signerOf("advisingBank")).address,
        settlementToken: await cny.getAddress(),
        fxFeed: await feed.getAddress(),
        currency: "USD",
        amount: 1_000_000n,
        expiresAt: expiry,
        placeOfExpiry: "GBLON",
        latestShipmentAt: expiry - 30 * 86_400,
        portOfLoading: "GBFXT",
        portOfDischarge: "CNSHA",
        countryOfOrigin: "GB",
        incoterm: "CIF",
        goodsDescription: "Precision instruments",
      }),
    );
    expect(await lc.requiredEscrow(1n)).to.equal(7_100_000n);
    await lc.connect(issuingBank).issue(1n, 7_100_000n);
    expect(await lc.status(1n)).to.equal(LcStatus.Issued);
  });

  it("composes on the bill-of-lading and customs-oracle modules, as deploy/demo/Caravel.ts can", async function () {
    const billOfLading = buildBillOfLadingModule(DemoConsortiumModule);
    const customsOracle = customsOracleModule(DemoConsortiumModule);
    const wired = letterOfCreditModule(
      DemoConsortiumModule,
      certificateOfOriginModule(DemoConsortiumModule),
      { billOfLading, customsStatus: customsOracle },
    );
    const Platform = buildModule("CreditsOnThePlatform", (m) => {
      const { letterOfCredit } = m.useModule(wired);
      const bills = m.useModule(billOfLading).billOfLading;
      const customs = m.useModule(customsOracle).customsOracle;
      return { letterOfCredit, bills, customs };
    });
    const parameters = await localDeployParameters(await ethers.getSigners());
    const deployed = await ignition.deploy(Platform, { parameters, displayUi: false });
    const lc = await ethers.getContractAt(
      "LetterOfCredit",
      await deployed.letterOfCredit.getAddress(),
    );
    const [billsAt, , customsAt] = await lc.dependencies();
    expect(billsAt).to.equal(await deployed.bills.getAddress());
    expect(customsAt).to.equal(await deployed.customs.getAddress());
  });
});
