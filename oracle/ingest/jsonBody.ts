/** JSON bodies: UTF-8, bounded nesting (checked before parsing), a clear error on bad syntax. */
import { IngestRejection } from "./rejection.ts";
import { decodeUtf8 } from "./xmlDocument.ts";

/** Deepest array/object nesting accepted; the formats read here nest at most 6 deep. */
export const MAX_JSON_DEPTH = 32;

/** Nesting depth of JSON text, counted without recursion (brackets inside strings ignored). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return deepest;
}

/** Parses a JSON body or throws IngestRejection ("malformed_body"). */
export function parseJsonBody(body: Uint8Array): unknown {
  const text = decodeUtf8(body);
  const depth = jsonDepth(text);
  if (depth > MAX_JSON_DEPTH) {
    throw new IngestRejection(
      "malformed_body",
      "body",
      `JSON nests ${depth} deep; at most ${MAX_JSON_DEPTH} accepted`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new IngestRejection(
      "malformed_body",
      "body",
      `is not valid JSON: ${error instanceof Error ? error.message.slice(0, 120) : String(error)}`,
    );
  }
}
