/**
 * Fails the build when solc reported any warning for the project's own sources.
 * Hardhat prints warnings but does not fail on them; we want every warning fixed.
 *
 * It reads the compiler output of the build-infos that the current artifacts point
 * at (older build-infos can linger after a source changes), and only the diagnostics
 * of project sources that are part of those current compilations.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

interface SolcDiagnostic {
  severity: string;
  formattedMessage?: string;
  message: string;
  sourceLocation?: { file: string };
}

function artifactFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === "build-info" ? [] : artifactFiles(full);
    return entry.endsWith(".json") && !entry.endsWith(".dbg.json") ? [full] : [];
  });
}

const artifactsDir = path.resolve("artifacts");
const currentBuilds = new Map<string, Set<string>>(); // buildInfoId => input source names
for (const file of artifactFiles(artifactsDir)) {
  const artifact = JSON.parse(readFileSync(file, "utf8")) as {
    buildInfoId?: string;
    inputSourceName?: string;
  };
  if (artifact.buildInfoId === undefined || artifact.inputSourceName === undefined) continue;
  const sources = currentBuilds.get(artifact.buildInfoId) ?? new Set<string>();
  sources.add(artifact.inputSourceName);
  currentBuilds.set(artifact.buildInfoId, sources);
}

const warnings = new Set<string>();
for (const [buildInfoId, sources] of currentBuilds) {
  const outputFile = path.join(artifactsDir, "build-info", `${buildInfoId}.output.json`);
  const parsed = JSON.parse(readFileSync(outputFile, "utf8")) as {
    output?: { errors?: SolcDiagnostic[] };
  };
  for (const diagnostic of parsed.output?.errors ?? []) {
    if (diagnostic.severity !== "warning") continue;
    const source = diagnostic.sourceLocation?.file ?? "";
    if (!source.startsWith("project/")) continue; // third-party code is not ours to fix
    if (!sources.has(source)) continue; // compiled here only as a dependency of another root
    warnings.add(diagnostic.formattedMessage ?? diagnostic.message);
  }
}
if (warnings.size > 0) {
  for (const message of warnings) console.error(message);
  console.error(`build failed: ${warnings.size} compiler warning(s) in the project's sources`);
  process.exit(1);
}
console.log(`no compiler warnings (${currentBuilds.size} current compilation(s) checked)`);
