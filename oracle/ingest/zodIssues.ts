/** Turns the first zod issue into a named field and a reason an operator can act on. */
import type { ZodError, ZodIssue } from "zod";
import { IngestRejection } from "./rejection.ts";

export type PathStyle = "xml" | "json";

/** "MetaData/Response[2]/FunctionCode" (xml) or "events[0].eventLocation.UNLocationCode" (json). */
export function formatPath(
  root: string,
  path: readonly (string | number)[],
  style: PathStyle,
): string {
  let out = root;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (style === "xml") {
      if (segment === "#text") continue;
      if (typeof segment === "number") {
        // Repeating elements are numbered from 1 (XPath style); single ones are not numbered.
        if (path[i - 1] === "Response" || path[i - 1] === "Error") out += `[${segment + 1}]`;
        continue;
      }
      out += segment.startsWith("@") ? `/${segment}` : `${out === "" ? "" : "/"}${segment}`;
    } else {
      out += typeof segment === "number" ? `[${segment}]` : `${out === "" ? "" : "."}${segment}`;
    }
  }
  return out === "" ? "body" : out;
}

function reasonOf(issue: ZodIssue): string {
  if (issue.code === "invalid_type" && issue.received === "undefined") return "is required";
  if (issue.code === "invalid_type") return `must be ${issue.expected}, got ${issue.received}`;
  if (issue.code === "unrecognized_keys") {
    return `unexpected field(s): ${issue.keys.slice(0, 5).join(", ")}`;
  }
  if (issue.code === "invalid_enum_value") {
    return `"${String(issue.received).slice(0, 40)}" is not one of ${issue.options.join(", ")}`;
  }
  return issue.message;
}

/** The IngestRejection for a failed zod parse (first issue; the code says what kind). */
export function rejectionFromZod(error: ZodError, root: string, style: PathStyle): IngestRejection {
  const issue = error.issues[0]!;
  const path =
    issue.code === "unrecognized_keys" && issue.keys.length > 0
      ? [...issue.path, issue.keys[0]!]
      : issue.path;
  const field = formatPath(root, path, style);
  const code = issue.code === "invalid_enum_value" ? "unknown_code" : "invalid_field";
  return new IngestRejection(code, field, reasonOf(issue));
}
