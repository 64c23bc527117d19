/**
 * The XML reader (oracle/ingest/xmlDocument.ts, saxes underneath): what it reads, and each way a
 * document can fail to be well-formed refused with a 400 that says so, what is wrong, and where.
 * (The HTTP-level hostile corpus and the HMRC samples cover the rest.)
 */
import { expect } from "chai";
import { MAX_XML_DEPTH, parseXmlDocument } from "../../../oracle/ingest/xmlDocument.ts";
import { IngestRejection } from "../../../oracle/ingest/rejection.ts";
import { parseWcoNotification } from "../../../oracle/ingest/wcoDms.ts";
import { wcoNotification } from "../../../oracle/simulator/messages.ts";

const parse = (text: string) => parseXmlDocument(Buffer.from(text));

function refusal(text: string): IngestRejection {
  try {
    parse(text);
  } catch (error) {
    expect(error).to.be.instanceOf(IngestRejection);
    return error as IngestRejection;
  }
  expect.fail(`accepted: ${text}`);
}

describe("XML reader", function () {
  it("resolves namespaces, drops namespace declarations and prefixes from attributes, and joins text, CDATA and references", function () {
    const root = parse(
      `<?xml version="1.0" encoding="UTF-8"?>\n<!-- before -->\n<a:Root xmlns:a="urn:a" xmlns="urn:d" a:id='7'>` +
        ` x&amp;y <!-- c --> <![CDATA[ <z> ]]> &#65;&#x42; <Child/><?pi data?></a:Root>\n<!-- after -->\n`,
    );
    expect(root).to.deep.include({ ns: "urn:a", name: "Root", attrs: { id: "7" } });
    expect(root.text).to.equal("x&y <z> AB");
    expect(root.children).to.deep.equal([
      { ns: "urn:d", name: "Child", attrs: {}, children: [], text: "" },
    ]);
  });

  it("keeps an escaped reference as text: &amp;#65; is the four characters &#65;", function () {
    expect(parse("<a>&amp;#65;</a>").text).to.equal("&#65;");
  });

  for (const [name, text, what] of [
    ["a mismatched end tag", "<a>\n  <b></c>\n</a>", "unexpected close tag (line 2, column 9)"],
    ["an element left open", "<a><b></b>", "unclosed tag: a"],
    ["a duplicate attribute", '<a x="1" x="2"/>', "duplicate attribute: x"],
    [
      "attributes without whitespace between them",
      '<a x="1"y="2"/>',
      "no whitespace between attributes",
    ],
    ["an unquoted attribute", "<a x=1/>", "unquoted attribute value"],
    ["a < in an attribute value", '<a x="<"/>', "disallowed character (line 1, column 7)"],
    ['"--" inside a comment', "<a><!-- a -- b --></a>", "malformed comment"],
    ["an unclosed CDATA section", "<a><![CDATA[x</a>", "unclosed tag: a"],
    ['"]]>" in text', "<a>x]]>y</a>", '"]]>" is disallowed in char data'],
    ["an XML declaration after the start", ' <?xml version="1.0"?><a/>', "XML declaration"],
    [
      "text after the root",
      "<a/>\nheaders=List()",
      "text data outside of root node (line 2, column 1)",
    ],
    ["a second root element", "<a/><b/>", "only one root"],
    ["text before the root", "x<a/>", "text data outside of root node (line 1, column 2)"],
    ["no root element", "<!-- only a comment -->", "must contain a root element"],
    ["an element name starting with a digit", "<1a/>", "disallowed character in tag name"],
    ["an end tag with no element open", "</a>", "unmatched closing tag: a"],
    ["a reference to U+0001", "<a>&#1;</a>", "malformed character entity"],
    ["a reference to a lone surrogate", "<a>&#xD800;</a>", "malformed character entity"],
    ["a reference beyond U+10FFFF", "<a>&#1114112;</a>", "malformed character entity"],
  ] as const) {
    it(`refuses ${name} as not well-formed, saying what and where`, function () {
      const rejection = refusal(text);
      expect(rejection.code).to.equal("malformed_body");
      expect(rejection.field).to.equal("body");
      expect(rejection.reason).to.include("is not well-formed XML");
      expect(rejection.reason).to.include(what);
    });
  }

  it("refuses a bare ampersand and an undefined entity, naming them", function () {
    expect(refusal("<a>R&S</a>").reason).to.include('"&S" is not an entity or character reference');
    expect(refusal("<a x='&nbsp;'/>").reason).to.include("undefined entity");
    // Inside CDATA or a comment a & is text, and a refusal elsewhere is named for what it is.
    expect(parse("<a><![CDATA[R&S]]><!-- & --></a>").text).to.equal("R&S");
    expect(refusal("<a><![CDATA[R&S]]></b>").reason).to.include("unexpected close tag");
  });

  it(`refuses elements nested deeper than ${MAX_XML_DEPTH}, and reads ${MAX_XML_DEPTH}`, function () {
    const nested = (n: number) => `${"<a>".repeat(n)}${"</a>".repeat(n)}`;
    expect(parse(nested(MAX_XML_DEPTH)).name).to.equal("a");
    expect(refusal(nested(MAX_XML_DEPTH + 1)).reason).to.include(`at most ${MAX_XML_DEPTH}`);
  });

  it("refuses an undeclared prefix, naming the element's path", function () {
    const rejection = refusal("<a><b><x:c/></b></a>");
    expect(rejection.field).to.equal("a/b/c");
    expect(rejection.reason).to.include('"x" is not declared');
  });
});

describe("WCO DMS notification reader", function () {
  it("refuses a later Response's missing element before an earlier Response's unknown code (shape before meaning)", function () {
    const spec = {
      functionalReferenceId: "r1",
      issuedAt: 1_770_000_000,
      declarationId: "26GB00000000000001",
      declarationRef: "LRN-1",
    };
    const text = wcoNotification([
      { ...spec, functionCode: "99" },
      { ...spec, functionCode: "01", functionalReferenceId: "r2" },
    ]).replace("<resp:FunctionalReferenceID>r2</resp:FunctionalReferenceID>", "");
    try {
      parseWcoNotification(Buffer.from(text));
      expect.fail("accepted");
    } catch (error) {
      expect(error).to.be.instanceOf(IngestRejection);
      expect(error).to.deep.include({
        code: "invalid_field",
        field: "MetaData/Response[2]/FunctionalReferenceID",
        reason: "is required",
      });
    }
  });
});
