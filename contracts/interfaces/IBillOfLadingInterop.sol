// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IBillOfLading} from "./IBillOfLading.sol";
import {IBillOfLadingTitle} from "./IBillOfLadingTitle.sol";

/// @title IBillOfLadingInterop
/// @notice How a bill leaves Caravel for another eBL platform and arrives from one, over DCSA
/// PINT 3.0 (issue #16). The holder asks to export; the consortium's PINT gateway (an account
/// governance names) completes the export once the receiving platform answered `RECE` (the bill
/// is then `Exported` and never moves again here) or abandons it (title stays where it was). The
/// gateway imports a bill received from another platform to a consortium member, with the
/// imported transfer chain's checksum linked; a bill exported from here that comes back is
/// re-activated with its title chain continuing. At every moment exactly one platform can move a
/// bill: here, only while its status is `Active`.
interface IBillOfLadingInterop {
    /// @notice A bill's pending or completed export.
    struct BillExport {
        bytes4 platform; //          DCSA eBL platform code of the receiving platform (e.g. "BOLE")
        uint48 requestedAt; //       block time of the holder's request
        bytes32 recipient; //        keccak256 of the recipient's DCSA identifying code (lib/trade/pint.ts)
        bytes32 envelopeChecksum; // SHA-256 of the last transfer-chain entry sent; 0 while pending
    }

    /// @notice Only the consortium's PINT gateway (`pintGateway`) may do this; `caller` is not it.
    error BillOfLadingNotPintGateway(address caller, address gateway);
    /// @notice This chain holds a copy of bill `billId` in status `status`: it cannot be imported.
    error BillOfLadingActiveCopy(uint256 billId, IBillOfLadingTitle.BillStatus status);
    /// @notice Bill `billId` returns with document hash `presented`; it left with `recorded`.
    error BillOfLadingImportMismatch(uint256 billId, bytes32 recorded, bytes32 presented);

    /// @notice Governance named `gateway` (was `previous`) as the account that completes,
    /// abandons and imports PINT transfers.
    event PintGatewaySet(address indexed previous, address indexed gateway);
    /// @notice `holder` asked to export bill `billId` to `recipient` on platform `platform`; the
    /// bill is locked until the gateway completes or abandons the transfer.
    event BillExportRequested(
        uint256 indexed billId,
        address indexed holder,
        bytes4 platform,
        bytes32 recipient
    );
    /// @notice Platform `platform` received bill `billId` (answered `RECE`): it is exported and
    /// never moves again here. `envelopeChecksum` is the last transfer-chain entry sent.
    event BillExported(
        uint256 indexed billId,
        address indexed holder,
        bytes4 platform,
        bytes32 recipient,
        bytes32 envelopeChecksum
    );
    /// @notice The export of bill `billId` was abandoned (`reason`); `holder` holds it as before.
    event BillExportAbandoned(uint256 indexed billId, address indexed holder, string reason);
    /// @notice Bill `billId` of `carrier` arrived from another platform and is held by `holder`;
    /// `transferChainChecksum` is the SHA-256 of the imported chain's last entry; `returned`
    /// says it was exported from here before and is active again.
    event BillImported(
        uint256 indexed billId,
        address indexed carrier,
        address indexed holder,
        string blNumber,
        bytes32 transferChainChecksum,
        bool returned
    );

    /// @notice Name the PINT gateway account (governance only; address(0) stops all PINT moves).
    function setPintGateway(address gateway) external;

    /// @notice Ask to export bill `billId` to party `recipient` on platform `platform` (holder
    /// only, bill active and not pledged). No title operation is possible until the gateway
    /// completes or abandons the transfer.
    function requestExport(uint256 billId, bytes4 platform, bytes32 recipient) external;

    /// @notice The receiving platform answered `RECE`: bill `billId` becomes `Exported` (gateway only).
    /// @param envelopeChecksum SHA-256 of the last transfer-chain entry sent, non-zero.
    function completeExport(uint256 billId, bytes32 envelopeChecksum) external;

    /// @notice The transfer of bill `billId` failed or was given up (gateway only): the bill is
    /// active again, held where it was.
    function abandonExport(uint256 billId, string calldata reason) external;

    /// @notice Issue on this chain bill `bill` of `carrier`, received from another platform, to
    /// `holder`, an active member (gateway only). A bill exported from here comes back to life
    /// with its title chain continuing; a bill this chain holds in any other status is refused.
    /// Foreign parties (carrier, shipper, consignee) are named by addresses derived from their
    /// DCSA identity (lib/trade/pint.ts).
    /// @param transferChainChecksum SHA-256 of the last imported transfer-chain entry, non-zero.
    /// @return billId `billIdOf(carrier, bill.blNumber)`.
    function importBill(
        address carrier,
        IBillOfLading.BillIssue calldata bill,
        address holder,
        bytes32 transferChainChecksum
    ) external returns (uint256 billId);

    /// @notice The account governance named as PINT gateway (address(0): none).
    function pintGateway() external view returns (address);

    /// @notice The pending or last completed export of bill `billId` (zeroes if none).
    function exportOf(uint256 billId) external view returns (BillExport memory);

    /// @notice The checksum of the transfer chain bill `billId` last arrived with (0 if never imported).
    function importedChainOf(uint256 billId) external view returns (bytes32);
}
