/**
 * An oracle node's start-up checks, before it signs or proposes anything: the RPC endpoint serves
 * the configured chain, the oracle's on-chain committee is the configured one, and a node with a
 * new signature store keeps out of the sequences it may have signed before (the signing floor).
 * A mismatch is a ConfigError naming the field; the node does not start.
 */
import { describeChainError } from "../chain/errors.ts";
import type { ChainClients } from "../chain/clients.ts";
import { customsOracleAbi } from "../chain/oracleAbi.ts";
import { retryTransport } from "../chain/retry.ts";
import type { ChainWatcher } from "../chain/watcher.ts";
import { ConfigError, type ConfigProblem } from "../config/loadConfig.ts";
import type { NodeConfig } from "../config/schema.ts";
import type { Committee } from "../consensus/committee.ts";
import type { SigningFloor } from "../consensus/signingFloor.ts";
import type { Logger } from "../observability/logger.ts";
import type { SignatureStore } from "../store/signatures.ts";

export interface StartupCheckDeps {
  config: NodeConfig;
  clients: ChainClients;
  committee: Committee;
  logger: Logger;
  /** Aborts the retries when the node stops. */
  signal: AbortSignal;
}

/** Waits for the RPC endpoint and refuses one serving another chain than the configured one. */
export async function checkChainId(deps: StartupCheckDeps): Promise<void> {
  const { config, clients, logger, signal } = deps;
  const chainId = await retryTransport(() => clients.publicClient.getChainId(), {
    baseDelayMs: config.chain.retryBaseDelayMs,
    maxDelayMs: config.chain.retryMaxDelayMs,
    signal,
    onRetry: (attempt, error) => {
      if (attempt === 1 || attempt % 10 === 0) {
        logger.warn("waiting for the RPC endpoint", { error: describeChainError(error) });
      }
    },
  });
  if (chainId !== config.chain.chainId) {
    throw new ConfigError([
      {
        field: "chain.chainId",
        message: `the RPC endpoint serves chain ${chainId}, not ${config.chain.chainId}`,
        source: "chain.rpcUrl",
      },
    ]);
  }
}

/**
 * Reads the oracle's committee and threshold and throws a ConfigError unless they are the
 * configured ones (members compared as a set of addresses); returns the epoch checked. The
 * configuration also holds what the chain does not (each member's id, URL and place in the leader
 * schedule), so a committee changed by governance needs new configuration on every node; a node
 * that went on with the old one would sign and propose reports the contract refuses.
 */
export async function checkCommittee(deps: StartupCheckDeps): Promise<number> {
  const { config, clients, committee, signal } = deps;
  const [members, threshold, epoch] = await retryTransport(
    () =>
      clients.publicClient.readContract({
        address: config.chain.oracleAddress,
        abi: customsOracleAbi,
        functionName: "committee",
      }),
    {
      baseDelayMs: config.chain.retryBaseDelayMs,
      maxDelayMs: config.chain.retryMaxDelayMs,
      signal,
    },
  );
  const onChain = new Set(members.map((a) => a.toLowerCase()));
  const configured = committee.addresses.map((a) => a.toLowerCase());
  const problems: ConfigProblem[] = [];
  const missing = configured.filter((a) => !onChain.has(a));
  const extra = [...onChain].filter((a) => !configured.includes(a));
  if (missing.length > 0 || extra.length > 0) {
    problems.push({
      field: "committee.members",
      message:
        `the oracle's committee of epoch ${epoch} is not the configured one` +
        (missing.length > 0 ? `; not on chain: ${missing.join(", ")}` : "") +
        (extra.length > 0 ? `; on chain but not configured: ${extra.join(", ")}` : ""),
      source: "chain.oracleAddress",
    });
  }
  if (threshold !== committee.threshold) {
    problems.push({
      field: "committee.threshold",
      message: `the oracle's threshold in epoch ${epoch} is ${threshold}, not ${committee.threshold}`,
      source: "chain.oracleAddress",
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return epoch;
}

/**
 * A node that has never signed anything (a new store: first start, or a disk lost and replaced)
 * cannot know whether its key signed the sequences just ahead of the chain before; it stays out
 * of those (the pipeline window) so it can never sign a second report for one of them. The floor
 * comes off when the chain passes it, or when the operator lifts it (see SigningFloor).
 */
export async function establishSigningFloor(
  floor: SigningFloor,
  signatures: SignatureStore,
  watcher: ChainWatcher,
  pipelineDepth: number,
): Promise<void> {
  if (floor.current !== undefined || signatures.ownSignatureCount() > 0) return;
  const snapshot = await watcher.poll();
  floor.establish(snapshot, pipelineDepth, signatures.ownSignatureCount());
}
