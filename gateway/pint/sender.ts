/**
 * The sending side of PINT 3.0. `prepareExport` turns a bill whose holder asked to export it into
 * a signed envelope and queues it in the durable outbox; `runDue` sends what is due: the envelope
 * (`POST /v3/envelopes`), the additional documents the receiver misses, then `finish-transfer`.
 *
 * Only a signed answer decides: RECE or DUPE completes the export on chain (the bill is Exported);
 * BSIG, BENV or DISE abandons it (the bill is Active again with its holder). No answer, an unsigned
 * one, INCD or MDOC leave the bill locked and the transfer is retried with exponential backoff;
 * after `maxAttempts` the gateway abandons it visibly (event `BillExportAbandoned`, reason naming
 * the attempts and the last error). A restart resumes every transfer still in the outbox.
 */
import { BillForm } from "../../lib/trade/billOfLading.ts";
import { BillStatus } from "../../lib/trade/enums.ts";
import { checksumBytes32, partyKey, platformText } from "../../lib/trade/pint.ts";
import {
  type AdditionalDocument,
  buildEnvelope,
  type PintParty,
  type PintResponseCode,
  signIssuanceManifest,
} from "./envelope.ts";
import type { PintSigner, PlatformKeyring } from "./jws.ts";
import type { PintChain } from "./pintChain.ts";
import type { PintValidator } from "./pintSchema.ts";
import type { OutboundTransfer, PintStore } from "./pintStore.ts";
import type { PartyDirectory } from "./parties.ts";
import { titleChainTransactions } from "./titleChainTransactions.ts";

export interface RetryPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Attempts before the transfer is abandoned. */
  maxAttempts: number;
}

export interface PintSenderOptions {
  platform: string;
  signer: PintSigner;
  keyring: PlatformKeyring;
  validate: PintValidator;
  chain: PintChain;
  store: PintStore;
  directory: PartyDirectory;
  /** Base URL of each receiving platform's PINT API, by platform code. */
  peers: Readonly<Record<string, string>>;
  retry: RetryPolicy;
  /** How long one HTTP request may take before it counts as no answer. */
  requestTimeoutMs: number;
  now?: () => number;
  /** Observes each decided transfer (metrics, logs). */
  onOutcome?: (billId: bigint, outcome: "received" | "abandoned" | "retry", detail: string) => void;
}

export interface PintSender {
  /** Builds and queues the envelope of bill `billId`, whose holder asked to export it to `recipient`. */
  prepareExport(
    billId: bigint,
    recipient: PintParty,
    additionalDocuments?: readonly AdditionalDocument[],
  ): Promise<void>;
  /** Makes one attempt at every queued transfer that is due; resolves when they are decided or rescheduled. */
  runDue(): Promise<void>;
  /** Makes one attempt at bill `billId`'s transfer now. */
  attempt(billId: bigint): Promise<OutboundTransfer["state"]>;
}

/** Why an attempt did not decide: retried later. */
class NoDecision extends Error {}

interface SignedAnswer {
  responseCode: PintResponseCode;
  lastEnvelopeTransferChainEntrySignedContentChecksum: string;
  reason?: string;
  missingAdditionalDocumentChecksums?: string[];
}

export function createPintSender(options: PintSenderOptions): PintSender {
  const { chain, store } = options;
  const now = options.now ?? Date.now;

  async function request(
    url: string,
    method: "POST" | "PUT",
    body: unknown,
  ): Promise<{ status: number; body: unknown }> {
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { "content-type": "application/json", "api-version-major": "3" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(options.requestTimeoutMs),
      });
    } catch (error) {
      throw new NoDecision(
        `${method} ${url}: no answer (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed };
  }

  /** The signed answer in `body`, verified with the receiver's key and about our envelope; else undefined. */
  async function signedAnswer(
    transfer: OutboundTransfer,
    body: unknown,
  ): Promise<SignedAnswer | undefined> {
    if (
      typeof body !== "string" ||
      options.validate("EnvelopeTransferFinishedResponseSignedContent", body).length > 0
    ) {
      return undefined;
    }
    let payload: unknown;
    try {
      payload = await options.keyring.verify(transfer.receiverPlatform, body);
    } catch {
      return undefined; // a forged or garbled answer decides nothing
    }
    if (options.validate("EnvelopeTransferFinishedResponse", payload).length > 0) return undefined;
    const answer = payload as SignedAnswer;
    if (answer.lastEnvelopeTransferChainEntrySignedContentChecksum !== transfer.lastEntryChecksum)
      return undefined;
    return answer;
  }

  async function decide(
    transfer: OutboundTransfer,
    answer: SignedAnswer,
  ): Promise<OutboundTransfer["state"]> {
    const code = answer.responseCode;
    if (code === "RECE" || code === "DUPE") {
      await chain.completeExport(transfer.billId, checksumBytes32(transfer.lastEntryChecksum));
      store.finishOutbound(transfer.billId, "received", code);
      options.onOutcome?.(transfer.billId, "received", code);
      return "received";
    }
    if (code === "BSIG" || code === "BENV" || code === "DISE") {
      await abandon(
        transfer,
        `${transfer.receiverPlatform} answered ${code}${answer.reason === undefined ? "" : `: ${answer.reason}`}`,
      );
      return "abandoned";
    }
    throw new NoDecision(
      `${transfer.receiverPlatform} answered ${code}${answer.reason === undefined ? "" : `: ${answer.reason}`}`,
    );
  }

  async function abandon(transfer: OutboundTransfer, reason: string): Promise<void> {
    await chain.abandonExport(transfer.billId, reason.slice(0, 256));
    store.finishOutbound(transfer.billId, "abandoned", reason);
    options.onOutcome?.(transfer.billId, "abandoned", reason);
  }

  async function sendDocuments(
    transfer: OutboundTransfer,
    base: string,
    reference: string,
    missing: readonly string[],
  ) {
    for (const checksum of missing) {
      const document = transfer.documents.find((d) => d.checksum === checksum);
      if (document === undefined)
        throw new NoDecision(
          `the receiver asks for document ${checksum}, which this transfer does not hold`,
        );
      const reply = await request(
        `${base}/v3/envelopes/${reference}/additional-documents/${checksum}`,
        "PUT",
        Buffer.from(document.content).toString("base64"),
      );
      if (reply.status !== 204) {
        const answer = await signedAnswer(transfer, reply.body);
        if (answer !== undefined) return answer;
        throw new NoDecision(
          `additional document ${checksum}: HTTP ${reply.status} without a signed answer`,
        );
      }
    }
    return undefined;
  }

  async function transferOnce(transfer: OutboundTransfer): Promise<OutboundTransfer["state"]> {
    const base = transfer.receiverUrl.replace(/\/$/, "");
    const started = await request(`${base}/v3/envelopes`, "POST", transfer.envelope);
    if (started.status !== 201) {
      const answer = await signedAnswer(transfer, started.body);
      if (answer === undefined)
        throw new NoDecision(`start: HTTP ${started.status} without a signed answer`);
      return decide(transfer, answer);
    }
    if (options.validate("EnvelopeTransferStartedResponse", started.body).length > 0) {
      throw new NoDecision("start: the receiver's EnvelopeTransferStartedResponse is malformed");
    }
    const { envelopeReference, missingAdditionalDocumentChecksums } = started.body as {
      envelopeReference: string;
      missingAdditionalDocumentChecksums: string[];
    };
    const reference = encodeURIComponent(envelopeReference);
    let missing = missingAdditionalDocumentChecksums;
    for (let round = 0; round < 2; round++) {
      const early = await sendDocuments(transfer, base, reference, missing);
      if (early !== undefined) return decide(transfer, early);
      const finished = await request(
        `${base}/v3/envelopes/${reference}/finish-transfer`,
        "PUT",
        undefined,
      );
      const answer = await signedAnswer(transfer, finished.body);
      if (answer === undefined)
        throw new NoDecision(`finish: HTTP ${finished.status} without a signed answer`);
      if (answer.responseCode !== "MDOC") return decide(transfer, answer);
      missing = answer.missingAdditionalDocumentChecksums ?? [];
    }
    throw new NoDecision("finish: the receiver still misses documents");
  }

  async function attempt(billId: bigint): Promise<OutboundTransfer["state"]> {
    const transfer = store.outbound(billId);
    if (transfer === undefined) throw new Error(`no transfer of bill ${billId} is queued`);
    if (transfer.state !== "sending") return transfer.state;
    try {
      return await transferOnce(transfer);
    } catch (error) {
      if (!(error instanceof NoDecision)) throw error;
      const attempts = transfer.attempts + 1;
      if (attempts >= options.retry.maxAttempts) {
        await abandon(
          transfer,
          `no signed answer after ${attempts} attempts; last: ${error.message}`,
        );
        return "abandoned";
      }
      const delay = Math.min(
        options.retry.maxDelayMs,
        options.retry.initialDelayMs * 2 ** (attempts - 1),
      );
      store.recordAttempt(billId, error.message, now() + delay);
      options.onOutcome?.(billId, "retry", error.message);
      return "sending";
    }
  }

  return {
    async prepareExport(billId, recipient, additionalDocuments = []) {
      const status = await chain.billStatus(billId);
      if (status !== BillStatus.ExportPending) {
        throw new Error(
          `bill ${billId} is not waiting for export (status ${status}); its holder asks first`,
        );
      }
      const pending = await chain.exportOf(billId);
      const platform = platformText(pending.platform);
      if (recipient.eblPlatform !== platform) {
        throw new Error(
          `recipient.eblPlatform: ${recipient.eblPlatform}, but the holder asked for platform ${platform}`,
        );
      }
      if (!recipient.identifyingCodes.some((code) => partyKey(code) === pending.recipient)) {
        throw new Error(
          "recipient.identifyingCodes: none is the recipient the holder named on chain",
        );
      }
      const receiverUrl = options.peers[platform];
      if (receiverUrl === undefined)
        throw new Error(`no PINT endpoint is configured for platform ${platform}`);
      const documents = store.bill(billId);
      if (documents === undefined)
        throw new Error(`the gateway holds no transport document for bill ${billId}`);
      const steps = await chain.titleChain(billId);
      const carrier = `0x${(billId >> 96n).toString(16).padStart(40, "0")}` as const;
      const negotiable = (await chain.billForm(billId)) !== BillForm.Straight;
      const transactions = titleChainTransactions({
        steps,
        carrier,
        directory: options.directory,
        recipient,
        negotiable,
        handoverAt: pending.requestedAt,
      });
      const issueTo = options.directory.partyOf(steps[0]!.party);
      const built = await buildEnvelope({
        transportDocument: documents.transportDocument,
        priorChain: documents.transferChain,
        transactions,
        signer: options.signer,
        ...(documents.transferChain.length === 0
          ? {
              issuanceManifestSignedContent: await signIssuanceManifest(
                options.signer,
                documents.transportDocument,
                issueTo,
              ),
            }
          : {}),
        additionalDocuments,
      });
      const problems = options.validate("EblEnvelope", built.envelope);
      if (problems.length > 0)
        throw new Error(`the envelope built for bill ${billId} is invalid: ${problems.join("; ")}`);
      store.queueOutbound({
        billId,
        receiverPlatform: platform,
        receiverUrl,
        envelope: built.envelope,
        documents: built.documents,
        lastEntryChecksum: built.lastEntryChecksum,
        nextAttemptAt: now(),
      });
    },
    async runDue() {
      for (const transfer of store.sending()) {
        if (transfer.nextAttemptAt <= now()) await attempt(transfer.billId);
      }
    },
    attempt,
  };
}
