/** The `trade` tasks: a whole trade in one view. */
import { emptyTask } from "hardhat/config";

import { readTask, required } from "../support/options.ts";

export const tradeTasks = [
  emptyTask("trade", "A whole trade: the credit, its documents, customs and payments").build(),

  readTask(
    ["trade", "status"],
    "One timeline of a trade: credit, documents, customs events and payments",
  )
    .addOption(required("credit", "The letter of credit's id"))
    .addOption({
      name: "bill",
      description: "A bill of lading to include before it is presented (its B/L number)",
      defaultValue: "",
    })
    .addOption({
      name: "carrier",
      description: "The bill's carrier (only if several carriers used the number)",
      defaultValue: "",
    })
    .addOption({
      name: "certificate",
      description: "A certificate of origin to include (its number)",
      defaultValue: "",
    })
    .addOption({
      name: "invoiceId",
      description:
        "The registered invoice's id (printed by invoice register: bound to its seller and identity fingerprint)",
      defaultValue: "",
    })
    .setAction(() => import("./status.ts"))
    .build(),

  readTask(
    ["trade", "facilities"],
    "Every facility of an open-account trade: the order, its commitment and vouchers, the advances, the credit",
  )
    .addOption(required("order", "The purchase order's id"))
    .addOption({
      name: "credit",
      description: "A letter of credit of the same trade (its id)",
      defaultValue: "",
    })
    .setAction(() => import("./facilities.ts"))
    .build(),
];
