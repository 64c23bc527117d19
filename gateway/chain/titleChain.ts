/**
 * A bill's title chain as the gateway reads it (viem): the contract keeps no entry per step,
 * only a head folding every step and a count (`titleChainHead`, `titleChainLength`), and each
 * step is logged by its event. The steps are rebuilt from the bill's logs and verified against
 * the head by the one implementation in `lib/trade/titleChain.ts`; a chain that does not verify
 * is refused, never sent to a carrier or another platform.
 */
import {
  decodeEventLog,
  pad,
  parseAbi,
  toEventSelector,
  toHex,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";

import type { TitleStep } from "../../lib/trade/billOfLading.ts";
import {
  titleStepsFromLogs,
  verifyTitleChain,
  type BillEventLog,
} from "../../lib/trade/titleChain.ts";

/** The events that are title steps, and the views the check reads (test/gateway/billOfLadingAbi.test.ts checks them). */
export const titleChainAbi = parseAbi([
  "event BillIssued(uint256 indexed billId, address indexed carrier, address indexed holder, string blNumber, address notifyParty, string voyageNumber)",
  "event BillEndorsed(uint256 indexed billId, address indexed from, address indexed to)",
  "event BillEndorsedInBlank(uint256 indexed billId, address indexed holder)",
  "event BillPossessionTransferred(uint256 indexed billId, address indexed from, address indexed to)",
  "event BillRefused(uint256 indexed billId, address indexed from, address indexed to)",
  "event BillPledged(uint256 indexed billId, address indexed pledgor, address indexed pledgee)",
  "event BillPledgeReleased(uint256 indexed billId, address indexed pledgee, address indexed pledgor)",
  "event BillPledgeEnforced(uint256 indexed billId, address indexed pledgee, address indexed pledgor)",
  "event BillSurrenderedForDelivery(uint256 indexed billId, address indexed from, address indexed carrier)",
  "event BillSurrenderedForAmendment(uint256 indexed billId, address indexed from, address indexed carrier)",
  "event BillSurrenderAccepted(uint256 indexed billId, address indexed carrier, address indexed surrenderedBy)",
  "event BillSurrenderRejected(uint256 indexed billId, address indexed carrier, address indexed to, string reason)",
  "event BillReplaced(uint256 indexed billId, uint256 indexed replacementId, address indexed holder)",
  "event BillVoided(uint256 indexed billId, address indexed carrier, address indexed surrenderedBy, string reason)",
  "event BillExported(uint256 indexed billId, address indexed holder, bytes4 platform, bytes32 recipient, bytes32 envelopeChecksum)",
  "event BillImported(uint256 indexed billId, address indexed carrier, address indexed holder, string blNumber, bytes32 transferChainChecksum, bool returned)",
  "function titleChainHead(uint256 billId) view returns (bytes32)",
  "function titleChainLength(uint256 billId) view returns (uint256)",
  "function replaces(uint256 billId) view returns (uint256)",
]);

const STEP_TOPICS: Hex[] = titleChainAbi
  .filter((item) => item.type === "event")
  .map((event) => toEventSelector(event));

interface RawLog {
  blockNumber: Hex;
  data: Hex;
  topics: [Hex, ...Hex[]];
}

/** The verified title chain of `billId`; throws when the logs do not replay to the on-chain head. */
export async function readVerifiedTitleChain(
  client: PublicClient,
  billOfLading: Address,
  billId: bigint,
): Promise<TitleStep[]> {
  const read = <T>(functionName: "titleChainHead" | "titleChainLength" | "replaces") =>
    client.readContract({
      address: billOfLading,
      abi: titleChainAbi,
      functionName,
      args: [billId],
    }) as Promise<T>;
  const [head, length, replaces] = await Promise.all([
    read<Hex>("titleChainHead"),
    read<bigint>("titleChainLength"),
    read<bigint>("replaces"),
  ]);
  // One query for every step event of this bill (topic 1 is the bill id in each).
  const raw = (await client.request({
    method: "eth_getLogs",
    params: [
      {
        address: billOfLading,
        fromBlock: "0x0",
        toBlock: "latest",
        topics: [STEP_TOPICS, pad(toHex(billId), { size: 32 })],
      },
    ],
  })) as unknown as RawLog[];
  const times = new Map<Hex, bigint>();
  const logs: BillEventLog[] = [];
  for (const log of raw) {
    if (!times.has(log.blockNumber)) {
      const block = await client.getBlock({ blockNumber: BigInt(log.blockNumber) });
      times.set(log.blockNumber, block.timestamp);
    }
    const decoded = decodeEventLog({ abi: titleChainAbi, data: log.data, topics: log.topics });
    const args = decoded.args as unknown as Record<string, unknown>;
    logs.push({
      name: decoded.eventName,
      arg: (name) => args[name],
      timestamp: times.get(log.blockNumber)!,
    });
  }
  const steps = titleStepsFromLogs(billId, logs, replaces !== 0n);
  const check = verifyTitleChain(steps, { head, length });
  if (!check.verified)
    throw new Error(`the title chain of bill ${billId} does not verify: ${check.reason}`);
  return steps;
}
