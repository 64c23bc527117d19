/**
 * Validation of PINT 3.0 messages against DCSA's own specification, `EBL_PINT_v3.0.0.yaml`,
 * read in place from the shared samples directory (never copied into the project). The
 * receiver and sender take a `PintValidator` function, so the gateway's validator
 * (`gateway/schema/`) and this loader are interchangeable.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { load as loadYaml } from "js-yaml";

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

/** Where the PINT specification lives below the shared directory. */
export const PINT_SPEC_PATH = "samples/dcsa-ebl/openapi/EBL_PINT_v3.0.0.yaml";

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext resolution.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * Loads the PINT specification from `sharedDir` and returns a validator over its component
 * schemas. Throws, naming the file, when the specification is absent or unreadable.
 */
export function loadPintValidator(sharedDir: string): PintValidator {
  const file = path.resolve(sharedDir, PINT_SPEC_PATH);
  let spec: { components?: { schemas?: Record<string, unknown> } };
  try {
    spec = loadYaml(readFileSync(file, "utf8")) as typeof spec;
  } catch (error) {
    throw new Error(`the PINT specification cannot be read at ${file} (set CARAVEL_SHARED_DIR)`, {
      cause: error,
    });
  }
  const schemas = spec.components?.schemas;
  if (schemas === undefined) throw new Error(`${file} has no components.schemas`);
  // OpenAPI 3.0 schemas carry `example`, `discriminator` and such: not JSON Schema keywords.
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  ajv.addSchema({ components: { schemas: toJsonSchema(schemas) } }, "pint");
  const compiled = new Map<PintSchemaName, ValidateFunction>();
  return (schema, value) => {
    let validate = compiled.get(schema);
    if (validate === undefined) {
      validate = ajv.compile({ $ref: `pint#/components/schemas/${schema}` });
      compiled.set(schema, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (e) => `${schema}${e.instancePath === "" ? "" : e.instancePath}: ${e.message ?? "invalid"}`,
    );
  };
}

/**
 * OpenAPI 3.0 schema objects as JSON Schema (draft 7): `exclusiveMinimum`/`exclusiveMaximum` are
 * booleans beside `minimum`/`maximum` there, numbers here; `nullable: true` adds "null" to `type`.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>))
    out[key] = toJsonSchema(value);
  if (typeof out.exclusiveMinimum === "boolean") {
    const { exclusiveMinimum, minimum, ...rest } = out;
    return toJsonSchema(
      exclusiveMinimum ? { ...rest, exclusiveMinimum: minimum } : { ...rest, minimum },
    );
  }
  if (typeof out.exclusiveMaximum === "boolean") {
    const { exclusiveMaximum, maximum, ...rest } = out;
    return toJsonSchema(
      exclusiveMaximum ? { ...rest, exclusiveMaximum: maximum } : { ...rest, maximum },
    );
  }
  if (out.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  delete out.nullable;
  return out;
}
