/**
 * The compiler's `storageLayout` of a contract, read from the build-info output that its
 * artifact points at (hardhat.config.ts asks solc for `storageLayout`).
 */
import { readFile } from "node:fs/promises";

import { artifacts } from "hardhat";
import { z } from "zod";

const storageEntry = z.object({
  label: z.string(),
  slot: z.string(),
  offset: z.number().int(),
  type: z.string(),
});

const layoutSchema = z.object({
  storage: z.array(storageEntry),
  types: z.record(z.object({ numberOfBytes: z.string(), label: z.string() })).nullable(),
});

const outputSchema = z.object({
  output: z.object({
    contracts: z.record(z.record(z.object({ storageLayout: layoutSchema }).partial())),
  }),
});

export type StorageLayout = z.infer<typeof layoutSchema>;

export async function readStorageLayout(contractName: string): Promise<StorageLayout> {
  const artifact = await artifacts.readArtifact(contractName);
  const buildInfoId = await artifacts.getBuildInfoId(contractName);
  if (buildInfoId === undefined) throw new Error(`no build info for ${contractName}`);
  const outputPath = await artifacts.getBuildInfoOutputPath(buildInfoId);
  if (outputPath === undefined) throw new Error(`no build info output for ${contractName}`);
  const output = outputSchema.parse(JSON.parse(await readFile(outputPath, "utf8")));
  const source = artifact.inputSourceName;
  if (source === undefined) throw new Error(`no input source name for ${contractName}`);
  const layout = output.output.contracts[source]?.[contractName]?.storageLayout;
  if (layout === undefined) throw new Error(`no storageLayout for ${contractName}`);
  return layout;
}
