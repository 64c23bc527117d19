import { expect } from "chai";

import { startIndexer, type IndexerProcess } from "../../indexer/indexerProcess.ts";
import { demoIndexed, type DemoIndexed, freePort } from "./demoIndexed.ts";
import { findPostgres, type PostgresServer, startPostgres } from "./postgresServer.ts";

let demo: DemoIndexed;
let postgres: PostgresServer | undefined;
let indexer: IndexerProcess | undefined;

async function answer(url: string, path: string): Promise<unknown> {
  const response = await fetch(`${url}${path}`);
  expect(response.status, path).to.equal(200);
  return response.json();
}

describe("the indexer on PostgreSQL (DATABASE_URL)", function () {
  this.timeout(300_000);

  before(async function () {
    const found = findPostgres();
    if ("missing" in found) {
      console.log(`    SKIPPED: ${found.missing}`);
      this.skip();
    }
    demo = await demoIndexed();
    postgres = await startPostgres(found.bin, await freePort());
    indexer = await startIndexer({
      rpcUrl: demo.chain.rpcUrl,
      deploymentDirectory: demo.deployment.directory,
      databaseUrl: postgres.url,
      schema: "caravel_test",
      port: await freePort(),
    });
    await demo.caughtUp();
    await indexer.caughtUpTo(await demo.chain.connection.ethers.provider.getBlockNumber());
  });

  after(async function () {
    await indexer?.stop();
    await postgres?.stop();
  });

  it("gives the same answers as the indexer on its embedded database", async function () {
    const questions = [
      "/caravel/trades",
      "/caravel/trades/1",
      "/caravel/trades/2",
      "/caravel/bills",
      "/caravel/reports?last=1000",
      `/caravel/logs?address=${demo.addresses["letterOfCredit"]!.toLowerCase()}`,
      `/caravel/logs?address=${demo.addresses["billOfLading"]!.toLowerCase()}`,
      "/caravel/members",
    ];
    for (const question of questions) {
      const onPostgres = await answer(indexer!.url, question);
      const embedded = await answer(demo.indexer.url, question);
      expect(onPostgres, question).to.deep.equal(embedded);
    }
    const { trades } = (await answer(indexer!.url, "/caravel/trades")) as { trades: unknown[] };
    expect(trades).to.have.length(2);
  });
});
