/**
 * Ignition module: the consortium's money — deposit tokens that BANK members mint against deposits
 * and burn on withdrawal (cCNY and cUSD, 2 decimals as ISO 4217 minor units), and the consortium's
 * own USD/CNY exchange-rate feed, readable as a Chainlink AggregatorV3Interface, published by the
 * ORACLE members.
 *
 * Composable: `moneyModule(consortium)` takes the module that provides the `registry` future
 * (deploy/demo/Caravel.ts composes it on `DemoConsortiumModule`). The default export uses
 * `ConsortiumRegistryModule`, so this file also deploys alone.
 *
 * Parameters (module "Money", all optional): `fxMinAnswer`, `fxMaxAnswer` (the feed's sanity
 * bounds, 8 decimals; default 5.0 and 10.0 CNY per USD).
 *
 * The feed is deployed without publishers: its rate is the median of several publishers'
 * observations, and governance names them. `demoFxPublishersModule(consortium, money)` (deploy/demo/DemoFxPublishers.ts) does that
 * for the demo consortium the way a real one would — one administrator proposes, another
 * approves: oracle1..oracle5, any 3 fresh observations make a round (parameters of module
 * "DemoFxPublishers": `minPublishers` 3, `maxDeviationBps` 1000, `maxObservationAge` 3600 s).
 * On a real consortium chain, propose `setPublishers` yourself (docs/OPERATIONS.md).
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { CallableContractFuture, IgnitionModule } from "@nomicfoundation/ignition-core";
import { id } from "ethers";

import type { ConsortiumProvider } from "./CertificateOfOrigin.ts";
import { ConsortiumRegistryModule } from "./Consortium.ts";

/** A module providing the consortium registry as a future the wiring can call (`propose`, `approve`). */
export type CallableConsortiumProvider = IgnitionModule<
  string,
  string,
  { registry: CallableContractFuture<"ConsortiumRegistry"> }
>;

/** "CNY" as the bytes3 the contracts store. */
const ascii3 = (code: string): string => "0x" + Buffer.from(code, "ascii").toString("hex");

/** The module "Money" deploying the deposit tokens and the USD/CNY feed against `consortium`'s registry. */
export function moneyModule(consortium: ConsortiumProvider) {
  return buildModule("Money", (m) => {
    const { registry } = m.useModule(consortium);
    const cnyDeposit = m.contract(
      "DepositToken",
      [registry, "Caravel CNY Deposit", "cCNY", ascii3("CNY"), 2],
      { id: "CnyDepositToken" },
    );
    const usdDeposit = m.contract(
      "DepositToken",
      [registry, "Caravel USD Deposit", "cUSD", ascii3("USD"), 2],
      { id: "UsdDepositToken" },
    );
    const usdCnyFeed = m.contract(
      "ConsortiumFxFeed",
      [
        registry,
        id("ORACLE"),
        ascii3("USD"),
        ascii3("CNY"),
        8,
        m.getParameter("fxMinAnswer", 5_00000000n),
        m.getParameter("fxMaxAnswer", 10_00000000n),
      ],
      { id: "UsdCnyFeed" },
    );
    return { cnyDeposit, usdDeposit, usdCnyFeed };
  });
}

/** Any module whose results include the consortium FX feed as `usdCnyFeed`. */
export type FxFeedProvider = IgnitionModule<
  string,
  string,
  { usdCnyFeed: CallableContractFuture<"ConsortiumFxFeed"> }
>;

export const MoneyModule = moneyModule(ConsortiumRegistryModule);

export default MoneyModule;
