/**
 * Ignition module "DemoFxPublishers": governance names the demo's five oracle nodes the USD/CNY
 * feed's publishers, the way a real consortium would (one administrator proposes, another
 * approves). Demo only: on a real consortium chain, propose `setPublishers` yourself
 * (docs/OPERATIONS.md).
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { DEMO_ADMINISTRATOR_INDEXES, DEMO_MEMBERS } from "../../lib/chain/demoConsortium.ts";
import { DEMO_FX_AGGREGATION } from "../../lib/chain/fxFeed.ts";
import type { CallableConsortiumProvider, FxFeedProvider } from "../modules/Money.ts";
import { proposeAndApprove } from "./proposeAndApprove.ts";

/**
 * The module "DemoFxPublishers": governance makes the demo's five oracle nodes the feed's
 * publishers. `consortium` must have onboarded them with the ORACLE role (the demo consortium).
 */
export function demoFxPublishersModule(
  consortium: CallableConsortiumProvider,
  money: FxFeedProvider,
) {
  return buildModule("DemoFxPublishers", (m) => {
    const { registry } = m.useModule(consortium);
    const { usdCnyFeed } = m.useModule(money);
    const publishers = DEMO_MEMBERS.filter((member) => member.roles.includes("ORACLE")).map(
      (member) => m.getAccount(member.accountIndex),
    );
    const aggregation = {
      minPublishers: m.getParameter("minPublishers", DEMO_FX_AGGREGATION.minPublishers),
      maxDeviationBps: m.getParameter("maxDeviationBps", DEMO_FX_AGGREGATION.maxDeviationBps),
      maxObservationAge: m.getParameter("maxObservationAge", DEMO_FX_AGGREGATION.maxObservationAge),
    };
    const setPublishers = m.encodeFunctionCall(usdCnyFeed, "setPublishers", [
      publishers,
      aggregation,
    ]);
    proposeAndApprove(m, registry, {
      target: usdCnyFeed,
      data: setPublishers,
      description: "USD/CNY feed: the five oracle nodes publish, any 3 make a rate",
      proposer: m.getAccount(DEMO_ADMINISTRATOR_INDEXES[0]),
      approver: m.getAccount(DEMO_ADMINISTRATOR_INDEXES[1]),
      ids: { propose: "propose_fx_publishers", approve: "approve_fx_publishers" },
    });
    return { usdCnyFeed };
  });
}
