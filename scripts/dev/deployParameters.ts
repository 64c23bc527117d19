/**
 * Ignition parameters for the local network, built from the connected signers so the
 * in-process network and `localhost` deploy the same consortium.
 */
import type { Signer } from "ethers";

import {
  DEMO_ADMINISTRATOR_INDEXES,
  DEMO_APPROVAL_THRESHOLD,
} from "../../lib/chain/demoConsortium.ts";

export async function localDeployParameters(signers: readonly Signer[]) {
  const administrators = await Promise.all(
    DEMO_ADMINISTRATOR_INDEXES.map(async (i) => {
      const signer = signers[i];
      if (signer === undefined) throw new Error(`no signer at account index ${i}`);
      return signer.getAddress();
    }),
  );
  return {
    ConsortiumRegistry: { administrators, approvalThreshold: DEMO_APPROVAL_THRESHOLD },
  };
}
