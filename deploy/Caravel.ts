/**
 * Ignition module: the whole Caravel platform on one chain — the consortium with its demo
 * members, and every contract that builds on it.
 *
 *   npm run deploy:local   (against `npm run node`, parameters from deploy/parameters/local.json)
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { DemoConsortiumModule } from "./modules/Consortium.ts";

export const CaravelModule = buildModule("Caravel", (m) => {
  const { registry } = m.useModule(DemoConsortiumModule);
  return { registry };
});

export default CaravelModule;
