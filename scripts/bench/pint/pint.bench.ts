/**
 * PINT 3.0 on Caravel, measured: envelopes received per second end to end (the HTTP request,
 * every JWS and checksum verified, the bill issued on chain to its recipient, the signed RECE
 * returned), against verification alone in the same process as the baseline; and the gas of an
 * export (request + completion, and an abandonment) and of an import (a bill new to the chain,
 * and one coming back). One receiving platform on Hardhat's network served over JSON-RPC; the
 * sender is a trusted platform whose envelopes are built before the clock starts.
 *
 * Run: npx hardhat run scripts/bench/pint/pint.bench.ts   (or npm run bench:pint)
 */
import type { ContractTransactionResponse } from "ethers";

import { verifyEnvelope } from "../../../gateway/pint/envelope.ts";
import { createKeyring, createPintSigner } from "../../../gateway/pint/jws.ts";
import { billIdOf, billIssueStruct } from "../../../lib/trade/billOfLading.ts";
import { partyKey, platformBytes4, transportDocumentHash } from "../../../lib/trade/pint.ts";
import { startHardhatChain } from "../../../test/oracle/daemons/helpers/chains.ts";
import {
  answerOf,
  call,
  freshReference,
  issuedElsewhereEnvelope,
  pintTransportDocument,
} from "../../../test/gateway/pintDocuments.ts";
import {
  haveDcsaSamples,
  platformKeys,
  startPlatform,
} from "../../../test/gateway/pintPlatform.ts";

const BENCH = "pint";
const ENVELOPES = Number(process.env.PINT_BENCH_ENVELOPES ?? 60);

function emit(line: Record<string, unknown>): void {
  console.log(JSON.stringify({ bench: BENCH, ...line }));
}

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  return Number(receipt!.gasUsed);
}

if (!haveDcsaSamples()) {
  console.error(
    "pint bench: DCSA's PINT specification is not in the shared folder (set CARAVEL_SHARED_DIR)",
  );
  process.exit(1);
}

const chain = await startHardhatChain();
const senderKeys = await platformKeys("WAVE");
const sender = await createPintSigner("WAVE", senderKeys.privateJwk);
const platform = await startPlatform({
  code: "CRVB",
  rpcUrl: chain.rpcUrl,
  keys: await platformKeys("CRVB"),
  trusted: [{ platform: "WAVE", jwk: senderKeys.publicJwk }],
});
try {
  const recipient = platform.party("importer");
  const build = async () =>
    (
      await issuedElsewhereEnvelope({
        signer: sender,
        transportDocument: pintTransportDocument(freshReference("B")),
        recipient,
      })
    ).envelope;
  const warm = await build();
  const envelopes = await Promise.all(Array.from({ length: ENVELOPES }, build));

  // Baseline: verification only (schemas, signatures, checksums, chain continuity).
  const keyring = await createKeyring([{ platform: "WAVE", jwk: senderKeys.publicJwk }]);
  const options = { platform: "CRVB", keyring, validate: platform.validate };
  await verifyEnvelope(warm, options);
  let started = performance.now();
  for (const envelope of envelopes) await verifyEnvelope(envelope, options);
  const verifyRate = ENVELOPES / ((performance.now() - started) / 1000);

  // End to end: HTTP, verification, the import transaction mined, the signed answer.
  if (
    answerOf((await call(`${platform.url}/v3/envelopes`, "POST", warm)).body).responseCode !==
    "RECE"
  ) {
    throw new Error("the warm-up envelope was not received");
  }
  started = performance.now();
  for (const envelope of envelopes) {
    const reply = await call(`${platform.url}/v3/envelopes`, "POST", envelope);
    if (answerOf(reply.body).responseCode !== "RECE")
      throw new Error(`expected RECE, got ${JSON.stringify(answerOf(reply.body))}`);
  }
  const endToEndRate = ENVELOPES / ((performance.now() - started) / 1000);
  emit({
    metric: "envelopes_verified_per_second",
    value: Math.round(verifyRate),
    unit: "envelopes/s",
  });
  emit({
    metric: "envelopes_received_per_second",
    value: Math.round(endToEndRate * 10) / 10,
    unit: "envelopes/s",
    baseline: Math.round(verifyRate),
    ratio: Math.round((endToEndRate / verifyRate) * 1000) / 1000,
  });

  // Gas, all-in (receipt gasUsed).
  const { world } = platform;
  const gateway = world.outsiders[2]!;
  const issue = async () => {
    const reference = freshReference("G");
    const td = pintTransportDocument(reference);
    const struct = billIssueStruct({
      blNumber: reference,
      shipper: world.exporter.address,
      consignee: "to order",
      notifyParty: "none",
      vesselImo: 9074729,
      voyageNumber: "402E",
      portOfLoading: "DKAAR",
      portOfDischarge: "DEBRV",
      shippedOnBoardAt: Math.floor(Date.parse("2023-12-19T00:00:00Z") / 1000),
      documentHash: transportDocumentHash(td),
    });
    await (await world.bill.connect(world.carrier).issue(struct)).wait();
    return { id: billIdOf(world.carrier.address, reference), struct };
  };
  const target = [
    platformBytes4("WAVE"),
    partyKey({ codeListProvider: "WAVE", partyCode: "IMPORTER" }),
  ] as const;
  const checksum = `0x${"ab".repeat(32)}`;

  const exported = await issue();
  const requestGas = await gasOf(
    world.bill.connect(world.exporter).requestExport(exported.id, ...target),
  );
  const completeGas = await gasOf(
    world.bill.connect(gateway).completeExport(exported.id, checksum),
  );
  emit({ metric: "gas_export_request", value: requestGas, unit: "gas" });
  emit({ metric: "gas_export_complete", value: completeGas, unit: "gas" });
  emit({ metric: "gas_export_total", value: requestGas + completeGas, unit: "gas" });

  const abandoned = await issue();
  await (await world.bill.connect(world.exporter).requestExport(abandoned.id, ...target)).wait();
  emit({
    metric: "gas_export_abandon",
    value: await gasOf(
      world.bill.connect(gateway).abandonExport(abandoned.id, "receiver never answered"),
    ),
    unit: "gas",
  });

  // A bill this chain never saw (same routing facts, a new B/L number).
  const fresh = { ...exported.struct, blNumber: freshReference("N") };
  emit({
    metric: "gas_import_new_bill",
    value: await gasOf(
      world.bill
        .connect(gateway)
        .importBill(world.carrier.address, fresh, world.importer.address, checksum),
    ),
    unit: "gas",
  });
  emit({
    metric: "gas_import_returning_bill",
    value: await gasOf(
      world.bill
        .connect(gateway)
        .importBill(world.carrier.address, exported.struct, world.importer.address, checksum),
    ),
    unit: "gas",
  });
} finally {
  await platform.stop();
  await chain.stop();
}
