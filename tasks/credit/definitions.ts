/** The `credit` tasks: documentary letters of credit under UCP 600. */
import { emptyTask } from "hardhat/config";
import type { NewTaskDefinitionBuilder } from "hardhat/types/tasks";

import { readTask, required, sendTask } from "../support/options.ts";

const CREDIT_HELP = "The credit's id (1, 2, ...)";

function withCredit(builder: NewTaskDefinitionBuilder): NewTaskDefinitionBuilder {
  return builder.addOption(required("credit", CREDIT_HELP));
}

const optional = (name: string, description: string, defaultValue = "") => ({
  name,
  description,
  defaultValue,
});

export const creditTasks = [
  emptyTask("credit", "Documentary letters of credit (UCP 600)").build(),

  sendTask(["credit", "apply"], "Apply for a letter of credit (the applicant, an importer)")
    .addOption(required("beneficiary", "The beneficiary (an exporter): member name or address"))
    .addOption(required("issuingBank", "The issuing bank: member name or address"))
    .addOption(required("advisingBank", "The advising (nominated) bank: member name or address"))
    .addOption(optional("confirmingBank", "A confirming bank, if any"))
    .addOption(
      required("token", "Settlement token: a deployment name (CnyDepositToken) or an address"),
    )
    .addOption(
      optional(
        "fxFeed",
        "Exchange-rate feed when the credit's currency is not the token's (UsdCnyFeed), or none",
        "none",
      ),
    )
    .addOption(required("currency", "The credit's currency, ISO 4217 (USD)"))
    .addOption(required("amount", "The credit amount (250000.00), at most the token's decimals"))
    .addFlag({ name: "about", description: '"About" the amount: ±10 % tolerance (art. 30a)' })
    .addFlag({
      name: "partialsProhibited",
      description: "Partial drawings and shipments prohibited (art. 31a: allowed unless stated)",
    })
    .addFlag({
      name: "customsClearance",
      description: "Payment waits for customs clearance at destination",
    })
    .addOption(required("expires", "Expiry date, YYYY-MM-DD (end of that day at --utc-offset)"))
    .addOption(required("placeOfExpiry", "Place for presentation, UN/LOCODE (GBLON)"))
    .addOption(required("latestShipment", "Latest shipment date, YYYY-MM-DD"))
    .addOption(
      optional("utcOffset", "UTC offset of the place of expiry (+00:00, +08:00)", "+00:00"),
    )
    .addOption(optional("presentationDays", "Days after shipment to present (art. 14c)", "21"))
    .addOption(required("loading", "Port of loading, UN/LOCODE"))
    .addOption(required("discharge", "Port of discharge, UN/LOCODE"))
    .addOption(
      required("origin", "Country of origin the certificate must state, ISO 3166-1 alpha-2"),
    )
    .addOption(required("incoterm", "Incoterms 2020 rule (CIF)"))
    .addOption(
      optional(
        "documents",
        "Documents beyond bill, certificate and invoice: InsuranceCertificate,PackingList",
      ),
    )
    .addOption(required("goods", "Description of the goods, as the credit states it"))
    .addOption(
      optional("advisingFee", "Fee paid to the advising bank on advice, in token units", "0"),
    )
    .addOption(optional("confirmationFee", "Fee paid to the confirming bank on confirmation", "0"))
    .addOption(
      optional(
        "deferredDays",
        "Available by deferred payment at this many days after the bill of lading's date, paid in a voucher (art. 7a iv); 0: sight payment",
        "0",
      ),
    )
    .setAction(() => import("./apply.ts"))
    .build(),

  withCredit(
    sendTask(["credit", "issue"], "Issue the credit, depositing its escrow (the issuing bank)"),
  )
    .addOption(
      optional("deposit", "Deposit in token units (default: what the credit requires now)"),
    )
    .setAction(() => import("./issue.ts"))
    .build(),

  withCredit(
    sendTask(["credit", "advise"], "Advise the credit to the beneficiary (the advising bank)"),
  )
    .setAction(() => import("./advise.ts"))
    .build(),

  withCredit(sendTask(["credit", "confirm"], "Confirm the credit (the confirming bank)"))
    .setAction(() => import("./confirm.ts"))
    .build(),

  withCredit(sendTask(["credit", "propose-amendment"], "Propose an amendment (the issuing bank)"))
    .addOption(optional("amount", "New credit amount"))
    .addOption(optional("expires", "New expiry date, YYYY-MM-DD"))
    .addOption(optional("latestShipment", "New latest shipment date, YYYY-MM-DD"))
    .addOption(optional("presentationDays", "New presentation period, days"))
    .addFlag({ name: "cancel", description: "Propose cancelling the credit (art. 10a)" })
    .addOption(optional("utcOffset", "UTC offset of the place of expiry", "+00:00"))
    .addOption(required("details", "The amendment's text (hashed on chain)"))
    .setAction(() => import("./proposeAmendment.ts"))
    .build(),

  withCredit(
    sendTask(["credit", "accept-amendment"], "Accept an amendment, all of it (the beneficiary)"),
  )
    .addOption(required("amendment", "The amendment's id (1, 2, ...)"))
    .setAction(() => import("./acceptAmendment.ts"))
    .build(),

  withCredit(sendTask(["credit", "reject-amendment"], "Reject an amendment (the beneficiary)"))
    .addOption(required("amendment", "The amendment's id (1, 2, ...)"))
    .setAction(() => import("./rejectAmendment.ts"))
    .build(),

  withCredit(
    sendTask(["credit", "present"], "Present documents under the credit (the beneficiary)"),
  )
    .addOption(required("to", "The bank presented to: the issuing or the nominated bank"))
    .addOption(required("amount", "The amount drawn, in the credit's currency"))
    .addOption(required("bill", "The B/L number of the electronic bill of lading"))
    .addOption(optional("carrier", "The bill's carrier (only if several carriers used the number)"))
    .addOption(optional("certificate", "The certificate of origin's number"))
    .addOption(
      optional("certificateDocument", "The certificate document presented: file or keccak256"),
    )
    .addOption(
      optional(
        "invoice",
        "The commercial invoice: file or keccak256 (its JSON fields file where the guard needs its fingerprints)",
      ),
    )
    .addOption(optional("insurance", "The insurance certificate: file or keccak256"))
    .addOption(optional("packingList", "The packing list: file or keccak256"))
    .addOption(
      optional(
        "invoiceFingerprints",
        "The invoice's fingerprints (0x…,0x…) claimed in the document-financing guard; default: computed from --invoice",
      ),
    )
    .addOption(
      optional(
        "billFingerprints",
        "The bill's fingerprints (0x…,0x…) claimed in the document-financing guard; default: from the chain's bill",
      ),
    )
    .setAction(() => import("./present.ts"))
    .build(),

  withCredit(
    sendTask(
      ["credit", "examine"],
      "Examine the presentation: the discrepancies the chain finds (the examining bank)",
    ),
  )
    .setAction(() => import("./examine.ts"))
    .build(),

  withCredit(sendTask(["credit", "honour"], "Honour a complying presentation (the examining bank)"))
    .setAction(() => import("./honour.ts"))
    .build(),

  withCredit(
    sendTask(
      ["credit", "refuse"],
      "Refuse the presentation, stating every discrepancy (the examining bank)",
    ),
  )
    .addOption(
      optional("discrepancies", "The bank's own discrepancies, comma-separated short codes"),
    )
    .setAction(() => import("./refuse.ts"))
    .build(),

  withCredit(
    sendTask(
      ["credit", "waive"],
      "Waive the discrepancies (the applicant), or a settlement condition",
    ),
  )
    .addOption(
      optional(
        "condition",
        "Instead: waive a settlement condition, title (the issuing bank) or customs (the applicant)",
      ),
    )
    .setAction(() => import("./waive.ts"))
    .build(),

  withCredit(
    sendTask(["credit", "settle"], "Pay the honoured drawing once its conditions hold (anyone)"),
  )
    .setAction(() => import("./settle.ts"))
    .build(),

  withCredit(
    sendTask(
      ["credit", "assign-proceeds"],
      "Assign the credit's proceeds to the consortium's proceeds assignee (the beneficiary, art. 39)",
    ),
  )
    .setAction(() => import("./assignProceeds.ts"))
    .build(),

  withCredit(
    sendTask(
      ["credit", "release"],
      "Return an expired credit's balance to the issuing bank (anyone)",
    ),
  )
    .setAction(() => import("./release.ts"))
    .build(),

  withCredit(
    readTask(
      ["credit", "status"],
      "Where a credit stands: parties, terms, money, amendments, presentations",
    ),
  )
    .setAction(() => import("./status.ts"))
    .build(),
];
