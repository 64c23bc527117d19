/**
 * The configuration of one oracle node, as a zod schema: what an operator writes in the node's
 * JSON config file (and may override from the environment, see `loadConfig.ts`). Secrets are not
 * part of it: the file only says where the keys are (a file path or an environment variable name),
 * `secrets.ts` reads them.
 */
import { getAddress, type Address } from "viem";
import { z } from "zod";

import { secretSourceSchema, type SecretSource } from "../../lib/config/secretSource.ts";
import { CARRIER_CODE_PATTERN } from "../events/carriers.ts";
import { ingestClientSchema } from "../ingest/auth.ts";

/** The most events a report may carry: see `consensus.maxBatchSize`. */
export const MAX_REPORT_EVENTS = 400;

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte hex address")
  .transform((value): Address => getAddress(value));

const port = z.number().int().min(0).max(65_535);
const positiveMs = z.number().int().positive();

export type { SecretSource };

const committeeMember = z
  .object({
    /** A short name used in logs and metrics, e.g. "node-1". */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "must be a short lower-case name"),
    /** The address the member signs reports with (its key is the member's own). */
    address,
    /** Base URL of the member's node, for the consensus routes. */
    url: z.string().url(),
  })
  .strict();

export const nodeConfigSchema = z
  .object({
    node: z
      .object({
        /** This node's id; must be one of `committee.members[].id`. */
        id: z.string().min(1),
        host: z.string().min(1).default("127.0.0.1"),
        port,
        /** Folder of the node's SQLite database (created if missing). */
        dataDir: z.string().min(1),
        /** SQLite `synchronous`: FULL (default: a 202 is a promise) or NORMAL. */
        sqliteSynchronous: z.enum(["FULL", "NORMAL"]).default("FULL"),
        /** How long a graceful drain (SIGTERM) may take before the node exits anyway. */
        drainTimeoutMs: positiveMs.default(10_000),
        /** HTTP: a whole request must arrive within this long (else 408, connection closed). */
        requestTimeoutMs: positiveMs.default(30_000),
        /** HTTP: the request headers must arrive within this long. */
        headersTimeoutMs: positiveMs.default(10_000),
        /** HTTP: connections open at once; more are closed on arrival. */
        maxConnections: z.number().int().positive().default(512),
      })
      .strict()
      .refine((n) => n.headersTimeoutMs <= n.requestTimeoutMs, {
        message: "must not exceed node.requestTimeoutMs",
        path: ["headersTimeoutMs"],
      }),
    chain: z
      .object({
        rpcUrl: z.string().url(),
        /** The chain id the node expects; it refuses to start against another chain. */
        chainId: z.number().int().positive(),
        /** The CustomsOracle contract. */
        oracleAddress: address,
        /** The block the oracle was deployed in: where a fresh node starts reading reports. */
        startBlock: z.number().int().min(0).default(0),
        /** Blocks on top of the including block before a report counts as confirmed (1 = included). */
        confirmations: z.number().int().min(1).max(1_000).default(2),
        /** How often the node polls the chain head, receipts and the oracle's state. */
        pollIntervalMs: positiveMs.default(500),
        /** A submitted transaction not mined after this long is replaced with higher fees. */
        stuckAfterMs: positiveMs.default(30_000),
        /** Fee bump of a replacement, percent (nodes require at least 10). */
        feeBumpPercent: z.number().int().min(10).max(1_000).default(25),
        /** Upper bound on maxFeePerGas, in wei, as a decimal string; replacements never exceed it. */
        maxFeePerGasWei: z
          .string()
          .regex(/^[0-9]+$/, "must be a decimal number of wei")
          .default("500000000000"),
        /** How many blocks back the node re-checks confirmed reports and watched logs for reorgs. */
        reorgWindowBlocks: z.number().int().min(1).max(10_000).default(64),
        /** Timeout of one JSON-RPC request. */
        rpcTimeoutMs: positiveMs.default(5_000),
        /** Backoff between retries of transport errors: base doubles up to max. */
        retryBaseDelayMs: positiveMs.default(100),
        retryMaxDelayMs: positiveMs.default(2_000),
        /** Gas limit = estimate × this factor (percent). */
        gasLimitMarginPercent: z.number().int().min(100).max(500).default(130),
      })
      .strict(),
    committee: z
      .object({
        threshold: z.number().int().min(1),
        members: z.array(committeeMember).min(1).max(31),
      })
      .strict(),
    consensus: z
      .object({
        /**
         * Most events in one report. Bounded by the per-transaction gas cap (EIP-7825, 16,777,216):
         * an event costs up to about 33,000 gas (a clearance that settles), so 400 events and the
         * report's fixed ~72,000 stay near 13.3 M in the worst case. A larger report could be
         * refused by the chain at every send, and its sequence would never land.
         */
        maxBatchSize: z.number().int().min(1).max(MAX_REPORT_EVENTS).default(250),
        /** Members lead in turns of this long, in committee order, by the clock (NTP-synced). */
        leaderTurnMs: z.number().int().min(200).max(600_000).default(5_000),
        /** How often the leader looks for new events to propose. */
        proposeIntervalMs: positiveMs.default(100),
        /**
         * A leader whose rounds find nothing to propose (and nothing of its own in flight) looks
         * again after twice as long each time, up to this long; an event stored by its own ingest
         * wakes it at once. Rounds with nothing in them were most of an idle node's CPU.
         */
        idleProposeIntervalMs: positiveMs.default(1_000),
        /** Reports a leader may have submitted and not yet confirmed at once. */
        pipelineDepth: z.number().int().min(1).max(16).default(3),
        /** How long the leader keeps waiting for more observe answers once a quorum answered. */
        observeGraceMs: z.number().int().min(0).max(10_000).default(20),
        /**
         * The leader asks just enough members to sign (itself and M - 1 others, in turn by
         * sequence), and the rest only when one of those does not sign or has not answered within
         * this long. 0 asks every member at once.
         */
        signHedgeMs: z.number().int().min(0).max(60_000).default(500),
        /** Timeout of one request to a peer. */
        peerTimeoutMs: positiveMs.default(3_000),
        /** Most extra events (seen by a follower, not proposed by the leader) a follower reports. */
        maxExtraEvents: z.number().int().min(0).max(2_000).default(128),
        /** A follower offers an event as an extra once it has been pending this long. */
        extraAfterMs: z.number().int().min(0).max(600_000).default(1_000),
      })
      .strict()
      .default({}),
    ingest: z
      .object({
        /** API clients: id, sha256 of the bearer token, scopes (customs, transport, events, operator). */
        clients: z.array(ingestClientSchema).default([]),
        /** Refuse events for B/L numbers no declaration link names (quarantined until linked). */
        requireKnownShipment: z.boolean().default(true),
        /**
         * Carrier code (SMDG liner code / SCAC, as DCSA events' originating party and canonical
         * messages name the carrier) → the carrier's consortium member address. The chain binds
         * a shipment to its carrier's address; every node must map alike. A message naming a
         * carrier not listed here is refused (unknown_carrier) and kept in quarantine.
         */
        carriers: z
          .record(
            z.string().regex(CARRIER_CODE_PATTERN, "must be a carrier code (2-10 of A-Z, 0-9)"),
            address,
          )
          .default({}),
        maxBodyBytes: z
          .number()
          .int()
          .positive()
          .default(1024 * 1024),
        /** How far in the future an event's time may be (clock skew), seconds. */
        maxFutureSkewSeconds: z.number().int().min(0).default(300),
        /** A folder the node watches for dropped message files (optional). */
        dropDirectory: z.string().min(1).optional(),
      })
      .strict()
      .default({}),
    keys: z
      .object({
        /** The member's signing key (32-byte hex): signs reports. */
        signer: secretSourceSchema,
        /** The key that pays for and sends transactions; defaults to the signer key. */
        transmitter: secretSourceSchema.optional(),
        /** Bearer token shared by the committee for the consensus routes. */
        peerToken: secretSourceSchema,
        /** Bearer token of the operator (admin routes, oraclectl). */
        adminToken: secretSourceSchema,
      })
      .strict(),
    log: z
      .object({ level: z.enum(["debug", "info", "warn", "error"]).default("info") })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    const { members, threshold } = config.committee;
    if (threshold > members.length) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["committee", "threshold"],
        message: `must be at most the number of members (${members.length}), got ${threshold}`,
      });
    }
    const seenIds = new Set<string>();
    const seenAddresses = new Set<string>();
    members.forEach((member, index) => {
      if (seenIds.has(member.id)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["committee", "members", index, "id"],
          message: `duplicate member id "${member.id}"`,
        });
      }
      if (seenAddresses.has(member.address)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["committee", "members", index, "address"],
          message: `duplicate member address ${member.address}`,
        });
      }
      seenIds.add(member.id);
      seenAddresses.add(member.address);
    });
    if (!seenIds.has(config.node.id)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["node", "id"],
        message: `"${config.node.id}" is not one of committee.members[].id`,
      });
    }
    // One code per carrier: a shipment must have one reference whichever source names it.
    const codeOfCarrier = new Map<string, string>();
    for (const [code, carrier] of Object.entries(config.ingest.carriers)) {
      const other = codeOfCarrier.get(carrier);
      if (other !== undefined) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["ingest", "carriers", code],
          message: `${carrier} is carrier ${other} already`,
        });
      }
      codeOfCarrier.set(carrier, code);
    }
    if (config.chain.retryMaxDelayMs < config.chain.retryBaseDelayMs) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["chain", "retryMaxDelayMs"],
        message: "must be at least chain.retryBaseDelayMs",
      });
    }
  });

/** The validated configuration (defaults filled in). */
export type NodeConfig = z.infer<typeof nodeConfigSchema>;
/** The configuration as written (defaults optional). */
export type NodeConfigInput = z.input<typeof nodeConfigSchema>;
export type CommitteeMember = NodeConfig["committee"]["members"][number];
