/**
 * The part of BillOfLading's ABI the gateway calls, as viem reads it (typed). Written out rather
 * than read from Hardhat's artifacts so the gateway runs where no build output is deployed;
 * test/gateway/billOfLadingAbi.test.ts checks every entry against the compiled contract.
 */
import { parseAbi } from "viem";

export const billOfLadingAbi = parseAbi([
  "struct BillIssue { string blNumber; address shipper; address consignee; address notifyParty; uint32 vesselImo; string voyageNumber; bytes5 portOfLoading; bytes5 portOfDischarge; uint48 shippedOnBoardAt; bytes32 documentHash; }",
  "struct BillFacts { address carrier; bytes32 shipmentRef; address shipper; address consignee; bytes5 portOfLoading; bytes5 portOfDischarge; uint48 shippedOnBoardAt; bytes32 documentHash; }",
  "function issue(BillIssue bill) returns (uint256 billId)",
  "function amend(uint256 billId, BillIssue replacement) returns (uint256 replacementId)",
  "function acceptSurrender(uint256 billId)",
  "function rejectSurrender(uint256 billId, string reason)",
  "function voidBill(uint256 billId, string reason)",
  "function billFacts(uint256 billId) view returns (BillFacts)",
  "function billStatus(uint256 billId) view returns (uint8)",
  "function holderOf(uint256 billId) view returns (address)",
  "function billIdOf(address carrier, string blNumber) pure returns (uint256)",
  "event BillIssued(uint256 indexed billId, address indexed carrier, address indexed holder, string blNumber, address notifyParty, string voyageNumber)",
  "event BillSurrenderedForDelivery(uint256 indexed billId, address indexed from, address indexed carrier)",
  "event BillSurrenderedForAmendment(uint256 indexed billId, address indexed from, address indexed carrier)",
  "error BillOfLadingNonexistent(uint256 billId)",
  "error BillOfLadingNumberTaken(address carrier, string blNumber, uint256 billId)",
  "error BillOfLadingInvalidField(string field)",
  "error BillOfLadingNotHolder(uint256 billId, address caller, address holder)",
  "error BillOfLadingNotCarrier(uint256 billId, address caller, address carrier)",
  "error BillOfLadingUnexpectedStatus(uint256 billId, uint8 current, uint8 expected)",
  "error BillOfLadingUnexpectedForm(uint256 billId, uint8 current)",
  "error BillOfLadingSurrenderPurposeMismatch(uint256 billId, bool forAmendment)",
  "error BillOfLadingNotConsignee(uint256 billId, address party, address consignee)",
  "error BillOfLadingInvalidRecipient(uint256 billId, address recipient)",
  "error ConsortiumUnauthorizedAccount(address account, bytes32 role)",
  "error ConsortiumInactiveMember(address account)",
]);
