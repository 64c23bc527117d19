/**
 * The options every Caravel task shares, added in one place so they read the same
 * everywhere: `--deployment` and `--json` on all tasks, and on tasks that change state
 * `--as <member>` (who sends it) and `--send` (without it the call is only simulated).
 * Task-specific options are strings validated by the action (tasks/support/inputs.ts), so
 * every refusal reads the same and names the option.
 */
import { task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";

import { MEMBERS_FILE_ENV } from "../../lib/env/variables.ts";

const DEPLOYMENT_HELP =
  "Ignition deployment id, or a deployment directory; empty for chain-<chainId>";
const AS_HELP =
  "Consortium member sending it. On a local chain (id 31337): admin1-3, issuingBank, advisingBank, exporter, importer, carrier, chamber, customs, oracle1-5, insurer. " +
  `Elsewhere, a name from the JSON file that ${MEMBERS_FILE_ENV} points to: {"members": {"<name>": {"address": "0x…", "key": "<configuration variable holding its private key>"}}}`;

/** A task that only reads the chain (or nothing at all). */
export function readTask(id: string[], description: string) {
  return task(id, description)
    .addOption({ name: "deployment", description: DEPLOYMENT_HELP, defaultValue: "" })
    .addFlag({ name: "json", description: "Print one JSON object instead of text" });
}

/** A task that sends a transaction as a member: simulated unless `--send` is given. */
export function sendTask(id: string[], description: string) {
  return task(id, description)
    .addOption({
      name: "as",
      description: AS_HELP,
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      defaultValue: undefined,
    })
    .addFlag({ name: "send", description: "Send the transaction (default: simulate only)" })
    .addOption({ name: "deployment", description: DEPLOYMENT_HELP, defaultValue: "" })
    .addFlag({ name: "json", description: "Print one JSON object instead of text" });
}

/** A required string option (validated by the action, which names it if it is missing). */
export function required<N extends string>(name: N, description: string) {
  return {
    name,
    description,
    type: ArgumentType.STRING_WITHOUT_DEFAULT,
    defaultValue: undefined,
  } as const;
}
