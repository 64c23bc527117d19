/**
 * The PINT 3.0 `EblEnvelope`: building one to send (the transport document, the signed envelope
 * manifest, the transfer chain with Caravel's new entry appended) and verifying one received
 * (every JWS, the manifest's checksums, the chain's continuity). A refusal is a `PintRefusal`
 * carrying the response code DCSA names for it.
 */
import {
  canonicalJson,
  sha256Hex,
  transportDocumentChecksum,
  type IdentifyingCode,
} from "../../lib/trade/pint.ts";
import {
  PintSignatureError,
  type PintSigner,
  type PlatformKeyring,
  unverifiedPayload,
} from "./jws.ts";
import type { PintValidator } from "./pintSchema.ts";

/** The signed response codes of PINT 3.0. */
export type PintResponseCode = "RECE" | "DUPE" | "BSIG" | "BENV" | "INCD" | "MDOC" | "DISE";

/** A party acting or receiving in a transaction (`ActorParty` / `RecipientParty`). */
export interface PintParty {
  partyName: string;
  eblPlatform: string;
  identifyingCodes: IdentifyingCode[];
}

/** One transaction of a transfer-chain entry. */
export interface PintTransaction {
  actionCode: string;
  actor: PintParty;
  recipient?: PintParty;
  actionDateTime: string;
  reasonCode?: string;
  comments?: string;
  auditReference?: string;
}

/** The payload of an `EnvelopeTransferChainEntrySignedContent`. */
export interface TransferChainEntry {
  eblPlatform: string;
  transportDocumentChecksum: string;
  previousEnvelopeTransferChainEntrySignedContentChecksum?: string;
  issuanceManifestSignedContent?: string;
  transactions: PintTransaction[];
}

/** `DocumentMetadata`: an additional document announced in the manifest. */
export interface DocumentMetadata {
  name: string;
  size: number;
  mediaType: string;
  documentChecksum: string;
}

/** The payload of `envelopeManifestSignedContent`. */
export interface EnvelopeManifest {
  transportDocumentChecksum: string;
  lastEnvelopeTransferChainEntrySignedContentChecksum: string;
  eBLVisualisationByCarrier?: DocumentMetadata;
  supportingDocuments?: DocumentMetadata[];
}

export interface EblEnvelope {
  transportDocument: Record<string, unknown>;
  envelopeManifestSignedContent: string;
  envelopeTransferChain: string[];
}

/** An additional document to send with an envelope. */
export interface AdditionalDocument {
  name: string;
  mediaType: string;
  content: Uint8Array;
}

/** A refusal with the code the receiving side answers (and the reason it writes). */
export class PintRefusal extends Error {
  override readonly name = "PintRefusal";
  readonly responseCode: PintResponseCode;
  readonly reason: string;
  constructor(responseCode: PintResponseCode, reason: string) {
    super(`${responseCode}: ${reason}`);
    this.responseCode = responseCode;
    this.reason = reason;
  }
}

/** SHA-256 of a compact JWS as PINT checksums it. */
export function jwsChecksum(jws: string): string {
  return sha256Hex(jws);
}

/** What `buildEnvelope` returns: the envelope and the facts the sender keeps. */
export interface BuiltEnvelope {
  envelope: EblEnvelope;
  lastEntryChecksum: string;
  documents: { checksum: string; content: Uint8Array }[];
}

/**
 * Builds and signs an envelope: a new transfer-chain entry with `transactions` appended to
 * `priorChain` (the entries the bill arrived with, empty for a bill issued here, in which case
 * `issuanceManifestSignedContent` must be given), and the manifest over it all.
 */
export async function buildEnvelope(input: {
  transportDocument: Record<string, unknown>;
  priorChain: readonly string[];
  transactions: readonly PintTransaction[];
  signer: PintSigner;
  issuanceManifestSignedContent?: string;
  additionalDocuments?: readonly AdditionalDocument[];
}): Promise<BuiltEnvelope> {
  const tdChecksum = transportDocumentChecksum(input.transportDocument);
  const previous = input.priorChain.at(-1);
  if (previous === undefined && input.issuanceManifestSignedContent === undefined) {
    throw new Error("the first transfer-chain entry needs the issuance manifest");
  }
  const entry: TransferChainEntry = {
    eblPlatform: input.signer.platform,
    transportDocumentChecksum: tdChecksum,
    ...(previous === undefined
      ? { issuanceManifestSignedContent: input.issuanceManifestSignedContent! }
      : { previousEnvelopeTransferChainEntrySignedContentChecksum: jwsChecksum(previous) }),
    transactions: [...input.transactions],
  };
  const signedEntry = await input.signer.sign(entry);
  const chain = [...input.priorChain, signedEntry];
  const documents = (input.additionalDocuments ?? []).map((d) => ({
    metadata: {
      name: d.name,
      size: d.content.byteLength,
      mediaType: d.mediaType,
      documentChecksum: sha256Hex(d.content),
    },
    content: d.content,
  }));
  const manifest: EnvelopeManifest = {
    transportDocumentChecksum: tdChecksum,
    lastEnvelopeTransferChainEntrySignedContentChecksum: jwsChecksum(signedEntry),
    ...(documents.length > 0 ? { supportingDocuments: documents.map((d) => d.metadata) } : {}),
  };
  return {
    envelope: {
      transportDocument: input.transportDocument,
      envelopeManifestSignedContent: await input.signer.sign(manifest),
      envelopeTransferChain: chain,
    },
    lastEntryChecksum: jwsChecksum(signedEntry),
    documents: documents.map((d) => ({
      checksum: d.metadata.documentChecksum,
      content: d.content,
    })),
  };
}

/** A received envelope whose signatures, checksums and chain all held. */
export interface VerifiedEnvelope {
  envelope: EblEnvelope;
  transportDocumentChecksum: string;
  manifest: EnvelopeManifest;
  entries: TransferChainEntry[];
  lastEntryChecksum: string;
  /** The last transaction: the one that hands the bill to this platform. */
  lastTransaction: PintTransaction;
  /** Checksums of every additional document the manifest announces. */
  announcedDocuments: DocumentMetadata[];
}

function requireValid(
  validate: PintValidator,
  schema: Parameters<PintValidator>[0],
  value: unknown,
  what: string,
): void {
  const problems = validate(schema, value);
  if (problems.length > 0)
    throw new PintRefusal("BENV", `${what} is malformed: ${problems.slice(0, 3).join("; ")}`);
}

function platformOf(jws: string, what: string): string {
  let payload: unknown;
  try {
    payload = unverifiedPayload(jws);
  } catch {
    throw new PintRefusal("BSIG", `${what} is not a readable JWS`);
  }
  const platform = (payload as { eblPlatform?: unknown } | null)?.eblPlatform;
  if (typeof platform !== "string") throw new PintRefusal("BENV", `${what} names no eBL platform`);
  return platform;
}

async function verified(
  keyring: PlatformKeyring,
  platform: string,
  jws: string,
  what: string,
): Promise<unknown> {
  try {
    return await keyring.verify(platform, jws);
  } catch (error) {
    if (error instanceof PintSignatureError)
      throw new PintRefusal("BSIG", `${what}: ${error.message}`);
    throw new PintRefusal("BSIG", `${what} cannot be verified`);
  }
}

/**
 * Verifies a received envelope for `platform` (this platform's code): the schema, every JWS
 * signature with the key of the platform that made it (BSIG), the manifest's checksums, the
 * chain's continuity from an ISSUE, and that its last transaction is addressed to this platform
 * (BENV otherwise).
 */
export async function verifyEnvelope(
  body: unknown,
  options: { platform: string; keyring: PlatformKeyring; validate: PintValidator },
): Promise<VerifiedEnvelope> {
  requireValid(options.validate, "EblEnvelope", body, "the envelope");
  const envelope = body as EblEnvelope;
  const chain = envelope.envelopeTransferChain;
  const last = chain.at(-1)!;

  // Signatures first: nothing else in an envelope can be trusted before they hold.
  const senderPlatform = platformOf(last, "the last transfer-chain entry");
  const manifestPayload = await verified(
    options.keyring,
    senderPlatform,
    envelope.envelopeManifestSignedContent,
    "the envelope manifest",
  );
  const entries: TransferChainEntry[] = [];
  for (const [i, jws] of chain.entries()) {
    const payload = await verified(
      options.keyring,
      platformOf(jws, `transfer-chain entry ${i}`),
      jws,
      `transfer-chain entry ${i}`,
    );
    requireValid(
      options.validate,
      "EnvelopeTransferChainEntry",
      payload,
      `transfer-chain entry ${i}`,
    );
    entries.push(payload as TransferChainEntry);
  }
  requireValid(options.validate, "EnvelopeManifest", manifestPayload, "the envelope manifest");
  const manifest = manifestPayload as EnvelopeManifest;

  const tdChecksum = transportDocumentChecksum(envelope.transportDocument);
  if (manifest.transportDocumentChecksum !== tdChecksum) {
    throw new PintRefusal("BENV", "the transport document does not match the manifest's checksum");
  }
  const lastEntryChecksum = jwsChecksum(last);
  if (manifest.lastEnvelopeTransferChainEntrySignedContentChecksum !== lastEntryChecksum) {
    throw new PintRefusal(
      "BENV",
      "the last transfer-chain entry does not match the manifest's checksum",
    );
  }
  for (const [i, entry] of entries.entries()) {
    if (entry.transportDocumentChecksum !== tdChecksum) {
      throw new PintRefusal("BENV", `transfer-chain entry ${i} is for another transport document`);
    }
    const previous = entry.previousEnvelopeTransferChainEntrySignedContentChecksum;
    if (i === 0) {
      if (previous !== undefined) {
        throw new PintRefusal(
          "BENV",
          "the transfer chain is truncated: its first entry follows another",
        );
      }
      if (
        entry.transactions[0]?.actionCode !== "ISSUE" ||
        entry.issuanceManifestSignedContent === undefined
      ) {
        throw new PintRefusal(
          "BENV",
          "the transfer chain is truncated: it does not start with the issuance",
        );
      }
    } else if (previous !== jwsChecksum(chain[i - 1]!)) {
      throw new PintRefusal(
        "BENV",
        `transfer-chain entry ${i} does not follow entry ${i - 1} (forked or reordered chain)`,
      );
    }
    entry.transactions.forEach((tx, j) => {
      if (tx.actionCode === "ISSUE" && (i !== 0 || j !== 0)) {
        throw new PintRefusal(
          "BENV",
          `transfer-chain entry ${i} issues the document a second time`,
        );
      }
    });
  }
  const lastTransaction = entries.at(-1)!.transactions.at(-1)!;
  if (lastTransaction.recipient?.eblPlatform !== options.platform) {
    throw new PintRefusal(
      "BENV",
      `the envelope is addressed to platform ${lastTransaction.recipient?.eblPlatform ?? "(none)"}, not ${options.platform}`,
    );
  }
  return {
    envelope,
    transportDocumentChecksum: tdChecksum,
    manifest,
    entries,
    lastEntryChecksum,
    lastTransaction,
    announcedDocuments: [
      ...(manifest.eBLVisualisationByCarrier === undefined
        ? []
        : [manifest.eBLVisualisationByCarrier]),
      ...(manifest.supportingDocuments ?? []),
    ],
  };
}

/** The issuance manifest for a bill issued on this platform (signed by the platform for its carrier). */
export async function signIssuanceManifest(
  signer: PintSigner,
  transportDocument: unknown,
  issueTo: PintParty,
): Promise<string> {
  return signer.sign({
    documentChecksum: transportDocumentChecksum(transportDocument),
    issueToChecksum: sha256Hex(canonicalJson(issueTo)),
  });
}

/** The transactions of an entry, compared without signatures: equal payloads mean the same transfer. */
export function sameTransfer(a: TransferChainEntry, b: TransferChainEntry): boolean {
  const strip = (e: TransferChainEntry) => ({
    ...e,
    previousEnvelopeTransferChainEntrySignedContentChecksum: undefined,
    issuanceManifestSignedContent: undefined,
  });
  return canonicalJson(strip(a)) === canonicalJson(strip(b));
}

/** The payloads of a chain this platform verified before (read back from its own store). */
export function unverifiedEntries(chain: readonly string[]): TransferChainEntry[] {
  return chain.map((jws) => unverifiedPayload(jws) as TransferChainEntry);
}
