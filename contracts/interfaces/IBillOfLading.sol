// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IBillOfLadingTitle} from "./IBillOfLadingTitle.sol";

/// @title IBillOfLading
/// @notice The electronic bill of lading: one ERC-721 token per bill that moves only through the
/// title operations of DCSA eBL 3.0 (issue, endorse, blank-endorse, transfer, surrender for
/// delivery or amendment, accept/reject surrender, void), plus the receiving party's refusal and
/// pledges to banks. It gives the guarantees of UNCITRAL MLETR art. 10 (the record is identified
/// and its integrity kept: a fixed document hash) and art. 11 (one party in exclusive control at
/// every moment: the holder, the ERC-721 owner).
/// @dev Extends the read side a letter of credit examines (`IBillOfLadingTitle`) with the title
/// operations, their errors and events, and the title-chain views.
interface IBillOfLading is IBillOfLadingTitle {
    /// @notice How a bill may circulate, fixed by its consignee field and its endorsements.
    enum BillForm {
        Straight, // a named consignee: non-negotiable, passes only from the shipper to that consignee
        Order, //    "to order": passes by endorsement to a named endorsee
        Bearer //    endorsed in blank: passes by transfer of possession to anyone
    }

    /// @notice What happened at one step of a bill's title chain. The DCSA eBL 3.0 action code
    /// each one corresponds to is named after it.
    enum TitleEventKind {
        Issued, //                  ISSUE: the carrier issued the bill to the shipper
        Endorsed, //                ENDORSE: the holder endorsed it to a named endorsee
        EndorsedInBlank, //         BLANK_ENDORSE: the holder endorsed it in blank (bearer)
        PossessionTransferred, //   TRANSFER: possession passed (bearer bill, or straight bill to its consignee)
        Refused, //                 the receiver refused the endorsement/transfer; previous holder restored
        Pledged, //                 the holder pledged it to a bank as security
        PledgeReleased, //          the pledgee bank released it to the pledgor
        PledgeEnforced, //          the pledgee bank kept it on default: plain holder now
        SurrenderedForDelivery, //  SURRENDER_FOR_DELIVERY: handed to the carrier to take delivery
        SurrenderedForAmendment, // SURRENDER_FOR_AMENDMENT: handed to the carrier to amend or switch to paper
        SurrenderAccepted, //       SACC: delivery made, the bill is accomplished
        SurrenderRejected, //       SREJ: the carrier returned it to the surrendering holder
        Replaced, //                the carrier superseded it by an amended replacement
        Voided, //                  the carrier voided it (switch to paper)
        IssuedAsReplacement, //     ISSUE of an amended bill, to the holder who surrendered the old one
        Exported, //                PINT: another platform received it; the holder's last step here
        Imported //                 PINT: received from another platform, held by the named member
    }

    /// @notice One step of a bill's title chain (as logged and folded into `titleChainHead`).
    struct TitleEntry {
        address party; // the holder once the step took effect
        uint48 timestamp; // block time of the step, unix seconds (not `at`: ethers' Result has an `at` method)
        TitleEventKind kind;
    }

    /// @notice What the carrier states when issuing a bill. The chain stores the routing facts
    /// (`BillFacts`) and the vessel; notify party and voyage are logged in `BillIssued`; all of it,
    /// like everything else on the bill, is covered by `documentHash`.
    struct BillIssue {
        string blNumber; //         transport document reference, 1..MAX_BL_NUMBER_LENGTH printable ASCII bytes
        address shipper; //         first holder; an active consortium member
        address consignee; //       address(0) = "to order"; otherwise an active member
        address notifyParty; //     may be address(0)
        uint32 vesselImo; //        IMO ship identification number, 7 digits with a valid check digit
        string voyageNumber; //     carrier's export voyage number, 1..MAX_VOYAGE_NUMBER_LENGTH bytes
        bytes5 portOfLoading; //    UN/LOCODE
        bytes5 portOfDischarge; //  UN/LOCODE, different from the port of loading
        uint48 shippedOnBoardAt; // unix seconds, not in the future
        bytes32 documentHash; //    keccak256 of the full off-chain B/L document, non-zero
    }

    // ------------------------------------------------------------------ errors

    /// @notice No bill `billId` was ever issued.
    error BillOfLadingNonexistent(uint256 billId);
    /// @notice `carrier` already issued a bill numbered `blNumber` (bill `billId`).
    error BillOfLadingNumberTaken(address carrier, string blNumber, uint256 billId);
    /// @notice An issue field is empty or malformed; `field` names it.
    error BillOfLadingInvalidField(string field);
    /// @notice Only the holder of bill `billId` may do this; `caller` is not `holder`.
    error BillOfLadingNotHolder(uint256 billId, address caller, address holder);
    /// @notice Only the carrier that issued bill `billId` may do this; `caller` is not `carrier`.
    error BillOfLadingNotCarrier(uint256 billId, address caller, address carrier);
    /// @notice Bill `billId` is `current`; the operation needs `expected`.
    error BillOfLadingUnexpectedStatus(uint256 billId, BillStatus current, BillStatus expected);
    /// @notice The operation does not apply to a bill of form `current` (e.g. endorsing a straight bill).
    error BillOfLadingUnexpectedForm(uint256 billId, BillForm current);
    /// @notice Bill `billId` is pledged to `pledgee`: only the pledgee may release or enforce it.
    error BillOfLadingPledged(uint256 billId, address pledgee);
    /// @notice Bill `billId` is not pledged.
    error BillOfLadingNotPledged(uint256 billId);
    /// @notice A refusal must be the very next action after an endorsement or transfer; the last
    /// step of bill `billId` was `lastStep`.
    error BillOfLadingNotRefusable(uint256 billId, TitleEventKind lastStep);
    /// @notice Bill `billId` was surrendered for the other purpose (`forAmendment` says which it was).
    error BillOfLadingSurrenderPurposeMismatch(uint256 billId, bool forAmendment);
    /// @notice A straight bill passes only to, and is surrendered for delivery only by, its consignee.
    error BillOfLadingNotConsignee(uint256 billId, address party, address consignee);
    /// @notice `recipient` cannot receive bill `billId` this way (nobody, its own holder, or its carrier).
    error BillOfLadingInvalidRecipient(uint256 billId, address recipient);
    /// @notice Bills move only through title operations: ERC-721 transfers and approvals are refused.
    error BillOfLadingTransferRestricted(uint256 billId, address caller);
    /// @notice Bills move only through title operations: operator approvals are refused.
    error BillOfLadingOperatorsRestricted(address caller, address operator);
    /// @notice Per-account ERC-721 balances are not kept; `owner`'s bills are counted from the
    /// `Transfer` logs (or `holderOf` per bill).
    error BillOfLadingBalanceNotKept(address owner);

    // ------------------------------------------------------------------ events

    /// @notice `carrier` issued bill `billId` numbered `blNumber` to `holder` (DCSA ISSUE): the
    /// shipper, or for an amended bill the holder who surrendered the old one. Logs what the
    /// chain does not store (notify party, voyage); the rest is in `billFacts` and `vesselImoOf`.
    event BillIssued(
        uint256 indexed billId,
        address indexed carrier,
        address indexed holder,
        string blNumber,
        address notifyParty,
        string voyageNumber
    );
    /// @notice Holder `from` endorsed bill `billId` to `to`, who holds it now (DCSA ENDORSE).
    event BillEndorsed(uint256 indexed billId, address indexed from, address indexed to);
    /// @notice Holder `holder` endorsed bill `billId` in blank: it is a bearer bill now (DCSA BLANK_ENDORSE).
    event BillEndorsedInBlank(uint256 indexed billId, address indexed holder);
    /// @notice Possession of bill `billId` passed from `from` to `to` (DCSA TRANSFER).
    event BillPossessionTransferred(uint256 indexed billId, address indexed from, address indexed to);
    /// @notice `from` refused bill `billId`; it went back to `to`, its previous holder.
    event BillRefused(uint256 indexed billId, address indexed from, address indexed to);
    /// @notice `pledgor` pledged bill `billId` to bank `pledgee`, who holds it as security.
    event BillPledged(uint256 indexed billId, address indexed pledgor, address indexed pledgee);
    /// @notice Bank `pledgee` released bill `billId` back to `pledgor`.
    event BillPledgeReleased(uint256 indexed billId, address indexed pledgee, address indexed pledgor);
    /// @notice Bank `pledgee` enforced its pledge over bill `billId` (pledgor `pledgor` defaulted).
    event BillPledgeEnforced(uint256 indexed billId, address indexed pledgee, address indexed pledgor);
    /// @notice `from` surrendered bill `billId` to `carrier` to take delivery (DCSA SURRENDER_FOR_DELIVERY).
    event BillSurrenderedForDelivery(uint256 indexed billId, address indexed from, address indexed carrier);
    /// @notice `from` surrendered bill `billId` to `carrier` for amendment (DCSA SURRENDER_FOR_AMENDMENT).
    event BillSurrenderedForAmendment(uint256 indexed billId, address indexed from, address indexed carrier);
    /// @notice `carrier` accepted the surrender of bill `billId` by `surrenderedBy`: accomplished (DCSA SACC).
    event BillSurrenderAccepted(
        uint256 indexed billId,
        address indexed carrier,
        address indexed surrenderedBy
    );
    /// @notice `carrier` rejected the surrender of bill `billId` and returned it to `to` (DCSA SREJ).
    event BillSurrenderRejected(
        uint256 indexed billId,
        address indexed carrier,
        address indexed to,
        string reason
    );
    /// @notice Bill `billId` was superseded by `replacementId`, issued to `holder`.
    event BillReplaced(uint256 indexed billId, uint256 indexed replacementId, address indexed holder);
    /// @notice `carrier` voided bill `billId` surrendered by `surrenderedBy` (e.g. switch to paper).
    event BillVoided(
        uint256 indexed billId,
        address indexed carrier,
        address indexed surrenderedBy,
        string reason
    );

    // ------------------------------------------------------------------ title operations

    /// @notice Issue a bill (CARRIER only; the caller is the carrier). Its first holder is the shipper.
    /// @return billId `billIdOf(msg.sender, bill.blNumber)`.
    function issue(BillIssue calldata bill) external returns (uint256 billId);

    /// @notice Endorse bill `billId` to `endorsee`, an active member, who holds it now (holder only).
    function endorse(uint256 billId, address endorsee) external;

    /// @notice Endorse bill `billId` in blank: it becomes a bearer bill (holder only).
    function endorseInBlank(uint256 billId) external;

    /// @notice Pass possession of bill `billId` to `to` (holder only): a bearer bill to any active
    /// member, a straight bill to its consignee.
    function transferPossession(uint256 billId, address to) external;

    /// @notice Refuse bill `billId` just endorsed or transferred to the caller; the previous holder
    /// gets it back. Only as the very next action after that endorsement or transfer.
    function refuse(uint256 billId) external;

    /// @notice Pledge bill `billId` to `bank` (a BANK member), who holds it as security (holder only).
    function pledge(uint256 billId, address bank) external;

    /// @notice Release pledged bill `billId` back to its pledgor (the pledgee bank only).
    function releasePledge(uint256 billId) external;

    /// @notice Keep pledged bill `billId` on the pledgor's default: the bank becomes its plain holder.
    function enforcePledge(uint256 billId) external;

    /// @notice Surrender bill `billId` to its carrier to take delivery (holder only).
    function surrenderForDelivery(uint256 billId) external;

    /// @notice Surrender bill `billId` to its carrier to have it amended or switched to paper (holder only).
    function surrenderForAmendment(uint256 billId) external;

    /// @notice Accept the surrender for delivery of bill `billId`: it is accomplished (its carrier only).
    function acceptSurrender(uint256 billId) external;

    /// @notice Reject the surrender of bill `billId`: it goes back to the surrendering holder (its carrier only).
    function rejectSurrender(uint256 billId, string calldata reason) external;

    /// @notice Replace bill `billId`, surrendered for amendment, by an amended bill issued to the
    /// holder who surrendered it (its carrier only).
    /// @return replacementId The id of the amended bill.
    function amend(uint256 billId, BillIssue calldata replacement) external returns (uint256 replacementId);

    /// @notice Void bill `billId`, surrendered for amendment, e.g. to switch it to paper (its carrier only).
    function voidBill(uint256 billId, string calldata reason) external;

    // ------------------------------------------------------------------ views

    /// @notice The id of the bill `carrier` numbers `blNumber`: the carrier in the top 160 bits, the low
    /// 96 bits of `keccak256(bytes(blNumber))` below. Defined whether or not the bill exists.
    function billIdOf(address carrier, string calldata blNumber) external pure returns (uint256);

    /// @notice The customs oracle's key for the shipment of bill `blNumber` by `carrier`:
    /// `keccak256(abi.encodePacked(carrier, blNumber))` (B/L numbers are unique only per carrier).
    /// `billFacts(billId).shipmentRef` holds it for an issued bill.
    function shipmentRefOf(address carrier, string calldata blNumber) external pure returns (bytes32);

    /// @notice The carrier that issued (or would issue) bill `billId`.
    function carrierOf(uint256 billId) external pure returns (address);

    /// @notice How bill `billId` circulates now (reverts for an unknown bill).
    function billForm(uint256 billId) external view returns (BillForm);

    /// @notice The IMO number of the vessel bill `billId` was shipped on (reverts for an unknown bill).
    function vesselImoOf(uint256 billId) external view returns (uint32);

    /// @notice The amended bill that replaced `billId`, or 0.
    function replacedBy(uint256 billId) external view returns (uint256);

    /// @notice The bill that `billId` amends, or 0.
    function replaces(uint256 billId) external view returns (uint256);

    /// @notice How many steps the title chain of bill `billId` has (0 for an unknown bill).
    function titleChainLength(uint256 billId) external view returns (uint256);

    /// @notice The head of the title chain of bill `billId` (zero for an unknown bill): starting
    /// from zero, each step folds in as `keccak256(abi.encodePacked(head, entry))`, `entry` being
    /// the step packed in one word (`PackedTitleEntry`: party | block time << 160 | kind << 208).
    /// The steps themselves are the bill's events; replaying them must give this head and
    /// `titleChainLength` steps (`lib/trade/titleChain.ts`).
    function titleChainHead(uint256 billId) external view returns (bytes32);
}
