/**
 * The receiving side of PINT 3.0: `POST /v3/envelopes`, `PUT .../additional-documents/{checksum}`
 * and `PUT .../finish-transfer`, as functions from a request body to a status and a body, so the
 * gateway's HTTP server (or a test) routes to them. Every answer that decides a transfer is a
 * signed `EnvelopeTransferFinishedResponse`.
 *
 * A transfer is accepted (RECE) only once the bill is issued on chain to the recipient, with the
 * imported chain's checksum linked; the store then remembers it so a replay is answered DUPE. A
 * transfer with additional documents stays pending in the durable store until finish-transfer, so
 * a restart in between loses nothing.
 */
import { randomUUID } from "node:crypto";

import { BaseError, ContractFunctionRevertedError } from "viem";

import { checksumBytes32, type IdentifyingCode, sha256Hex } from "../../lib/trade/pint.ts";
import { billOfTransportDocument, TransportDocumentError } from "./billOfTransportDocument.ts";
import {
  jwsChecksum,
  PintRefusal,
  type PintResponseCode,
  sameTransfer,
  unverifiedEntries,
  verifyEnvelope,
  type VerifiedEnvelope,
} from "./envelope.ts";
import type { PintSigner, PlatformKeyring } from "./jws.ts";
import { mayImport, type PintChain } from "./pintChain.ts";
import type { PintValidator } from "./pintSchema.ts";
import type { InboundTransfer, PintStore } from "./pintStore.ts";
import type { PartyDirectory } from "./parties.ts";

/** An answer to send: HTTP status and JSON body (undefined for 204). */
export interface PintReply {
  status: number;
  body: unknown;
}

export interface PintReceiverOptions {
  platform: string;
  signer: PintSigner;
  keyring: PlatformKeyring;
  validate: PintValidator;
  chain: PintChain;
  store: PintStore;
  directory: PartyDirectory;
  /** Observes each decided transfer (metrics, logs). */
  onAnswer?: (code: PintResponseCode, reason: string | undefined) => void;
}

export interface PintReceiver {
  startTransfer(body: unknown): Promise<PintReply>;
  putAdditionalDocument(
    envelopeReference: string,
    documentChecksum: string,
    body: unknown,
  ): Promise<PintReply>;
  finishTransfer(envelopeReference: string): Promise<PintReply>;
  /** `POST /v3/receiver-validation`: the name of the active member an identifying code names, or 404. */
  validateReceiver(body: unknown): Promise<PintReply>;
}

const STATUS_OF: Record<PintResponseCode, number> = {
  RECE: 200,
  DUPE: 200,
  BSIG: 422,
  BENV: 422,
  DISE: 409,
  INCD: 409,
  MDOC: 409,
};

/** An unsigned `ErrorResponse` (for requests no signed answer applies to, e.g. an unknown envelope). */
export function errorReply(
  status: number,
  method: string,
  uri: string,
  message: string,
): PintReply {
  return {
    status,
    body: {
      httpMethod: method,
      requestUri: uri,
      statusCode: status,
      statusCodeText:
        status === 404 ? "Not Found" : status === 413 ? "Payload Too Large" : "Bad Request",
      statusCodeMessage: message.slice(0, 200),
      providerCorrelationReference: randomUUID(),
      errorDateTime: new Date().toISOString(),
      errors: [
        {
          errorCode: 7003,
          errorCodeText: "Request refused",
          errorCodeMessage: message.slice(0, 5000),
        },
      ],
    },
  };
}

export function createPintReceiver(options: PintReceiverOptions): PintReceiver {
  const { store, chain, signer } = options;

  async function answer(
    code: PintResponseCode,
    lastEntryChecksum: string,
    extra: { reason?: string; missing?: string[]; received?: string[]; duplicateOf?: string } = {},
  ): Promise<PintReply> {
    options.onAnswer?.(code, extra.reason);
    const signed = await signer.sign({
      lastEnvelopeTransferChainEntrySignedContentChecksum: lastEntryChecksum,
      responseCode: code,
      ...(extra.reason === undefined ? {} : { reason: extra.reason.slice(0, 255) }),
      ...(extra.missing === undefined ? {} : { missingAdditionalDocumentChecksums: extra.missing }),
      ...(extra.received === undefined
        ? {}
        : { receivedAdditionalDocumentChecksums: extra.received }),
      ...(extra.duplicateOf === undefined
        ? {}
        : { duplicateOfAcceptedEnvelopeTransferChainEntrySignedContent: extra.duplicateOf }),
    });
    return { status: STATUS_OF[code], body: signed };
  }

  /** The checksum to answer about when the envelope could not be verified: the last entry's, if any. */
  function claimedLastChecksum(body: unknown): string {
    const chain = (body as { envelopeTransferChain?: unknown } | null)?.envelopeTransferChain;
    const last = Array.isArray(chain) ? chain.at(-1) : undefined;
    return typeof last === "string" ? jwsChecksum(last) : sha256Hex("");
  }

  /** Issues the bill on chain to the recipient and marks the transfer accepted. */
  async function accept(verified: VerifiedEnvelope, envelopeReference: string): Promise<PintReply> {
    const holder = options.directory.memberOf(
      verified.lastTransaction.recipient?.identifyingCodes ?? [],
    );
    if (holder === undefined || !(await chain.isActiveMember(holder))) {
      store.dropPending(envelopeReference);
      return answer("BENV", verified.lastEntryChecksum, {
        reason: "the recipient is not a member of this platform",
      });
    }
    let mapped;
    try {
      mapped = billOfTransportDocument(
        verified.envelope.transportDocument,
        options.directory,
        holder,
      );
    } catch (error) {
      if (!(error instanceof TransportDocumentError)) throw error;
      store.dropPending(envelopeReference);
      return answer("BENV", verified.lastEntryChecksum, { reason: error.message });
    }
    const billId = await chain.billIdOf(mapped.carrier, mapped.bill.blNumber);
    const status = await chain.billStatus(billId);
    const checksum = checksumBytes32(verified.lastEntryChecksum);
    // A crash after the import but before the store noted it: the chain already says so.
    const alreadyImported =
      !mayImport(status) && (await chain.importedChainOf(billId)) === checksum;
    if (!mayImport(status) && !alreadyImported) {
      store.dropPending(envelopeReference);
      return answer("DISE", verified.lastEntryChecksum, {
        reason:
          "this platform holds an active copy of the bill: the envelope contradicts its title chain",
      });
    }
    if (!alreadyImported) {
      try {
        await chain.importBill(mapped.carrier, mapped.bill, holder, checksum);
      } catch (error) {
        // The contract's refusal is final (BENV); anything else (the chain unreachable) is not
        // an answer about the envelope: it propagates, the sender gets an unsigned 500 and retries.
        const refusal = contractRefusal(error);
        if (refusal === undefined) throw error;
        store.dropPending(envelopeReference);
        return answer("BENV", verified.lastEntryChecksum, {
          reason: `the chain refuses the bill: ${refusal}`,
        });
      }
    }
    store.markAccepted(envelopeReference, billId);
    store.rememberBill(billId, {
      transportDocument: verified.envelope.transportDocument,
      transferChain: verified.envelope.envelopeTransferChain,
    });
    return answer("RECE", verified.lastEntryChecksum, {
      received: verified.announcedDocuments.map((d) => d.documentChecksum),
    });
  }

  /** DUPE for a replay of an accepted transfer, DISE for one that contradicts it, or nothing. */
  async function replayAnswer(verified: VerifiedEnvelope): Promise<PintReply | undefined> {
    const accepted = store.inboundFor(verified.transportDocumentChecksum, "accepted");
    const newLast = verified.entries.at(-1)!;
    for (const transfer of accepted.reverse()) {
      const acceptedEntries = unverifiedEntries(transfer.envelope.envelopeTransferChain);
      const acceptedLast = acceptedEntries.at(-1)!;
      if (
        transfer.lastEntryChecksum === verified.lastEntryChecksum ||
        sameTransfer(acceptedLast, newLast)
      ) {
        return answer("DUPE", verified.lastEntryChecksum, {
          duplicateOf: transfer.envelope.envelopeTransferChain.at(-1)!,
          received: transfer.announced,
        });
      }
      // A later transfer of the same bill (it went away and came back) extends the accepted chain.
      const extends_ =
        verified.entries.length > acceptedEntries.length &&
        acceptedEntries.every((entry, i) => sameTransfer(entry, verified.entries[i]!));
      if (!extends_) {
        return answer("DISE", verified.lastEntryChecksum, {
          reason: "the envelope contradicts the transfer chain this platform accepted for the bill",
        });
      }
      return undefined;
    }
    return undefined;
  }

  return {
    async startTransfer(body) {
      let verified: VerifiedEnvelope;
      try {
        verified = await verifyEnvelope(body, options);
      } catch (error) {
        if (error instanceof PintRefusal) {
          return answer(error.responseCode, claimedLastChecksum(body), { reason: error.reason });
        }
        throw error;
      }
      const replay = await replayAnswer(verified);
      if (replay !== undefined) return replay;

      const envelopeReference = randomUUID();
      const pending = store.inboundFor(verified.transportDocumentChecksum, "pending");
      const transfer = {
        envelopeReference,
        transportDocumentChecksum: verified.transportDocumentChecksum,
        lastEntryChecksum: verified.lastEntryChecksum,
        envelope: verified.envelope,
        announced: verified.announcedDocuments.map((d) => d.documentChecksum),
      };
      // PINT: a new start for a bill with an unfinished transfer means the sender restarted it.
      if (pending[0] !== undefined) store.restartPending(pending[0].envelopeReference, transfer);
      else store.savePending(transfer);

      const received = new Set(store.receivedDocuments(envelopeReference));
      const missing = transfer.announced.filter((c) => !received.has(c));
      if (missing.length === 0) return accept(verified, envelopeReference);
      return {
        status: 201,
        body: {
          envelopeReference,
          transportDocumentChecksum: verified.transportDocumentChecksum,
          lastEnvelopeTransferChainEntrySignedContentChecksum: verified.lastEntryChecksum,
          missingAdditionalDocumentChecksums: missing,
        },
      };
    },

    async putAdditionalDocument(envelopeReference, documentChecksum, body) {
      const uri = `/v3/envelopes/${envelopeReference}/additional-documents/${documentChecksum}`;
      const transfer = store.inbound(envelopeReference);
      if (transfer === undefined || transfer.state !== "pending") {
        return errorReply(404, "PUT", uri, "no envelope transfer in progress has this reference");
      }
      if (!transfer.announced.includes(documentChecksum)) {
        return answer("INCD", transfer.lastEntryChecksum, {
          reason: "the document is not announced in the envelope manifest",
        });
      }
      const content = typeof body === "string" ? Buffer.from(body, "base64") : undefined;
      const metadata = announcedMetadata(transfer, documentChecksum);
      if (
        content === undefined ||
        sha256Hex(content) !== documentChecksum ||
        (metadata !== undefined && metadata.size !== content.byteLength)
      ) {
        return answer("INCD", transfer.lastEntryChecksum, {
          reason: "the document's checksum or size does not match",
        });
      }
      store.saveDocument(envelopeReference, documentChecksum, content);
      return { status: 204, body: undefined };
    },

    async validateReceiver(body) {
      const uri = "/v3/receiver-validation";
      const problems = options.validate("IdentifyingCode", body);
      if (problems.length > 0) return errorReply(400, "POST", uri, problems.join("; "));
      const member = options.directory.memberOf([body as IdentifyingCode]);
      // Deliberately vague on a miss (PINT): unknown, ambiguous and suspended all read "unknown party".
      if (member === undefined || !(await chain.isActiveMember(member))) {
        return errorReply(404, "POST", uri, "Unknown party");
      }
      return {
        status: 200,
        body: { partyName: options.directory.partyOf(member).partyName.slice(0, 70) },
      };
    },

    async finishTransfer(envelopeReference) {
      const transfer = store.inbound(envelopeReference);
      if (transfer === undefined || transfer.state !== "pending") {
        return errorReply(
          404,
          "PUT",
          `/v3/envelopes/${envelopeReference}/finish-transfer`,
          "no envelope transfer in progress has this reference",
        );
      }
      const received = new Set(store.receivedDocuments(envelopeReference));
      const missing = transfer.announced.filter((c) => !received.has(c));
      if (missing.length > 0) return answer("MDOC", transfer.lastEntryChecksum, { missing });
      // Verified at the start; verified again so a pending transfer read back after a restart is
      // held to the same checks as one in memory.
      let verified: VerifiedEnvelope;
      try {
        verified = await verifyEnvelope(transfer.envelope, options);
      } catch (error) {
        if (error instanceof PintRefusal) {
          store.dropPending(envelopeReference);
          return answer(error.responseCode, transfer.lastEntryChecksum, { reason: error.reason });
        }
        throw error;
      }
      return accept(verified, envelopeReference);
    },
  };
}

/** The contract's refusal named in `error` (a viem revert), or undefined for any other failure. */
function contractRefusal(error: unknown): string | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return undefined;
  return reverted.data === undefined
    ? (reverted.reason ?? reverted.shortMessage)
    : `${reverted.data.errorName}(${(reverted.data.args ?? []).map(String).join(", ")})`;
}

function announcedMetadata(transfer: InboundTransfer, checksum: string) {
  const manifest = unverifiedManifest(transfer);
  return [
    ...(manifest.eBLVisualisationByCarrier === undefined
      ? []
      : [manifest.eBLVisualisationByCarrier]),
    ...(manifest.supportingDocuments ?? []),
  ].find((d) => d.documentChecksum === checksum);
}

function unverifiedManifest(transfer: InboundTransfer) {
  const [, payload] = transfer.envelope.envelopeManifestSignedContent.split(".");
  return JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as {
    eBLVisualisationByCarrier?: { documentChecksum: string; size: number };
    supportingDocuments?: { documentChecksum: string; size: number }[];
  };
}
