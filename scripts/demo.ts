/**
 * `npm run demo`: the whole Caravel story on the embedded in-process network.
 */
import { network } from "hardhat";

import { DEMO_START, runDemo } from "./demo/runDemo.ts";

// The story has dates (shipment, presentation, banking days), so the chain's clock starts
// at the story's first morning rather than today.
const connection = await network.create({
  network: "hardhat",
  override: { initialDate: DEMO_START },
});
await runDemo(connection, (line) => console.log(line));
await connection.close();
