/**
 * Test fixture for letters of credit: the demo consortium, the letter-of-credit contract linked to
 * its libraries, a banking calendar, the automation sweep, a USD deposit token the issuing bank
 * holds, a CNY deposit token and a USD/CNY consortium feed, and test doubles of the bill of lading,
 * the certificate-of-origin registry and the customs status (until the real ones are on main).
 *
 * The clock starts on Monday 2030-03-04 09:00 UTC. The standard credit: USD 100,000.00 "about",
 * shipment Felixstowe → Shanghai by 2030-04-15, expiry 2030-05-31 in London, available with the
 * advising bank in London.
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";

import { billIdOf, billIssueStruct } from "../../lib/trade/billOfLading.ts";
import { BillStatus, CertificateVerdict } from "../../lib/trade/enums.ts";
import { type FxAggregation, setPublishersCall } from "../../lib/chain/fxFeed.ts";
import { executeGovernance } from "../../lib/chain/governance.ts";
import {
  buildDocuments,
  buildTerms,
  certificateId,
  countryCode,
  type CreditTermsInput,
  documentHash,
  endOfLocalDay,
  type PresentationInput,
  startOfLocalDay,
  unLocode,
} from "../../lib/trade/letterOfCredit.ts";
import type {
  BankingCalendar,
  BillOfLading,
  BillOfLadingTitleDouble,
  CertificateOfOriginRegistry,
  CertificateOfOriginRegistryDouble,
  ConsortiumFxFeed,
  ConsortiumRegistry,
  CustomsStatusDouble,
  DepositToken,
  LetterOfCredit,
  LetterOfCreditAutomation,
} from "../../types/ethers-contracts/index.js";
import { deployConsortium } from "../helpers/consortium.ts";

export const USD_DECIMALS = 2;
export const usd = (units: number | bigint): bigint => BigInt(units) * 100n;

/** UTC offsets of the demo banks: Shanghai +08:00, London +00:00 (winter). */
export const SHANGHAI = 8 * 60;
export const LONDON = 0;

export const START = startOfLocalDay("2030-03-04", 0) + 9 * 3600; // Monday 09:00 UTC
export const LATEST_SHIPMENT = endOfLocalDay("2030-04-15", LONDON);
export const EXPIRY = endOfLocalDay("2030-05-31", LONDON);
export const SHIPPED_ON_BOARD = startOfLocalDay("2030-04-01", LONDON) + 12 * 3600; // Monday noon

export const BILL_ID = 1n;
export const BL_NUMBER = "MOLU2030000123";
export const SHIPMENT_REF = documentHash(BL_NUMBER);
export const CERTIFICATE_NUMBER = "GB-LCCI-2030-000123";
export const CERTIFICATE_DOCUMENT =
  "Certificate of origin GB-LCCI-2030-000123: precision instruments";
export const GOODS = "2 x 40' containers of surgical-grade precision instruments, HS 9018";

export interface CreditFixture {
  ethers: HardhatEthers;
  registry: ConsortiumRegistry;
  admins: HardhatEthersSigner[];
  members: Record<string, HardhatEthersSigner>;
  outsiders: HardhatEthersSigner[];
  issuingBank: HardhatEthersSigner;
  advisingBank: HardhatEthersSigner;
  exporter: HardhatEthersSigner;
  importer: HardhatEthersSigner;
  carrier: HardhatEthersSigner;
  chamber: HardhatEthersSigner;
  oracle: HardhatEthersSigner;
  /** The USD/CNY feed's publishers (oracle1..oracle3): a rate is their median (lib/chain/fxFeed.ts). */
  fxPublishers: HardhatEthersSigner[];
  /** A third bank (Singapore), onboarded by the fixture, that confirms when a credit names it. */
  confirmingBank: HardhatEthersSigner;
  lc: LetterOfCredit;
  automation: LetterOfCreditAutomation;
  calendar: BankingCalendar;
  usdToken: DepositToken;
  cnyToken: DepositToken;
  usdCny: ConsortiumFxFeed;
  bills: BillOfLadingTitleDouble;
  certificates: CertificateOfOriginRegistryDouble;
  customs: CustomsStatusDouble;
}

/** Deploy `LetterOfCredit` linked to its libraries. */
/**
 * The test feeds' rules: 3 of oracle1..oracle3, fresh for an hour, and a deviation limit of 25%
 * so the suites can move the rate as far as their scenarios need in one round (from 7.10 to
 * 8.50, outside a credit's own bounds).
 */
export const TEST_FX_AGGREGATION: FxAggregation = {
  minPublishers: 3,
  maxDeviationBps: 2_500,
  maxObservationAge: 3_600,
};

export async function deployLetterOfCredit(
  ethers: HardhatEthers,
  registry: string,
  bills: string,
  certificates: string,
  customs: string,
  calendar: string,
): Promise<LetterOfCredit> {
  const transitions = await ethers.deployContract("LcTransitions");
  const examination = await ethers.deployContract("LcExamination");
  const settlement = await ethers.deployContract("LcSettlement");
  const presentation = await ethers.deployContract("LcPresentation");
  return (await ethers.deployContract(
    "LetterOfCredit",
    [registry, bills, certificates, customs, calendar],
    {
      libraries: {
        LcTransitions: await transitions.getAddress(),
        LcExamination: await examination.getAddress(),
        LcSettlement: await settlement.getAddress(),
        LcPresentation: await presentation.getAddress(),
      },
    },
  )) as unknown as LetterOfCredit;
}

/** The whole setup, with the clock at START. */
export async function deployCreditFixture(
  ethers: HardhatEthers,
  networkHelpers: NetworkHelpers,
): Promise<CreditFixture> {
  const { registry, admins, members, outsiders } = await deployConsortium(ethers);
  const m = (key: string): HardhatEthersSigner => {
    const s = members[key];
    if (s === undefined) throw new Error(`no demo member ${key}`);
    return s;
  };
  const registryAddress = await registry.getAddress();

  // A third bank, to confirm: onboarded through governance like every member.
  const confirmingBank = outsiders[3]!;
  await executeGovernance(registry, admins[0]!, admins.slice(1), {
    target: registryAddress,
    data: registry.interface.encodeFunctionData("onboardMember", [
      confirmingBank.address,
      "Lion City Confirming Bank Ltd",
      "5493000LIONCITYCB0001",
      countryCode("SG"),
      [ethers.id("BANK")],
    ]),
    description: "Onboard Lion City Confirming Bank as BANK",
  });

  const bills = (await ethers.deployContract(
    "BillOfLadingTitleDouble",
  )) as unknown as BillOfLadingTitleDouble;
  const certificates = (await ethers.deployContract(
    "CertificateOfOriginRegistryDouble",
  )) as unknown as CertificateOfOriginRegistryDouble;
  const customs = (await ethers.deployContract(
    "CustomsStatusDouble",
  )) as unknown as CustomsStatusDouble;
  const calendar = (await ethers.deployContract("BankingCalendar", [
    registryAddress,
  ])) as unknown as BankingCalendar;
  const lc = await deployLetterOfCredit(
    ethers,
    registryAddress,
    await bills.getAddress(),
    await certificates.getAddress(),
    await customs.getAddress(),
    await calendar.getAddress(),
  );
  const automation = (await ethers.deployContract("LetterOfCreditAutomation", [
    await lc.getAddress(),
  ])) as unknown as LetterOfCreditAutomation;

  const usdToken = (await ethers.deployContract("DepositToken", [
    registryAddress,
    "Caravel USD Deposit",
    "cUSD",
    "0x555344",
    USD_DECIMALS,
  ])) as unknown as DepositToken;
  const cnyToken = (await ethers.deployContract("DepositToken", [
    registryAddress,
    "Caravel CNY Deposit",
    "cCNY",
    "0x434e59",
    2,
  ])) as unknown as DepositToken;
  const usdCny = (await ethers.deployContract("ConsortiumFxFeed", [
    registryAddress,
    ethers.id("ORACLE"),
    "0x555344",
    "0x434e59",
    8,
    5_00000000n, // 5.0 CNY per USD
    10_00000000n, // 10.0
  ])) as unknown as ConsortiumFxFeed;
  const fxPublishers = ["oracle1", "oracle2", "oracle3"].map(m);
  await executeGovernance(
    registry,
    admins[0]!,
    admins.slice(1),
    await setPublishersCall(
      usdCny,
      fxPublishers.map((p) => p.address),
      TEST_FX_AGGREGATION,
    ),
  );

  for (const token of [usdToken, cnyToken]) {
    await executeGovernance(registry, admins[0]!, admins.slice(1), {
      target: await token.getAddress(),
      data: token.interface.encodeFunctionData("setCustodian", [await lc.getAddress(), true]),
      description: "Approve the letter-of-credit escrow as custodian",
    });
  }

  const issuingBank = m("issuingBank");
  await usdToken
    .connect(issuingBank)
    .mint(issuingBank.address, usd(10_000_000), ethers.id("dep-1"));
  await usdToken.connect(issuingBank).approve(await lc.getAddress(), ethers.MaxUint256);
  await cnyToken
    .connect(issuingBank)
    .mint(issuingBank.address, usd(100_000_000), ethers.id("dep-2"));
  await cnyToken.connect(issuingBank).approve(await lc.getAddress(), ethers.MaxUint256);

  await networkHelpers.time.increaseTo(START);

  const fixture: CreditFixture = {
    ethers,
    registry,
    admins,
    members,
    outsiders,
    issuingBank,
    advisingBank: m("advisingBank"),
    exporter: m("exporter"),
    importer: m("importer"),
    carrier: m("carrier"),
    chamber: m("chamber"),
    oracle: m("oracle1"),
    fxPublishers,
    confirmingBank,
    lc,
    automation,
    calendar,
    usdToken,
    cnyToken,
    usdCny,
    bills,
    certificates,
    customs,
  };
  await setBankCalendars(fixture);
  await recordBill(fixture, {});
  await recordCertificate(fixture, {});
  return fixture;
}

/** Shanghai keeps a Saturday-Sunday week at +08:00; London at +00:00. */
async function setBankCalendars(f: CreditFixture): Promise<void> {
  await f.calendar.connect(f.issuingBank).setBankingWeek(0x60, SHANGHAI);
  await f.calendar.connect(f.advisingBank).setBankingWeek(0x60, LONDON);
}

export interface BillOverrides {
  billId?: bigint;
  carrier?: string;
  portOfLoading?: string;
  portOfDischarge?: string;
  shippedOnBoardAt?: number;
  status?: number;
  holder?: string;
}

/** Write the bill of lading the standard presentation refers to (endorsed to the advising bank). */
export async function recordBill(f: CreditFixture, o: BillOverrides): Promise<void> {
  await f.bills.setBill(
    o.billId ?? BILL_ID,
    {
      carrier: o.carrier ?? f.carrier.address,
      shipmentRef: SHIPMENT_REF,
      shipper: f.exporter.address,
      consignee: f.ethers.ZeroAddress,
      portOfLoading: unLocode(o.portOfLoading ?? "GBFXT"),
      portOfDischarge: unLocode(o.portOfDischarge ?? "CNSHA"),
      shippedOnBoardAt: o.shippedOnBoardAt ?? SHIPPED_ON_BOARD,
      documentHash: documentHash(`B/L ${BL_NUMBER}`),
    },
    o.status ?? BillStatus.Active,
    o.holder ?? f.advisingBank.address,
  );
}

export interface CertificateOverrides {
  country?: string;
  consignee?: string;
  verdict?: number;
}

/** Write the certificate of origin the standard presentation refers to. */
export async function recordCertificate(f: CreditFixture, o: CertificateOverrides): Promise<void> {
  await f.certificates.setCertificate(
    certificateId(CERTIFICATE_NUMBER),
    {
      issuer: f.chamber.address,
      exporter: f.exporter.address,
      consignee: o.consignee ?? f.importer.address,
      countryOfOrigin: countryCode(o.country ?? "GB"),
      issuedAt: START,
      validUntil: EXPIRY,
      documentHash: documentHash(CERTIFICATE_DOCUMENT),
    },
    o.verdict ?? CertificateVerdict.Valid,
  );
}

/** The standard credit's terms, with `overrides`. */
export function standardTerms(
  f: CreditFixture,
  overrides: Partial<CreditTermsInput> = {},
): CreditTermsInput {
  return {
    beneficiary: f.exporter.address,
    issuingBank: f.issuingBank.address,
    advisingBank: f.advisingBank.address,
    settlementToken: f.usdToken.target as string,
    currency: "USD",
    amount: usd(100_000),
    aboutAmount: true,
    partialDrawingsAllowed: false,
    customsClearanceRequired: false,
    expiresAt: EXPIRY,
    placeOfExpiry: "GBLON",
    latestShipmentAt: LATEST_SHIPMENT,
    portOfLoading: "GBFXT",
    portOfDischarge: "CNSHA",
    countryOfOrigin: "GB",
    incoterm: "CIF",
    goodsDescription: GOODS,
    ...overrides,
  };
}

/** Apply for a credit on `terms`; returns its id. */
export async function applyFor(f: CreditFixture, terms: CreditTermsInput): Promise<bigint> {
  const lcId = (await f.lc.creditCount()) + 1n;
  await (await f.lc.connect(f.importer).applyForCredit(buildTerms(terms))).wait();
  return lcId;
}

/** Apply, then issue with exactly the required escrow. */
export async function issued(
  f: CreditFixture,
  overrides: Partial<CreditTermsInput> = {},
): Promise<bigint> {
  const lcId = await applyFor(f, standardTerms(f, overrides));
  const required = await f.lc.requiredEscrow(lcId);
  await (await f.lc.connect(f.issuingBank).issue(lcId, required)).wait();
  return lcId;
}

/** Apply, issue and advise. */
export async function advised(
  f: CreditFixture,
  overrides: Partial<CreditTermsInput> = {},
): Promise<bigint> {
  const lcId = await issued(f, overrides);
  await (await f.lc.connect(f.advisingBank).advise(lcId)).wait();
  return lcId;
}

/** The standard presentation to the advising bank, with `overrides`. */
export function standardPresentation(
  f: CreditFixture,
  overrides: Partial<PresentationInput> = {},
): PresentationInput {
  return {
    presentedTo: f.advisingBank.address,
    amount: usd(100_000),
    billId: BILL_ID,
    certificate: { number: CERTIFICATE_NUMBER, document: CERTIFICATE_DOCUMENT },
    invoice: "Commercial invoice ALB-2030-0042: USD 100,000.00",
    ...overrides,
  };
}

/** Present the standard documents (with `overrides`) as the exporter; returns the presentation id. */
export async function presented(
  f: CreditFixture,
  lcId: bigint,
  overrides: Partial<PresentationInput> = {},
): Promise<bigint> {
  const id = await f.lc.presentationCount(lcId);
  await (
    await f.lc.connect(f.exporter).present(lcId, buildDocuments(standardPresentation(f, overrides)))
  ).wait();
  return id;
}

/** Advised, presented at `SHIPPED_ON_BOARD + 3 days`, examined and honoured by the advising bank. */
export async function honoured(
  f: CreditFixture,
  networkHelpers: NetworkHelpers,
  overrides: Partial<CreditTermsInput> = {},
): Promise<bigint> {
  const lcId = await advised(f, overrides);
  await networkHelpers.time.increaseTo(SHIPPED_ON_BOARD + 3 * 86_400);
  await presented(f, lcId);
  await (await f.lc.connect(f.advisingBank).examine(lcId)).wait();
  await (await f.lc.connect(f.advisingBank).honour(lcId)).wait();
  return lcId;
}

/** Endorse the bill to the issuing bank (title passes: the settlement condition). */
export async function titleToIssuingBank(f: CreditFixture, billId = BILL_ID): Promise<void> {
  await (await f.bills.setHolder(billId, f.issuingBank.address, f.ethers.ZeroAddress)).wait();
}

/**
 * The contracts as they run together for a trade: the real consortium registry with the demo
 * members and a confirming bank, the real electronic bill of lading and certificate-of-origin
 * registry, a CNY and a USD deposit token, the consortium's USD/CNY feed (approved for credits:
 * 48 h heartbeat, 6.50..7.80), the banking calendar and the automation sweep. Customs status comes
 * from a test double of ICustomsStatus (the real oracle takes committee-signed reports; its own
 * tests cover that). Clock: Monday 2030-03-04 09:00 UTC.
 */
export async function deployTradeWorld(ethers: HardhatEthers, networkHelpers: NetworkHelpers) {
  const { time } = networkHelpers;
  const consortium = await deployConsortium(ethers);
  const { registry, admins, members } = consortium;
  const m = (key: string): HardhatEthersSigner => members[key]!;
  const registryAddress = await registry.getAddress();
  const governance = async (target: string, data: string, description: string) =>
    executeGovernance(registry, admins[0]!, admins.slice(1), { target, data, description });

  const confirmingBank = consortium.outsiders[3]!;
  await governance(
    registryAddress,
    registry.interface.encodeFunctionData("onboardMember", [
      confirmingBank.address,
      "Lion City Confirming Bank Ltd",
      "5493000LIONCITYCB0001",
      countryCode("SG"),
      [ethers.id("BANK")],
    ]),
    "Onboard Lion City Confirming Bank as BANK",
  );

  const certificates = (await ethers.deployContract("CertificateOfOriginRegistry", [
    registryAddress,
  ])) as unknown as CertificateOfOriginRegistry;
  const bills = (await ethers.deployContract("BillOfLading", [
    registryAddress,
  ])) as unknown as BillOfLading;
  const customs = (await ethers.deployContract(
    "CustomsStatusDouble",
  )) as unknown as CustomsStatusDouble;
  const calendar = (await ethers.deployContract("BankingCalendar", [
    registryAddress,
  ])) as unknown as BankingCalendar;
  const lc: LetterOfCredit = await deployLetterOfCredit(
    ethers,
    registryAddress,
    await bills.getAddress(),
    await certificates.getAddress(),
    await customs.getAddress(),
    await calendar.getAddress(),
  );
  const automation = (await ethers.deployContract("LetterOfCreditAutomation", [
    await lc.getAddress(),
  ])) as unknown as LetterOfCreditAutomation;
  const cny = (await ethers.deployContract("DepositToken", [
    registryAddress,
    "Caravel CNY Deposit",
    "cCNY",
    "0x434e59",
    2,
  ])) as unknown as DepositToken;
  const usd = (await ethers.deployContract("DepositToken", [
    registryAddress,
    "Caravel USD Deposit",
    "cUSD",
    "0x555344",
    2,
  ])) as unknown as DepositToken;
  const usdCny = (await ethers.deployContract("ConsortiumFxFeed", [
    registryAddress,
    ethers.id("ORACLE"),
    "0x555344",
    "0x434e59",
    8,
    5_00000000n,
    10_00000000n,
  ])) as unknown as ConsortiumFxFeed;
  const fxPublishers = ["oracle1", "oracle2", "oracle3"].map(m);
  const publishersCall = await setPublishersCall(
    usdCny,
    fxPublishers.map((p) => p.address),
    TEST_FX_AGGREGATION,
  );
  await governance(publishersCall.target, publishersCall.data, publishersCall.description);

  for (const token of [cny, usd]) {
    await governance(
      await token.getAddress(),
      token.interface.encodeFunctionData("setCustodian", [await lc.getAddress(), true]),
      "The letter-of-credit escrow may hold the deposit token",
    );
  }
  await governance(
    await lc.getAddress(),
    lc.interface.encodeFunctionData("configureFxFeed", [
      await usdCny.getAddress(),
      true,
      2 * 86_400,
      6_50000000n,
      7_80000000n,
    ]),
    "USD/CNY for letters of credit: 48 h heartbeat, 6.50..7.80",
  );

  const issuingBank = m("issuingBank");
  await calendar.connect(issuingBank).setBankingWeek(0x60, SHANGHAI);
  await calendar.connect(m("advisingBank")).setBankingWeek(0x60, LONDON);
  for (const token of [cny, usd]) {
    await token.connect(issuingBank).mint(issuingBank.address, 10n ** 15n, ethers.id("nostro"));
    await token.connect(issuingBank).approve(await lc.getAddress(), ethers.MaxUint256);
  }
  await time.increaseTo(startOfLocalDay("2030-03-04", LONDON) + 9 * 3600);

  return {
    ...consortium,
    lc,
    automation,
    certificates,
    bills,
    customs,
    cny,
    usd,
    usdCny,
    calendar,
    confirmingBank,
    issuingBank,
    advisingBank: m("advisingBank"),
    exporter: m("exporter"),
    importer: m("importer"),
    carrier: m("carrier"),
    chamber: m("chamber"),
    oracle: m("oracle1"),
    fxPublishers,
  };
}

export type TradeWorld = Awaited<ReturnType<typeof deployTradeWorld>>;

/**
 * The carrier issues a "to order" bill of lading to the exporter (the shipper) for goods shipped on
 * board at `shippedAt`, Felixstowe to Shanghai; returns the bill id.
 */
export async function issueBill(
  t: TradeWorld,
  blNumber: string,
  shippedAt: number,
): Promise<bigint> {
  const billId = billIdOf(t.carrier.address, blNumber);
  await (
    await t.bills.connect(t.carrier).issue(
      billIssueStruct({
        blNumber,
        shipper: t.exporter.address,
        consignee: "to order",
        notifyParty: t.importer.address,
        vesselImo: 9074729,
        voyageNumber: "MOL-0412E",
        portOfLoading: "GBFXT",
        portOfDischarge: "CNSHA",
        shippedOnBoardAt: shippedAt,
        documentHash: documentHash(`B/L ${blNumber}`),
      }),
    )
  ).wait();
  return billId;
}
