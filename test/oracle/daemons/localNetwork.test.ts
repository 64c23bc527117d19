import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { generatePrivateKey } from "viem/accounts";
import {
  findFreePortBlock,
  NODE_PROCESS_FLAGS,
  NodeProcess,
  runningNodeProcesses,
  writeLocalNetwork,
} from "../../../oracle/cli/localNetwork.ts";

/** A listener that takes `port` and hangs up on whoever connects. */
function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once("error", reject);
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => resolve(server));
  });
}

describe("Local oracle network", function () {
  describe("findFreePortBlock", function () {
    it("finds consecutive ports that can all be listened on, below the ephemeral range", async function () {
      const base = await findFreePortBlock(5);
      expect(base).to.be.at.least(20_000);
      expect(base + 5).to.be.at.most(32_000);
      const servers = await Promise.all([0, 1, 2, 3, 4].map((i) => listen(base + i)));
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    });

    it("never returns a block with a port already taken", async function () {
      const taken = await listen(await findFreePortBlock(1, { from: 25_000, to: 25_100 }));
      const port = (taken.address() as { port: number }).port;
      try {
        // In a range of just the taken port and one more, no two-port block is free.
        await findFreePortBlock(2, { from: port, to: port + 2, attempts: 5 }).then(
          () => expect.fail("a block containing the taken port was returned"),
          (error: unknown) => expect(String(error)).to.match(/no 2 consecutive free ports/),
        );
      } finally {
        await new Promise((r) => taken.close(r));
      }
    });

    it("refuses a block that cannot fit in the range, naming the count", async function () {
      await findFreePortBlock(10, { from: 100, to: 105 }).then(
        () => expect.fail("resolved"),
        (error: unknown) => expect(String(error)).to.match(/count: 10 consecutive ports/),
      );
    });
  });

  describe("NodeProcess", function () {
    this.timeout(60_000);

    it("runs nodes with the V8 flags `npm run oracle:node` gives them", function () {
      const scripts = (
        JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }
      ).scripts;
      expect(scripts["oracle:node"]).to.equal(
        `node ${NODE_PROCESS_FLAGS.join(" ")} oracle/cli/startNode.ts`,
      );
    });

    it("reports a node that exits at start with the end of its log (here: its port is taken)", async function () {
      const dir = mkdtempSync(path.join(tmpdir(), "caravel-localnet-"));
      const basePort = await findFreePortBlock(1);
      const squatter = await listen(basePort);
      try {
        const layout = writeLocalNetwork({
          dir,
          rpcUrl: "http://127.0.0.1:9",
          chainId: 31337,
          oracleAddress: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
          keys: [generatePrivateKey()],
          threshold: 1,
          basePort,
        });
        const node = new NodeProcess(
          layout.configFiles[0]!,
          layout.urls[0]!,
          path.join(dir, "node-1.log"),
        );
        node.start();
        const error = await node.waitHealthy(30_000).then(
          () => expect.fail("a node on a taken port became healthy"),
          (e: unknown) => e as Error,
        );
        expect(error.message).to.match(/exited \(code 1/);
        expect(error.message).to.include("EADDRINUSE");
        expect(node.running).to.equal(false);
        expect(runningNodeProcesses()).to.equal(0);
      } finally {
        await new Promise((r) => squatter.close(r));
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
