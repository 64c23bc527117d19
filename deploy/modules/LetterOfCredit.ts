/**
 * Ignition modules: letters of credit.
 *
 * `letterOfCreditModule(consortium, certificates, dependencies)` deploys the banking calendar, the
 * two libraries, `LetterOfCredit` linked to them and the Chainlink Automation-compatible
 * `LetterOfCreditAutomation`. It takes the consortium registry and the certificate-of-origin
 * registry as futures of the modules that provide them; the bill of lading (IBillOfLadingTitle) and
 * the customs status (ICustomsStatus) as futures too when their modules are given
 * (`buildBillOfLadingModule(...)`, `customsOracleModule(...)` or `DemoOracleCommitteeModule`), else
 * as module parameters `billOfLading` and `customsStatus` (addresses of contracts already deployed).
 *
 * In deploy/Caravel.ts:
 *
 *   const money = moneyModule(DemoConsortiumModule);
 *   const credit = letterOfCreditModule(DemoConsortiumModule, certificateOfOriginModule(DemoConsortiumModule), {
 *     billOfLading: buildBillOfLadingModule(DemoConsortiumModule),
 *     customsStatus: DemoOracleCommitteeModule,
 *   });
 *   const { letterOfCredit, automation, calendar } = m.useModule(credit);
 *   const { cnyDeposit, usdDeposit, usdCnyFeed } = m.useModule(money);
 *   m.useModule(demoCreditSettlementModule(DemoConsortiumModule, money, credit));
 *
 * `demoCreditSettlementModule(consortium, money, credit)` then wires the money to the credits the
 * way the consortium would, through governance proposals that two demo administrators propose and
 * approve: the escrow may hold both deposit tokens, and the USD/CNY feed is approved for credits
 * (heartbeat and bounds as parameters `fxHeartbeat`, `fxMinAnswer`, `fxMaxAnswer`; default 48 h,
 * 6.50, 7.80). deploy/Caravel.ts composes all of them.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type {
  CallableContractFuture,
  ContractFuture,
  IgnitionModule,
} from "@nomicfoundation/ignition-core";

import { DEMO_ADMINISTRATOR_INDEXES } from "../../lib/chain/demoConsortium.ts";
import type { ConsortiumProvider } from "./CertificateOfOrigin.ts";

/** Any module whose results include the certificate-of-origin registry as `certificateOfOrigin`. */
export type CertificateRegistryProvider = IgnitionModule<
  string,
  string,
  { certificateOfOrigin: ContractFuture<string> }
>;
/** Any module whose results include the electronic bill of lading as `billOfLading`. */
export type BillOfLadingProvider = IgnitionModule<
  string,
  string,
  { billOfLading: ContractFuture<string> }
>;
/** Any module whose results include the customs oracle (ICustomsStatus) as `customsOracle`. */
export type CustomsStatusProvider = IgnitionModule<
  string,
  string,
  { customsOracle: ContractFuture<string> }
>;
/** The module "Money" (deploy/modules/Money.ts), or any with the same results. */
export type MoneyProvider = IgnitionModule<
  string,
  string,
  {
    cnyDeposit: CallableContractFuture<"DepositToken">;
    usdDeposit: CallableContractFuture<"DepositToken">;
    usdCnyFeed: ContractFuture<"ConsortiumFxFeed">;
  }
>;
/** The module "LetterOfCredit", or any with the same results. */
export type LetterOfCreditProvider = IgnitionModule<
  string,
  string,
  { letterOfCredit: CallableContractFuture<"LetterOfCredit"> }
>;
/** A module providing the consortium registry as a future the wiring can call (`propose`, `approve`). */
export type GovernedConsortiumProvider = IgnitionModule<
  string,
  string,
  { registry: CallableContractFuture<"ConsortiumRegistry"> }
>;

export interface LetterOfCreditDependencies {
  billOfLading?: BillOfLadingProvider;
  customsStatus?: CustomsStatusProvider;
}

/** The module "LetterOfCredit". */
export function letterOfCreditModule(
  consortium: ConsortiumProvider,
  certificates: CertificateRegistryProvider,
  dependencies: LetterOfCreditDependencies = {},
) {
  return buildModule("LetterOfCredit", (m) => {
    const { registry } = m.useModule(consortium);
    const { certificateOfOrigin } = m.useModule(certificates);
    const billOfLading =
      dependencies.billOfLading !== undefined
        ? m.useModule(dependencies.billOfLading).billOfLading
        : m.getParameter<string>("billOfLading");
    const customsStatus =
      dependencies.customsStatus !== undefined
        ? m.useModule(dependencies.customsStatus).customsOracle
        : m.getParameter<string>("customsStatus");
    const calendar = m.contract("BankingCalendar", [registry]);
    const transitions = m.library("LcTransitions");
    const examination = m.library("LcExamination");
    const letterOfCredit = m.contract(
      "LetterOfCredit",
      [registry, billOfLading, certificateOfOrigin, customsStatus, calendar],
      { libraries: { LcTransitions: transitions, LcExamination: examination } },
    );
    const automation = m.contract("LetterOfCreditAutomation", [letterOfCredit]);
    return { letterOfCredit, automation, calendar };
  });
}

/** The module "DemoCreditSettlement": governance wiring of the money to the credits, by demo admins. */
export function demoCreditSettlementModule(
  consortium: GovernedConsortiumProvider,
  money: MoneyProvider,
  credit: LetterOfCreditProvider,
) {
  return buildModule("DemoCreditSettlement", (m) => {
    const { registry } = m.useModule(consortium);
    const { cnyDeposit, usdDeposit, usdCnyFeed } = m.useModule(money);
    const { letterOfCredit } = m.useModule(credit);
    const proposer = m.getAccount(DEMO_ADMINISTRATOR_INDEXES[0]);
    const approver = m.getAccount(DEMO_ADMINISTRATOR_INDEXES[1]);

    const govern = (
      key: string,
      target: ContractFuture<string>,
      data: ReturnType<typeof m.encodeFunctionCall>,
      description: string,
    ) => {
      const proposal = m.call(registry, "propose", [target, data, description], {
        from: proposer,
        id: `propose_${key}`,
      });
      const proposalId = m.readEventArgument(proposal, "ProposalCreated", "proposalId", {
        id: `proposal_id_${key}`,
      });
      m.call(registry, "approve", [proposalId], { from: approver, id: `approve_${key}` });
    };

    for (const [key, token] of [
      ["cny_custodian", cnyDeposit],
      ["usd_custodian", usdDeposit],
    ] as const) {
      govern(
        key,
        token,
        m.encodeFunctionCall(token, "setCustodian", [letterOfCredit, true], {
          id: `encode_${key}`,
        }),
        "The letter-of-credit escrow may hold the deposit token",
      );
    }
    govern(
      "usd_cny_feed",
      letterOfCredit,
      m.encodeFunctionCall(
        letterOfCredit,
        "configureFxFeed",
        [
          usdCnyFeed,
          true,
          m.getParameter("fxHeartbeat", 48 * 3600),
          m.getParameter("fxMinAnswer", 6_50000000n),
          m.getParameter("fxMaxAnswer", 7_80000000n),
        ],
        { id: "encode_usd_cny_feed" },
      ),
      "Approve the consortium USD/CNY feed for letters of credit",
    );
    return { letterOfCredit, cnyDeposit, usdDeposit, usdCnyFeed };
  });
}
