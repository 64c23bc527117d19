/** The `oracle` tasks: the customs oracle's committee, its reports, a shipment's status. */
import { emptyTask } from "hardhat/config";

import { readTask, required } from "../support/options.ts";

export const oracleTasks = [
  emptyTask("oracle", "The customs oracle: committee, reports, shipments").build(),

  readTask(
    ["oracle", "committee"],
    "The oracle committee, its threshold and epoch, and the signature verifier",
  )
    .setAction(() => import("./committee.ts"))
    .build(),

  readTask(
    ["oracle", "reports"],
    "The last customs reports accepted, who signed them, what their events did",
  )
    .addOption({ name: "last", description: "How many reports", defaultValue: "5" })
    .setAction(() => import("./reports.ts"))
    .build(),

  readTask(["oracle", "shipment"], "A shipment's customs status and its events")
    .addOption(required("shipment", "The B/L number, or the shipment reference (0x + 64 hex)"))
    .addOption({
      name: "carrier",
      description: "The carrier that issued the bill (only if several carriers used the number)",
      defaultValue: "",
    })
    .setAction(() => import("./shipment.ts"))
    .build(),
];
