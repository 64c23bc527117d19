/**
 * Every file a comment or a document names exists: paths under the project's folders written in
 * TypeScript, Solidity and Markdown sources are checked against the tree, so a move that forgets
 * a mention fails here instead of misleading the next reader.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Output and dependency folders: not sources, and not always present. */
const SKIPPED_DIRECTORIES = new Set([
  ".git",
  "node_modules",
  "artifacts",
  "cache",
  "types",
  "coverage",
  "test-results",
  ".ponder",
  "generated",
  "dist",
  "deployments",
]);

/** Sources whose path-like strings are not mentions of files (fixtures placed virtually). */
const NOT_MENTIONS = new Set(["test/structure/importRule.test.ts"]);

const FOLDERS = "lib|tasks|scripts|deploy|test|oracle|indexer|console|contracts|docs";
const MENTION = new RegExp(
  `(?<![\\w./-])((?:${FOLDERS})/[\\w./-]*?\\.(?:tsx|ts|sol|mdx?|jsonl|json))(?![\\w-])`,
  "g",
);

/** Paths that name what a build or a run writes, not a source. */
function isOutput(mention: string): boolean {
  return mention.startsWith("deploy/deployments/") || /\.sol\/\w+\.json$/.test(mention);
}

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = dir === "" ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) return SKIPPED_DIRECTORIES.has(entry.name) ? [] : sources(relative);
    return /\.(tsx?|sol|md)$/.test(entry.name) ? [relative] : [];
  });
}

describe("paths named in comments and documents", function () {
  it("name files that exist", function () {
    const missing: string[] = [];
    let checked = 0;
    for (const file of sources("")) {
      if (NOT_MENTIONS.has(file)) continue;
      for (const match of readFileSync(path.join(ROOT, file), "utf8").matchAll(MENTION)) {
        const mention = match[1]!;
        if (isOutput(mention)) continue;
        checked += 1;
        if (!existsSync(path.join(ROOT, mention))) missing.push(`${file}: ${mention}`);
      }
    }
    expect(checked, "mentions found").to.be.greaterThan(100);
    expect(missing).to.deep.equal([]);
  });
});
