/**
 * Secrets the tasks need (a member's signing key, the consortium's invoice fingerprint key)
 * are Hardhat configuration variables: an env variable of that name, or else an entry of
 * Hardhat's encrypted keystore (`npx hardhat keystore set NAME`), asked through the same hook
 * chain Hardhat uses for its own configuration variables.
 */
import { configVariable } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { CaravelError, type ErrorDescriptor } from "../../lib/errors/caravelError.ts";

export async function fetchConfigurationVariable(
  hre: HardhatRuntimeEnvironment,
  name: string,
  descriptor: ErrorDescriptor,
): Promise<string> {
  const fromEnv = process.env[name];
  if (fromEnv !== undefined) return fromEnv;
  return hre.hooks.runHandlerChain(
    "configurationVariables",
    "fetchValue",
    [configVariable(name)],
    async () => {
      throw new CaravelError(`No value for the configuration variable ${name}.`, {
        code: descriptor,
        metaMessages: [`Set it with \`npx hardhat keystore set ${name}\` or as an env variable.`],
      });
    },
  );
}
