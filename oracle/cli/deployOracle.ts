/**
 * Deploys what the oracle daemons need on a bare local chain (Hardhat node, anvil), from the
 * compiled artifacts (`npm run build`): a consortium registry administered by dev accounts 0, 1
 * and 2 (two approvals), the committee members onboarded through governance with the ORACLE role,
 * the signature batch verifier shim (an ordinary deployment whose address the oracle takes), and
 * the customs oracle with the committee. Used by `oracle:network --deploy` and the daemon tests;
 * production deployments go through Ignition and consortium governance instead.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  http,
  parseEther,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";

import { onboardMemberCall } from "../../lib/chain/governance.ts";

/** The default Hardhat / anvil development mnemonic (public: never for real funds). */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/** The private key of dev account `index` of the development mnemonic. */
export function devKey(index: number): Hex {
  const key = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index }).getHdKey().privateKey;
  if (key === null) throw new Error(`no key for dev account ${index}`);
  return `0x${Buffer.from(key).toString("hex")}`;
}

/** Dev accounts 10..14 are the demo consortium's oracle1..oracle5 (lib/chain/demoConsortium.ts). */
export const DEV_ORACLE_FIRST_INDEX = 10;

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

interface Artifact {
  abi: Abi;
  bytecode: Hex;
}

function readArtifact(sourcePath: string, name: string): Artifact {
  const file = path.join(PROJECT_ROOT, "artifacts", sourcePath, `${name}.json`);
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Artifact;
  } catch (error) {
    throw new Error(
      `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"}): run npm run build first`,
      { cause: error },
    );
  }
}

export interface DeployedOracle {
  registry: Address;
  verifier: Address;
  oracle: Address;
  /** The block the oracle was deployed in (where nodes start reading). */
  startBlock: number;
  chainId: number;
}

export interface DeployOracleOptions {
  rpcUrl: string;
  members: readonly Address[];
  threshold: number;
  /** Keys of the three registry administrators (default: dev accounts 0, 1, 2). */
  administratorKeys?: readonly [Hex, Hex, Hex];
  /** Fund members holding less than this (wei) from the first administrator (default 10 ETH). */
  fundBelowWei?: bigint;
}

async function waitFor(client: PublicClient, hash: Hex): Promise<bigint> {
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  if (receipt.status !== "success") throw new Error(`deployment transaction ${hash} reverted`);
  return receipt.blockNumber;
}

export async function deployOracle(options: DeployOracleOptions): Promise<DeployedOracle> {
  const transport = http(options.rpcUrl, { timeout: 30_000 });
  const probe = createPublicClient({ transport });
  const chainId = await probe.getChainId();
  const chain = defineChain({
    id: chainId,
    name: `local-${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [options.rpcUrl] } },
  });
  const client = createPublicClient({ chain, transport, pollingInterval: 50 }) as PublicClient;
  const [a0, a1, a2] = (options.administratorKeys ?? [devKey(0), devKey(1), devKey(2)]).map((k) =>
    privateKeyToAccount(k),
  );
  const admin = createWalletClient({ chain, transport, account: a0! });
  const second = createWalletClient({ chain, transport, account: a1! });

  const registryArtifact = readArtifact(
    "contracts/consortium/ConsortiumRegistry.sol",
    "ConsortiumRegistry",
  );
  const verifierArtifact = readArtifact(
    "contracts/accelerator/SignatureBatchVerifier.sol",
    "SignatureBatchVerifier",
  );
  const oracleArtifact = readArtifact("contracts/oracle/CustomsOracle.sol", "CustomsOracle");

  const deploy = async (artifact: Artifact, args: readonly unknown[]): Promise<Address> => {
    const hash = await admin.deployContract({
      abi: artifact.abi,
      bytecode: artifact.bytecode,
      args: args as unknown[],
    });
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    if (receipt.status !== "success" || receipt.contractAddress == null) {
      throw new Error(`deployment ${hash} failed`);
    }
    return receipt.contractAddress;
  };

  const registry = await deploy(registryArtifact, [[a0!.address, a1!.address, a2!.address], 2n]);
  const fundBelow = options.fundBelowWei ?? parseEther("10");
  for (const [index, member] of options.members.entries()) {
    if ((await client.getBalance({ address: member })) < fundBelow) {
      await waitFor(client, await admin.sendTransaction({ to: member, value: parseEther("100") }));
    }
    const governed = onboardMemberCall(member, {
      name: `Oracle node ${index + 1}`,
      registrationId: `ORACLE-NODE-${index + 1}`,
      country: "SG",
      roles: ["ORACLE"],
    });
    const call = encodeFunctionData({
      abi: registryArtifact.abi,
      functionName: governed.functionName,
      args: governed.args,
    });
    const proposed = await admin.writeContract({
      address: registry,
      abi: registryArtifact.abi,
      functionName: "propose",
      args: [registry, call, governed.description],
    });
    await waitFor(client, proposed);
    const proposalId = (await client.readContract({
      address: registry,
      abi: registryArtifact.abi,
      functionName: "proposalCount",
    })) as bigint;
    await waitFor(
      client,
      await second.writeContract({
        address: registry,
        abi: registryArtifact.abi,
        functionName: "approve",
        args: [proposalId],
      }),
    );
  }
  const verifier = await deploy(verifierArtifact, []);
  const oracle = await deploy(oracleArtifact, [
    registry,
    verifier,
    options.members,
    options.threshold,
  ]);
  const startBlock = Number(await client.getBlockNumber());
  return { registry, verifier, oracle, startBlock, chainId };
}
