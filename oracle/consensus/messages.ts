/**
 * The consensus messages nodes exchange over HTTP (JSON), as zod schemas: every request and every
 * response is validated at the edge before anything else reads it.
 *
 * Authentication: every consensus route requires the committee's shared bearer token; on top of
 * that a proposal carries the proposer's signature (EIP-191 over the report digest, so it can
 * never be mistaken for a report signature), and every report signature in a response is checked
 * by recovering its signer. A node only trusts what a member's key signed.
 *
 * Numbers that may exceed 2^53 (sequences) travel as decimal strings.
 */
import type { Hex } from "viem";
import { z } from "zod/v4";

const hex32 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, "must be 32 bytes of hex")
  .transform((v) => v.toLowerCase() as Hex);
const bytes5 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{10}$/, "must be 5 bytes of hex")
  .transform((v) => v.toLowerCase() as Hex);
const compactSignature = z
  .string()
  .regex(/^0x[0-9a-fA-F]{128}$/, "must be a 64-byte compact signature")
  .transform((v) => v.toLowerCase() as Hex);
const proposerSignature = z
  .string()
  .regex(/^0x[0-9a-fA-F]{130}$/, "must be a 65-byte signature")
  .transform((v) => v as Hex);
const sequence = z
  .string()
  .regex(/^[0-9]{1,20}$/, "must be a decimal uint64")
  .transform((v) => BigInt(v))
  .refine((v) => v < 2n ** 64n, "must fit in uint64");
const epoch = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);
const memberId = z.string().min(1).max(32);

/** Limits that keep one message bounded in size (a report holds at most 2,000 events). */
export const MAX_REPORT_EVENTS = 2_000;
export const MAX_CANDIDATES = 4_000;

export const onChainEventSchema = z
  .object({
    shipmentRef: hex32,
    eventType: z.number().int().min(1).max(12),
    location: bytes5,
    occurredAt: z
      .number()
      .int()
      .min(0)
      .max(2 ** 48 - 1),
    sourceDocHash: hex32,
    sourceMessageId: hex32,
  })
  .strict();

export const reportSchema = z
  .object({
    epoch,
    sequence,
    events: z.array(onChainEventSchema).min(1).max(MAX_REPORT_EVENTS),
  })
  .strict();

/** Leader → follower: which of these events have you observed, and what else do you have? */
export const observeRequestSchema = z
  .object({
    from: memberId,
    epoch,
    sequence,
    round: z.number().int().min(0),
    candidates: z.array(hex32).max(MAX_CANDIDATES),
    /**
     * Whether the leader takes extras this round (default true). A leader whose own backlog fills
     * its candidate list says no: it has more than a report holds, and the events it missed are
     * carried once its backlog is worked off (or by the next leader that has them).
     */
    extras: z.boolean().optional(),
  })
  .strict();
export type ObserveRequest = z.infer<typeof observeRequestSchema>;

const lockSchema = z.object({ report: reportSchema, signature: compactSignature }).strict();

export const observeResponseSchema = z
  .object({
    from: memberId,
    /** The follower's view of the chain's last applied sequence. */
    lastSequence: sequence,
    /** The candidates the follower has in its own inbox. */
    observed: z.array(hex32).max(MAX_CANDIDATES),
    /** Events the follower observed that the leader did not list (oldest first). */
    extras: z
      .array(z.object({ key: hex32, event: onChainEventSchema }).strict())
      .max(MAX_CANDIDATES),
    /** The report the follower already signed for (epoch, sequence), if any. */
    lock: lockSchema.nullable(),
  })
  .strict();
export type ObserveResponse = z.infer<typeof observeResponseSchema>;

/** Leader → follower: sign this report. */
export const signRequestSchema = z
  .object({
    from: memberId,
    round: z.number().int().min(0),
    report: reportSchema,
    /** The proposer's EIP-191 signature over the report digest. */
    proposerSignature,
  })
  .strict();
export type SignRequest = z.infer<typeof signRequestSchema>;

export const signResponseSchema = z.discriminatedUnion("status", [
  z.object({ status: z.literal("signed"), from: memberId, signature: compactSignature }).strict(),
  z
    .object({
      status: z.literal("conflict"),
      from: memberId,
      report: reportSchema,
      signature: compactSignature,
    })
    .strict(),
  z
    .object({ status: z.literal("missing"), from: memberId, missing: z.array(hex32).min(1) })
    .strict(),
  z.object({ status: z.literal("refused"), from: memberId, reason: z.string() }).strict(),
]);
export type SignResponse = z.infer<typeof signResponseSchema>;

/** JSON text of a message: bigints (sequences) become decimal strings, as the schemas expect. */
export function stringifyMessage(message: unknown): string {
  return JSON.stringify(message, (_key, value: unknown) =>
    typeof value === "bigint" ? value.toString() : value,
  );
}
