import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";

import { caravelTasks } from "./tasks/index.ts";

// Hardhat cannot download a compiler on the consortium's build machines (no
// internet but the npm registry), so it compiles with the solc-js build that
// the `solc` npm package ships, resolved to an absolute path.
const require = createRequire(import.meta.url);
const SOLC_VERSION = "0.8.30";
const solcPath = require.resolve("solc/soljson.js");

const compiler = {
  version: SOLC_VERSION,
  path: solcPath,
  settings: {
    optimizer: { enabled: true, runs: 10_000 },
    viaIR: false,
    evmVersion: "prague",
    outputSelection: { "*": { "*": ["storageLayout"] } },
  },
};

// The letter-of-credit invariant test deploys the whole credit (LetterOfCredit, near EIP-170, its
// trade-world double, token and handler) from its own initcode, which EIP-3860 caps at 49,152
// bytes. It is compiled for size (200 runs): the same sources, optimised differently, so the
// contract it fuzzes behaves exactly as the one deployed (which keeps 10,000 runs).
const defaultProfile = {
  compilers: [compiler],
  overrides: {
    "test/credit/LetterOfCreditEscrow.t.sol": {
      ...compiler,
      settings: { ...compiler.settings, optimizer: { enabled: true, runs: 200 } },
    },
  },
};

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  tasks: caravelTasks,
  solidity: {
    profiles: {
      default: defaultProfile,
      production: compiler,
    },
  },
  paths: {
    ignition: "deploy",
    tests: { mocha: "test", solidity: "test" },
  },
  test: {
    mocha: {
      timeout: 120_000,
      rootHooks: {
        // Kills what a failed test left running and makes sure the run ends (see the module).
        async afterAll() {
          const { afterAllTests } = await import("./test/helpers/suiteTeardown.ts");
          await afterAllTests();
        },
      },
    },
    solidity: { fuzz: { runs: 256 } },
  },
  typechain: { outDir: "types/ethers-contracts" },
  networks: {
    hardhat: {
      type: "edr-simulated",
      chainType: "l1",
      allowUnlimitedContractSize: false,
    },
    localhost: {
      type: "http",
      chainType: "l1",
      url: process.env.CARAVEL_RPC_URL ?? "http://127.0.0.1:8545",
    },
    consortium: {
      type: "http",
      chainType: "l1",
      url: configVariable("CONSORTIUM_RPC_URL"),
      accounts: [configVariable("CONSORTIUM_DEPLOYER_KEY")],
    },
  },
});
