/**
 * PINT inside the gateway service: the module registers the receiving routes and the export
 * route on the gateway's HTTP server and keeps its tables in the gateway's database.
 */
import { expect } from "chai";
import type { Address, EIP1193Provider } from "viem";

import { createKeyring, createPintSigner, type PintSigner } from "../../gateway/pint/jws.ts";
import { createPartyDirectory } from "../../gateway/pint/parties.ts";
import { createPintModule } from "../../gateway/pint/pintModule.ts";
import { BillStatus } from "../../lib/trade/enums.ts";
import { foreignCarrierAddress } from "../../lib/trade/pint.ts";
import { startHardhatChain, type TestChain } from "../oracle/daemons/helpers/chains.ts";
import {
  PLATFORM_CODE,
  startGateway,
  type GatewayUnderTest,
  removeDataDir,
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
  type Platform,
  platformKeys,
  startPlatform,
} from "./pintPlatform.ts";

describe("PINT as a gateway module", function () {
  let chain: TestChain;
  let platform: Platform;
  let service: GatewayUnderTest;
  let sender: PintSigner;

  before(async function () {
    if (!haveDcsaSamples()) {
      console.log(
        "    skipped: DCSA's PINT specification is not in the shared folder (set CARAVEL_SHARED_DIR)",
      );
      this.skip();
    }
    chain = await startHardhatChain();
    const senderKeys = await platformKeys("WAVE");
    platform = await startPlatform({
      code: PLATFORM_CODE,
      rpcUrl: chain.rpcUrl,
      keys: await platformKeys(PLATFORM_CODE),
      trusted: [{ platform: "WAVE", jwk: senderKeys.publicJwk }],
    });
    const provider = {
      request: ({ method, params }) => chain.rpc(method, params as unknown[]),
    } as EIP1193Provider;
    const ownKeys = await platformKeys(PLATFORM_CODE);
    service = await startGateway({
      provider,
      chainId: Number(await chain.rpc<string>("eth_chainId")),
      billOfLading: (await platform.world.bill.getAddress()) as Address,
      carrier: platform.world.carrier.address as Address,
      callbackUrl: "http://127.0.0.1:1",
      modules: [
        createPintModule({
          platform: PLATFORM_CODE,
          signer: await createPintSigner(PLATFORM_CODE, ownKeys.privateJwk),
          keyring: await createKeyring([{ platform: "WAVE", jwk: senderKeys.publicJwk }]),
          chain: platform.chain,
          directory: createPartyDirectory(PLATFORM_CODE, [
            {
              address: platform.world.importer.address as Address,
              partyName: "Importer",
              identifyingCodes: [memberCode(PLATFORM_CODE, "importer")],
            },
          ]),
          peers: {},
          retry: { initialDelayMs: 10, maxDelayMs: 50, maxAttempts: 3 },
          requestTimeoutMs: 2_000,
          pollIntervalMs: 50,
        }),
      ],
    });
    sender = await createPintSigner("WAVE", senderKeys.privateJwk);
  });

  after(async () => {
    await service?.stop();
    if (service !== undefined) removeDataDir(service.dataDir);
    await platform?.stop();
    await chain?.stop();
  });

  it("receives an envelope on the gateway's own server and issues the bill on chain", async () => {
    const reference = freshReference("M");
    const recipient = {
      partyName: "Importer",
      eblPlatform: PLATFORM_CODE,
      identifyingCodes: [memberCode(PLATFORM_CODE, "importer")],
    };
    const built = await issuedElsewhereEnvelope({
      signer: sender,
      transportDocument: pintTransportDocument(reference),
      recipient,
    });
    const reply = await call(`${service.gateway.url}/v3/envelopes`, "POST", built.envelope);
    expect([reply.status, answerOf(reply.body).responseCode]).to.deep.equal([200, "RECE"]);
    const billId = await platform.chain.billIdOf(foreignCarrierAddress("HMM", "SMDG"), reference);
    expect(await platform.chain.billStatus(billId)).to.equal(BillStatus.Active);
    expect(await platform.world.bill.holderOf(billId)).to.equal(platform.world.importer.address);
  });

  it("refuses an export for a bill whose holder has not asked for it (409), naming why", async () => {
    const reply = await call(`${service.gateway.url}/v1/pint/exports`, "POST", {
      billId: "12345",
      recipient: {
        partyName: "X",
        eblPlatform: "WAVE",
        identifyingCodes: [{ codeListProvider: "WAVE", partyCode: "X" }],
      },
    });
    expect(reply.status).to.equal(409);
    expect(JSON.stringify(reply.body)).to.match(/not waiting for export/);
  });
});
