/**
 * Ignition module "DemoCreditSettlement": wires the money to the credits the way the consortium
 * would, through governance proposals that two demo administrators propose and approve: the escrow
 * may hold both deposit tokens, and the USD/CNY feed is approved for credits (heartbeat and bounds
 * as parameters `fxHeartbeat`, `fxMinAnswer`, `fxMaxAnswer`; default 48 h, 6.50, 7.80).
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { DEMO_ADMINISTRATOR_INDEXES } from "../../lib/chain/demoConsortium.ts";
import { keyedGovernance } from "./proposeAndApprove.ts";
import type {
  GovernedConsortiumProvider,
  LetterOfCreditProvider,
  MoneyProvider,
} from "../modules/LetterOfCredit.ts";

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

    const govern = keyedGovernance(m, registry, proposer, approver);

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
