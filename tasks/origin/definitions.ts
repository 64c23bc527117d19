/** The `origin` tasks: certificates of origin issued by chambers of commerce. */
import { emptyTask } from "hardhat/config";

import { readTask, required, sendTask } from "../support/options.ts";

const NUMBER_HELP = "The certificate number, exactly as printed";
const DOCUMENT_HELP =
  "The certificate document: a file (hashed here) or its keccak256 (0x + 64 hex)";

export const originTasks = [
  emptyTask("origin", "Certificates of origin").build(),

  sendTask(["origin", "issue"], "Issue a certificate of origin (a chamber of commerce)")
    .addOption(required("number", NUMBER_HELP))
    .addOption(required("exporter", "The exporter: a member name or an address"))
    .addOption(
      required("consignee", "The importer the goods are consigned to: a member name or an address"),
    )
    .addOption(required("hsCodes", "HS subheadings of the goods, comma-separated (901819,9022.90)"))
    .addOption(required("origin", "Country of origin, ISO 3166-1 alpha-2 (GB)"))
    .addOption(required("criterion", "Origin criterion: WO, PE, PSR, CTC, RVC, ACU, DMI or LST"))
    .addOption({
      name: "agreement",
      description: "Trade agreement code (RCEP, CPTPP...) or NON-PREFERENTIAL",
      defaultValue: "NON-PREFERENTIAL",
    })
    .addOption({
      name: "issuedOn",
      description:
        "Issue date printed on the certificate, YYYY-MM-DD (default: today on the chain)",
      defaultValue: "",
    })
    .addOption(
      required(
        "validUntil",
        "Last day of validity, YYYY-MM-DD (valid to the end of that day, UTC)",
      ),
    )
    .addOption(required("document", DOCUMENT_HELP))
    .setAction(() => import("./issue.ts"))
    .build(),

  readTask(["origin", "verify"], "Verify a certificate of origin, and the document presented")
    .addOption(required("number", NUMBER_HELP))
    .addOption({ name: "document", description: `${DOCUMENT_HELP}; optional`, defaultValue: "" })
    .setAction(() => import("./verify.ts"))
    .build(),

  sendTask(["origin", "revoke"], "Revoke a certificate of origin (its issuing chamber)")
    .addOption(required("number", NUMBER_HELP))
    .addOption(required("reason", "Why, for the record (at most 280 bytes)"))
    .setAction(() => import("./revoke.ts"))
    .build(),
];
