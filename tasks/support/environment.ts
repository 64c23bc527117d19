/**
 * The environment variables the tasks read. Kept apart so the task definitions (loaded
 * with the Hardhat config on every command) can name them without loading the rest.
 */

/** Path of the JSON members file mapping member names to accounts and keys (members.ts). */
export const MEMBERS_FILE_ENV = "CARAVEL_MEMBERS";
