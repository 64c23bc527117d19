/** The daemons open their SQLite stores with lib/sqlite/database.ts (the gateway does too). */
export * from "../../lib/sqlite/database.ts";
