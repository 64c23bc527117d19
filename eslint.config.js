// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * The import rule: dependencies run one way (docs/ARCHITECTURE.md, "Folders and the import rule").
 *
 *   lib/            the domain library: imports no other folder of the project (but types/)
 *   deploy/modules/ production Ignition modules: lib/ only, never deploy/demo/ or the demo consortium
 *   deploy/demo/    the local network's demo deployment: deploy/modules/ and lib/
 *   tasks/          operator tasks: lib/ (and types/)
 *   oracle/         the daemons: lib/; inside it, chain/ never imports node/
 *   gateway/        the eBL gateway (DCSA eBL 3.0, PINT 3.0): lib/
 *   indexer/        the chain indexer: lib/
 *   console/        the web console: lib/ and indexer/ (it starts the indexer)
 *   scripts/        dev-only helpers, demo, benchmarks: anything but tasks/
 *   test/           anything
 *
 * Each folder's block lists what it may not reach; a later block replaces an earlier one for the
 * same files, so a nested folder's block repeats its parent's list. test/structure/importRule.test.ts
 * lints small fixtures to show the rule bites.
 */
const TOP_LEVEL = [
  "lib",
  "tasks",
  "scripts",
  "deploy",
  "test",
  "oracle",
  "gateway",
  "indexer",
  "console",
];

/** How many folders deep the files a block covers sit; the rule's globs go this deep. */
const MAX_DEPTH = 6;

/**
 * `no-restricted-imports` blocks for the files under `folder`, one per depth: a specifier is
 * matched as written, so "into tasks/" is `../../tasks/` from `lib/chain/x.ts` but `../tasks/` from
 * `lib/x.ts`, while `../oracle/` from `tasks/trade/x.ts` is tasks/oracle/ and allowed.
 * `extra(depth)` adds patterns of the folder's own.
 */
const restrict = (folder, forbidden, why, extra = () => []) => {
  const base = folder.split("/").length;
  return Array.from({ length: MAX_DEPTH - base + 1 }, (_, i) => {
    const depth = base + i;
    return {
      files: [`${folder}/${"*/".repeat(i)}*.ts`, `${folder}/${"*/".repeat(i)}*.tsx`],
      rules: {
        "no-restricted-imports": [
          "error",
          {
            patterns: [
              {
                regex: `^(\\.\\./){${depth}}(${forbidden.join("|")})/`,
                message: `${why} (the import rule in eslint.config.js; docs/ARCHITECTURE.md).`,
              },
              ...extra(depth),
            ],
          },
        ],
      },
    };
  });
};

const except = (...allowed) => TOP_LEVEL.filter((folder) => !allowed.includes(folder));

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "artifacts/",
      "cache/",
      "types/",
      "coverage/",
      "deploy/deployments/",
      "console/dist/",
      "test-results/",
      "indexer/.ponder/",
      "indexer/generated/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ["**/*.ts", "**/*.tsx"],
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      // Services run under Node's type stripping, which refuses parameter properties.
      "@typescript-eslint/parameter-properties": "error",
    },
  },
  {
    // CommonJS, loaded with `require` by a tool that needs it so (Caliper's workload modules).
    files: ["**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        __dirname: "readonly",
        console: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  ...restrict("lib", except("lib"), "lib/ is the domain library: it imports no other folder"),
  ...restrict("deploy", except("lib", "deploy"), "Ignition modules build on lib/ only"),
  ...restrict(
    "deploy/modules",
    except("lib", "deploy"),
    "Ignition modules build on lib/ only",
    (depth) => [
      {
        regex: `(^(\\.\\./){${depth - 1}}demo/|demoConsortium\\.ts$)`,
        message:
          "Production Ignition modules never depend on demo code: compose demo wiring in deploy/demo/ (the import rule in eslint.config.js).",
      },
    ],
  ),
  ...restrict("tasks", except("lib", "tasks"), "Operator tasks build on lib/ only"),
  ...restrict("oracle", except("lib", "oracle"), "The oracle daemons build on lib/ only"),
  ...restrict(
    "oracle/chain",
    except("lib", "oracle"),
    "The oracle daemons build on lib/ only",
    (depth) => [
      {
        regex: `^(\\.\\./){${depth - 1}}node/`,
        message:
          "oracle/chain/ never imports oracle/node/ (the node wires chain/, not the reverse; the import rule in eslint.config.js).",
      },
    ],
  ),
  ...restrict("gateway", except("lib", "gateway"), "The eBL gateway builds on lib/ only"),
  ...restrict("indexer", except("lib", "indexer"), "Services build on lib/ only"),
  ...restrict(
    "console",
    except("lib", "console", "indexer"),
    "The console builds on lib/ and the indexer it starts",
  ),
  ...restrict("scripts", ["tasks"], "Nothing but tests imports tasks/"),
);
