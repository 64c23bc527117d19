/** The `bill` tasks: electronic bills of lading (DCSA eBL 3.0 operations). */
import { emptyTask } from "hardhat/config";
import type { NewTaskDefinitionBuilder } from "hardhat/types/tasks";

import { readTask, required, sendTask } from "../support/options.ts";

/** --bill (the B/L number) and --carrier (needed only when two carriers used the number). */
function withBill(builder: NewTaskDefinitionBuilder): NewTaskDefinitionBuilder {
  return builder.addOption(required("bill", "The B/L number, as printed")).addOption({
    name: "carrier",
    description: "The carrier that issued it (only if several carriers used the number)",
    defaultValue: "",
  });
}

export const billTasks = [
  emptyTask("bill", "Electronic bills of lading").build(),

  sendTask(["bill", "issue"], "Issue a bill of lading to the shipper (a carrier)")
    .addOption(
      required("bill", "The B/L number (transport document reference), at most 20 characters"),
    )
    .addOption(required("shipper", "The shipper, its first holder: a member name or an address"))
    .addOption({
      name: "consignee",
      description: 'A named consignee (a straight bill), or "to order"',
      defaultValue: "to order",
    })
    .addOption({
      name: "notifyParty",
      description: 'Notify party, or "none"',
      defaultValue: "none",
    })
    .addOption(required("vesselImo", "IMO number of the vessel (9321483)"))
    .addOption(required("voyage", "Carrier's export voyage number"))
    .addOption(required("loading", "Port of loading, UN/LOCODE (GBFXT)"))
    .addOption(required("discharge", "Port of discharge, UN/LOCODE (CNSHA)"))
    .addOption({
      name: "shippedOn",
      description: "Shipped-on-board date, YYYY-MM-DD (default: now on the chain)",
      defaultValue: "",
    })
    .addOption(
      required("document", "The B/L document: a file (hashed here) or its keccak256 (0x + 64 hex)"),
    )
    .setAction(() => import("./issue.ts"))
    .build(),

  withBill(sendTask(["bill", "endorse"], "Endorse an order bill to a named member (its holder)"))
    .addOption(required("to", "The endorsee: a member name or an address"))
    .setAction(() => import("./endorse.ts"))
    .build(),

  withBill(
    sendTask(
      ["bill", "blank-endorse"],
      "Endorse a bill in blank, making it a bearer bill (its holder)",
    ),
  )
    .setAction(() => import("./blankEndorse.ts"))
    .build(),

  withBill(
    sendTask(
      ["bill", "transfer"],
      "Pass possession of a bearer bill, or a straight bill to its consignee (its holder)",
    ),
  )
    .addOption(required("to", "The new holder: a member name or an address"))
    .setAction(() => import("./transfer.ts"))
    .build(),

  withBill(
    sendTask(["bill", "reject"], "Refuse a bill just endorsed or transferred to you; it goes back"),
  )
    .setAction(() => import("./reject.ts"))
    .build(),

  withBill(
    sendTask(
      ["bill", "export"],
      "Export a bill to a party on another eBL platform over DCSA PINT (its holder; the gateway sends it)",
    ),
  )
    .addOption(required("platform", "The receiving eBL platform's DCSA code (e.g. BOLE, WAVE)"))
    .addOption(
      required("recipientName", "The recipient's name, as the receiving platform knows it"),
    )
    .addOption(
      required("recipientProvider", "The code list of the recipient's code (e.g. BOLE, GLEIF)"),
    )
    .addOption(required("recipientCode", "The recipient's party code in that list"))
    .addOption({
      name: "recipientList",
      description: "The code list's name (e.g. LEI), if any",
      defaultValue: "",
    })
    .addOption({
      name: "gateway",
      description:
        "The consortium gateway's URL, to hand it the transfer once the request is on chain",
      defaultValue: "",
    })
    .setAction(() => import("./export.ts"))
    .build(),

  withBill(sendTask(["bill", "pledge"], "Pledge a bill to a bank as security (its holder)"))
    .addOption(required("bank", "The pledgee bank: a member name or an address"))
    .setAction(() => import("./pledge.ts"))
    .build(),

  withBill(
    sendTask(["bill", "release"], "Release a pledged bill back to its pledgor (the pledgee bank)"),
  )
    .setAction(() => import("./release.ts"))
    .build(),

  withBill(sendTask(["bill", "surrender"], "Surrender a bill to its carrier (its holder)"))
    .addOption({
      name: "for",
      description: "delivery (to take delivery of the goods) or amendment",
      defaultValue: "delivery",
    })
    .setAction(() => import("./surrender.ts"))
    .build(),

  withBill(
    sendTask(
      ["bill", "accept-surrender"],
      "Accept a surrender for delivery: the bill is accomplished (its carrier)",
    ),
  )
    .setAction(() => import("./acceptSurrender.ts"))
    .build(),

  withBill(
    sendTask(["bill", "reject-surrender"], "Reject a surrender, returning the bill (its carrier)"),
  )
    .addOption(required("reason", "Why, for the record (at most 256 bytes)"))
    .setAction(() => import("./rejectSurrender.ts"))
    .build(),

  withBill(
    readTask(
      ["bill", "history"],
      "A bill's facts and its title chain: who held it, from when, how it passed",
    ),
  )
    .setAction(() => import("./history.ts"))
    .build(),
];
