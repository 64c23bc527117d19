/**
 * Reads a contract's storage layout from the compiler output (hardhat.config.ts requests
 * `storageLayout`), so tests can check that a packed struct takes the slots its comment says.
 */
import { readFile } from "node:fs/promises";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { z } from "zod";

const MemberSchema = z.object({
  label: z.string(),
  slot: z.string(),
  offset: z.number(),
  type: z.string(),
});
const TypeSchema = z.object({
  label: z.string(),
  numberOfBytes: z.string(),
  members: z.array(MemberSchema).optional(),
});
const OutputSchema = z.object({
  output: z.object({
    contracts: z.record(
      z.record(
        z.object({
          storageLayout: z.object({ types: z.record(TypeSchema).nullable() }).optional(),
        }),
      ),
    ),
  }),
});

export interface StructLayout {
  /** Storage slots the struct occupies. */
  slots: number;
  /** Each member's slot and byte offset, by name. */
  members: Record<string, { slot: number; offset: number }>;
}

/** The layout of struct `structLabel` (e.g. "struct IInvoiceRegistry.Invoice") as stored by `contractName`. */
export async function structLayout(
  hre: HardhatRuntimeEnvironment,
  contractName: string,
  structLabel: string,
): Promise<StructLayout> {
  const buildInfoId = await hre.artifacts.getBuildInfoId(contractName);
  if (buildInfoId === undefined) throw new Error(`no build info for ${contractName}`);
  const outputPath = await hre.artifacts.getBuildInfoOutputPath(buildInfoId);
  if (outputPath === undefined) throw new Error(`no build output for ${contractName}`);
  const output = OutputSchema.parse(JSON.parse(await readFile(outputPath, "utf8")));
  for (const contracts of Object.values(output.output.contracts)) {
    const types = contracts[contractName]?.storageLayout?.types;
    if (types === undefined || types === null) continue;
    const struct = Object.values(types).find((t) => t.label === structLabel);
    if (struct?.members === undefined) continue;
    return {
      slots: Number(struct.numberOfBytes) / 32,
      members: Object.fromEntries(
        struct.members.map((m) => [m.label, { slot: Number(m.slot), offset: m.offset }]),
      ),
    };
  }
  throw new Error(`${contractName} stores no ${structLabel}`);
}
