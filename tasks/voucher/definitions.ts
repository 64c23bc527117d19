/** The `voucher` tasks: a core enterprise's payables as vouchers suppliers split, pass on and discount. */
import { emptyTask } from "hardhat/config";

import { readTask, required, sendTask } from "../support/options.ts";

export const voucherTasks = [
  emptyTask(
    "voucher",
    "Supply-chain finance: confirmed payables as vouchers that suppliers split, pass on and discount",
  ).build(),

  sendTask(["voucher", "confirm"], "Confirm a payable to a supplier for its invoices (an obligor)")
    .addOption(required("supplier", "The first-tier supplier (member name or address)"))
    .addOption(required("amount", "What is owed, in the token (10000000.00)"))
    .addOption({ name: "token", description: "Settlement token", defaultValue: "CnyDepositToken" })
    .addOption(required("maturity", "Due date, YYYY-MM-DD"))
    .addOption(
      required(
        "invoices",
        "Invoice files (JSON, as invoice register --invoice) the payable pays, comma-separated; fingerprinted under CARAVEL_INVOICE_KEY",
      ),
    )
    .setAction(() => import("./confirm.ts"))
    .build(),

  readTask(["voucher", "show"], "A payable, its invoices and the split tree of its vouchers")
    .addOption(required("payable", "Payable id"))
    .setAction(() => import("./show.ts"))
    .build(),

  sendTask(
    ["voucher", "split"],
    "Pass part of a voucher's value to another member (a new voucher), or --value all to pass it whole",
  )
    .addOption(required("voucher", "Voucher id"))
    .addOption(required("to", "Recipient (member name or address)"))
    .addOption(required("value", "Value to pass on (3000000.00), or all"))
    .setAction(() => import("./split.ts"))
    .build(),

  sendTask(["voucher", "merge"], "Merge one of your vouchers into another of the same payable")
    .addOption(required("from", "Voucher whose value moves"))
    .addOption(required("into", "Voucher that receives it"))
    .setAction(() => import("./merge.ts"))
    .build(),

  sendTask(["voucher", "offer"], "Offer value of a voucher to a bank for discounting (its holder)")
    .addOption(required("voucher", "Voucher id"))
    .addOption(required("bank", "The bank (member name or address)"))
    .addOption(required("value", "Value offered (1000000.00)"))
    .addOption(required("maxRate", "Highest annual discount rate accepted, percent (3.5)"))
    .addOption(required("expires", "Last day of the offer, YYYY-MM-DD"))
    .setAction(() => import("./offer.ts"))
    .build(),

  sendTask(
    ["voucher", "accept"],
    "Accept a discount offer at a rate: pay the price, take the value (a bank)",
  )
    .addOption(required("offer", "Offer id"))
    .addOption(required("rate", "Annual discount rate, percent (3.5)"))
    .setAction(() => import("./accept.ts"))
    .build(),

  sendTask(["voucher", "withdraw"], "Withdraw an open discount offer (its holder)")
    .addOption(required("offer", "Offer id"))
    .setAction(() => import("./withdraw.ts"))
    .build(),

  sendTask(["voucher", "fund"], "Pay into a payable, at once or in parts (its obligor)")
    .addOption(required("payable", "Payable id"))
    .addOption(required("amount", "Amount paid in (10000000.00)"))
    .setAction(() => import("./fund.ts"))
    .build(),

  sendTask(["voucher", "redeem"], "Be paid your share of a matured payable's funding (a holder)")
    .addOption(required("voucher", "Voucher id"))
    .setAction(() => import("./redeem.ts"))
    .build(),

  sendTask(["voucher", "sweep"], "Pay a matured payable's holders, a batch at a time (anyone)")
    .addOption(required("payable", "Payable id"))
    .addOption({ name: "batch", description: "Vouchers at most per call", defaultValue: "50" })
    .setAction(() => import("./sweep.ts"))
    .build(),

  readTask(["voucher", "limits"], "An obligor's limit, outstanding payables and lender")
    .addOption(required("obligor", "The obligor (member name or address)"))
    .addOption({
      name: "token",
      description: "Token the amounts read in",
      defaultValue: "CnyDepositToken",
    })
    .setAction(() => import("./limits.ts"))
    .build(),

  sendTask(["voucher", "adjust-limit"], "Set an obligor's limit (the obligor's lender, a bank)")
    .addOption(required("obligor", "The obligor (member name or address)"))
    .addOption(required("limit", "New limit (50000000.00)"))
    .addOption({
      name: "token",
      description: "Token the limit reads in",
      defaultValue: "CnyDepositToken",
    })
    .setAction(() => import("./adjustLimit.ts"))
    .build(),
];
