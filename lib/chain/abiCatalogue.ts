/**
 * Every ABI the project compiled, read from Hardhat's artifacts: the custom errors of all
 * contracts (to decode any revert, whichever contract raised it — a governance proposal's
 * call, a token the credit moved) and each contract's own interface (to decode its events).
 */
import { ErrorFragment, Interface, type InterfaceAbi } from "ethers";
import type { ArtifactManager } from "hardhat/types/artifacts";
import type { Abi } from "viem";

export interface CompiledContract {
  /** Fully qualified name, e.g. "contracts/consortium/ConsortiumRegistry.sol:ConsortiumRegistry". */
  fullyQualifiedName: string;
  contractName: string;
  sourceName: string;
  abi: InterfaceAbi;
}

export class AbiCatalogue {
  readonly contracts: readonly CompiledContract[];
  /** One error per selector, from every compiled contract (for decodeRevert.ts). */
  readonly errorAbi: Abi;
  readonly #byName = new Map<string, Interface>();

  constructor(contracts: readonly CompiledContract[]) {
    this.contracts = contracts;
    const bySelector = new Map<string, ErrorFragment>();
    for (const contract of contracts) {
      for (const fragment of new Interface(contract.abi).fragments) {
        if (fragment instanceof ErrorFragment && !bySelector.has(fragment.selector)) {
          bySelector.set(fragment.selector, fragment);
        }
      }
    }
    this.errorAbi = [...bySelector.values()].map((fragment) => JSON.parse(fragment.format("json")));
  }

  static async load(artifacts: ArtifactManager): Promise<AbiCatalogue> {
    const names = [...(await artifacts.getAllFullyQualifiedNames())].sort();
    const contracts = await Promise.all(
      names.map(async (fullyQualifiedName): Promise<CompiledContract> => {
        const artifact = await artifacts.readArtifact(fullyQualifiedName);
        return {
          fullyQualifiedName,
          contractName: artifact.contractName,
          sourceName: artifact.sourceName,
          abi: artifact.abi as InterfaceAbi,
        };
      }),
    );
    return new AbiCatalogue(contracts);
  }

  /** The interface of the project contract named `contractName` (from `contracts/`). */
  interfaceOf(contractName: string): Interface {
    const cached = this.#byName.get(contractName);
    if (cached !== undefined) return cached;
    const matches = this.contracts.filter(
      (c) => c.contractName === contractName && c.sourceName.startsWith("contracts/"),
    );
    if (matches.length !== 1) {
      throw new Error(
        `expected one compiled contract named ${contractName}, found ${matches.length}: run \`npm run build\``,
      );
    }
    const iface = new Interface(matches[0]!.abi);
    this.#byName.set(contractName, iface);
    return iface;
  }

  /**
   * The project's own contracts (sources under `contracts/`, but not the test harnesses in
   * `contracts/test/`), e.g. for completeness checks.
   */
  projectContracts(): CompiledContract[] {
    return this.contracts.filter(
      (c) => c.sourceName.startsWith("contracts/") && !c.sourceName.startsWith("contracts/test/"),
    );
  }
}
