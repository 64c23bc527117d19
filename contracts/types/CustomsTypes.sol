// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @notice What a customs or transport event says happened to a shipment.
/// Customs codes follow the WCO Data Model response function codes HMRC CDS publishes
/// (01 accepted, 03 rejected, 05 under control, 06 documents required, 08 released,
/// 09 cleared, 16 goods exited, 52 detained); transport events follow DCSA Track & Trace 3
/// (LOAD, DEPA, ARRI, DISC).
enum CustomsEventType {
    None, //                0: never valid in a report
    DeclarationAccepted, // 1: WCO 01
    DeclarationRejected, // 2: WCO 03
    UnderControl, //        3: WCO 05 (held for inspection)
    DocumentsRequired, //   4: WCO 06
    Released, //            5: WCO 08
    Cleared, //             6: WCO 09
    GoodsExited, //         7: WCO 16
    Detained, //            8: WCO 52
    Loaded, //              9: DCSA LOAD
    Departed, //           10: DCSA DEPA
    Arrived, //            11: DCSA ARRI
    Discharged //          12: DCSA DISC
}

/// @notice One customs or transport event about one shipment, as the oracle committee signs it.
/// @dev `shipmentRef` is `keccak256(abi.encodePacked(carrier, transportDocumentReference))`: the
/// issuing carrier's member address and its B/L number (`CustomsShipmentRef`), since B/L numbers
/// are unique only per carrier; the bill of lading stores the same value, so a credit can find its
/// shipment's customs status. `location` is a UN/LOCODE in ASCII ("CNSHA"): where the event
/// happened; for `Cleared`, the customs office that cleared the goods, which settlement compares
/// with the bill's port of discharge. `sourceDocHash` is the keccak256 of the raw
/// source message; `sourceMessageId` is the keccak256 of the source's own message id.
struct CustomsEvent {
    bytes32 shipmentRef;
    CustomsEventType eventType;
    bytes5 location;
    uint48 occurredAt;
    bytes32 sourceDocHash;
    bytes32 sourceMessageId;
}
