/** The `commitment` tasks: bank payment commitments on open account (issue #15). */
import { emptyTask } from "hardhat/config";

import { readTask, required, sendTask } from "../support/options.ts";

const order = required("order", "Purchase order id (the commitment's id)");
const presentation = [
  order,
  required(
    "invoice",
    "Commercial invoice file (JSON, as invoice register --invoice); fingerprinted under CARAVEL_INVOICE_KEY",
  ),
  required("buyer", "The invoice's buyer (member name or address)"),
  required("goods", "The invoice's description of the goods, as the order states it"),
  required("carrier", "The bill's carrier (member name or address)"),
  required("blNumber", "The bill's B/L number"),
] as const;

export const commitmentTasks = [
  emptyTask(
    "commitment",
    "Bank payment commitments: the importer's bank pays the exporter at maturity once order, invoice and bill match",
  ).build(),

  sendTask(["commitment", "offer"], "Offer to commit to pay an accepted order (a bank)")
    .addOption(order)
    .addOption(
      required("tolerance", "How far the invoice amount may be from the order's, percent (5)"),
    )
    .addOption(required("customs", 'Customs clearance at destination: "required" or "none"'))
    .addOption(required("expires", "Last day documents may be presented, YYYY-MM-DD"))
    .addOption({ name: "token", description: "Settlement token", defaultValue: "CnyDepositToken" })
    .setAction(() => import("./offer.ts"))
    .build(),

  sendTask(["commitment", "consent"], "Consent to the offered commitment (the order's importer)")
    .addOption(order)
    .setAction(() => import("./consent.ts"))
    .build(),

  sendTask(["commitment", "decline"], "Decline the offered commitment (the order's importer)")
    .addOption(order)
    .setAction(() => import("./decline.ts"))
    .build(),

  sendTask(
    ["commitment", "withdraw"],
    "Withdraw an offer the importer has not consented to (the bank)",
  )
    .addOption(order)
    .setAction(() => import("./withdraw.ts"))
    .build(),

  presentation
    .reduce(
      (t, option) => t.addOption(option),
      sendTask(
        ["commitment", "present"],
        "Present the invoice and the bill: on a match the commitment is irrevocable and you hold the bank's voucher (the order's exporter)",
      ),
    )
    .setAction(() => import("./present.ts"))
    .build(),

  presentation
    .reduce(
      (t, option) => t.addOption(option),
      readTask(
        ["commitment", "check"],
        "Which fields of a presentation would not match now (no transaction)",
      ),
    )
    .setAction(() => import("./check.ts"))
    .build(),

  readTask(["commitment", "show"], "A commitment: bank, terms, status and its voucher")
    .addOption(order)
    .setAction(() => import("./show.ts"))
    .build(),

  sendTask(
    ["commitment", "expire"],
    "Mark an unmatched commitment past its expiry Expired (anyone)",
  )
    .addOption(order)
    .setAction(() => import("./expire.ts"))
    .build(),
];
