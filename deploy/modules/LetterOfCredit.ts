/**
 * Ignition modules: letters of credit.
 *
 * `letterOfCreditModule(consortium, certificates, dependencies)` deploys the banking calendar, the
 * two libraries, `LetterOfCredit` linked to them and the Chainlink Automation-compatible
 * `LetterOfCreditAutomation`. It takes the consortium registry and the certificate-of-origin
 * registry as futures of the modules that provide them; the bill of lading (IBillOfLadingTitle) and
 * the customs status (ICustomsStatus) as futures too when their modules are given
 * (`buildBillOfLadingModule(...)`, `customsOracleModule(...)` or deploy/demo's `DemoOracleCommitteeModule`), else
 * as module parameters `billOfLading` and `customsStatus` (addresses of contracts already deployed).
 *
 * In deploy/demo/Caravel.ts:
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
 * `demoCreditSettlementModule(consortium, money, credit)` (deploy/demo/DemoCreditSettlement.ts) then wires the money to the credits the
 * way the consortium would, through governance proposals that two demo administrators propose and
 * approve: the escrow may hold both deposit tokens, and the USD/CNY feed is approved for credits
 * (heartbeat and bounds as parameters `fxHeartbeat`, `fxMinAnswer`, `fxMaxAnswer`; default 48 h,
 * 6.50, 7.80). deploy/demo/Caravel.ts composes all of them.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type {
  CallableContractFuture,
  ContractFuture,
  IgnitionModule,
} from "@nomicfoundation/ignition-core";

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
    const settlement = m.library("LcSettlement");
    const presentation = m.library("LcPresentation");
    const letterOfCredit = m.contract(
      "LetterOfCredit",
      [registry, billOfLading, certificateOfOrigin, customsStatus, calendar],
      {
        libraries: {
          LcTransitions: transitions,
          LcExamination: examination,
          LcSettlement: settlement,
          LcPresentation: presentation,
        },
      },
    );
    const automation = m.contract("LetterOfCreditAutomation", [letterOfCredit]);
    return { letterOfCredit, automation, calendar };
  });
}
