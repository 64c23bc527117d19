/**
 * Gas of an open-account trade with pre-shipment finance, all-in (each transaction's gasUsed), on
 * the real contracts (test/finance/openAccountTrade.ts): the advance offered, accepted (the order
 * claimed in the document guard, the shipment bound) and funded; each tranche release (export
 * declaration accepted, loaded); the importer's bank's commitment offered and consented; the
 * presentation (match, voucher issued with the advance's share carved out); the payable funded;
 * the repayment split at maturity (the advance's share collected: bank first, surplus to the
 * exporter) and the exporter's redemption; and the whole trade's total. The first trade on fresh
 * contracts (each run deploys its own world); the documentary-credit trade's total is in
 * letter-of-credit.bench.ts ("whole trade ...").
 *
 *   npx hardhat run scripts/bench/gas/open-account.bench.ts     (or: npm run bench:gas)
 *
 * Prints one JSON object per line: {"bench","metric","value","unit"}.
 */
import { network } from "hardhat";

import {
  deployOpenAccountWorld,
  runOpenAccountTrade,
} from "../../../test/finance/openAccountTrade.ts";

const BENCH = "open-account";
const { ethers, networkHelpers } = await network.create();

function emit(metric: string, value: bigint): void {
  console.log(JSON.stringify({ bench: BENCH, metric, value: Number(value), unit: "gas" }));
}

const world = await deployOpenAccountWorld(ethers);
const { gas } = await runOpenAccountTrade(world, ethers, networkHelpers.time);
emit("advance offer (bank)", gas.offer);
emit("advance accept (order claimed in the guard, shipment bound)", gas.accept);
emit("advance fund (limit escrowed)", gas.fund);
emit("tranche release: export declaration accepted (30 %)", gas.trancheDeclaration);
emit("tranche release: loaded (40 %)", gas.trancheLoaded);
emit("commitment offer (importer's bank)", gas.commitOffer);
emit("commitment consent (importer)", gas.commitConsent);
emit("present (match, voucher issued, advance's share carved out)", gas.present);
emit("payable funded at maturity (importer's bank)", gas.fundPayable);
emit("repayment split: advance's share collected (bank first, surplus to exporter)", gas.collect);
emit("exporter redeems the rest of the voucher", gas.exporterRedeem);
emit(
  "whole open-account trade (advance offer, accept, fund, 2 tranches, commitment offer, consent, present, fund payable, collect, redeem)",
  Object.values(gas).reduce((a, b) => a + b, 0n),
);
