/**
 * The DCSA specifications as validators (gateway/schema/dcsaSchemas.ts): every sample in the
 * shared `examples/` validates against the schema it is an instance of (placeholders filled, as
 * DCSA's conformance suite fills them per run), and broken variants are refused with the JSON
 * path and the reason.
 */
import { expect } from "chai";

import { describeIssues, type DcsaSchemas } from "../../gateway/schema/dcsaSchemas.ts";
import { dcsaSamplesPresent, readExample, sharedSchemas } from "./helpers/gatewayFixture.ts";

const PINT_DOCUMENT_FILL = {
  TRANSPORT_DOCUMENT_REFERENCE_PLACEHOLDER: "CARV2026000001",
  SHIPPING_INSTRUCTION_REFERENCE_PLACEHOLDER: "SI-2026-000001",
  BOOKING_REFERENCE_PLACEHOLDER: "BKG2026000001",
};

const ERROR_FILL = {
  HTTP_METHOD_PLACEHOLDER: "PUT",
  REQUEST_URI_PLACEHOLDER: "/v3/envelopes",
  REFERENCE_PLACEHOLDER: "4426d965-0dd8-4005-8c63-dc68b01c4962",
  ERROR_DATE_TIME_PLACEHOLDER: "2026-12-05T00:00:00Z",
};

const CBR_FILL = { "{CBR}": "CBR2026000001" };

type Doc = Record<string, unknown>;

describe("DCSA schemas (OpenAPI → Ajv)", function () {
  let schemas: DcsaSchemas;

  before(function () {
    if (!dcsaSamplesPresent()) this.skip();
    schemas = sharedSchemas();
  });

  it("validates the PINT sample transport document against PINT, ISS and eBL TransportDocument", function () {
    const document = readExample("pint-transport-document.json", PINT_DOCUMENT_FILL);
    for (const spec of ["PINT", "ISS", "EBL"] as const) {
      expect(schemas.schema(spec, "TransportDocument")(document), spec).to.deep.equal({
        valid: true,
      });
    }
  });

  it("validates the PINT sample error message as a PINT ErrorResponse", function () {
    const error = readExample("pint-error-message.json", ERROR_FILL);
    expect(schemas.schema("PINT", "ErrorResponse")(error)).to.deep.equal({ valid: true });
  });

  for (const name of ["ebl-negotiable-bl", "ebl-straight-bl", "ebl-dg", "ebl-2c2u"]) {
    it(`validates the eBL conformance sample ${name} as eBL 3.0.4 CreateShippingInstructions`, function () {
      const instructions = readExample(`${name}.json`, CBR_FILL);
      expect(schemas.schema("EBL", "CreateShippingInstructions")(instructions)).to.deep.equal({
        valid: true,
      });
    });
  }

  it("keeps a placeholder from passing where the schema constrains it", function () {
    const error = readExample("pint-error-message.json", {});
    const result = schemas.schema("PINT", "ErrorResponse")(error);
    expect(result.valid).to.equal(false);
    if (result.valid) return;
    expect(result.issues).to.deep.include({
      path: "$.httpMethod",
      reason: 'must be one of "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"',
    });
    expect(result.issues).to.deep.include({
      path: "$.errorDateTime",
      reason: 'must match format "date-time"',
    });
  });

  it("refuses a transport document without its reference, naming the property", function () {
    const document = readExample("pint-transport-document.json", PINT_DOCUMENT_FILL) as Doc;
    delete document.transportDocumentReference;
    const result = schemas.schema("PINT", "TransportDocument")(document);
    expect(result).to.deep.equal({
      valid: false,
      issues: [{ path: "$", reason: "must have required property 'transportDocumentReference'" }],
    });
  });

  it("refuses a wrong type deep in the document with its JSON path", function () {
    const document = readExample("pint-transport-document.json", PINT_DOCUMENT_FILL) as Doc;
    const transports = document.transports as Doc;
    (transports.portOfLoading as Doc).UNLocationCode = "dk aar";
    (transports.vesselVoyages as Doc[])[0]!.carrierExportVoyageNumber = 402;
    const result = schemas.schema("PINT", "TransportDocument")(document);
    expect(result.valid).to.equal(false);
    if (result.valid) return;
    const text = describeIssues(result.issues);
    expect(text).to.include("$.transports.portOfLoading.UNLocationCode: must match pattern");
    expect(text).to.include(
      "$.transports.vesselVoyages[0].carrierExportVoyageNumber: must be string",
    );
  });

  it("honours OpenAPI 3.0's boolean exclusiveMinimum (a zero gross weight is refused)", function () {
    const document = readExample("pint-transport-document.json", PINT_DOCUMENT_FILL) as Doc;
    const item = ((document.consignmentItems as Doc[])[0]!.cargoItems as Doc[])[0]!;
    (item.cargoGrossWeight as Doc).value = 0;
    const result = schemas.schema("PINT", "TransportDocument")(document);
    expect(result.valid).to.equal(false);
    if (result.valid) return;
    expect(result.issues[0]!.path).to.equal(
      "$.consignmentItems[0].cargoItems[0].cargoGrossWeight.value",
    );
    expect(result.issues[0]!.reason).to.equal("must be > 0");
  });

  it("refuses a value outside an enum, listing the allowed values", function () {
    const result = schemas.schema(
      "ISS",
      "IssuanceResponse",
    )({
      transportDocumentReference: "CARV2026000001",
      issuanceResponseCode: "OKAY",
    });
    expect(result).to.deep.equal({
      valid: false,
      issues: [{ path: "$.issuanceResponseCode", reason: 'must be one of "ISSU", "BREQ", "REFU"' }],
    });
  });

  it("compiles an operation's request body and a response body by method and path", function () {
    const put = schemas.requestBody("ISS", "PUT", "/v3/ebl-issuance-requests");
    expect(put.schema).to.equal(
      "EBL_ISS_v3.0.4.yaml#/paths/~1v3~1ebl-issuance-requests/put/requestBody/content/application~1json/schema",
    );
    expect(put({ document: {} }).valid).to.equal(false);
    const conflict = schemas.responseBody("ISS", "PUT", "/v3/ebl-issuance-requests", 409);
    expect(conflict({}).valid).to.equal(false);
    expect(() => schemas.requestBody("ISS", "GET", "/v3/ebl-issuance-requests")).to.throw(
      /has no JSON request body/,
    );
    expect(() => schemas.schema("ISS", "NoSuchSchema")).to.throw(/has no schema NoSuchSchema/);
  });
});
