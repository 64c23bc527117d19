/**
 * The configuration of one eBL gateway, as a zod schema: what an operator writes in the gateway's
 * JSON config file (and may override from the environment, see `loadConfig.ts`). Secrets are not
 * part of it: the file only says where each is (a file path or an environment variable name);
 * `secrets.ts` reads them.
 */
import { getAddress, type Address } from "viem";
import { z } from "zod";

import { isImoNumber } from "../../lib/trade/billOfLading.ts";

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte hex address")
  .transform((value): Address => getAddress(value));

const port = z.number().int().min(0).max(65_535);
const positiveMs = z.number().int().positive();

/** Where a secret comes from: a file holding it, or an environment variable. Exactly one. */
export const secretSourceSchema = z
  .object({
    file: z.string().min(1).optional(),
    env: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, "must be an environment variable name (upper case)")
      .optional(),
  })
  .strict()
  .refine((s) => (s.file === undefined) !== (s.env === undefined), {
    message: "give exactly one of `file` or `env`",
  });
export type SecretSource = z.infer<typeof secretSourceSchema>;

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
        /** Attempts to deliver one callback to a carrier before it waits for the next sweep. */
        attempts: z.number().int().min(1).max(20).default(5),
        /** First wait between attempts; doubled each time. */
        backoffMs: positiveMs.default(500),
        /** How long one callback request may take. */
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
    /** How long a graceful shutdown may wait for requests in flight. */
    drainTimeoutMs: positiveMs.default(10_000),
  })
  .strict();

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
