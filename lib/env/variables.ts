/**
 * Caravel's environment variables, read by the tasks and the console. Kept apart so the task
 * definitions (loaded with the Hardhat config on every command) can name them without loading the
 * rest.
 */

/** Path of the JSON members file mapping member names to accounts and keys (members.ts). */
export const MEMBERS_FILE_ENV = "CARAVEL_MEMBERS";

/**
 * Name of the Hardhat configuration variable (env variable or keystore entry) holding the
 * consortium's invoice fingerprint key: 32 to 64 bytes as 0x-hex.
 */
export const INVOICE_KEY_VARIABLE = "CARAVEL_INVOICE_KEY";

/**
 * URL of a Caravel indexer (`npm run indexer`): where set, the tasks that read history
 * (`trade status`, `bill history`, `oracle reports`, `oracle shipment`) read the logs from it
 * rather than from the chain from block 0.
 */
export const INDEXER_URL_VARIABLE = "CARAVEL_INDEXER_URL";
