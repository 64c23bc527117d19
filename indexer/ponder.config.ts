/**
 * The Caravel indexer's Ponder configuration: one chain, every contract of one deployment
 * (see `deployment.ts` for the settings). The database is PGlite, embedded, in
 * `CARAVEL_INDEXER_DB` (default `indexer/.ponder/pglite`), or PostgreSQL when `DATABASE_URL`
 * is set.
 */
import path from "node:path";

import { createConfig } from "ponder";

import { indexerSettings, REPOSITORY_ROOT } from "./deployment.ts";

const settings = indexerSettings();
const databaseUrl = process.env.DATABASE_URL?.trim() ?? "";

export default createConfig({
  database:
    databaseUrl === ""
      ? {
          kind: "pglite",
          directory: path.resolve(
            REPOSITORY_ROOT,
            process.env.CARAVEL_INDEXER_DB?.trim() || path.join("indexer", ".ponder", "pglite"),
          ),
        }
      : { kind: "postgres", connectionString: databaseUrl },
  chains: {
    caravel: {
      id: settings.chainId,
      rpc: settings.rpcUrl,
      // A consortium chain's blocks come every few seconds; a local one's at every transaction.
      pollingInterval: 250,
      // Never serve a local chain's answers from a cache: it starts afresh at every run.
      disableCache: true,
    },
  },
  contracts: Object.fromEntries(
    settings.contracts.map((c) => [
      c.name,
      { abi: c.abi, chain: "caravel" as const, address: c.address, startBlock: 0 },
    ]),
  ),
});
