/** The `invoice` tasks: e-invoices registered by fingerprint, financed at most once. */
import { emptyTask } from "hardhat/config";
import type { NewTaskDefinitionBuilder } from "hardhat/types/tasks";

import { INVOICE_KEY_VARIABLE } from "../../lib/env/variables.ts";
import { readTask, required, sendTask } from "../support/options.ts";

const KEY_HELP = `Fingerprints are keyed with the consortium's key, the configuration variable ${INVOICE_KEY_VARIABLE}`;

/** The invoice: a JSON file with its six fields, or the six fields as options. */
function withInvoice(builder: NewTaskDefinitionBuilder): NewTaskDefinitionBuilder {
  const option = (name: string, description: string) => ({ name, description, defaultValue: "" });
  return builder
    .addOption(option("invoice", "A JSON file with the six fields below (instead of the options)"))
    .addOption(option("sellerTaxId", "Seller's tax id as printed (GB 123 4567 89)"))
    .addOption(option("buyerTaxId", "Buyer's tax id as printed"))
    .addOption(option("invoiceNumber", "Invoice number as printed (INV-2026-0042)"))
    .addOption(
      option("issueDate", "Issue date as printed (2026-11-20, 20.11.2026, 20 November 2026)"),
    )
    .addOption(option("amount", "Amount as printed (125,000.00)"))
    .addOption(option("currency", "ISO 4217 currency code (USD)"));
}

export const invoiceTasks = [
  emptyTask("invoice", "E-invoices: registered by fingerprint, financed at most once").build(),

  withInvoice(
    readTask(["invoice", "fingerprint"], `Compute an invoice's fingerprints locally. ${KEY_HELP}`),
  )
    .setAction(() => import("./fingerprint.ts"))
    .build(),

  withInvoice(
    sendTask(
      ["invoice", "register"],
      `Register an invoice by its fingerprints (its seller, an exporter). ${KEY_HELP}`,
    ),
  )
    .setAction(() => import("./register.ts"))
    .build(),

  withInvoice(
    sendTask(
      ["invoice", "finance"],
      `Finance a seller's invoice, refused if it was financed already (a bank). ${KEY_HELP}`,
    ).addOption(
      required(
        "seller",
        "The seller whose registered invoice is financed: a member name or an address",
      ),
    ),
  )
    .setAction(() => import("./finance.ts"))
    .build(),

  withInvoice(
    readTask(
      ["invoice", "check"],
      `Whether a seller's invoice is registered, financed, or an altered copy. ${KEY_HELP}`,
    ).addOption(required("seller", "The seller of record: a member name or an address")),
  )
    .setAction(() => import("./check.ts"))
    .build(),
];
