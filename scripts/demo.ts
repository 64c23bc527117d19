/**
 * `npm run demo`: the whole Caravel story on the embedded in-process network, which is also
 * served over JSON-RPC on a loopback port so the oracle daemons can reach it as they would a
 * real node.
 */

import { startDemoChain } from "./demo/demoChain.ts";

// The oracle nodes keep their stores in Node 22's built-in SQLite, which announces itself as
// experimental on first use; that notice is not part of the story.
process.removeAllListeners("warning");
process.on("warning", (warning) => {
  if (warning.name === "ExperimentalWarning" && /SQLite/.test(warning.message)) return;
  console.warn(`${warning.name}: ${warning.message}`);
});

import { runDemo } from "./demo/runDemo.ts";

const chain = await startDemoChain();
try {
  await runDemo(chain.connection, chain.rpcUrl, (line) => console.log(line));
} finally {
  await chain.stop();
}
