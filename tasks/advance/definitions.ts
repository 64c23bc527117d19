/** The `advance` tasks: pre-shipment finance released on customs milestones, repaid first out of the proceeds. */
import { emptyTask } from "hardhat/config";

import { readTask, required, sendTask } from "../support/options.ts";

export const advanceTasks = [
  emptyTask(
    "advance",
    "Pre-shipment finance: a bank's advance on an order or credit, released on customs milestones, repaid first out of the proceeds",
  ).build(),

  sendTask(
    ["advance", "offer"],
    "Offer an exporter an advance on an accepted order or an issued credit (a bank)",
  )
    .addOption(required("exporter", "The exporter (member name or address)"))
    .addOption(required("source", "What the advance rests on: order or credit"))
    .addOption(required("sourceId", "The order's or the credit's id"))
    .addOption({
      name: "token",
      description: "Token the advance is paid in",
      defaultValue: "UsdDepositToken",
    })
    .addOption(required("limit", "The most the advance releases (200000.00)"))
    .addOption(required("share", "The agreed share of the order or credit, percent (80)"))
    .addOption(required("rate", "Annual interest, percent, actual/360 (7.2)"))
    .addOption({
      name: "graceDays",
      description: "Days after the latest shipment date before it is overdue",
      defaultValue: "10",
    })
    .addOption(required("expires", "Last day the exporter may accept, YYYY-MM-DD"))
    .addOption(
      required(
        "tranches",
        "Milestone:percent pairs in shipment order, adding up to 100 (declaration:30,loaded:40,departed:30)",
      ),
    )
    .setAction(() => import("./offer.ts"))
    .build(),

  sendTask(
    ["advance", "accept"],
    "Accept an offer; the order is claimed in the document guard (the exporter)",
  )
    .addOption(required("id", "Advance id"))
    .addOption({
      name: "carrier",
      description: "The shipment's carrier (member name or address), if known",
      defaultValue: "",
    })
    .addOption({
      name: "bl",
      description: "The carrier's B/L or booking number, if known",
      defaultValue: "",
    })
    .setAction(() => import("./accept.ts"))
    .build(),

  sendTask(
    ["advance", "bind-shipment"],
    "Name the shipment before the first tranche (the exporter)",
  )
    .addOption(required("id", "Advance id"))
    .addOption(required("carrier", "The carrier (member name or address)"))
    .addOption(required("bl", "The carrier's B/L or booking number"))
    .setAction(() => import("./bindShipment.ts"))
    .build(),

  sendTask(["advance", "fund"], "Escrow the advance's limit (its bank)")
    .addOption(required("id", "Advance id"))
    .setAction(() => import("./fund.ts"))
    .build(),

  sendTask(
    ["advance", "claim"],
    "Draw a tranche whose milestone the customs oracle reported (the exporter)",
  )
    .addOption(required("id", "Advance id"))
    .addOption(required("tranche", "Tranche index, from 0"))
    .setAction(() => import("./claim.ts"))
    .build(),

  readTask(["advance", "show"], "An advance: escrow, tranches and milestones, what is owed")
    .addOption(required("id", "Advance id"))
    .setAction(() => import("./show.ts"))
    .build(),

  sendTask(
    ["advance", "collect"],
    "Redeem the voucher share an advance holds: bank first, surplus to the exporter (anyone)",
  )
    .addOption(required("id", "Advance id"))
    .setAction(() => import("./collect.ts"))
    .build(),

  sendTask(
    ["advance", "mark-overdue"],
    "Record an advance whose goods did not depart in time as overdue (anyone)",
  )
    .addOption(required("id", "Advance id"))
    .setAction(() => import("./markOverdue.ts"))
    .build(),

  sendTask(
    ["advance", "withdraw-escrow"],
    "Take back escrow never released, once repaid or overdue (its bank)",
  )
    .addOption(required("id", "Advance id"))
    .setAction(() => import("./withdrawEscrow.ts"))
    .build(),
];
