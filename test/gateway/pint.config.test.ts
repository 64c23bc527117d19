/**
 * PINT as `npm run gateway` runs it: built from the configuration's `pint` section (the gateway
 * account's key and the platform's signing JWK read as secrets), on the gateway's own chain client
 * and database, beside the carriers' DCSA API.
 */
import { expect } from "chai";
import { CompactSign, generateKeyPair } from "jose";
import type { Address, EIP1193Provider } from "viem";

import type { GatewayConfig } from "../../gateway/config/schema.ts";
import { pintSchema } from "../../gateway/config/schema.ts";
import { loadPintSecrets } from "../../gateway/config/secrets.ts";
import { defaultModules } from "../../gateway/defaultGateway.ts";
import { createPintSigner, type PintSigner } from "../../gateway/pint/jws.ts";
import { PintStore } from "../../gateway/pint/pintStore.ts";
import { sha256Checksum } from "../../gateway/store/documentHash.ts";
import { billIdOf } from "../../lib/trade/billOfLading.ts";
import { BillStatus } from "../../lib/trade/enums.ts";
import { foreignCarrierAddress, partyKey, platformBytes4 } from "../../lib/trade/pint.ts";
import { startHardhatChain, type TestChain } from "../oracle/daemons/helpers/chains.ts";
import {
  CARRIER_TOKEN,
  devKey,
  PLATFORM_CODE,
  readExample,
  removeDataDir,
  startGateway,
  type GatewayUnderTest,
} from "./helpers/gatewayFixture.ts";
import {
  answerOf,
  call,
  freshReference,
  issuedElsewhereEnvelope,
  pintTransportDocument,
} from "./pintDocuments.ts";
import {
  haveDcsaSamples,
  memberCode,
  platformKeys,
  startPlatform,
  type Platform,
} from "./pintPlatform.ts";

/** The PINT gateway account startPlatform names by governance: the test consortium's outsiders[2], Hardhat account #18. */
const GATEWAY_ACCOUNT_INDEX = 18;

describe("PINT from the gateway's configuration (npm run gateway)", function () {
  let chain: TestChain;
  let platform: Platform;
  let service: GatewayUnderTest;
  let sender: PintSigner;
  let pint: GatewayConfig["pint"];
  let env: NodeJS.ProcessEnv;

  before(async function () {
    if (!haveDcsaSamples()) {
      console.log(
        "    skipped: DCSA's PINT specification is not in the shared folder (set CARAVEL_SHARED_DIR)",
      );
      this.skip();
    }
    chain = await startHardhatChain();
    const senderKeys = await platformKeys("WAVE");
    const ownKeys = await platformKeys(PLATFORM_CODE);
    platform = await startPlatform({
      code: PLATFORM_CODE,
      rpcUrl: chain.rpcUrl,
      keys: ownKeys,
      trusted: [{ platform: "WAVE", jwk: senderKeys.publicJwk }],
    });
    env = {
      PINT_GATEWAY_KEY: devKey(GATEWAY_ACCOUNT_INDEX),
      PINT_SIGNING_JWK: JSON.stringify(ownKeys.privateJwk),
    };
    pint = pintSchema.parse({
      registry: await platform.world.registry.getAddress(),
      gatewayAccount: platform.gateway,
      gatewaySigner: { env: "PINT_GATEWAY_KEY" },
      signingKey: { env: "PINT_SIGNING_JWK" },
      peers: [{ platform: "WAVE", url: "http://127.0.0.1:1", publicKeys: [senderKeys.publicJwk] }],
      members: [
        {
          address: platform.world.importer.address,
          partyName: "Importer",
          identifyingCodes: [memberCode(PLATFORM_CODE, "importer")],
        },
      ],
      pollIntervalMs: 50,
    });
    const provider = {
      request: ({ method, params }) => chain.rpc(method, params as unknown[]),
    } as EIP1193Provider;
    service = await startGateway({
      provider,
      chainId: Number(await chain.rpc<string>("eth_chainId")),
      billOfLading: (await platform.world.bill.getAddress()) as Address,
      carrier: platform.world.carrier.address as Address,
      callbackUrl: "http://127.0.0.1:1",
      modules: defaultModules({ pint }, loadPintSecrets({ pint }, env)),
    });
    sender = await createPintSigner("WAVE", senderKeys.privateJwk);
  });

  after(async () => {
    await service?.stop();
    if (service !== undefined) removeDataDir(service.dataDir);
    await platform?.stop();
    await chain?.stop();
  });

  it("runs the carriers' DCSA API and PINT when the configuration has a pint section", () => {
    expect(defaultModules({}).map((m) => m.name)).to.deep.equal(["dcsa-ebl"]);
    expect(
      defaultModules({ pint }, loadPintSecrets({ pint }, env)).map((m) => m.name),
    ).to.deep.equal(["dcsa-ebl", "pint"]);
  });

  it("receives an envelope and issues the bill on chain as the configured gateway account", async () => {
    const reference = freshReference("C");
    const built = await issuedElsewhereEnvelope({
      signer: sender,
      transportDocument: pintTransportDocument(reference),
      recipient: {
        partyName: "Importer",
        eblPlatform: PLATFORM_CODE,
        identifyingCodes: [memberCode(PLATFORM_CODE, "importer")],
      },
    });
    const reply = await call(`${service.gateway.url}/v3/envelopes`, "POST", built.envelope);
    expect([reply.status, answerOf(reply.body).responseCode]).to.deep.equal([200, "RECE"]);
    const billId = await platform.chain.billIdOf(foreignCarrierAddress("HMM", "SMDG"), reference);
    expect(await platform.chain.billStatus(billId)).to.equal(BillStatus.Active);
    expect(await platform.world.bill.holderOf(billId)).to.equal(platform.world.importer.address);
  });

  it("exports a bill the gateway issued for its carrier, taking the transport document from the gateway's store", async () => {
    // The carrier issues through the DCSA API (its manifest's checksums are checked; no manifest key is configured).
    const reference = `CARV${String(Date.now() % 1_000_000_000).padStart(9, "0")}`;
    const document = readExample("pint-transport-document.json", {
      TRANSPORT_DOCUMENT_REFERENCE_PLACEHOLDER: reference,
      SHIPPING_INSTRUCTION_REFERENCE_PLACEHOLDER: `SI-${reference}`,
      BOOKING_REFERENCE_PLACEHOLDER: `BKG-${reference}`,
    }) as Record<string, unknown>;
    document.isToOrder = true;
    const exporter = platform.world.exporter.address;
    const issueTo = {
      partyName: "Harbour Exports Ltd",
      sendToPlatform: PLATFORM_CODE,
      identifyingCodes: [{ codeListProvider: PLATFORM_CODE, partyCode: exporter }],
    };
    const { privateKey } = await generateKeyPair("ES256");
    const manifest = await new CompactSign(
      new TextEncoder().encode(
        JSON.stringify({
          documentChecksum: sha256Checksum(document),
          issueToChecksum: sha256Checksum(issueTo),
        }),
      ),
    )
      .setProtectedHeader({ alg: "ES256" })
      .sign(privateKey);
    const issued = await fetch(`${service.gateway.url}/v3/ebl-issuance-requests`, {
      method: "PUT",
      headers: { "content-type": "application/json", authorization: `Bearer ${CARRIER_TOKEN}` },
      body: JSON.stringify({ document, issueTo, issuanceManifestSignedContent: manifest }),
    });
    expect(issued.status).to.equal(204);
    const billId = billIdOf(platform.world.carrier.address, reference);
    for (
      let i = 0;
      i < 100 && (await platform.chain.billStatus(billId)) !== BillStatus.Active;
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await platform.world.bill.holderOf(billId)).to.equal(exporter);

    // The holder asks to export it to a party on WAVE; the gateway builds the envelope.
    const recipientCode = { codeListProvider: "WAVE", partyCode: "IMPORTER-WAVE" };
    await (
      await platform.world.bill
        .connect(platform.world.exporter)
        .requestExport(billId, platformBytes4("WAVE"), partyKey(recipientCode))
    ).wait();
    const pintStore = new PintStore(service.gateway.store.db);
    expect(pintStore.bill(billId), "before the export").to.equal(undefined);
    const reply = await call(`${service.gateway.url}/v1/pint/exports`, "POST", {
      billId: billId.toString(),
      recipient: { partyName: "Importer", eblPlatform: "WAVE", identifyingCodes: [recipientCode] },
    });
    expect([reply.status, JSON.stringify(reply.body)]).to.deep.equal([
      202,
      JSON.stringify({ billId: billId.toString(), state: "sending" }),
    ]);
    const documents = pintStore.bill(billId)!;
    expect(documents.transportDocument.transportDocumentReference).to.equal(reference);
    expect(documents.transferChain).to.deep.equal([]);
    expect(pintStore.outbound(billId)?.state).to.equal("sending");
  });

  it("refuses a signing key that is not a private JWK, naming the field and never printing it", () => {
    const bad = { ...env, PINT_SIGNING_JWK: '{"kty":"EC","crv":"P-256","x":"AA","y":"BB"}' };
    expect(() => loadPintSecrets({ pint }, bad)).to.throw(/pint\.signingKey[\s\S]*private JWK/);
    try {
      loadPintSecrets({ pint }, bad);
    } catch (error) {
      expect(String((error as Error).message)).not.to.contain('"x":"AA"');
    }
  });

  it("refuses a gateway signer that is not the configured gateway account's key, naming both", () => {
    const bad = { ...env, PINT_GATEWAY_KEY: devKey(GATEWAY_ACCOUNT_INDEX + 1) };
    expect(() => loadPintSecrets({ pint }, bad)).to.throw(
      /pint\.gatewaySigner[\s\S]*not of the configured address/,
    );
  });

  it("refuses a pint section without the gateway account, naming the field", () => {
    const result = pintSchema.safeParse({ ...pint, gatewayAccount: undefined });
    expect(result.success).to.equal(false);
    expect(JSON.stringify(result.error?.issues)).to.contain("gatewayAccount");
  });
});
