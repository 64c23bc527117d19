/** The console's build: Preact pages bundled by Vite into console/dist. */
import path from "node:path";
import { fileURLToPath } from "node:url";

import { defineConfig } from "vite";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root,
  logLevel: "warn",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: { outDir: path.join(root, "dist"), emptyOutDir: true, chunkSizeWarningLimit: 1024 },
});
