/**
 * The environment variables the tasks read. Kept apart so the task definitions (loaded
 * with the Hardhat config on every command) can name them without loading the rest.
 */

/** Path of the JSON members file mapping member names to accounts and keys (members.ts). */
export const MEMBERS_FILE_ENV = "CARAVEL_MEMBERS";

/**
 * Name of the Hardhat configuration variable (env variable or keystore entry) holding the
 * consortium's invoice fingerprint key: 32 to 64 bytes as 0x-hex.
 */
export const INVOICE_KEY_VARIABLE = "CARAVEL_INVOICE_KEY";
