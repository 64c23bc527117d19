/**
 * Safe, namespace-aware XML reading on top of fast-xml-parser: refuses DOCTYPE (no entity expansion,
 * no external entities), refuses documents that are not well-formed or nest too deep, and resolves
 * every element name to (namespace URI, local name).
 *
 * References are decoded here, as XML defines them, in one pass over each text and attribute value
 * (fast-xml-parser left `&#65;` as it stood and dropped `&#1;`, so `&#65;BC` and `ABC`, one message
 * id to XML, were two to the inbox): the five predefined entities and character references, decimal
 * or hex. A reference to a character XML 1.0 does not allow (`&#1;`, `&#xD800;`, `&#xFFFE;`, …)
 * makes the document not well-formed: refused with a 400 naming the reference. CDATA is kept as it
 * stands.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { IngestRejection } from "./rejection.ts";

export interface XmlElement {
  /** Namespace URI ("" for no namespace). */
  ns: string;
  /** Local name, without prefix. */
  name: string;
  /** Attributes by local name (namespace declarations removed). */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text content directly inside this element, trimmed. */
  text: string;
}

/** Deepest element nesting accepted (WCO RES notifications nest about 8 deep). */
export const MAX_XML_DEPTH = 32;

type OrderedNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Decoded by `decodeReferences` instead: in one pass, so `&amp;#65;` stays the text "&#65;".
  processEntities: false,
  htmlEntities: false,
  cdataPropName: "#cdata",
  maxNestedTags: MAX_XML_DEPTH + 1,
});

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** UTF-8 bytes to text; refuses invalid UTF-8. */
export function decodeUtf8(body: Uint8Array, field = "body"): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new IngestRejection("malformed_body", field, "is not valid UTF-8");
  }
}

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

/** `&name;`, `&#ddd;` and `&#xhhh;` (anything else was refused before parsing). */
const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/g;

/** XML 1.0 §2.2 `Char`: the characters a document (and a character reference) may hold. */
function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

function codePointOf(decimal: string | undefined, hex: string | undefined): number {
  return decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex!, 16);
}

/** Refuses a character reference to a character XML 1.0 does not allow, naming it. */
function checkCharacterReferences(text: string): void {
  for (const match of text.matchAll(REFERENCE)) {
    if (match[1] !== undefined) continue;
    const codePoint = codePointOf(match[2], match[3]);
    if (!isXmlChar(codePoint)) {
      const named =
        codePoint <= 0x10ffff
          ? `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`
          : "no Unicode character";
      throw new IngestRejection(
        "malformed_body",
        "body",
        `the character reference "${match[0]}" names ${named}, which XML 1.0 does not allow in a document`,
      );
    }
  }
}

/** Text or an attribute value with its references replaced by what they stand for. */
function decodeReferences(raw: string): string {
  if (!raw.includes("&")) return raw;
  return raw.replace(REFERENCE, (_match, entity: string | undefined, decimal, hex) =>
    entity !== undefined
      ? PREDEFINED_ENTITIES[entity]!
      : String.fromCodePoint(codePointOf(decimal as string | undefined, hex as string | undefined)),
  );
}

/** Element nesting depth of well-formed-looking XML, counted without recursion. */
function maxDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  const tag = /<(\/?)[A-Za-z_][^>]*?(\/?)>|<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g;
  for (let m = tag.exec(text); m !== null; m = tag.exec(text)) {
    if (m[0].startsWith("<!")) continue;
    if (m[1] === "/") depth -= 1;
    else if (m[2] !== "/") {
      depth += 1;
      if (depth > deepest) deepest = depth;
    }
  }
  return deepest;
}

function toElement(
  node: OrderedNode,
  scope: ReadonlyMap<string, string>,
  path: string,
): XmlElement {
  const tagName = Object.keys(node).find((k) => k !== ":@");
  if (tagName === undefined) throw new IngestRejection("malformed_body", path, "empty node");
  const rawAttrs = (node[":@"] ?? {}) as Record<string, string>;
  const local = new Map(scope);
  const attrs: Record<string, string> = {};
  for (const [name, value] of Object.entries(rawAttrs)) {
    if (name === "xmlns") local.set("", value);
    else if (name.startsWith("xmlns:")) local.set(name.slice(6), value);
  }
  for (const [name, value] of Object.entries(rawAttrs)) {
    if (name === "xmlns" || name.startsWith("xmlns:")) continue;
    const colon = name.indexOf(":");
    attrs[colon < 0 ? name : name.slice(colon + 1)] = decodeReferences(value);
  }
  const colon = tagName.indexOf(":");
  const prefix = colon < 0 ? "" : tagName.slice(0, colon);
  const name = colon < 0 ? tagName : tagName.slice(colon + 1);
  const ns = local.get(prefix);
  if (ns === undefined) {
    throw new IngestRejection(
      "malformed_body",
      `${path}${name}`,
      `namespace prefix "${prefix}" is not declared`,
    );
  }
  const children: XmlElement[] = [];
  let text = "";
  for (const child of (node[tagName] ?? []) as OrderedNode[]) {
    if ("#text" in child) text += decodeReferences(String(child["#text"]));
    else if ("#cdata" in child) {
      for (const part of child["#cdata"] as OrderedNode[]) text += String(part["#text"] ?? "");
    } else children.push(toElement(child, local, `${path}${name}/`));
  }
  return { ns, name, attrs, children, text: text.trim() };
}

/** Parses one XML document to its namespace-resolved root element, or throws IngestRejection. */
export function parseXmlDocument(body: Uint8Array): XmlElement {
  const text = decodeUtf8(body);
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new IngestRejection(
      "forbidden_construct",
      "DOCTYPE",
      "DOCTYPE and entity declarations are not accepted (entity expansion and external entities)",
    );
  }
  // XML 1.0 §2.2: these control characters may not appear in a document at all.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.exec(text);
  if (control !== null) {
    throw new IngestRejection(
      "malformed_body",
      "body",
      `contains the character U+${control[0].charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}, which XML does not allow`,
    );
  }
  // With DOCTYPE refused, only the five predefined entities and character references exist.
  const markup = text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, "");
  const stray = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});)[^\s<]{0,12}/.exec(
    markup,
  );
  if (stray !== null) {
    throw new IngestRejection(
      "malformed_body",
      "body",
      `"${stray[0]}" is not a predefined entity or character reference (an undefined entity or a bare &)`,
    );
  }
  checkCharacterReferences(markup);
  const depth = maxDepth(text);
  if (depth > MAX_XML_DEPTH) {
    throw new IngestRejection(
      "malformed_body",
      "body",
      `elements nest ${depth} deep; at most ${MAX_XML_DEPTH} accepted`,
    );
  }
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    throw new IngestRejection(
      "malformed_body",
      "body",
      `is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}${
        typeof valid.err.col === "number" ? `, column ${valid.err.col}` : ""
      })`,
    );
  }
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(text) as OrderedNode[];
  } catch (error) {
    throw new IngestRejection(
      "malformed_body",
      "body",
      `could not be parsed as XML: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const roots = nodes.filter((n) => !("#text" in n));
  if (roots.length !== 1) {
    throw new IngestRejection(
      "malformed_body",
      "body",
      `must hold exactly one root element, found ${roots.length}`,
    );
  }
  return toElement(
    roots[0]!,
    new Map([
      ["", ""],
      ["xml", "http://www.w3.org/XML/1998/namespace"],
    ]),
    "",
  );
}
