/** The `order` tasks: purchase orders of open-account trade, issued, accepted, amended by both. */
import { emptyTask } from "hardhat/config";

import { readTask, required, sendTask } from "../support/options.ts";

/** The options that give an order's terms; required to issue, each optional to amend. */
const TERMS: [name: string, description: string][] = [
  ["number", "The importer's order number (PO-2025-0042); unique per importer"],
  ["currency", "ISO 4217 currency code (USD)"],
  ["amount", "The order's total in the currency (486250.00)"],
  ["goods", "Description of the goods (hashed), or its keccak256 as 0x + 64 hex digits"],
  ["incoterm", "Incoterms 2020 rule: EXW FCA CPT CIP DAP DPU DDP FAS FOB CFR CIF"],
  ["loading", "Port of loading, UN/LOCODE (GBFXT)"],
  ["discharge", "Port of discharge, UN/LOCODE (CNSHA)"],
  ["latestShipment", "Latest date of shipment, YYYY-MM-DD (in the future)"],
  ["paymentTerm", "Payment due this many days after the bill of lading's date (1-365)"],
];

const orderOption = () => required("order", "Purchase order id");

export const orderTasks = [
  emptyTask(
    "order",
    "Purchase orders: the importer issues, the exporter accepts or declines, amendments and cancellation need both",
  ).build(),

  TERMS.reduce(
    (t, [name, description]) => t.addOption(required(name, description)),
    sendTask(
      ["order", "issue"],
      "Issue a purchase order to an exporter (an importer); fingerprinted under CARAVEL_INVOICE_KEY",
    ).addOption(required("exporter", "The exporter (member name or address)")),
  )
    .setAction(() => import("./issue.ts"))
    .build(),

  sendTask(["order", "accept"], "Accept an issued purchase order (its exporter)")
    .addOption(orderOption())
    .setAction(() => import("./accept.ts"))
    .build(),

  sendTask(["order", "decline"], "Decline an issued purchase order (its exporter)")
    .addOption(orderOption())
    .setAction(() => import("./decline.ts"))
    .build(),

  emptyTask(
    ["order", "amend"],
    "Amendments of a purchase order: one party proposes, the other accepts",
  ).build(),

  TERMS.reduce(
    (t, [name, description]) =>
      t.addOption({ ...required(name, `${description}; as the order has it if not given`) }),
    sendTask(
      ["order", "amend", "propose"],
      "Propose new terms for an order (either party); only the options given change",
    ).addOption(orderOption()),
  )
    .setAction(() => import("./amendPropose.ts"))
    .build(),

  sendTask(
    ["order", "amend", "accept"],
    "Agree to the pending amendment (the party that did not propose it)",
  )
    .addOption(orderOption())
    .setAction(() => import("./amendAccept.ts"))
    .build(),

  sendTask(["order", "amend", "withdraw"], "Withdraw your pending amendment (its proposer)")
    .addOption(orderOption())
    .setAction(() => import("./amendWithdraw.ts"))
    .build(),

  sendTask(
    ["order", "cancel"],
    "Agree to cancel an order (either party); cancelled once both have agreed",
  )
    .addOption(orderOption())
    .setAction(() => import("./cancel.ts"))
    .build(),

  readTask(["order", "show"], "A purchase order: terms, status, fingerprints, amendment pending")
    .addOption(orderOption())
    .setAction(() => import("./show.ts"))
    .build(),
];
