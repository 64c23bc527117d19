/**
 * The DCSA eBL 3.0.4 carrier API of the gateway (gateway/dcsa/): a carrier's system issues bills
 * through `PUT /v3/ebl-issuance-requests` and hears back on its `/v3/ebl-issuance-responses`;
 * surrenders made on chain reach it as `/v3/ebl-surrender-requests`, and its answers on
 * `/v3/ebl-surrender-responses` complete or roll back on chain. Gateway in-process, Hardhat's
 * in-process network, a carrier stub; every refusal exercised.
 */
import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { network } from "hardhat";
import { CompactSign, exportJWK, generateKeyPair, type CryptoKey } from "jose";
import type { Address, EIP1193Provider } from "viem";

import { createDcsaModule, type DcsaModule } from "../../gateway/dcsa/dcsaModule.ts";
import { sha256Checksum, transportDocumentHash } from "../../gateway/store/documentHash.ts";
import { DocumentHashMismatchError } from "../../gateway/store/documents.ts";
import { GatewayStore } from "../../gateway/store/gatewayStore.ts";
import { billIdOf, BillStatus } from "../../lib/trade/billOfLading.ts";
import { deployBillWorld, type BillWorld } from "../documents/BillOfLading.fixture.ts";
import { startCarrierStub, type CarrierStub } from "./helpers/carrierStub.ts";
import {
  CARRIER_TOKEN,
  dcsaSamplesPresent,
  readExample,
  removeDataDir,
  sharedSchemas,
  startGateway,
  type GatewayUnderTest,
} from "./helpers/gatewayFixture.ts";

type Json = Record<string, unknown>;

const ISSUANCE = "/v3/ebl-issuance-requests";
const ISSUANCE_RESPONSES = "/v3/ebl-issuance-responses";
const SURRENDER_REQUESTS = "/v3/ebl-surrender-requests";
const SURRENDER_RESPONSES = "/v3/ebl-surrender-responses";

let counter = 0;
/** A fresh transport document reference (B/L number). */
function nextReference(): string {
  counter += 1;
  return `CARV26${String(Date.now() % 1_000_000).padStart(6, "0")}${String(counter).padStart(3, "0")}`;
}

/** The carrier's manifest signing key (ES256), and its public JWK in a file the gateway reads. */
let manifestSigner: CryptoKey;
let manifestKeyFile: string;

/** The carrier's JWS over the request's checksums (DCSA IssuanceManifest). */
async function signManifest(request: Json, signer: CryptoKey = manifestSigner): Promise<string> {
  const payload = {
    documentChecksum: sha256Checksum(request.document),
    issueToChecksum: sha256Checksum(request.issueTo),
  };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: "ES256" })
    .sign(signer);
}

/** An IssuanceRequest around the DCSA PINT sample transport document, issued to `holder`. */
async function issuanceRequest(reference: string, holder: string): Promise<Json> {
  const request = unsignedIssuanceRequest(reference, holder);
  request.issuanceManifestSignedContent = await signManifest(request);
  return request;
}

function unsignedIssuanceRequest(reference: string, holder: string): Json {
  const document = readExample("pint-transport-document.json", {
    TRANSPORT_DOCUMENT_REFERENCE_PLACEHOLDER: reference,
    SHIPPING_INSTRUCTION_REFERENCE_PLACEHOLDER: `SI-${reference}`,
    BOOKING_REFERENCE_PLACEHOLDER: `BKG-${reference}`,
  }) as Json;
  document.isToOrder = true;
  return {
    document,
    issueTo: {
      partyName: "Harbour Exports Ltd",
      sendToPlatform: "CARV",
      identifyingCodes: [{ codeListProvider: "CARV", partyCode: holder }],
    },
    issuanceManifestSignedContent: "e30.e30.c2ln",
  };
}

describe("eBL gateway: DCSA issuance and surrender", function () {
  this.timeout(120_000);
  let world: BillWorld;
  let provider: EIP1193Provider;
  let chainId: number;
  let carrier: CarrierStub;
  let under: GatewayUnderTest;
  let dcsa: DcsaModule;

  /** PUTs an issuance request; `token: null` sends no Authorization header. */
  const put = (body: unknown, token: string | null = CARRIER_TOKEN) =>
    fetch(`${under.gateway.url}${ISSUANCE}`, {
      method: "PUT",
      headers: {
        "content-type": "application/json",
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const answer = (body: unknown, token = CARRIER_TOKEN) =>
    fetch(`${under.gateway.url}${SURRENDER_RESPONSES}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });

  async function start(dataDir?: string): Promise<void> {
    dcsa = createDcsaModule();
    under = await startGateway({
      provider,
      chainId,
      billOfLading: (await world.bill.getAddress()) as Address,
      carrier: world.carrier.address as Address,
      callbackUrl: carrier.url,
      manifestKey: manifestKeyFile,
      modules: [dcsa],
      ...(dataDir === undefined ? {} : { dataDir }),
    });
  }

  /** Issues a bill to the exporter through the API; returns its reference and id. */
  async function issue(): Promise<{ reference: string; billId: bigint; request: Json }> {
    const reference = nextReference();
    const request = await issuanceRequest(reference, world.exporter.address);
    const before = carrier.received.filter((c) => c.path === ISSUANCE_RESPONSES).length;
    expect((await put(request)).status).to.equal(204);
    const [response] = (await carrier.waitFor(ISSUANCE_RESPONSES, before + 1)).slice(-1);
    expect(response!.body).to.deep.equal({
      transportDocumentReference: reference,
      issuanceResponseCode: "ISSU",
    });
    return { reference, billId: billIdOf(world.carrier.address, reference), request };
  }

  /** The surrender request the carrier received for `reference`. */
  async function surrenderRequestFor(reference: string): Promise<Json> {
    for (let i = 0; i < 200; i += 1) {
      await dcsa.services.surrender.poll();
      const found = carrier.received.find(
        (c) => c.path === SURRENDER_REQUESTS && c.body.transportDocumentReference === reference,
      );
      if (found !== undefined) return found.body;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`no surrender request for ${reference}`);
  }

  before(async function () {
    if (!dcsaSamplesPresent()) this.skip();
    const connection = await network.connect();
    world = await deployBillWorld(connection.ethers);
    provider = connection.provider as unknown as EIP1193Provider;
    chainId = Number((await connection.ethers.provider.getNetwork()).chainId);
    carrier = await startCarrierStub();
    sharedSchemas();
    const pair = await generateKeyPair("ES256");
    manifestSigner = pair.privateKey;
    manifestKeyFile = path.join(mkdtempSync(path.join(tmpdir(), "gateway-keys-")), "molu.jwk.json");
    writeFileSync(manifestKeyFile, JSON.stringify(await exportJWK(pair.publicKey)));
  });

  beforeEach(async function () {
    carrier.failing = false;
    carrier.received.length = 0;
    carrier.attempts = 0;
    await start();
  });

  afterEach(async function () {
    await under?.stop();
    removeDataDir(under.dataDir);
  });

  after(async function () {
    await carrier?.close();
  });

  describe("issuance", function () {
    it("issues a bill from the DCSA sample transport document and calls the carrier back ISSU", async function () {
      const { reference, billId, request } = await issue();
      expect(await world.bill.billStatus(billId)).to.equal(BigInt(BillStatus.Active));
      expect(await world.bill.holderOf(billId)).to.equal(world.exporter.address);
      const facts = await world.bill.billFacts(billId);
      expect(facts.documentHash).to.equal(transportDocumentHash(request.document));
      expect(facts.carrier).to.equal(world.carrier.address);
      const stored = under.gateway.store.documents.byReference(reference);
      expect(stored?.billId).to.equal(billId);
      expect(stored?.document).to.deep.equal(request.document);
      expect(
        under.gateway.store.documents.byHash(facts.documentHash as `0x${string}`)?.reference,
      ).to.equal(reference);
      const response = carrier.received.find(
        (c) => c.path === ISSUANCE_RESPONSES && c.body.transportDocumentReference === reference,
      )!;
      expect(sharedSchemas().schema("ISS", "IssuanceResponse")(response.body)).to.deep.equal({
        valid: true,
      });
      const metrics = await (await fetch(`${under.gateway.url}/metrics`)).text();
      expect(metrics).to.include('caravel_gateway_issuance_requests_total{outcome="accepted"} 1');
      expect(metrics).to.include('caravel_gateway_issuance_requests_total{outcome="ISSU"} 1');
      expect(metrics).to.include(
        'caravel_gateway_callbacks_total{kind="issuance-response",outcome="delivered"} 1',
      );
      expect(metrics).to.include("caravel_gateway_documents_stored 1");
    });

    it("answers 409 to a second issuance request with the same reference, and issues once", async function () {
      const { request } = await issue();
      const again = await put(request);
      expect(again.status).to.equal(409);
      const body = (await again.json()) as { errors: Json[] };
      expect(body.errors[0]).to.include({
        property: "transportDocumentReference",
        jsonPath: "$.document.transportDocumentReference",
      });
    });

    it("refuses a request that does not match IssuanceRequest with 400 naming the JSON path", async function () {
      const request = await issuanceRequest(nextReference(), world.exporter.address);
      delete (request.document as Json).transportDocumentReference;
      const response = await put(request);
      expect(response.status).to.equal(400);
      const body = (await response.json()) as {
        errors: { errorCodeMessage: string; jsonPath: string }[];
      };
      expect(body.errors.map((e) => e.errorCodeMessage)).to.include(
        "$.document: must have required property 'transportDocumentReference'",
      );
      expect(under.gateway.store.documents.count()).to.equal(0);
    });

    it("refuses a request without a token, or with a token no carrier holds, with 401", async function () {
      const request = await issuanceRequest(nextReference(), world.exporter.address);
      expect((await put(request, null)).status).to.equal(401);
      const unknown = await put(request, "not-a-carrier-token-000000");
      expect(unknown.status).to.equal(401);
      const body = (await unknown.json()) as { errors: Json[] };
      expect(body.errors[0]).to.include({ property: "Authorization" });
      expect(under.gateway.store.documents.count()).to.equal(0);
    });

    it("refuses an issuance request larger than the body limit with 413", async function () {
      const request = await issuanceRequest(nextReference(), world.exporter.address);
      (request.document as Json).termsAndConditions = "x".repeat(300 * 1024);
      expect((await put(request)).status).to.equal(413);
      expect(under.gateway.store.documents.count()).to.equal(0);
    });

    it("answers BREQ naming the path for a vessel outside the carrier's fleet, then accepts the corrected request", async function () {
      const reference = nextReference();
      const request = await issuanceRequest(reference, world.exporter.address);
      const voyages = ((request.document as Json).transports as Json).vesselVoyages as Json[];
      voyages[0]!.vesselName = "Flying Dutchman";
      request.issuanceManifestSignedContent = await signManifest(request);
      expect((await put(request)).status).to.equal(204);
      const [response] = (await carrier.waitFor(ISSUANCE_RESPONSES)).filter(
        (c) => c.body.transportDocumentReference === reference,
      );
      expect(response!.body.issuanceResponseCode).to.equal("BREQ");
      expect(response!.body.reason).to.include("$.document.transports.vesselVoyages[0].vesselName");
      expect(await world.bill.billStatus(billIdOf(world.carrier.address, reference))).to.equal(0n);
      // The carrier corrects it and resubmits under the same reference.
      voyages[0]!.vesselName = "HMM Algeciras";
      request.issuanceManifestSignedContent = await signManifest(request);
      expect((await put(request)).status).to.equal(204);
      const calls = await carrier.waitFor(ISSUANCE_RESPONSES, 2);
      expect(calls.at(-1)!.body).to.deep.equal({
        transportDocumentReference: reference,
        issuanceResponseCode: "ISSU",
      });
    });

    it("answers BREQ when the issuance manifest's document checksum is not the document's", async function () {
      const reference = nextReference();
      const request = await issuanceRequest(reference, world.exporter.address);
      (request.document as Json).termsAndConditions = "Altered after the carrier signed.";
      expect((await put(request)).status).to.equal(204);
      const [response] = await carrier.waitFor(ISSUANCE_RESPONSES);
      expect(response!.body.issuanceResponseCode).to.equal("BREQ");
      expect(response!.body.reason).to.equal(
        "$.issuanceManifestSignedContent: documentChecksum is not the SHA-256 of the document's RFC 8785 form",
      );
      expect(await world.bill.billStatus(billIdOf(world.carrier.address, reference))).to.equal(0n);
    });

    it("answers BREQ when the issuance manifest is not signed with the carrier's manifest key", async function () {
      const reference = nextReference();
      const request = await issuanceRequest(reference, world.exporter.address);
      const stranger = await generateKeyPair("ES256");
      request.issuanceManifestSignedContent = await signManifest(request, stranger.privateKey);
      expect((await put(request)).status).to.equal(204);
      const [response] = await carrier.waitFor(ISSUANCE_RESPONSES);
      expect(response!.body.issuanceResponseCode).to.equal("BREQ");
      expect(response!.body.reason).to.match(
        /^\$\.issuanceManifestSignedContent: the manifest is not signed by the carrier's manifest key/,
      );
    });

    it("answers REFU when the first holder is not a consortium member", async function () {
      const reference = nextReference();
      expect((await put(await issuanceRequest(reference, world.outsider.address))).status).to.equal(
        204,
      );
      const [response] = await carrier.waitFor(ISSUANCE_RESPONSES);
      expect(response!.body.issuanceResponseCode).to.equal("REFU");
      expect(response!.body.reason).to.match(/the chain refused the bill: Consortium/);
    });

    it("answers REFU, without touching the chain, for a bill addressed to another platform", async function () {
      const reference = nextReference();
      const request = await issuanceRequest(reference, world.exporter.address);
      (request.issueTo as Json).sendToPlatform = "BOLE";
      request.issuanceManifestSignedContent = await signManifest(request);
      expect((await put(request)).status).to.equal(204);
      const [response] = await carrier.waitFor(ISSUANCE_RESPONSES);
      expect(response!.body.issuanceResponseCode).to.equal("REFU");
      expect(response!.body.reason).to.include("$.issueTo.sendToPlatform");
    });

    it("keeps calling the carrier back until its system answers", async function () {
      carrier.failing = true;
      const reference = nextReference();
      expect((await put(await issuanceRequest(reference, world.exporter.address))).status).to.equal(
        204,
      );
      while (carrier.attempts < 2) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(under.gateway.store.outbox.pending()).to.equal(1);
      carrier.failing = false;
      const [response] = await carrier.waitFor(ISSUANCE_RESPONSES);
      expect(response!.body.issuanceResponseCode).to.equal("ISSU");
      // The carrier records the call before its 204 reaches the gateway, which only then marks
      // the callback delivered: wait for that, bounded, rather than read the outbox at once.
      const deadline = Date.now() + 5_000;
      while (under.gateway.store.outbox.pending() > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(under.gateway.store.outbox.pending()).to.equal(0);
    });
  });

  describe("surrender", function () {
    it("sends SREQ with the endorsement chain for a surrender for delivery, and SURR accomplishes the bill", async function () {
      const { reference, billId } = await issue();
      await (
        await world.bill.connect(world.exporter).endorse(billId, world.importer.address)
      ).wait();
      await (await world.bill.connect(world.importer).surrenderForDelivery(billId)).wait();
      const request = await surrenderRequestFor(reference);
      expect(request.surrenderRequestCode).to.equal("SREQ");
      const chain = request.endorsementChain as Json[];
      expect(chain.map((link) => link.actionCode)).to.deep.equal([
        "ISSUE",
        "ENDORSE",
        "SURRENDER_FOR_DELIVERY",
      ]);
      expect(((chain[1]!.recipient as Json).identifyingCodes as Json[])[0]!.partyCode).to.equal(
        world.importer.address,
      );
      expect(sharedSchemas().schema("SUR", "SurrenderRequestDetails")(request)).to.deep.equal({
        valid: true,
      });
      const accepted = await answer({
        surrenderRequestReference: request.surrenderRequestReference,
        action: "SURR",
      });
      expect(accepted.status).to.equal(204);
      expect(await world.bill.billStatus(billId)).to.equal(BigInt(BillStatus.Accomplished));
    });

    it("SREJ returns the bill to the surrendering holder, and a second answer is 409", async function () {
      const { reference, billId } = await issue();
      await (await world.bill.connect(world.exporter).surrenderForDelivery(billId)).wait();
      const request = await surrenderRequestFor(reference);
      const rejected = await answer({
        surrenderRequestReference: request.surrenderRequestReference,
        action: "SREJ",
        comments: "Freight not paid",
      });
      expect(rejected.status).to.equal(204);
      expect(await world.bill.billStatus(billId)).to.equal(BigInt(BillStatus.Active));
      expect(await world.bill.holderOf(billId)).to.equal(world.exporter.address);
      const again = await answer({
        surrenderRequestReference: request.surrenderRequestReference,
        action: "SURR",
      });
      expect(again.status).to.equal(409);
      expect(await world.bill.billStatus(billId)).to.equal(BigInt(BillStatus.Active));
    });

    it("refuses an SREJ without comments (400) and an unknown surrender reference (404), changing nothing", async function () {
      const { reference, billId } = await issue();
      await (await world.bill.connect(world.exporter).surrenderForDelivery(billId)).wait();
      const request = await surrenderRequestFor(reference);
      const bare = await answer({
        surrenderRequestReference: request.surrenderRequestReference,
        action: "SREJ",
      });
      expect(bare.status).to.equal(400);
      const unknown = await answer({
        surrenderRequestReference: "no-such-request",
        action: "SURR",
      });
      expect(unknown.status).to.equal(404);
      const badAction = await answer({
        surrenderRequestReference: request.surrenderRequestReference,
        action: "MAYBE",
      });
      expect(badAction.status).to.equal(400);
      expect(await world.bill.billStatus(billId)).to.equal(BigInt(BillStatus.SurrenderPending));
    });

    it("sends AREQ for a surrender for amendment; after SURR an issuance naming the old bill amends it", async function () {
      const { reference, billId } = await issue();
      await (await world.bill.connect(world.exporter).surrenderForAmendment(billId)).wait();
      const request = await surrenderRequestFor(reference);
      expect(request.surrenderRequestCode).to.equal("AREQ");
      expect((request.endorsementChain as Json[]).at(-1)!.actionCode).to.equal(
        "SURRENDER_FOR_AMENDMENT",
      );
      const accepted = await answer({
        surrenderRequestReference: request.surrenderRequestReference,
        action: "SURR",
      });
      expect(accepted.status).to.equal(204);
      expect(await world.bill.billStatus(billId)).to.equal(BigInt(BillStatus.SurrenderPending));

      const amendedReference = nextReference();
      const amended = await issuanceRequest(amendedReference, world.exporter.address);
      amended.transportDocumentReplacements = {
        oldTransportDocumentReferences: [{ transportDocumentReference: reference }],
      };
      expect((await put(amended)).status).to.equal(204);
      const calls = await carrier.waitFor(ISSUANCE_RESPONSES, 2);
      expect(calls.at(-1)!.body).to.deep.equal({
        transportDocumentReference: amendedReference,
        issuanceResponseCode: "ISSU",
      });
      const amendedId = billIdOf(world.carrier.address, amendedReference);
      expect(await world.bill.billStatus(billId)).to.equal(BigInt(BillStatus.Replaced));
      expect(await world.bill.replacedBy(billId)).to.equal(amendedId);
      expect(await world.bill.holderOf(amendedId)).to.equal(world.exporter.address);
    });

    it("answers BREQ to an amendment naming a bill with no accepted surrender for amendment", async function () {
      const { reference } = await issue();
      const amendedReference = nextReference();
      const amended = await issuanceRequest(amendedReference, world.exporter.address);
      amended.transportDocumentReplacements = {
        oldTransportDocumentReferences: [{ transportDocumentReference: reference }],
      };
      expect((await put(amended)).status).to.equal(204);
      const calls = await carrier.waitFor(ISSUANCE_RESPONSES, 2);
      expect(calls.at(-1)!.body.issuanceResponseCode).to.equal("BREQ");
      expect(calls.at(-1)!.body.reason).to.include("has no accepted surrender for amendment");
    });
  });

  describe("durability", function () {
    it("keeps documents, verdicts and surrender requests across a restart with the same store", async function () {
      const { reference, billId, request } = await issue();
      await (await world.bill.connect(world.exporter).surrenderForDelivery(billId)).wait();
      const surrender = await surrenderRequestFor(reference);
      const dataDir = under.dataDir;
      await under.stop();
      await start(dataDir);
      expect(under.gateway.store.documents.byReference(reference)?.document).to.deep.equal(
        request.document,
      );
      expect((await put(request)).status).to.equal(409);
      const accepted = await answer({
        surrenderRequestReference: surrender.surrenderRequestReference,
        action: "SURR",
      });
      expect(accepted.status).to.equal(204);
      expect(await world.bill.billStatus(billId)).to.equal(BigInt(BillStatus.Accomplished));
      // The surrender is not requested a second time after the restart.
      await dcsa.services.surrender.poll();
      expect(
        carrier.received.filter(
          (c) => c.path === SURRENDER_REQUESTS && c.body.transportDocumentReference === reference,
        ),
      ).to.have.lengthOf(1);
    });

    it("decides at start an issuance request that was accepted but not yet decided when it stopped", async function () {
      const dataDir = under.dataDir;
      await under.stop();
      const reference = nextReference();
      const request = await issuanceRequest(reference, world.exporter.address);
      const store = GatewayStore.open(dataDir);
      store.transaction(() => {
        store.documents.put(reference, request.document, world.carrier.address);
        store.issuances.receive(reference, "molu", request);
      });
      store.close();
      await start(dataDir);
      const calls = await carrier.waitFor(ISSUANCE_RESPONSES);
      expect(
        calls.find((c) => c.body.transportDocumentReference === reference)?.body,
      ).to.deep.equal({
        transportDocumentReference: reference,
        issuanceResponseCode: "ISSU",
      });
      expect(await world.bill.holderOf(billIdOf(world.carrier.address, reference))).to.equal(
        world.exporter.address,
      );
    });

    it("catches a stored document altered behind the gateway's back when it is read against the chain", async function () {
      const { reference, billId } = await issue();
      const facts = await world.bill.billFacts(billId);
      const store = under.gateway.store;
      store.db
        .prepare(
          "UPDATE transport_documents SET canonical = replace(canonical, 'DKAAR', 'DKCPH') WHERE reference = ?",
        )
        .run(reference);
      expect(() =>
        store.documents.readVerified(reference, facts.documentHash as `0x${string}`),
      ).to.throw(DocumentHashMismatchError);
    });
  });
});
