/**
 * Transport documents and envelopes for the PINT tests: DCSA's own samples read in place from the
 * shared folder (placeholders filled per run, as DCSA's conformance suite does), and envelopes a
 * sending platform — honest or hostile — signs by hand.
 */
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";

import {
  type AdditionalDocument,
  buildEnvelope,
  type BuiltEnvelope,
  type PintParty,
  type PintTransaction,
  signIssuanceManifest,
} from "../../gateway/pint/envelope.ts";
import type { PintSigner } from "../../gateway/pint/jws.ts";
import { sharedDir } from "./pintPlatform.ts";

let serial = 0;

/** A fresh transport document reference (unique per run and test). */
export function freshReference(prefix = "PINT"): string {
  serial += 1;
  return `${prefix}${process.pid % 10_000}${String(serial).padStart(4, "0")}`.slice(0, 20);
}

export function readSample(name: string): Record<string, unknown> {
  return JSON.parse(
    readFileSync(path.join(sharedDir(), "samples/dcsa-ebl/examples", name), "utf8"),
  ) as Record<string, unknown>;
}

/**
 * DCSA's PINT conformance transport document with its placeholders filled; `negotiable` makes it
 * a to-order bill (no consignee), as a bill that travels A → B → A must be.
 */
export function pintTransportDocument(
  reference: string,
  negotiable = true,
): Record<string, unknown> {
  const text = readFileSync(
    path.join(sharedDir(), "samples/dcsa-ebl/examples/pint-transport-document.json"),
    "utf8",
  )
    .replace("TRANSPORT_DOCUMENT_REFERENCE_PLACEHOLDER", reference)
    .replace("SHIPPING_INSTRUCTION_REFERENCE_PLACEHOLDER", `SI-${reference}`)
    .replace("BOOKING_REFERENCE_PLACEHOLDER", `BK-${reference}`);
  const td = JSON.parse(text) as Record<string, unknown> & {
    documentParties: Record<string, unknown>;
  };
  if (negotiable) {
    td.isToOrder = true;
    delete td.documentParties.consignee;
  }
  return td;
}

/** A party of a platform that is not Caravel (the hostile or foreign sender's own parties). */
export function foreignParty(platform: string, name: string): PintParty {
  return {
    partyName: name,
    eblPlatform: platform,
    identifyingCodes: [{ codeListProvider: platform, partyCode: name }],
  };
}

const at = (offsetSeconds = 0) =>
  new Date(Date.now() - 3_600_000 + offsetSeconds * 1000).toISOString();

/**
 * The envelope a sending platform (`signer`) sends when its carrier issued the bill there and its
 * holder endorses it to `recipient`: one entry, ISSUE then ENDORSE (or `transactions` given).
 */
export async function issuedElsewhereEnvelope(input: {
  signer: PintSigner;
  transportDocument: Record<string, unknown>;
  recipient: PintParty;
  transactions?: PintTransaction[];
  additionalDocuments?: AdditionalDocument[];
}): Promise<BuiltEnvelope> {
  const carrier = foreignParty(input.signer.platform, "CARRIER");
  const shipper = foreignParty(input.signer.platform, "SHIPPER");
  return buildEnvelope({
    transportDocument: input.transportDocument,
    priorChain: [],
    transactions: input.transactions ?? [
      { actionCode: "ISSUE", actor: carrier, recipient: shipper, actionDateTime: at() },
      { actionCode: "ENDORSE", actor: shipper, recipient: input.recipient, actionDateTime: at(60) },
    ],
    signer: input.signer,
    issuanceManifestSignedContent: await signIssuanceManifest(
      input.signer,
      input.transportDocument,
      shipper,
    ),
    ...(input.additionalDocuments === undefined
      ? {}
      : { additionalDocuments: input.additionalDocuments }),
  });
}

/**
 * POSTs/PUTs JSON to a PINT server; answers status and parsed body. A fresh connection each time
 * (no keep-alive pool), so a request right after a gateway restart never meets a stale socket.
 */
export function call(
  url: string,
  method: "POST" | "PUT",
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method,
        agent: false,
        headers: {
          "content-type": "application/json",
          ...(payload === undefined ? {} : { "content-length": Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: res.statusCode ?? 0,
            body: text === "" ? undefined : (JSON.parse(text) as unknown),
          });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/** The payload of a signed answer (not verified: the tests verify separately where it matters). */
export function answerOf(body: unknown): {
  responseCode: string;
  reason?: string;
  missingAdditionalDocumentChecksums?: string[];
  receivedAdditionalDocumentChecksums?: string[];
  lastEnvelopeTransferChainEntrySignedContentChecksum: string;
} {
  if (typeof body !== "string")
    throw new Error(`expected a signed answer, got ${JSON.stringify(body)}`);
  return JSON.parse(Buffer.from(body.split(".")[1]!, "base64url").toString("utf8"));
}

/**
 * An eBL 3.0.4 sample in the shape PINT 3.0.0 carries: the shipper's form of a utilized
 * equipment (`equipmentReference` at its top, eBL 3.0.4 `UtilizedTransportEquipmentShipper`)
 * becomes the carrier's form (`equipment: { equipmentReference }`, `UtilizedTransportEquipment`).
 */
export function asPintTransportDocument(sample: Record<string, unknown>): Record<string, unknown> {
  const equipments = sample.utilizedTransportEquipments as Record<string, unknown>[] | undefined;
  if (equipments === undefined) return sample;
  return {
    ...sample,
    utilizedTransportEquipments: equipments.map(({ equipmentReference, ...rest }) =>
      equipmentReference === undefined ? rest : { ...rest, equipment: { equipmentReference } },
    ),
  };
}
