/**
 * The DCSA OpenAPI specifications as validators: every message the gateway receives or sends is
 * checked against the schema its specification names, and a refusal names the JSON path and the
 * reason (`$.document.transports.portOfLoading: must have required property 'UNLocationCode'`).
 *
 * How an OpenAPI 3.0 document becomes validators, without converting it by hand: an OpenAPI 3.0
 * Schema Object is JSON Schema draft-04 (boolean `exclusiveMinimum`, `id`) plus a few keywords
 * (`nullable`, which Ajv implements; `example`, `discriminator`, `readOnly`, documentation only
 * here). So the whole YAML document is handed to Ajv's draft-04 class (`ajv-draft-04`) as one
 * root schema with the specification's file name as its id, formats come from `ajv-formats`
 * (which knows OpenAPI's `int32`, `float`, `byte` too), and a validator is a `$ref` into that
 * root: `#/components/schemas/IssuanceRequest`, or an operation's request body. References inside
 * the document (`#/components/schemas/...`) resolve against the same root. Ajv does not check the
 * document itself against a meta-schema (parameters' `required: true` is not JSON Schema), and
 * unknown keywords are ignored, not errors (`strict: false`).
 *
 * The specifications are read from the shared samples directory configured at start, never
 * copied into the project (docs/ARCHITECTURE.md, "The eBL gateway").
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import ajvDraft04 from "ajv-draft-04";
import type { ErrorObject, ValidateFunction } from "ajv";
import ajvFormats from "ajv-formats";
import { parse as parseYaml } from "yaml";

import { CaravelError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";

/** The DCSA specifications the gateway speaks, by short name. */
export const DCSA_SPECS = {
  /** eBL 3.0.4 issuance: carrier → platform, and the platform's issuance response. */
  ISS: "EBL_ISS_v3.0.4.yaml",
  /** eBL 3.0.4 surrender: platform → carrier surrender requests, the carrier's answer. */
  SUR: "EBL_SUR_v3.0.4.yaml",
  /** PINT 3.0.0: platform-to-platform transfer. */
  PINT: "EBL_PINT_v3.0.0.yaml",
  /** eBL 3.0.4: the full transport document and shipping instructions. */
  EBL: "EBL_v3.0.4.yaml",
} as const;
export type DcsaSpec = keyof typeof DCSA_SPECS;

/** One reason a value does not match its schema. */
export interface SchemaIssue {
  /** JSONPath of the offending value, `$` for the whole value. */
  path: string;
  reason: string;
}

export type Validation = { valid: true } | { valid: false; issues: readonly SchemaIssue[] };

/** Checks a value against one schema of one specification. */
export interface SchemaValidator {
  (value: unknown): Validation;
  /** What it checks, e.g. "EBL_ISS_v3.0.4.yaml#/components/schemas/IssuanceRequest". */
  readonly schema: string;
}

/** A specification file is missing or unreadable, or names no such schema. */
export class SchemaLoadError extends CaravelError {
  override name = "SchemaLoadError" as const;

  constructor(message: string, cause?: unknown) {
    super(message, { code: TASK_ERRORS.GATEWAY_CONFIG, cause });
  }
}

// Both are CommonJS packages whose `module.exports` is the export itself (with a `default` copy):
// under node16 resolution TypeScript sees the namespace, Node hands over the function.
const Ajv04 = ajvDraft04.default;
type Ajv04 = InstanceType<typeof Ajv04>;
const addFormats = ajvFormats.default;

/** Most issues reported for one value (a thoroughly wrong document would list hundreds). */
const MAX_ISSUES = 20;

/** `/a/0/b` (Ajv's instancePath) as JSONPath `$.a[0].b`. */
function jsonPath(instancePath: string): string {
  if (instancePath === "") return "$";
  return (
    "$" +
    instancePath
      .split("/")
      .slice(1)
      .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
      .map((segment) =>
        /^[0-9]+$/.test(segment)
          ? `[${segment}]`
          : /^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)
            ? `.${segment}`
            : `[${JSON.stringify(segment)}]`,
      )
      .join("")
  );
}

function issueOf(error: ErrorObject): SchemaIssue {
  const at = jsonPath(error.instancePath);
  if (error.keyword === "additionalProperties") {
    const extra = (error.params as { additionalProperty?: string }).additionalProperty;
    return { path: at, reason: `must not have property '${extra ?? "?"}'` };
  }
  if (error.keyword === "enum") {
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
    return {
      path: at,
      reason: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}`,
    };
  }
  return { path: at, reason: error.message ?? error.keyword };
}

/** The JSON pointer fragment of a path in the document, e.g. "/v3/envelopes" → "~1v3~1envelopes". */
function pointerSegment(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * A copy of an OpenAPI document without its `example`/`examples` values: they are documentation,
 * and an example object carrying an `id` field would read as a draft-04 schema id to Ajv. A
 * property that happens to be named "example" (a key of a `properties` map) is kept.
 */
function withoutExamples(value: unknown, insideProperties = false): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutExamples(item));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (!insideProperties && (key === "example" || key === "examples")) continue;
    out[key] = withoutExamples(child, !insideProperties && key === "properties");
  }
  return out;
}

/** The DCSA specifications loaded from one directory, with validators compiled on first use. */
export class DcsaSchemas {
  readonly directory: string;
  readonly #ajv: Ajv04;
  readonly #documents = new Map<DcsaSpec, Record<string, unknown>>();
  readonly #validators = new Map<string, SchemaValidator>();

  private constructor(directory: string, documents: Map<DcsaSpec, Record<string, unknown>>) {
    this.directory = directory;
    this.#documents = documents;
    this.#ajv = new Ajv04({
      strict: false,
      allErrors: true,
      validateSchema: false,
      // A DCSA message is data from outside: never coerce or fill in defaults.
      coerceTypes: false,
      useDefaults: false,
    });
    addFormats(this.#ajv);
    for (const [spec, document] of documents) {
      const root = withoutExamples(document) as Record<string, unknown>;
      this.#ajv.addSchema({ ...root, id: DCSA_SPECS[spec] }, DCSA_SPECS[spec]);
    }
  }

  /**
   * Reads the four specifications from `directory` (the shared samples' `openapi/`). Throws a
   * SchemaLoadError naming the file when one is missing or not YAML: the gateway does not start
   * without them.
   */
  static load(
    directory: string,
    specs: readonly DcsaSpec[] = ["ISS", "SUR", "PINT", "EBL"],
  ): DcsaSchemas {
    const documents = new Map<DcsaSpec, Record<string, unknown>>();
    for (const spec of specs) {
      const file = path.join(directory, DCSA_SPECS[spec]);
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (error) {
        throw new SchemaLoadError(
          `cannot read the DCSA specification ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)} (set dcsa.specsDirectory, or CARAVEL_SHARED_DIR, to the shared samples' openapi/ directory)`,
          error,
        );
      }
      let document: unknown;
      try {
        document = parseYaml(text, { maxAliasCount: 0 });
      } catch (error) {
        throw new SchemaLoadError(`${file} is not YAML: ${(error as Error).message}`, error);
      }
      if (typeof document !== "object" || document === null || !("components" in document)) {
        throw new SchemaLoadError(`${file} is not an OpenAPI document (no components)`);
      }
      documents.set(spec, document as Record<string, unknown>);
    }
    return new DcsaSchemas(directory, documents);
  }

  /** Names of the component schemas of `spec`. */
  schemaNames(spec: DcsaSpec): string[] {
    const components = this.#document(spec).components as { schemas?: Record<string, unknown> };
    return Object.keys(components.schemas ?? {});
  }

  /** A validator for component schema `name` of `spec` (throws for an unknown name). */
  schema(spec: DcsaSpec, name: string): SchemaValidator {
    if (!this.schemaNames(spec).includes(name)) {
      throw new SchemaLoadError(`${DCSA_SPECS[spec]} has no schema ${name}`);
    }
    return this.#compile(spec, `/components/schemas/${pointerSegment(name)}`);
  }

  /** A validator for the JSON request body of operation `method path` of `spec`. */
  requestBody(spec: DcsaSpec, method: string, pathTemplate: string): SchemaValidator {
    const pointer = `/paths/${pointerSegment(pathTemplate)}/${method.toLowerCase()}/requestBody/content/application~1json/schema`;
    this.#requireAt(
      spec,
      pointer,
      `${method.toUpperCase()} ${pathTemplate} has no JSON request body`,
    );
    return this.#compile(spec, pointer);
  }

  /** A validator for the JSON body of response `status` of operation `method path` of `spec`. */
  responseBody(
    spec: DcsaSpec,
    method: string,
    pathTemplate: string,
    status: number | "default",
  ): SchemaValidator {
    const pointer = `/paths/${pointerSegment(pathTemplate)}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
    this.#requireAt(
      spec,
      pointer,
      `${method.toUpperCase()} ${pathTemplate} has no JSON body for response ${status}`,
    );
    return this.#compile(spec, pointer);
  }

  #document(spec: DcsaSpec): Record<string, unknown> {
    const document = this.#documents.get(spec);
    if (document === undefined) throw new SchemaLoadError(`${DCSA_SPECS[spec]} was not loaded`);
    return document;
  }

  #requireAt(spec: DcsaSpec, pointer: string, message: string): void {
    let cursor: unknown = this.#document(spec);
    for (const raw of pointer.split("/").slice(1)) {
      const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      if (typeof cursor !== "object" || cursor === null || !(segment in cursor)) {
        throw new SchemaLoadError(`${DCSA_SPECS[spec]}: ${message}`);
      }
      cursor = (cursor as Record<string, unknown>)[segment];
    }
  }

  #compile(spec: DcsaSpec, pointer: string): SchemaValidator {
    const ref = `${DCSA_SPECS[spec]}#${pointer}`;
    const cached = this.#validators.get(ref);
    if (cached !== undefined) return cached;
    const compiled: ValidateFunction = this.#ajv.compile({ $ref: ref });
    const validator = Object.assign(
      (value: unknown): Validation => {
        if (compiled(value)) return { valid: true };
        const issues = (compiled.errors ?? []).slice(0, MAX_ISSUES).map(issueOf);
        return { valid: false, issues };
      },
      { schema: ref },
    );
    this.#validators.set(ref, validator);
    return validator;
  }
}

/** The issues of a failed validation as one line: "$.a: reason; $.b: reason". */
export function describeIssues(issues: readonly SchemaIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.reason}`).join("; ");
}
