/**
 * Safe, namespace-aware XML reading: refuses DOCTYPE (no entity expansion, no external entities),
 * refuses documents that are not well-formed or nest too deep, and resolves every element name to
 * (namespace URI, local name).
 *
 * The reading is saxes's (https://github.com/lddubeau/saxes, the strict, namespace-aware,
 * non-validating XML 1.0 parser jsdom uses): one streaming pass that checks well-formedness,
 * decodes the predefined entities and character references (refusing a bare `&`, an undefined
 * entity and a reference to a character XML 1.0 does not allow) and resolves namespaces. This
 * module builds the small tree the WCO reader walks from its events, limits the nesting and turns
 * each refusal into a 400 that says "is not well-formed XML", what saxes found wrong, and the line
 * and column. It replaced fast-xml-parser's validator and parser plus a conversion of their tree
 * (three walks and a tree of generic objects per document), which were about half of a batched
 * WCO notification's ingestion CPU.
 */
import { SaxesParser, type SaxesTagNS } from "saxes";

import { IngestRejection } from "./rejection.ts";

export interface XmlElement {
  /** Namespace URI ("" for no namespace). */
  ns: string;
  /** Local name, without prefix. */
  name: string;
  /** Attributes by local name (namespace declarations removed). */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text content directly inside this element, each piece trimmed. */
  text: string;
}

/** Deepest element nesting accepted (WCO RES notifications nest about 8 deep). */
export const MAX_XML_DEPTH = 32;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** UTF-8 bytes to text; refuses invalid UTF-8. */
export function decodeUtf8(body: Uint8Array, field = "body"): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new IngestRejection("malformed_body", field, "is not valid UTF-8");
  }
}

/** XML 1.0 §2.2: control characters a document may not hold at all. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** A prefix saxes could not resolve ("unbound namespace prefix: \"x\"."), as the prefix. */
const UNBOUND_PREFIX = /unbound namespace prefix: "([^"]*)"/;

/**
 * A `&` that starts no entity or character reference, outside CDATA, comments and processing
 * instructions. saxes reads an entity's name up to the next `;`, so a bare `&` makes it report
 * whatever it meets later (often an unclosed tag at the end): on a refusal the reason names the
 * bare `&` instead, which is what the sender must fix.
 */
function bareAmpersandOf(text: string): string | undefined {
  const markupFree = text.replace(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g, "");
  const bare = /&(?![A-Za-z_:][\w.:-]*;|#[0-9]+;|#x[0-9a-fA-F]+;)[^\s<]{0,12}/.exec(markupFree);
  return bare?.[0];
}

/** The 1-based line and column of offset `at` in `text`. */
function lineAndColumn(text: string, at: number): { line: number; column: number } {
  const before = text.slice(0, at);
  return { line: before.split("\n").length, column: at - before.lastIndexOf("\n") };
}

/** The local part of a qualified name. */
function localOf(qname: string): string {
  const colon = qname.indexOf(":");
  return colon === -1 ? qname : qname.slice(colon + 1);
}

/** Reads `text` (one document) into its root element with saxes; throws IngestRejection. */
function readTree(text: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  /** The qualified name of the start tag being read (its prefix is resolved at its end). */
  let opening = "";
  /** Where the root element ended (an offset into `text`), once it has. */
  let rootEnd: number | undefined;
  parser.on("opentagstart", (tag) => {
    opening = tag.name;
  });
  parser.on("error", (error) => {
    const message = error.message.replace(/^\d+:\d+: /, "").replace(/\.$/, "");
    const unbound = UNBOUND_PREFIX.exec(message);
    if (unbound !== null) {
      // The element (or attribute) whose prefix is unknown, by its path from the root.
      const path = [...stack.map((e) => e.name), localOf(opening)].join("/");
      throw new IngestRejection("malformed_body", path, `prefix "${unbound[1]}" is not declared`);
    }
    const bare = bareAmpersandOf(text);
    if (bare !== undefined) {
      throw new IngestRejection(
        "malformed_body",
        "body",
        `is not well-formed XML: "${bare}" is not an entity or character reference (a bare &)`,
      );
    }
    // saxes reports text after the root where that text ends; the sender needs where it starts.
    let { line, column } = parser;
    if (rootEnd !== undefined && message.startsWith("text data outside of root node")) {
      const start = text.slice(rootEnd).search(/\S/);
      if (start !== -1) ({ line, column } = lineAndColumn(text, rootEnd + start));
    }
    throw new IngestRejection(
      "malformed_body",
      "body",
      `is not well-formed XML: ${message} (line ${line}, column ${column})`,
    );
  });
  parser.on("opentag", (tag: SaxesTagNS) => {
    if (stack.length >= MAX_XML_DEPTH) {
      throw new IngestRejection(
        "malformed_body",
        "body",
        `elements nest more than ${MAX_XML_DEPTH} deep; at most ${MAX_XML_DEPTH} accepted`,
      );
    }
    const attrs: Record<string, string> = {};
    for (const attribute of Object.values(tag.attributes)) {
      if (attribute.prefix === "xmlns" || attribute.name === "xmlns") continue;
      attrs[attribute.local] = attribute.value;
    }
    const element: XmlElement = { ns: tag.uri, name: tag.local, attrs, children: [], text: "" };
    if (root === undefined) root = element;
    else stack[stack.length - 1]!.children.push(element);
    if (!tag.isSelfClosing) stack.push(element);
  });
  parser.on("closetag", (tag: SaxesTagNS) => {
    if (!tag.isSelfClosing) stack.pop();
    if (stack.length === 0) rootEnd = parser.position;
  });
  parser.on("text", (piece) => {
    const top = stack[stack.length - 1];
    if (top !== undefined) top.text += piece.trim();
  });
  parser.on("cdata", (piece) => {
    const top = stack[stack.length - 1];
    if (top !== undefined) top.text += piece;
  });
  parser.write(text).close();
  if (root === undefined) {
    throw new IngestRejection("malformed_body", "body", "is not well-formed XML: no root element");
  }
  return root;
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
  const control = CONTROL.exec(text);
  if (control !== null) {
    throw new IngestRejection(
      "malformed_body",
      "body",
      `contains the character U+${control[0].charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}, which XML does not allow`,
    );
  }
  return readTree(text);
}
