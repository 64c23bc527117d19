/**
 * PINT 3.0 message validation over the gateway's DCSA validator (`gateway/schema/`): the receiver
 * and sender take a `PintValidator` function naming a component schema of `EBL_PINT_v3.0.0.yaml`,
 * and get back the problems found (none: valid).
 */
import path from "node:path";

import { DcsaSchemas } from "../schema/dcsaSchemas.ts";

/** The component schemas a PINT message is checked against. */
export type PintSchemaName =
  | "EblEnvelope"
  | "EnvelopeManifest"
  | "EnvelopeTransferChainEntry"
  | "IssuanceManifest"
  | "EnvelopeTransferStartedResponse"
  | "EnvelopeTransferFinishedResponse"
  | "EnvelopeTransferFinishedResponseSignedContent"
  | "ErrorResponse"
  | "IdentifyingCode"
  | "ReceiverValidationResponse";

/** Checks `value` against component schema `schema`; returns the problems found (none: valid). */
export type PintValidator = (schema: PintSchemaName, value: unknown) => readonly string[];

/** A `PintValidator` over the gateway's loaded specifications. */
export function pintValidator(schemas: DcsaSchemas): PintValidator {
  return (schema, value) => {
    const result = schemas.schema("PINT", schema)(value);
    return result.valid
      ? []
      : result.issues.map((issue) => `${schema} ${issue.path}: ${issue.reason}`);
  };
}

/**
 * Loads the PINT specification from the shared folder `sharedDir` (its
 * `samples/dcsa-ebl/openapi/`); throws naming the file when it is absent.
 */
export function loadPintValidator(sharedDir: string): PintValidator {
  return pintValidator(
    DcsaSchemas.load(path.join(sharedDir, "samples/dcsa-ebl/openapi"), ["PINT"]),
  );
}
