/**
 * The gateway's view of the chain (viem): a public client for reads and logs, and one wallet per
 * carrier it serves, signing with that carrier's key. Every write is simulated first (a refusal is
 * decoded to the contract's custom error and nothing is sent), then sent and waited for; writes of
 * one carrier go one at a time, so two requests never race for a nonce.
 */
import {
  BaseError,
  type Abi,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  http,
  type Address,
  type Chain,
  type ContractFunctionArgs,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
  defineChain,
  getAddress,
  hexToNumber,
} from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";

import type { Secret } from "../../lib/config/secret.ts";
import { CaravelError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";
import { redactUrlsIn } from "../../lib/net/redaction.ts";
import { billOfLadingAbi } from "./billOfLadingAbi.ts";

type BillAbi = typeof billOfLadingAbi;
/** The BillOfLading functions a carrier's gateway sends. */
export type CarrierWrite = "issue" | "amend" | "acceptSurrender" | "rejectSurrender" | "voidBill";

/** The contract refused a call: its custom error, by name and arguments. */
export class ChainRefusalError extends CaravelError {
  override name = "ChainRefusalError" as const;
  readonly errorName: string;
  readonly args: readonly unknown[];

  constructor(functionName: string, errorName: string, args: readonly unknown[], cause?: unknown) {
    super(`${functionName} was refused: ${errorName}(${args.map((a) => String(a)).join(", ")})`, {
      code: TASK_ERRORS.CONTRACT_REFUSED,
      cause,
    });
    this.errorName = errorName;
    this.args = args;
  }
}

/** The decoded custom error of a viem contract error, if it carries one. */
export function refusalOf(functionName: string, error: unknown): ChainRefusalError | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return undefined;
  const name = reverted.data?.errorName ?? reverted.reason ?? "unknown revert";
  return new ChainRefusalError(functionName, name, reverted.data?.args ?? [], error);
}

export interface GatewayChainOptions {
  chainId: number;
  billOfLading: Address;
  /** An RPC URL, or a viem transport (an in-process provider in tests). */
  transport: string | Transport;
  /** Signing keys by carrier address. */
  signers: ReadonlyMap<Address, Secret<Hex>>;
  /** Polling interval for receipts (ms). */
  pollingIntervalMs?: number;
}

/** What `/healthz` says of the chain: it answered as the configured chain, or why it is unusable. */
export type ChainHealth =
  { status: "ok"; chainId: number } | { status: "unavailable"; reason: string };

export interface WriteResult {
  txHash: Hex;
  blockNumber: bigint;
  /** The function's return value, from the simulation. */
  result: unknown;
}

export class GatewayChain {
  readonly chain: Chain;
  readonly publicClient: PublicClient;
  readonly billOfLading: Address;
  readonly #wallets = new Map<Address, { wallet: WalletClient; account: PrivateKeyAccount }>();
  readonly #queues = new Map<Address, Promise<unknown>>();
  readonly #transport: Transport;
  readonly #pollingInterval: number;

  constructor(options: GatewayChainOptions) {
    this.chain = defineChain({
      id: options.chainId,
      name: `caravel-${options.chainId}`,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: {
        default: {
          http: [
            typeof options.transport === "string" ? options.transport : "http://in-process.invalid",
          ],
        },
      },
    });
    const transport =
      typeof options.transport === "string" ? http(options.transport) : options.transport;
    const pollingInterval = options.pollingIntervalMs ?? 250;
    this.#transport = transport;
    this.#pollingInterval = pollingInterval;
    this.publicClient = createPublicClient({ chain: this.chain, transport, pollingInterval });
    this.billOfLading = getAddress(options.billOfLading);
    for (const [address, key] of options.signers) {
      const account = privateKeyToAccount(key.reveal());
      this.#wallets.set(getAddress(address), {
        account,
        wallet: createWalletClient({ account, chain: this.chain, transport, pollingInterval }),
      });
    }
  }

  /**
   * Checks the endpoint is the configured chain and BillOfLading has code there; throws a
   * CaravelError naming what differs.
   */
  async check(): Promise<void> {
    const chainId = await this.publicClient.getChainId();
    if (chainId !== this.chain.id) {
      throw new CaravelError(
        `the RPC endpoint serves chain ${chainId}, not ${this.chain.id} (chain.chainId)`,
        {
          code: TASK_ERRORS.GATEWAY_CONFIG,
        },
      );
    }
    const code = await this.publicClient.getCode({ address: this.billOfLading });
    if (code === undefined || code === "0x") {
      throw new CaravelError(`no contract at chain.billOfLading ${this.billOfLading}`, {
        code: TASK_ERRORS.GATEWAY_CONFIG,
      });
    }
  }

  /**
   * Asks the endpoint its chain id, waiting at most `timeoutMs`: "ok" when it answers the
   * configured id, else "unavailable" with the reason (no answer in time, an error, another
   * chain). Never throws; URLs in a reason are redacted (an RPC URL may carry an API key).
   */
  async health(timeoutMs: number): Promise<ChainHealth> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = Symbol("timed out");
    const deadline = new Promise<typeof timedOut>((resolve) => {
      timer = setTimeout(() => resolve(timedOut), timeoutMs);
    });
    try {
      // One attempt: a probe reports what the chain does now, not after the client's retries.
      const asked = this.publicClient
        .request({ method: "eth_chainId" }, { retryCount: 0 })
        .then((id) => hexToNumber(id));
      const answer = await Promise.race([asked, deadline]);
      if (answer === timedOut) {
        return {
          status: "unavailable",
          reason: `the chain did not answer eth_chainId within ${timeoutMs} ms`,
        };
      }
      if (answer !== this.chain.id) {
        return {
          status: "unavailable",
          reason: `the RPC endpoint serves chain ${answer}, not ${this.chain.id} (chain.chainId)`,
        };
      }
      return { status: "ok", chainId: answer };
    } catch (error) {
      const message =
        error instanceof BaseError
          ? [error.shortMessage, error.details].filter((m) => m !== "").join(" ")
          : error instanceof Error
            ? error.message
            : String(error);
      return {
        status: "unavailable",
        reason: `the chain did not answer eth_chainId: ${redactUrlsIn(message)}`,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Adds a signer (e.g. the platform's own key for PINT imports), once per address. */
  addSigner(key: Secret<Hex>): Address {
    const account = privateKeyToAccount(key.reveal());
    if (!this.#wallets.has(account.address)) {
      this.#wallets.set(account.address, {
        account,
        wallet: createWalletClient({
          account,
          chain: this.chain,
          transport: this.#transport,
          pollingInterval: this.#pollingInterval,
        }),
      });
    }
    return account.address;
  }

  /** The wallet client of a signer the gateway holds (a carrier, or one added with `addSigner`). */
  walletOf(signer: Address): WalletClient<Transport, Chain, PrivateKeyAccount> {
    const entry = this.#wallets.get(getAddress(signer));
    if (entry === undefined) throw new Error(`the gateway holds no key for ${signer}`);
    return entry.wallet as WalletClient<Transport, Chain, PrivateKeyAccount>;
  }

  /**
   * Sends `functionName(args)` to BillOfLading as `carrier`: simulated first (a refusal throws a
   * ChainRefusalError and sends nothing), then sent and waited for (a reverted receipt throws).
   */
  write<F extends CarrierWrite>(
    carrier: Address,
    functionName: F,
    args: ContractFunctionArgs<BillAbi, "nonpayable", F>,
  ): Promise<WriteResult> {
    return this.writeContract(carrier, {
      address: this.billOfLading,
      abi: billOfLadingAbi,
      functionName,
      args: args as readonly unknown[],
    });
  }

  /**
   * Sends any contract call as `signer` (a carrier, or a signer added with `addSigner`), with the
   * same guarantees as `write`: simulated first, one transaction at a time per signer, waited for.
   */
  writeContract(
    signer: Address,
    call: { address: Address; abi: Abi; functionName: string; args: readonly unknown[] },
  ): Promise<WriteResult> {
    const entry = this.#wallets.get(getAddress(signer));
    if (entry === undefined) throw new Error(`the gateway holds no key for ${signer}`);
    const previous = this.#queues.get(entry.account.address) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.#send(entry, call));
    this.#queues.set(entry.account.address, next);
    return next;
  }

  async #send(
    entry: { wallet: WalletClient; account: PrivateKeyAccount },
    call: { address: Address; abi: Abi; functionName: string; args: readonly unknown[] },
  ): Promise<WriteResult> {
    let simulated;
    try {
      simulated = await this.publicClient.simulateContract({
        ...call,
        account: entry.account,
      } as Parameters<PublicClient["simulateContract"]>[0]);
    } catch (error) {
      throw refusalOf(call.functionName, error) ?? error;
    }
    const txHash = await entry.wallet.writeContract(
      simulated.request as Parameters<WalletClient["writeContract"]>[0],
    );
    const receipt = await this.publicClient.waitForTransactionReceipt({ hash: txHash });
    if (receipt.status !== "success") {
      throw new ChainRefusalError(call.functionName, "reverted on inclusion", [txHash]);
    }
    return { txHash, blockNumber: receipt.blockNumber, result: simulated.result };
  }
}
