/**
 * The carrier's issuance manifest (DCSA ISS `issuanceManifestSignedContent`): a JWS over the
 * SHA-256 checksums of the document (RFC 8785 canonical form), of `issueTo`, and of the decoded
 * visualisation content. It travels with the bill for good — a PINT receiver checks it against
 * the document — so the gateway checks it at issuance: the payload must be an `IssuanceManifest`,
 * every checksum must match, and, when the carrier's manifest key is configured
 * (`carriers[].manifestKey`), the signature must be that key's. A manifest that fails is BREQ.
 */
import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { compactVerify, decodeProtectedHeader } from "jose";

import type { SchemaValidator } from "../schema/dcsaSchemas.ts";
import { sha256Checksum } from "../store/documentHash.ts";
import type { IssuanceProblem } from "./issuanceMapping.ts";

const PATH = "$.issuanceManifestSignedContent";

/** Reads a public key from a PEM (SPKI) or JWK JSON file. */
export function readManifestKey(file: string): KeyObject {
  const text = readFileSync(file, "utf8").trim();
  if (text.startsWith("{")) {
    return createPublicKey({
      key: JSON.parse(text) as import("node:crypto").JsonWebKey,
      format: "jwk",
    });
  }
  return createPublicKey(text);
}

function decodePayload(jws: string): unknown {
  const part = jws.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as unknown;
}

/**
 * The problems with `request`'s issuance manifest (empty when it is sound). `key`: the carrier's
 * manifest key, if configured; `validate`: the ISS `IssuanceManifest` validator.
 */
export async function checkIssuanceManifest(
  request: Record<string, unknown>,
  validate: SchemaValidator,
  key: KeyObject | undefined,
): Promise<IssuanceProblem[]> {
  const jws = request.issuanceManifestSignedContent as string;
  let payload: unknown;
  try {
    if (key !== undefined) {
      decodeProtectedHeader(jws);
      const verified = await compactVerify(jws, key);
      payload = JSON.parse(new TextDecoder().decode(verified.payload)) as unknown;
    } else {
      payload = decodePayload(jws);
    }
  } catch (error) {
    return [
      {
        code: "BREQ",
        path: PATH,
        reason:
          key === undefined
            ? "the manifest's payload is not JSON"
            : `the manifest is not signed by the carrier's manifest key (${(error as Error).message})`,
      },
    ];
  }
  const shape = validate(payload);
  if (!shape.valid) {
    return shape.issues.map((issue) => ({
      code: "BREQ" as const,
      path: `${PATH} payload ${issue.path}`,
      reason: issue.reason,
    }));
  }
  const manifest = payload as {
    documentChecksum: string;
    issueToChecksum: string;
    eBLVisualisationByCarrierChecksum?: string;
  };
  const problems: IssuanceProblem[] = [];
  if (manifest.documentChecksum !== sha256Checksum(request.document)) {
    problems.push({
      code: "BREQ",
      path: PATH,
      reason: "documentChecksum is not the SHA-256 of the document's RFC 8785 form",
    });
  }
  if (manifest.issueToChecksum !== sha256Checksum(request.issueTo)) {
    problems.push({
      code: "BREQ",
      path: PATH,
      reason: "issueToChecksum is not the SHA-256 of issueTo's RFC 8785 form",
    });
  }
  const visualisation = request.eBLVisualisationByCarrier as { content?: string } | undefined;
  if (visualisation?.content !== undefined) {
    const checksum = createHash("sha256")
      .update(Buffer.from(visualisation.content, "base64"))
      .digest("hex");
    if (manifest.eBLVisualisationByCarrierChecksum !== checksum) {
      problems.push({
        code: "BREQ",
        path: PATH,
        reason: "eBLVisualisationByCarrierChecksum is not the SHA-256 of the decoded content",
      });
    }
  }
  return problems;
}
