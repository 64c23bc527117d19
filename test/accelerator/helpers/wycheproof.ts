/**
 * Loads Wycheproof ECDSA vector files from the shared reference folder
 * (`$CARAVEL_SHARED_DIR/vectors/wycheproof/`, default `../shared` beside the repository),
 * validated with zod at the edge so the tests work on typed values.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { z } from "zod";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The shared reference folder: env CARAVEL_SHARED_DIR, else `../shared` beside the repo. */
export function sharedDir(): string {
  return path.resolve(repoRoot, process.env.CARAVEL_SHARED_DIR ?? "../shared");
}

/** Folder of the Wycheproof vectors. */
export function wycheproofDir(): string {
  return path.join(sharedDir(), "vectors", "wycheproof");
}

const hex = z.string().regex(/^([0-9a-f]{2})*$/, "lower-case hex, whole bytes");

const testVector = z.object({
  tcId: z.number().int(),
  comment: z.string(),
  flags: z.array(z.string()),
  msg: hex,
  sig: hex,
  result: z.enum(["valid", "invalid", "acceptable"]),
});

const testGroup = z.object({
  type: z.enum(["EcdsaVerify", "EcdsaP1363Verify", "EcdsaBitcoinVerify"]),
  sha: z.string(),
  publicKey: z.object({
    curve: z.enum(["secp256k1", "secp256r1"]),
    uncompressed: hex.refine((v) => v.length === 130 && v.startsWith("04"), "04 ‖ x ‖ y"),
  }),
  tests: z.array(testVector),
});

const vectorFile = z.object({
  algorithm: z.literal("ECDSA"),
  numberOfTests: z.number().int(),
  testGroups: z.array(testGroup),
});

export type WycheproofVector = z.infer<typeof testVector>;
export type WycheproofGroup = z.infer<typeof testGroup>;
export type WycheproofFile = z.infer<typeof vectorFile>;

/** The parsed vector file, or undefined when the shared folder does not have it. */
export function loadWycheproof(fileName: string): WycheproofFile | undefined {
  const file = path.join(wycheproofDir(), fileName);
  if (!existsSync(file)) return undefined;
  const parsed = vectorFile.parse(JSON.parse(readFileSync(file, "utf8")));
  const count = parsed.testGroups.reduce((sum, g) => sum + g.tests.length, 0);
  if (count !== parsed.numberOfTests) {
    throw new Error(`${fileName}: ${count} tests, but numberOfTests says ${parsed.numberOfTests}`);
  }
  return parsed;
}
