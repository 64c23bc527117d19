/** The `money` tasks: the consortium's deposit tokens and exchange-rate feed. */
import { emptyTask } from "hardhat/config";

import { readTask, required, sendTask } from "../support/options.ts";

const TOKEN_HELP =
  "The deposit token: a deployment name (CnyDepositToken, UsdDepositToken) or an address";

export const moneyTasks = [
  emptyTask("money", "Deposit tokens and the exchange-rate feed").build(),

  sendTask(["money", "mint"], "Mint deposit tokens against a customer's deposit (a bank)")
    .addOption(required("token", TOKEN_HELP))
    .addOption(required("to", "Who receives them: a member name or an address"))
    .addOption(required("amount", "How much, at most the token's decimals (2000000.00)"))
    .addOption(required("depositRef", "The bank's reference for the deposit"))
    .setAction(() => import("./mint.ts"))
    .build(),

  sendTask(
    ["money", "publish-rate"],
    "Publish an exchange rate to the consortium's feed (an oracle member)",
  )
    .addOption(required("feed", "The feed: a deployment name (UsdCnyFeed) or an address"))
    .addOption(required("rate", "Quote units per base unit (7.1000)"))
    .setAction(() => import("./publishRate.ts"))
    .build(),

  sendTask(
    ["money", "set-publishers"],
    "Propose the exchange-rate feed's publishers and rules (an administrator; others approve)",
  )
    .addOption(required("feed", "The feed: a deployment name (UsdCnyFeed) or an address"))
    .addOption(
      required(
        "publishers",
        "Comma-separated ORACLE members, at most 16 (oracle1,oracle2,oracle3)",
      ),
    )
    .addOption(required("minPublishers", "Fresh observations a rate needs, at least 3"))
    .addOption(
      required("maxDeviationBps", "Largest move from the current rate, in basis points (1000)"),
    )
    .addOption(required("maxObservationAge", "Seconds an observation counts (3600)"))
    .setAction(() => import("./setPublishers.ts"))
    .build(),

  readTask(["money", "balance"], "What an account holds of a deposit token")
    .addOption(required("token", TOKEN_HELP))
    .addOption(required("of", "The account: a member name or an address"))
    .setAction(() => import("./balance.ts"))
    .build(),
];
