/**
 * The configuration of one eBL gateway, as a zod schema: what an operator writes in the gateway's
 * JSON config file (and may override from the environment, see `loadConfig.ts`). Secrets are not
 * part of it: the file only says where each is (a file path or an environment variable name);
 * `secrets.ts` reads them.
 */
import { getAddress, type Address } from "viem";
import { z } from "zod";

import { secretSourceSchema, type SecretSource } from "../../lib/config/secretSource.ts";

import { isImoNumber } from "../../lib/trade/billOfLading.ts";

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte hex address")
  .transform((value): Address => getAddress(value));

const port = z.number().int().min(0).max(65_535);
const positiveMs = z.number().int().positive();

export { secretSourceSchema };
export type { SecretSource };

/** A DCSA eBL platform code (`eblPlatform` in the specifications: 1-4 characters, no spaces). */
export const PLATFORM_CODE = /^\S{1,4}$/;

/** An http(s) base URL without a trailing slash. */
const baseUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), { message: "must be an http or https URL" })
  .transform((u) => u.replace(/\/+$/, ""));

/**
 * A carrier the gateway serves: its system calls the gateway's issuance and surrender-answer
 * endpoints with `token`, and the gateway signs the carrier's transactions with `signer` (the
 * carrier's own consortium key, held by the gateway: see docs/ARCHITECTURE.md, "The eBL gateway",
 * for the trust model).
 */
const carrierSchema = z
  .object({
    /** A short name for logs and metrics, e.g. "molu". */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "must be a short lower-case name"),
    /** The carrier's consortium member address (CARRIER role); `signer` must be its key. */
    address,
    /** Bearer token the carrier's system presents to the gateway. */
    token: secretSourceSchema,
    /** The carrier's private key, which signs its bills' issue and surrender answers. */
    signer: secretSourceSchema,
    /**
     * Base URL of the carrier's system: the gateway POSTs `/v3/ebl-issuance-responses` and
     * `/v3/ebl-surrender-requests` under it.
     */
    callbackUrl: baseUrl,
    /** Bearer token the gateway presents to the carrier's system, if it wants one. */
    callbackToken: secretSourceSchema.optional(),
    /**
     * The public key (PEM or JWK file) the carrier signs its issuance manifests with; when set, a
     * manifest not signed by it is answered BREQ. The checksums are checked either way.
     */
    manifestKey: z.string().min(1).optional(),
    /**
     * The carrier's fleet: vessel name (as the transport document writes it) → IMO number. A DCSA
     * transport document names the vessel but carries no IMO number; the chain records one.
     */
    vessels: z
      .record(
        z.string().min(1),
        z.number().refine(isImoNumber, { message: "not an IMO number (7 digits + check)" }),
      )
      .default({}),
  })
  .strict();
export type CarrierConfig = z.infer<typeof carrierSchema>;

const identifyingCodeSchema = z
  .object({
    codeListProvider: z.string().min(1),
    partyCode: z.string().min(1),
    codeListName: z.string().min(1).optional(),
  })
  .strict();

/** A consortium member as other platforms know it (its DCSA identifying codes). */
const knownMemberSchema = z
  .object({
    address,
    partyName: z.string().min(1),
    identifyingCodes: z.array(identifyingCodeSchema).min(1),
    /** Carrier codes (e.g. SMDG "MSC") under which this member issues, if it is a carrier. */
    carrierCodes: z
      .array(
        z
          .object({ carrierCode: z.string().min(1), carrierCodeListProvider: z.string().min(1) })
          .strict(),
      )
      .optional(),
  })
  .strict();

/** Another eBL platform this one exchanges bills with over PINT. */
const pintPeerSchema = z
  .object({
    platform: z.string().regex(PLATFORM_CODE, "must be 1-4 characters without spaces"),
    /** Base URL of its PINT API (`/v3/envelopes` under it). */
    url: baseUrl,
    /** Its public signing keys as JWKs (several during a key rotation): not secret. */
    publicKeys: z.array(z.record(z.string(), z.unknown())).min(1, "give at least one public key"),
  })
  .strict();

/**
 * PINT 3.0 (bills to and from other eBL platforms). Without this section the gateway runs the
 * carriers' DCSA API only.
 */
export const pintSchema = z
  .object({
    /** The consortium registry (recipients must be active members). */
    registry: address,
    /** The account governance named PINT gateway on BillOfLading (`setPintGateway`). */
    gatewayAccount: address,
    /** Its private key (it completes and abandons exports and imports bills). */
    gatewaySigner: secretSourceSchema,
    /** This platform's private signing key, a JWK (JSON text) with `kid`: signs envelopes and answers. */
    signingKey: secretSourceSchema,
    peers: z.array(pintPeerSchema).default([]),
    /** The members other platforms may send bills to, by their identifying codes. */
    members: z.array(knownMemberSchema).default([]),
    retry: z
      .object({
        initialDelayMs: positiveMs.default(1_000),
        maxDelayMs: positiveMs.default(300_000),
        /** Attempts before a transfer is abandoned (title stays, visibly). */
        maxAttempts: z.number().int().positive().default(12),
      })
      .strict()
      .default({}),
    /** How long one call to another platform may take before it counts as no answer. */
    requestTimeoutMs: positiveMs.default(30_000),
    /** How often the sender looks for transfers that are due. */
    pollIntervalMs: positiveMs.default(1_000),
  })
  .strict();
export type PintConfig = z.infer<typeof pintSchema>;

export const gatewayConfigSchema = z
  .object({
    platform: z
      .object({
        /**
         * This platform's DCSA eBL platform code: parties are identified as
         * `{codeListProvider: <code>, partyCode: <member address>}`, and `issueTo.sendToPlatform`
         * must name it.
         */
        code: z.string().regex(PLATFORM_CODE, "must be 1-4 characters without spaces"),
      })
      .strict(),
    http: z
      .object({
        host: z.string().min(1).default("127.0.0.1"),
        port,
        /** Largest request body accepted; more is answered 413. */
        maxBodyBytes: z
          .number()
          .int()
          .min(1024)
          .max(64 * 1024 * 1024)
          .default(4 * 1024 * 1024),
        /** A whole request must arrive within this long (else 408). */
        requestTimeoutMs: positiveMs.default(30_000),
        headersTimeoutMs: positiveMs.default(10_000),
        keepAliveTimeoutMs: positiveMs.default(5_000),
        maxConnections: z.number().int().positive().default(512),
      })
      .strict(),
    store: z
      .object({
        /** Folder of the gateway's SQLite database (created if missing). */
        dataDir: z.string().min(1),
      })
      .strict(),
    chain: z
      .object({
        rpcUrl: z.string().url(),
        /** The chain id the RPC endpoint must report (checked at start). */
        chainId: z.number().int().positive(),
        /** The BillOfLading contract. */
        billOfLading: address,
        /** How often the chain is polled for surrenders. */
        pollIntervalMs: positiveMs.default(2_000),
        /** How long `/healthz` waits for the chain's answer before it reports the chain unavailable. */
        healthTimeoutMs: positiveMs.default(2_000),
        /** Blocks a surrender event must be buried under before the carrier is asked. */
        confirmations: z.number().int().min(0).max(64).default(0),
        /** The block to start watching from on a fresh store (default: the latest at start). */
        startBlock: z.number().int().min(0).optional(),
      })
      .strict(),
    dcsa: z
      .object({
        /**
         * Directory of the DCSA OpenAPI files (EBL_ISS_v3.0.4.yaml, ...). Default:
         * `$CARAVEL_SHARED_DIR/samples/dcsa-ebl/openapi`, else `../shared/samples/dcsa-ebl/openapi`
         * from the working directory.
         */
        specsDirectory: z.string().min(1).optional(),
      })
      .strict()
      .default({}),
    callbacks: z
      .object({
        /** First wait after a failed call to a carrier's system; doubled each time. */
        backoffMs: positiveMs.default(500),
        /** Longest wait between two attempts. Calls are retried until delivered. */
        maxBackoffMs: positiveMs.default(60_000),
        /** How long one call may take. */
        timeoutMs: positiveMs.default(10_000),
      })
      .strict()
      .default({}),
    carriers: z
      .array(carrierSchema)
      .min(1, "configure at least one carrier")
      .superRefine((carriers, ctx) => {
        const ids = new Set<string>();
        const addresses = new Set<string>();
        carriers.forEach((carrier, index) => {
          if (ids.has(carrier.id)) {
            ctx.addIssue({
              code: "custom",
              path: [index, "id"],
              message: `duplicate id ${carrier.id}`,
            });
          }
          if (addresses.has(carrier.address)) {
            ctx.addIssue({
              code: "custom",
              path: [index, "address"],
              message: `duplicate carrier address ${carrier.address}`,
            });
          }
          ids.add(carrier.id);
          addresses.add(carrier.address);
        });
      }),
    log: z
      .object({ level: z.enum(["debug", "info", "warn", "error", "silent"]).default("info") })
      .strict()
      .default({}),
    pint: pintSchema.optional(),
    /** How long a graceful shutdown may wait for requests in flight. */
    drainTimeoutMs: positiveMs.default(10_000),
  })
  .strict();

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
