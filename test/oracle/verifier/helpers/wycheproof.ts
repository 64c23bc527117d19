/**
 * Loads Wycheproof ECDSA vector files from the shared reference folder
 * (`$CARAVEL_SHARED_DIR/vectors/wycheproof/`, default `../shared` next to the repository) and
 * validates the fields the conformance tests use.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { z } from "zod";

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

/** The Wycheproof folder, and whether the shared reference data is present. */
export function wycheproofDir(): { dir: string; found: boolean } {
  const shared = process.env.CARAVEL_SHARED_DIR ?? path.join(repositoryRoot, "../shared");
  const dir = path.resolve(repositoryRoot, shared, "vectors/wycheproof");
  return { dir, found: existsSync(dir) };
}

const hex = z.string().regex(/^([0-9a-f]{2})*$/, "lower-case hex");

const testCase = z.object({
  tcId: z.number().int(),
  comment: z.string(),
  flags: z.array(z.string()),
  msg: hex,
  sig: hex,
  result: z.enum(["valid", "invalid", "acceptable"]),
});

const vectorFile = z.object({
  algorithm: z.literal("ECDSA"),
  numberOfTests: z.number().int(),
  testGroups: z.array(
    z.object({
      publicKey: z.object({
        curve: z.enum(["secp256k1", "secp256r1"]),
        uncompressed: hex,
      }),
      sha: z.enum(["SHA-256", "SHA3-256"]),
      tests: z.array(testCase),
    }),
  ),
});

export type WycheproofFile = z.infer<typeof vectorFile>;

/** One test case with its group's key and hash, as the tests consume it. */
export interface WycheproofVector {
  tcId: number;
  comment: string;
  flags: string[];
  curve: "secp256k1" | "secp256r1";
  sha: "SHA-256" | "SHA3-256";
  /** `04 ‖ x ‖ y`. */
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
  result: "valid" | "invalid" | "acceptable";
}

function bytes(hexString: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hexString, "hex"));
}

/** Reads and validates one vector file; returns its cases flattened, and the declared count. */
export function loadWycheproof(
  dir: string,
  file: string,
): { vectors: WycheproofVector[]; numberOfTests: number } {
  const parsed = vectorFile.parse(JSON.parse(readFileSync(path.join(dir, file), "utf8")));
  const vectors = parsed.testGroups.flatMap((group) =>
    group.tests.map((test) => ({
      tcId: test.tcId,
      comment: test.comment,
      flags: test.flags,
      curve: group.publicKey.curve,
      sha: group.sha,
      publicKey: bytes(group.publicKey.uncompressed),
      message: bytes(test.msg),
      signature: bytes(test.sig),
      result: test.result,
    })),
  );
  return { vectors, numberOfTests: parsed.numberOfTests };
}
