/**
 * What the PINT side of the gateway asks of the chain, and its viem implementation against the
 * BillOfLading contract. The receiver and sender take a `PintChain`, so tests and benchmarks may
 * run them over any chain the gateway's wallet can reach.
 */
import {
  type Account,
  type Address,
  type Chain,
  type Hex,
  parseAbi,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";

import { TitleEventKind } from "../../lib/trade/billOfLading.ts";
import { BillStatus } from "../../lib/trade/enums.ts";
import { readVerifiedTitleChain } from "../chain/titleChain.ts";

/** `IBillOfLading.BillIssue` as viem takes it. */
export interface BillIssueArgs {
  blNumber: string;
  shipper: Address;
  consignee: Address;
  notifyParty: Address;
  vesselImo: number;
  voyageNumber: string;
  portOfLoading: Hex;
  portOfDischarge: Hex;
  shippedOnBoardAt: number;
  documentHash: Hex;
}

export interface TitleChainStep {
  party: Address;
  timestamp: number;
  kind: number;
}

export interface PintChain {
  isActiveMember(account: Address): Promise<boolean>;
  billStatus(billId: bigint): Promise<number>;
  billIdOf(carrier: Address, blNumber: string): Promise<bigint>;
  importedChainOf(billId: bigint): Promise<Hex>;
  titleChain(billId: bigint): Promise<TitleChainStep[]>;
  billForm(billId: bigint): Promise<number>;
  exportOf(
    billId: bigint,
  ): Promise<{ platform: Hex; requestedAt: number; recipient: Hex; envelopeChecksum: Hex }>;
  /** Sends `importBill` and waits for its receipt; resolves with the bill id. */
  importBill(
    carrier: Address,
    bill: BillIssueArgs,
    holder: Address,
    transferChainChecksum: Hex,
  ): Promise<bigint>;
  completeExport(billId: bigint, envelopeChecksum: Hex): Promise<void>;
  abandonExport(billId: bigint, reason: string): Promise<void>;
}

/** The slice of the BillOfLading and registry ABIs the gateway uses (checked against the artifact by test). */
export const PINT_BILL_ABI = parseAbi([
  "struct BillIssue { string blNumber; address shipper; address consignee; address notifyParty; uint32 vesselImo; string voyageNumber; bytes5 portOfLoading; bytes5 portOfDischarge; uint48 shippedOnBoardAt; bytes32 documentHash; }",
  "struct BillExport { bytes4 platform; uint48 requestedAt; bytes32 recipient; bytes32 envelopeChecksum; }",
  "function billStatus(uint256 billId) view returns (uint8)",
  "function billForm(uint256 billId) view returns (uint8)",
  "function billIdOf(address carrier, string blNumber) pure returns (uint256)",
  "function importedChainOf(uint256 billId) view returns (bytes32)",
  "function exportOf(uint256 billId) view returns (BillExport)",
  "function consortiumRegistry() view returns (address)",
  "function importBill(address carrier, BillIssue bill, address holder, bytes32 transferChainChecksum) returns (uint256)",
  "function completeExport(uint256 billId, bytes32 envelopeChecksum)",
  "function abandonExport(uint256 billId, string reason)",
  "event BillExportRequested(uint256 indexed billId, address indexed holder, bytes4 platform, bytes32 recipient)",
  "error BillOfLadingInvalidField(string field)",
  "error BillOfLadingInvalidRecipient(uint256 billId, address recipient)",
  "error BillOfLadingActiveCopy(uint256 billId, uint8 status)",
  "error BillOfLadingImportMismatch(uint256 billId, bytes32 recorded, bytes32 presented)",
  "error BillOfLadingNotPintGateway(address caller, address gateway)",
  "error BillOfLadingUnexpectedStatus(uint256 billId, uint8 current, uint8 expected)",
  "error ConsortiumInactiveMember(address account)",
]);

export const PINT_REGISTRY_ABI = parseAbi([
  "function isActiveMember(address account) view returns (bool)",
]);

/** A `PintChain` over viem clients; `wallet` is the governance-named gateway account. */
export function createViemPintChain(options: {
  publicClient: PublicClient;
  wallet: WalletClient<Transport, Chain, Account>;
  billOfLading: Address;
  registry: Address;
}): PintChain {
  const { publicClient, wallet, billOfLading, registry } = options;
  const read = <T>(functionName: string, args: readonly unknown[]): Promise<T> =>
    publicClient.readContract({
      address: billOfLading,
      abi: PINT_BILL_ABI,
      functionName,
      args,
    } as never) as Promise<T>;
  const send = async (functionName: string, args: readonly unknown[]): Promise<void> => {
    const { request } = await publicClient.simulateContract({
      address: billOfLading,
      abi: PINT_BILL_ABI,
      functionName,
      args,
      account: wallet.account,
    } as never);
    const hash = await wallet.writeContract(request as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted in ${hash}`);
  };
  return {
    isActiveMember: (account) =>
      publicClient.readContract({
        address: registry,
        abi: PINT_REGISTRY_ABI,
        functionName: "isActiveMember",
        args: [account],
      }),
    billStatus: async (billId) => Number(await read<number>("billStatus", [billId])),
    billForm: async (billId) => Number(await read<number>("billForm", [billId])),
    billIdOf: (carrier, blNumber) => read<bigint>("billIdOf", [carrier, blNumber]),
    importedChainOf: (billId) => read<Hex>("importedChainOf", [billId]),
    titleChain: async (billId) =>
      (await readVerifiedTitleChain(publicClient, billOfLading, billId)).map((step) => ({
        party: step.party as Address,
        timestamp: Number(step.timestamp),
        kind: TitleEventKind[step.kind],
      })),
    exportOf: async (billId) => {
      const e = await read<{
        platform: Hex;
        requestedAt: number;
        recipient: Hex;
        envelopeChecksum: Hex;
      }>("exportOf", [billId]);
      return {
        platform: e.platform,
        requestedAt: Number(e.requestedAt),
        recipient: e.recipient,
        envelopeChecksum: e.envelopeChecksum,
      };
    },
    async importBill(carrier, bill, holder, checksum) {
      await send("importBill", [carrier, bill, holder, checksum]);
      return read<bigint>("billIdOf", [carrier, bill.blNumber]);
    },
    completeExport: (billId, checksum) => send("completeExport", [billId, checksum]),
    abandonExport: (billId, reason) => send("abandonExport", [billId, reason]),
  };
}

/** Statuses in which this chain holds no active copy of a bill (it may import it). */
export function mayImport(status: number): boolean {
  return status === BillStatus.None || status === BillStatus.Exported;
}
