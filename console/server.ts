/**
 * `npm run console`: the Caravel web console on a local port. It serves the built pages
 * (`console/dist`, built by Vite) and, under `/api/`, what they read:
 *
 * - `/api/indexer/...`: the indexer's HTTP API, passed through (GET only: the console is
 *   read-only);
 * - `/api/oracle`: each oracle node's `/healthz` and `/metrics`, read by this server (the
 *   nodes' metrics are meant for a private interface, not for browsers);
 * - `/api/config`: the network the pages show commands for, and the member name of each
 *   account they name in `--as` (see memberNames.ts).
 *
 * Configuration (environment): `CARAVEL_CONSOLE_PORT` (default 8780), `CARAVEL_INDEXER_URL`
 * (default: start the indexer here, against `CARAVEL_RPC_URL` and the local deployment),
 * `CARAVEL_ORACLE_NODES` (comma-separated node URLs; default the five of
 * `npm run oracle:network`, http://127.0.0.1:8701 to 8705), `CARAVEL_NETWORK` (the
 * `--network` the shown commands name; default localhost), `CARAVEL_MEMBERS` (the operator
 * tasks' members file, for the `--as` names; default on a local network: the demo consortium).
 */
import { existsSync, readFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { startIndexer, type IndexerProcess } from "../indexer/indexerProcess.ts";
import {
  FingerprintKeySchema,
  identityFingerprintOf,
  InvoiceFieldError,
} from "../lib/trade/invoiceFingerprint.ts";
import { loadMemberNames, type MemberNames } from "./memberNames.ts";
import { MEMBERS_FILE_ENV } from "../lib/env/variables.ts";
import { oracleHealth } from "./oracleHealth.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.join(HERE, "dist");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

export interface ConsoleOptions {
  port: number;
  indexerUrl: string;
  oracleNodes: string[];
  network: string;
  /** The member name of each account, for the `--as` of the commands shown. */
  members: MemberNames;
  /** The consortium's invoice fingerprint key (0x-hex), for the invoice search; none: no search. */
  invoiceKey?: string;
}

export interface ConsoleServer {
  url: string;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer) {
  response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  response.end(body);
}

export async function startConsole(options: ConsoleOptions): Promise<ConsoleServer> {
  if (!existsSync(path.join(DIST, "index.html"))) {
    throw new Error(
      `${DIST}/index.html does not exist: build the console first (npm run console:build)`,
    );
  }
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? "/", "http://console");
      if (request.method !== "GET") {
        send(response, 405, "text/plain", "The console is read-only.");
        return;
      }
      if (url.pathname.startsWith("/api/indexer/")) {
        const target = `${options.indexerUrl}${url.pathname.slice("/api/indexer".length)}${url.search}`;
        const answer = await fetch(target).catch(() => null);
        if (answer === null) {
          send(
            response,
            502,
            "application/json",
            JSON.stringify({ error: `the indexer at ${options.indexerUrl} cannot be reached` }),
          );
          return;
        }
        send(
          response,
          answer.status,
          answer.headers.get("content-type") ?? "application/json",
          Buffer.from(await answer.arrayBuffer()),
        );
        return;
      }
      if (url.pathname === "/api/oracle") {
        send(
          response,
          200,
          "application/json",
          JSON.stringify(await oracleHealth(options.oracleNodes)),
        );
        return;
      }
      if (url.pathname === "/api/invoices") {
        // The invoice's fields stay on this machine: only their keyed fingerprint goes on.
        const found = await searchInvoices(options, url.searchParams);
        send(response, found.status, "application/json", JSON.stringify(found.body));
        return;
      }
      if (url.pathname === "/api/config") {
        send(
          response,
          200,
          "application/json",
          JSON.stringify({ network: options.network, memberNames: options.members.byAccount }),
        );
        return;
      }
      // Static files; every other path is the single page.
      const file = path.join(DIST, path.normalize(url.pathname).replace(/^(\.\.[/\\])+/, ""));
      const served =
        file.startsWith(DIST) &&
        existsSync(file) &&
        !file.endsWith(path.sep) &&
        path.extname(file) !== ""
          ? file
          : path.join(DIST, "index.html");
      send(
        response,
        200,
        TYPES[path.extname(served)] ?? "application/octet-stream",
        readFileSync(served),
      );
    })().catch((error: unknown) => {
      send(response, 500, "text/plain", error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function searchInvoices(
  options: ConsoleOptions,
  query: URLSearchParams,
): Promise<{ status: number; body: unknown }> {
  if (options.invoiceKey === undefined) {
    return {
      status: 503,
      body: { error: "The console has no invoice fingerprint key (set CARAVEL_INVOICE_KEY)." },
    };
  }
  let identity: string;
  try {
    identity = identityFingerprintOf(
      {
        sellerTaxId: query.get("seller") ?? "",
        buyerTaxId: query.get("buyer") ?? "",
        invoiceNumber: query.get("number") ?? "",
      },
      options.invoiceKey,
    );
  } catch (error) {
    if (error instanceof InvoiceFieldError) return { status: 400, body: { error: error.message } };
    throw error;
  }
  const answer = await fetch(`${options.indexerUrl}/caravel/invoices?identity=${identity}`).catch(
    () => null,
  );
  if (answer === null) {
    return {
      status: 502,
      body: { error: `the indexer at ${options.indexerUrl} cannot be reached` },
    };
  }
  return { status: answer.status, body: await answer.json() };
}

function portOf(name: string, fallback: number): number {
  const text = process.env[name]?.trim() || String(fallback);
  const port = Number(text);
  if (!/^[0-9]+$/.test(text) || port < 1 || port > 65_535) {
    throw new Error(`${name}: "${text}" is not a port (1-65535)`);
  }
  return port;
}

async function main(): Promise<void> {
  const port = portOf("CARAVEL_CONSOLE_PORT", 8780);
  const network = process.env.CARAVEL_NETWORK?.trim() || "localhost";
  // Checked before anything starts: a bad members file stops the console with its reason.
  const members = loadMemberNames(process.env[MEMBERS_FILE_ENV]?.trim(), network);
  let indexer: IndexerProcess | undefined;
  let indexerUrl = process.env.CARAVEL_INDEXER_URL?.trim() ?? "";
  if (indexerUrl === "") {
    const indexerPort = portOf("CARAVEL_INDEXER_PORT", 42069);
    indexer = await startIndexer({
      rpcUrl: process.env.CARAVEL_RPC_URL?.trim() || "http://127.0.0.1:8545",
      deploymentDirectory:
        process.env.CARAVEL_DEPLOYMENT?.trim() || path.join("deploy", "deployments", "chain-31337"),
      port: indexerPort,
      log: (line) => console.log(`indexer: ${line}`),
    });
    indexerUrl = indexer.url;
  }
  const nodes = (
    process.env.CARAVEL_ORACLE_NODES?.trim() ||
    [1, 2, 3, 4, 5].map((i) => `http://127.0.0.1:${8700 + i}`).join(",")
  )
    .split(",")
    .map((u) => u.trim())
    .filter((u) => u !== "");
  for (const node of nodes) {
    if (!/^https?:\/\/\S+$/.test(node))
      throw new Error(`CARAVEL_ORACLE_NODES: "${node}" is not an http(s) URL`);
  }
  const invoiceKey = process.env.CARAVEL_INVOICE_KEY?.trim() || undefined;
  if (invoiceKey !== undefined && !FingerprintKeySchema.safeParse(invoiceKey).success) {
    throw new Error("CARAVEL_INVOICE_KEY: not a fingerprint key (32 to 64 bytes as 0x-hex)");
  }
  const served = await startConsole({
    port,
    indexerUrl,
    oracleNodes: nodes,
    network,
    members,
    invoiceKey,
  });
  console.log(
    `Caravel console on ${served.url} (indexer ${indexerUrl}; oracle nodes ${nodes.join(", ")}; member names from ${members.source})`,
  );
  const stop = async () => {
    await served.close();
    await indexer?.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

if (
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  await main();
}
