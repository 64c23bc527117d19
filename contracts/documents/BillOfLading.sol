// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

import {ConsortiumGated} from "../consortium/ConsortiumGated.sol";
import {ConsortiumRoles} from "../consortium/ConsortiumRoles.sol";
import {CustomsShipmentRef} from "../libraries/CustomsShipmentRef.sol";
import {IBillOfLading} from "../interfaces/IBillOfLading.sol";
import {IBillOfLadingInterop} from "../interfaces/IBillOfLadingInterop.sol";
import {IBillOfLadingTitle} from "../interfaces/IBillOfLadingTitle.sol";
import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";
import {TransportCodes} from "../libraries/TransportCodes.sol";
import {BillState, BillStateLibrary} from "../types/BillState.sol";
import {PackedTitleEntry, PackedTitleEntryLibrary} from "../types/PackedTitleEntry.sol";
import {TitleLink, TitleLinkLibrary} from "../types/TitleLink.sol";

/// @title BillOfLading
/// @notice Electronic bills of lading of the Caravel consortium: one ERC-721 token per bill, held
/// by exactly one party at every moment, that moves only through the title operations of DCSA
/// eBL 3.0. The chain keeps the routing facts and the hash of the full off-chain B/L document;
/// the document itself stays off-chain.
///
/// UNCITRAL MLETR, as this contract meets it:
/// - art. 10(1)(b)(i), identify the record: a bill is identified by its carrier and B/L number
///   (`billIdOf`); each carrier uses a B/L number once, ever.
/// - art. 10(1)(b)(ii) and art. 11(1)(a), exclusive control from issue until the bill ceases to
///   have effect: the holder (ERC-721 owner) is the only party that can move it; plain ERC-721
///   transfers and approvals are refused; accomplished, replaced and void bills never move again.
/// - art. 11(1)(b), identify the person in control: `holderOf` (= `ownerOf`).
/// - art. 10(1)(b)(iii) and 10(2), integrity: `documentHash` is fixed at issue; an amendment is a
///   new, linked bill.
/// - the whole title chain (every holder, endorsement, pledge, surrender, refusal, with times and
///   kinds) is verifiable from the chain: every step is logged by its event and folded into the
///   bill's title-chain head, `titleChainHead` = keccak256(previous head, packed entry), so that
///   replaying the logged steps must give the stored head and `titleChainLength`
///   (`lib/trade/titleChain.ts` does it; a missing, altered or reordered step is detected).
///
/// Who may act: callers are checked through the consortium registry (`ConsortiumGated`); a
/// suspended member can do nothing here. Title operations are the holder's; acceptance, rejection,
/// amendment and voiding of a surrendered bill are its carrier's. STYLE.md's "BillOfLading is
/// ERC721, AccessControl" is replaced by the registry because roles live there for every contract.
///
/// @dev Storage per bill: one hot word (`BillState`: holder, status, flags, chain length), a
/// four-slot `BillRecord` of cold facts, the title-chain head (one word) and the `TitleLink`
/// (previous holder and last step kind, one word). All three hot words are written non-zero at
/// issue, so a title move rewrites three non-zero slots (3 x 5,000 gas) and fills none: it costs
/// the same whoever receives the bill. Title-chain entries are not stored one slot each (22,100
/// gas per step): they are hash-chained into the head and carried by the step's event (issue 17).
/// ERC-721 ownership lives in the packed state; OpenZeppelin's own `_owners` and `_balances` stay
/// empty (`_ownerOf`, `balanceOf` and `_update` are overridden together). Per-account ERC-721
/// balances are not kept: keeping them exact costs two account words per move, and a fresh one
/// (22,100 gas) for every first-time receiver; `balanceOf` reverts, and wallets and indexers
/// count holdings from the ERC-721 `Transfer` logs, which every move still emits.
/// The bill id embeds the carrier (top 160 bits) so no slot is spent on it.
contract BillOfLading is ERC721, ConsortiumGated, IBillOfLading, IBillOfLadingInterop {
    /// @notice Longest accepted B/L number (DCSA `transportDocumentReference`: 20 characters).
    uint256 public constant MAX_BL_NUMBER_LENGTH = 20;
    /// @notice Longest accepted voyage number (DCSA `carrierExportVoyageNumber`: 50 characters).
    uint256 public constant MAX_VOYAGE_NUMBER_LENGTH = 50;
    /// @notice Longest accepted reason for rejecting a surrender or voiding a bill, in bytes.
    uint256 public constant MAX_REASON_LENGTH = 256;

    /// @dev The cold facts of a bill, written once at issue.
    struct BillRecord {
        // slot 0: shipper (20) | issuedAt uint48 (6) | portOfLoading bytes5 (5) | unused (1)
        address shipper;
        uint48 issuedAt;
        bytes5 portOfLoading;
        // slot 1: consignee (20) | portOfDischarge bytes5 (5) | vesselImo uint32 (4) | unused (3)
        address consignee;
        bytes5 portOfDischarge;
        uint32 vesselImo;
        // slot 2
        bytes32 shipmentRef;
        // slot 3
        bytes32 documentHash;
    }

    mapping(uint256 billId => BillState) private _states;
    mapping(uint256 billId => BillRecord) private _records;
    mapping(uint256 billId => bytes32) private _titleHeads; // keccak256(previous head, packed entry)
    mapping(uint256 billId => TitleLink) private _titleLinks;
    mapping(uint256 billId => uint256) private _replacedBy;
    mapping(uint256 billId => uint256) private _replaces;

    /// @param registry The consortium registry that answers who may act.
    constructor(
        IConsortiumRegistry registry
    ) ERC721("Caravel Electronic Bill of Lading", "CEBL") ConsortiumGated(registry) {}

    // ======================================================================== issue

    /// @inheritdoc IBillOfLading
    /// @dev DCSA ISSUE. MLETR art. 10(1)(b)(i): the id names carrier and B/L number, unique forever.
    function issue(
        BillIssue calldata bill
    ) external onlyMemberWithRole(ConsortiumRoles.CARRIER) returns (uint256 billId) {
        billId = _issue(bill, bill.shipper, TitleEventKind.Issued);
    }

    // ======================================================================== holder's operations

    /// @inheritdoc IBillOfLading
    /// @dev DCSA ENDORSE. A special endorsement of a bearer bill makes it an order bill again.
    function endorse(uint256 billId, address endorsee) external {
        BillState state = _states[billId];
        _requireCirculating(billId, state);
        if (state.hasFlag(BillStateLibrary.STRAIGHT))
            revert BillOfLadingUnexpectedForm(billId, BillForm.Straight);
        _requireHolder(billId, state);
        _requireRecipient(billId, state, endorsee);
        _requireActiveMember(endorsee);

        uint8 flags = state.flags() & ~(BillStateLibrary.BEARER | BillStateLibrary.REFUSAL_RESTORES_BEARER);
        if (state.hasFlag(BillStateLibrary.BEARER)) flags |= BillStateLibrary.REFUSAL_RESTORES_BEARER;
        address from = _moveTitle(billId, state.withFlags(flags), endorsee, TitleEventKind.Endorsed);
        emit BillEndorsed(billId, from, endorsee);
    }

    /// @inheritdoc IBillOfLading
    /// @dev DCSA BLANK_ENDORSE. The holder keeps the bill; the next transfer of possession names
    /// the next holder.
    function endorseInBlank(uint256 billId) external {
        BillState state = _states[billId];
        _requireCirculating(billId, state);
        BillForm form = _form(state);
        if (form != BillForm.Order) revert BillOfLadingUnexpectedForm(billId, form);
        _requireHolder(billId, state);

        _recordStep(
            billId,
            state.withFlags(
                (state.flags() | BillStateLibrary.BEARER) & ~BillStateLibrary.REFUSAL_RESTORES_BEARER
            ),
            TitleEventKind.EndorsedInBlank
        );
        emit BillEndorsedInBlank(billId, state.holder());
    }

    /// @inheritdoc IBillOfLading
    /// @dev DCSA TRANSFER. An order bill passes by endorsement, not by transfer of possession.
    function transferPossession(uint256 billId, address to) external {
        BillState state = _states[billId];
        _requireCirculating(billId, state);
        BillForm form = _form(state);
        if (form == BillForm.Order) revert BillOfLadingUnexpectedForm(billId, form);
        _requireHolder(billId, state);
        _requireRecipient(billId, state, to);
        if (form == BillForm.Straight) {
            address consignee = _records[billId].consignee;
            if (to != consignee) revert BillOfLadingNotConsignee(billId, to, consignee);
        }
        _requireActiveMember(to);

        uint8 flags = state.flags() & ~BillStateLibrary.REFUSAL_RESTORES_BEARER;
        address from = _moveTitle(billId, state.withFlags(flags), to, TitleEventKind.PossessionTransferred);
        emit BillPossessionTransferred(billId, from, to);
    }

    /// @inheritdoc IBillOfLading
    /// @dev The receiver's refusal: only while the last step is the endorsement or transfer to
    /// the caller. The previous holder gets the bill back in the form it had.
    function refuse(uint256 billId) external {
        BillState state = _states[billId];
        _requireStatus(billId, state, BillStatus.Active);
        TitleLink link = _titleLinks[billId];
        TitleEventKind last = link.lastKind();
        if (last != TitleEventKind.Endorsed && last != TitleEventKind.PossessionTransferred) {
            revert BillOfLadingNotRefusable(billId, last);
        }
        _requireHolder(billId, state);

        address previousHolder = link.previousHolder();
        uint8 flags = state.flags() & ~BillStateLibrary.REFUSAL_RESTORES_BEARER;
        if (state.hasFlag(BillStateLibrary.REFUSAL_RESTORES_BEARER)) flags |= BillStateLibrary.BEARER;
        address from = _moveTitle(billId, state.withFlags(flags), previousHolder, TitleEventKind.Refused);
        emit BillRefused(billId, from, previousHolder);
    }

    /// @inheritdoc IBillOfLading
    /// @dev The bank holds title as security; `pledgorOf` names the pledgor until release or enforcement.
    function pledge(uint256 billId, address bank) external {
        BillState state = _states[billId];
        _requireCirculating(billId, state);
        _requireHolder(billId, state);
        _requireRecipient(billId, state, bank);
        _requireRole(ConsortiumRoles.BANK, bank);

        uint8 flags = (state.flags() | BillStateLibrary.PLEDGED) & ~BillStateLibrary.REFUSAL_RESTORES_BEARER;
        address from = _moveTitle(billId, state.withFlags(flags), bank, TitleEventKind.Pledged);
        emit BillPledged(billId, from, bank);
    }

    /// @inheritdoc IBillOfLading
    function releasePledge(uint256 billId) external {
        BillState state = _states[billId];
        _requirePledged(billId, state);
        _requireHolder(billId, state);

        address pledgor = _titleLinks[billId].previousHolder();
        BillState released = state.withFlags(state.flags() & ~BillStateLibrary.PLEDGED);
        address bank = _moveTitle(billId, released, pledgor, TitleEventKind.PledgeReleased);
        emit BillPledgeReleased(billId, bank, pledgor);
    }

    /// @inheritdoc IBillOfLading
    function enforcePledge(uint256 billId) external {
        BillState state = _states[billId];
        _requirePledged(billId, state);
        _requireHolder(billId, state);

        address pledgor = _titleLinks[billId].previousHolder();
        _recordStep(
            billId,
            state.withFlags(state.flags() & ~BillStateLibrary.PLEDGED),
            TitleEventKind.PledgeEnforced
        );
        emit BillPledgeEnforced(billId, state.holder(), pledgor);
    }

    /// @inheritdoc IBillOfLading
    /// @dev DCSA SURRENDER_FOR_DELIVERY. A straight bill is surrendered for delivery only by its consignee.
    function surrenderForDelivery(uint256 billId) external {
        BillState state = _states[billId];
        _requireCirculating(billId, state);
        _requireHolder(billId, state);
        if (state.hasFlag(BillStateLibrary.STRAIGHT)) {
            address consignee = _records[billId].consignee;
            if (msg.sender != consignee) revert BillOfLadingNotConsignee(billId, msg.sender, consignee);
        }
        address carrier = _surrender(billId, state, false);
        emit BillSurrenderedForDelivery(billId, msg.sender, carrier);
    }

    /// @inheritdoc IBillOfLading
    /// @dev DCSA SURRENDER_FOR_AMENDMENT (also the first step of a switch to paper, reason SWTP).
    function surrenderForAmendment(uint256 billId) external {
        BillState state = _states[billId];
        _requireCirculating(billId, state);
        _requireHolder(billId, state);
        address carrier = _surrender(billId, state, true);
        emit BillSurrenderedForAmendment(billId, msg.sender, carrier);
    }

    // ======================================================================== carrier's operations

    /// @inheritdoc IBillOfLading
    /// @dev DCSA SACC. The carrier keeps the accomplished bill; it never moves again.
    function acceptSurrender(uint256 billId) external {
        BillState state = _states[billId];
        _requireSurrendered(billId, state, false);
        address carrier = _requireCarrier(billId);

        address surrenderedBy = _titleLinks[billId].previousHolder();
        _recordStep(billId, state.withStatus(BillStatus.Accomplished), TitleEventKind.SurrenderAccepted);
        emit BillSurrenderAccepted(billId, carrier, surrenderedBy);
    }

    /// @inheritdoc IBillOfLading
    /// @dev DCSA SREJ, for either purpose of surrender.
    function rejectSurrender(uint256 billId, string calldata reason) external {
        BillState state = _states[billId];
        _requireStatus(billId, state, BillStatus.SurrenderPending);
        address carrier = _requireCarrier(billId);
        _requireReason(reason);

        address surrenderedBy = _titleLinks[billId].previousHolder();
        BillState returned = state.withStatus(BillStatus.Active).withFlags(
            state.flags() & ~BillStateLibrary.FOR_AMENDMENT
        );
        _moveTitle(billId, returned, surrenderedBy, TitleEventKind.SurrenderRejected);
        emit BillSurrenderRejected(billId, carrier, surrenderedBy, reason);
    }

    /// @inheritdoc IBillOfLading
    /// @dev The old bill becomes Replaced (held by the carrier, never moves again); the amended
    /// bill is a new record with its own B/L number and document hash, linked both ways, issued
    /// to the holder who surrendered the old one (MLETR art. 10(2): a change is a new record).
    function amend(uint256 billId, BillIssue calldata replacement) external returns (uint256 replacementId) {
        BillState state = _states[billId];
        _requireSurrendered(billId, state, true);
        _requireCarrier(billId);

        address surrenderedBy = _titleLinks[billId].previousHolder();
        _recordStep(billId, state.withStatus(BillStatus.Replaced), TitleEventKind.Replaced);
        replacementId = _issue(replacement, surrenderedBy, TitleEventKind.IssuedAsReplacement);
        _replacedBy[billId] = replacementId;
        _replaces[replacementId] = billId;
        emit BillReplaced(billId, replacementId, surrenderedBy);
    }

    /// @inheritdoc IBillOfLading
    /// @dev A bill is voided only once its holder has surrendered it for amendment (DCSA: switch to
    /// paper is a surrender for amendment with reason SWTP): the carrier cannot take a bill out of
    /// its holder's exclusive control on its own (MLETR art. 11).
    function voidBill(uint256 billId, string calldata reason) external {
        BillState state = _states[billId];
        _requireSurrendered(billId, state, true);
        address carrier = _requireCarrier(billId);
        _requireReason(reason);

        address surrenderedBy = _titleLinks[billId].previousHolder();
        _recordStep(billId, state.withStatus(BillStatus.Void), TitleEventKind.Voided);
        emit BillVoided(billId, carrier, surrenderedBy, reason);
    }

    // ======================================================================== views

    /// @inheritdoc IBillOfLadingTitle
    function billFacts(uint256 billId) external view returns (BillFacts memory) {
        BillState state = _existing(billId);
        BillRecord storage record = _records[billId];
        return
            BillFacts({
                carrier: carrierOf(billId),
                shipmentRef: record.shipmentRef,
                shipper: record.shipper,
                consignee: record.consignee,
                portOfLoading: record.portOfLoading,
                portOfDischarge: record.portOfDischarge,
                shippedOnBoardAt: state.shippedOnBoardAt(),
                documentHash: record.documentHash
            });
    }

    /// @inheritdoc IBillOfLadingTitle
    function billStatus(uint256 billId) external view returns (BillStatus) {
        return _states[billId].status();
    }

    /// @inheritdoc IBillOfLadingTitle
    /// @dev address(0) for an unknown bill (`ownerOf` reverts instead).
    function holderOf(uint256 billId) external view returns (address) {
        return _states[billId].holder();
    }

    /// @inheritdoc IBillOfLadingTitle
    function pledgorOf(uint256 billId) external view returns (address) {
        BillState state = _states[billId];
        if (!state.hasFlag(BillStateLibrary.PLEDGED)) return address(0);
        return _titleLinks[billId].previousHolder();
    }

    /// @inheritdoc IBillOfLading
    function billIdOf(address carrier, string calldata blNumber) external pure returns (uint256) {
        return _billIdOf(carrier, keccak256(bytes(blNumber)));
    }

    /// @inheritdoc IBillOfLading
    function shipmentRefOf(address carrier, string calldata blNumber) external pure returns (bytes32) {
        return CustomsShipmentRef.derive(carrier, blNumber);
    }

    /// @inheritdoc IBillOfLading
    function carrierOf(uint256 billId) public pure returns (address) {
        return address(uint160(billId >> 96));
    }

    /// @inheritdoc IBillOfLading
    function billForm(uint256 billId) external view returns (BillForm) {
        return _form(_existing(billId));
    }

    /// @inheritdoc IBillOfLading
    function vesselImoOf(uint256 billId) external view returns (uint32) {
        _existing(billId);
        return _records[billId].vesselImo;
    }

    /// @inheritdoc IBillOfLading
    function replacedBy(uint256 billId) external view returns (uint256) {
        return _replacedBy[billId];
    }

    /// @inheritdoc IBillOfLading
    function replaces(uint256 billId) external view returns (uint256) {
        return _replaces[billId];
    }

    /// @inheritdoc IBillOfLading
    function titleChainLength(uint256 billId) external view returns (uint256) {
        return _states[billId].chainLength();
    }

    /// @inheritdoc IBillOfLading
    function titleChainHead(uint256 billId) external view returns (bytes32) {
        return _titleHeads[billId];
    }

    /// @notice Refused: per-account balances are not kept (see the contract's storage notes);
    /// count an account's bills from the ERC-721 `Transfer` logs, or read `holderOf` per bill.
    function balanceOf(address owner) public pure override returns (uint256) {
        revert BillOfLadingBalanceNotKept(owner);
    }

    /// @inheritdoc ERC721
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return
            interfaceId == type(IBillOfLading).interfaceId ||
            interfaceId == type(IBillOfLadingTitle).interfaceId ||
            super.supportsInterface(interfaceId);
    }

    // ======================================================================== ERC-721 restrictions

    /// @notice Refused: a bill has no approved operator; only its holder moves it, by title operations.
    function approve(address, uint256 billId) public view override {
        revert BillOfLadingTransferRestricted(billId, msg.sender);
    }

    /// @notice Refused: a bill has no approved operator; only its holder moves it, by title operations.
    function setApprovalForAll(address operator, bool) public view override {
        revert BillOfLadingOperatorsRestricted(msg.sender, operator);
    }

    /// @dev The one place a bill changes hands; OpenZeppelin 5 routes every ERC-721 ownership
    /// change here. Title operations call it with `auth == address(0)` once they have checked
    /// status, actor and recipient (and recorded the step, `_moveTitle`); `transferFrom` and
    /// `safeTransferFrom` call it with `auth == msg.sender` and are refused, so a bill changes
    /// hands only through its title operations (MLETR art. 11). Writes the holder into the packed
    /// state (no ERC-721 balances are kept).
    /// Deviation from STYLE.md "For Caravel" §2 (all endorsement policy in `_update`): who may
    /// receive differs per step (an endorsee: any active member; a pledgee: a BANK; a surrender:
    /// the bill's carrier; a refusal, release or rejection: the previous holder), which
    /// `_update(to, id, auth)` cannot tell apart. Each step function checks its own, in the same
    /// order everywhere (status, actor, recipient); `_update` keeps what every move shares.
    function _update(address to, uint256 billId, address auth) internal override returns (address from) {
        if (auth != address(0)) revert BillOfLadingTransferRestricted(billId, auth);
        BillState state = _states[billId];
        from = state.holder();
        _states[billId] = state.withHolder(to);
        emit Transfer(from, to, billId);
    }

    /// @dev ERC-721 ownership is the holder in the packed state.
    function _ownerOf(uint256 billId) internal view override returns (address) {
        return _states[billId].holder();
    }

    // ======================================================================== internals

    /// @dev Validates `bill`, writes its record and state, and gives it to `firstHolder`.
    function _issue(
        BillIssue calldata bill,
        address firstHolder,
        TitleEventKind kind
    ) private returns (uint256 billId) {
        if (!TransportCodes.isReference(bill.blNumber, MAX_BL_NUMBER_LENGTH)) {
            revert BillOfLadingInvalidField("blNumber");
        }
        billId = _billIdOf(msg.sender, keccak256(bytes(bill.blNumber)));
        if (_states[billId].status() != BillStatus.None) {
            revert BillOfLadingNumberTaken(msg.sender, bill.blNumber, billId);
        }
        _validateIssue(bill);
        _requireActiveMember(bill.shipper);
        if (bill.consignee != address(0)) _requireActiveMember(bill.consignee);

        _records[billId] = BillRecord({
            shipper: bill.shipper,
            issuedAt: uint48(block.timestamp),
            portOfLoading: bill.portOfLoading,
            consignee: bill.consignee,
            portOfDischarge: bill.portOfDischarge,
            vesselImo: bill.vesselImo,
            shipmentRef: CustomsShipmentRef.derive(msg.sender, bill.blNumber),
            documentHash: bill.documentHash
        });
        // Entry 0 starts the chain; the link is written now so that no later step fills an empty slot.
        _titleHeads[billId] = _fold(
            bytes32(0),
            PackedTitleEntryLibrary.pack(firstHolder, uint48(block.timestamp), kind)
        );
        _titleLinks[billId] = TitleLinkLibrary.pack(address(0), kind);
        _states[billId] = BillStateLibrary.create(
            BillStatus.Active,
            bill.consignee == address(0) ? 0 : BillStateLibrary.STRAIGHT,
            1,
            bill.shippedOnBoardAt
        );
        _update(firstHolder, billId, address(0));
        emit BillIssued(billId, msg.sender, firstHolder, bill.blNumber, bill.notifyParty, bill.voyageNumber);
    }

    /// @dev The field checks of an issue, in the order of `BillIssue`.
    function _validateIssue(BillIssue calldata bill) private view {
        if (bill.shipper == address(0)) revert BillOfLadingInvalidField("shipper");
        if (bill.consignee == bill.shipper) revert BillOfLadingInvalidField("consignee");
        if (!TransportCodes.isImoNumber(bill.vesselImo)) revert BillOfLadingInvalidField("vesselImo");
        if (!TransportCodes.isReference(bill.voyageNumber, MAX_VOYAGE_NUMBER_LENGTH)) {
            revert BillOfLadingInvalidField("voyageNumber");
        }
        if (!TransportCodes.isUnLocode(bill.portOfLoading)) revert BillOfLadingInvalidField("portOfLoading");
        if (!TransportCodes.isUnLocode(bill.portOfDischarge) || bill.portOfDischarge == bill.portOfLoading) {
            revert BillOfLadingInvalidField("portOfDischarge");
        }
        if (bill.shippedOnBoardAt == 0 || bill.shippedOnBoardAt > block.timestamp) {
            revert BillOfLadingInvalidField("shippedOnBoardAt");
        }
        if (bill.documentHash == bytes32(0)) revert BillOfLadingInvalidField("documentHash");
    }

    /// @dev Hands the bill to its carrier, pending acceptance or rejection.
    function _surrender(
        uint256 billId,
        BillState state,
        bool forAmendment
    ) private returns (address carrier) {
        carrier = carrierOf(billId);
        _requireActiveMember(carrier);
        uint8 flags =
            state.flags() & ~(BillStateLibrary.FOR_AMENDMENT | BillStateLibrary.REFUSAL_RESTORES_BEARER);
        if (forAmendment) flags |= BillStateLibrary.FOR_AMENDMENT;
        _moveTitle(
            billId,
            state.withStatus(BillStatus.SurrenderPending).withFlags(flags),
            carrier,
            forAmendment ? TitleEventKind.SurrenderedForAmendment : TitleEventKind.SurrenderedForDelivery
        );
    }

    /// @dev Appends the step that gives the bill to `to` (folds it into the head, links it to the
    /// current holder), stores `state` with the step counted, then hands the bill over
    /// (`_update`). Returns the previous holder.
    function _moveTitle(
        uint256 billId,
        BillState state,
        address to,
        TitleEventKind kind
    ) private returns (address from) {
        _appendStep(billId, to, kind);
        _titleLinks[billId] = TitleLinkLibrary.pack(state.holder(), kind);
        _states[billId] = _counted(state);
        from = _update(to, billId, address(0));
    }

    /// @dev Appends a step that leaves the holder in place and stores `state` with it counted.
    /// The link keeps its previous holder: it is read only after a move (a refusal, a pledge's
    /// release or enforcement, a surrender's acceptance, rejection, amendment or voiding), and
    /// the kind now recorded makes sure no refusal follows this step.
    function _recordStep(uint256 billId, BillState state, TitleEventKind kind) private {
        _appendStep(billId, state.holder(), kind);
        _titleLinks[billId] = TitleLinkLibrary.pack(_titleLinks[billId].previousHolder(), kind);
        _states[billId] = _counted(state);
    }

    /// @dev Folds the entry (party, block time, kind) into the bill's title-chain head.
    function _appendStep(uint256 billId, address party, TitleEventKind kind) private {
        _titleHeads[billId] = _fold(
            _titleHeads[billId],
            PackedTitleEntryLibrary.pack(party, uint48(block.timestamp), kind)
        );
    }

    /// @dev `state` with one more step counted.
    function _counted(BillState state) private pure returns (BillState) {
        // Unchecked: every step is a transaction, so a chain cannot reach 2**32 entries.
        unchecked {
            return state.withChainLength(state.chainLength() + 1);
        }
    }

    /// @dev keccak256(abi.encodePacked(head, entry)): the next head of a title chain.
    function _fold(bytes32 head, PackedTitleEntry entry) private pure returns (bytes32 next) {
        assembly ("memory-safe") {
            mstore(0x00, head)
            mstore(0x20, entry)
            next := keccak256(0x00, 0x40)
        }
    }

    function _billIdOf(address carrier, bytes32 blNumberHash) private pure returns (uint256) {
        return (uint256(uint160(carrier)) << 96) | uint96(uint256(blNumberHash));
    }

    function _form(BillState state) private pure returns (BillForm) {
        if (state.hasFlag(BillStateLibrary.STRAIGHT)) return BillForm.Straight;
        return state.hasFlag(BillStateLibrary.BEARER) ? BillForm.Bearer : BillForm.Order;
    }

    function _existing(uint256 billId) private view returns (BillState state) {
        state = _states[billId];
        if (state.status() == BillStatus.None) revert BillOfLadingNonexistent(billId);
    }

    function _requireStatus(uint256 billId, BillState state, BillStatus expected) private pure {
        BillStatus current = state.status();
        if (current != expected) revert BillOfLadingUnexpectedStatus(billId, current, expected);
    }

    /// @dev Active and not pledged: the bill can be endorsed, transferred, pledged or surrendered.
    function _requireCirculating(uint256 billId, BillState state) private pure {
        _requireStatus(billId, state, BillStatus.Active);
        if (state.hasFlag(BillStateLibrary.PLEDGED)) revert BillOfLadingPledged(billId, state.holder());
    }

    function _requirePledged(uint256 billId, BillState state) private pure {
        _requireStatus(billId, state, BillStatus.Active);
        if (!state.hasFlag(BillStateLibrary.PLEDGED)) revert BillOfLadingNotPledged(billId);
    }

    function _requireSurrendered(uint256 billId, BillState state, bool forAmendment) private pure {
        _requireStatus(billId, state, BillStatus.SurrenderPending);
        bool pendingForAmendment = state.hasFlag(BillStateLibrary.FOR_AMENDMENT);
        if (pendingForAmendment != forAmendment) {
            revert BillOfLadingSurrenderPurposeMismatch(billId, pendingForAmendment);
        }
    }

    /// @dev The caller holds the bill and is an active member (a suspended member can do nothing).
    function _requireHolder(uint256 billId, BillState state) private view {
        address holder = state.holder();
        if (msg.sender != holder) revert BillOfLadingNotHolder(billId, msg.sender, holder);
        _requireActiveMember(msg.sender);
    }

    /// @dev The caller is the bill's carrier and still holds the CARRIER role.
    function _requireCarrier(uint256 billId) private view returns (address carrier) {
        carrier = carrierOf(billId);
        if (msg.sender != carrier) revert BillOfLadingNotCarrier(billId, msg.sender, carrier);
        _requireRole(ConsortiumRoles.CARRIER, msg.sender);
    }

    /// @dev Somebody other than the holder and the carrier (a bill reaches its carrier only by surrender).
    function _requireRecipient(uint256 billId, BillState state, address recipient) private pure {
        if (recipient == address(0) || recipient == state.holder() || recipient == carrierOf(billId)) {
            revert BillOfLadingInvalidRecipient(billId, recipient);
        }
    }

    function _requireReason(string calldata reason) private pure {
        uint256 length = bytes(reason).length;
        if (length == 0 || length > MAX_REASON_LENGTH) revert BillOfLadingInvalidField("reason");
    }

    // ======================================================================== PINT export and import

    // Kept apart from the title operations above: a bill in ExportPending or Exported fails
    // every one of them on its status check, so the lock needs no change to them.

    address private _pintGateway;
    mapping(uint256 billId => BillExport) private _exports;
    mapping(uint256 billId => bytes32) private _importedChains;

    modifier onlyPintGateway() {
        if (msg.sender != _pintGateway || msg.sender == address(0)) {
            revert BillOfLadingNotPintGateway(msg.sender, _pintGateway);
        }
        _;
    }

    /// @inheritdoc IBillOfLadingInterop
    function setPintGateway(address gateway) external onlyGovernance {
        emit PintGatewaySet(_pintGateway, gateway);
        _pintGateway = gateway;
    }

    /// @inheritdoc IBillOfLadingInterop
    /// @dev Title stays with the holder while pending, so abandoning puts nothing back: the status
    /// alone locks the bill (every title operation requires Active).
    function requestExport(uint256 billId, bytes4 platform, bytes32 recipient) external {
        BillState state = _states[billId];
        _requireCirculating(billId, state);
        _requireHolder(billId, state);
        if (platform == bytes4(0)) revert BillOfLadingInvalidField("platform");
        if (recipient == bytes32(0)) revert BillOfLadingInvalidField("recipient");

        _states[billId] = state.withStatus(BillStatus.ExportPending);
        _exports[billId] = BillExport(platform, uint48(block.timestamp), recipient, bytes32(0));
        emit BillExportRequested(billId, msg.sender, platform, recipient);
    }

    /// @inheritdoc IBillOfLadingInterop
    /// @dev The holder's last step here is an `Exported` entry: the title chain read across both
    /// platforms continues in the receiver's transfer chain.
    function completeExport(uint256 billId, bytes32 envelopeChecksum) external onlyPintGateway {
        BillState state = _states[billId];
        _requireStatus(billId, state, BillStatus.ExportPending);
        if (envelopeChecksum == bytes32(0)) revert BillOfLadingInvalidField("envelopeChecksum");

        BillExport storage pending = _exports[billId];
        pending.envelopeChecksum = envelopeChecksum;
        _recordStep(billId, state.withStatus(BillStatus.Exported), TitleEventKind.Exported);
        emit BillExported(billId, state.holder(), pending.platform, pending.recipient, envelopeChecksum);
    }

    /// @inheritdoc IBillOfLadingInterop
    function abandonExport(uint256 billId, string calldata reason) external onlyPintGateway {
        BillState state = _states[billId];
        _requireStatus(billId, state, BillStatus.ExportPending);
        _requireReason(reason);

        _states[billId] = state.withStatus(BillStatus.Active);
        emit BillExportAbandoned(billId, state.holder(), reason);
    }

    /// @inheritdoc IBillOfLadingInterop
    /// @dev A returning bill keeps its record (the document hash must match: PINT never changes
    /// the document) and gains an `Imported` step; a new one gets a record like an issue, its
    /// entry 0 folded into the head as `Imported` to `holder`.
    function importBill(
        address carrier,
        BillIssue calldata bill,
        address holder,
        bytes32 transferChainChecksum
    ) external onlyPintGateway returns (uint256 billId) {
        if (carrier == address(0)) revert BillOfLadingInvalidField("carrier");
        if (!TransportCodes.isReference(bill.blNumber, MAX_BL_NUMBER_LENGTH)) {
            revert BillOfLadingInvalidField("blNumber");
        }
        if (transferChainChecksum == bytes32(0)) revert BillOfLadingInvalidField("transferChainChecksum");
        billId = _billIdOf(carrier, keccak256(bytes(bill.blNumber)));
        BillState state = _states[billId];
        BillStatus status = state.status();
        bool returned = status == BillStatus.Exported;
        if (status != BillStatus.None && !returned) revert BillOfLadingActiveCopy(billId, status);
        if (holder == address(0) || holder == carrier) revert BillOfLadingInvalidRecipient(billId, holder);
        _requireActiveMember(holder);

        if (returned) {
            bytes32 recorded = _records[billId].documentHash;
            if (recorded != bill.documentHash)
                revert BillOfLadingImportMismatch(billId, recorded, bill.documentHash);
            // The form it circulated in elsewhere is in the imported chain; here it resumes as
            // order (or straight) in the hands of `holder`, who may endorse in blank again.
            _moveTitle(
                billId,
                state.withStatus(BillStatus.Active).withFlags(state.flags() & BillStateLibrary.STRAIGHT),
                holder,
                TitleEventKind.Imported
            );
        } else {
            _importNew(billId, carrier, bill, holder);
        }
        _importedChains[billId] = transferChainChecksum;
        emit BillImported(billId, carrier, holder, bill.blNumber, transferChainChecksum, returned);
    }

    /// @dev The record and state of a bill first seen here, received from another platform: like
    /// an issue, but its entry 0 is `Imported` to `holder`.
    function _importNew(uint256 billId, address carrier, BillIssue calldata bill, address holder) private {
        _validateImport(bill);
        _records[billId] = BillRecord({
            shipper: bill.shipper,
            issuedAt: uint48(block.timestamp),
            portOfLoading: bill.portOfLoading,
            consignee: bill.consignee,
            portOfDischarge: bill.portOfDischarge,
            vesselImo: bill.vesselImo,
            shipmentRef: CustomsShipmentRef.derive(carrier, bill.blNumber),
            documentHash: bill.documentHash
        });
        // Entry 0, as `_issue` writes it: folded into the head, the link filled now.
        _titleHeads[billId] = _fold(
            bytes32(0),
            PackedTitleEntryLibrary.pack(holder, uint48(block.timestamp), TitleEventKind.Imported)
        );
        _titleLinks[billId] = TitleLinkLibrary.pack(address(0), TitleEventKind.Imported);
        _states[billId] = BillStateLibrary.create(
            BillStatus.Active,
            bill.consignee == address(0) ? 0 : BillStateLibrary.STRAIGHT,
            1,
            bill.shippedOnBoardAt
        );
        _update(holder, billId, address(0));
    }

    /// @dev The field checks of an issue, but the vessel's IMO number may be 0: a DCSA transport
    /// document names the vessel, its IMO number only optionally (`vesselIMONumber`), and an
    /// imported bill must not be refused for what the standard leaves out.
    function _validateImport(BillIssue calldata bill) private view {
        if (bill.shipper == address(0)) revert BillOfLadingInvalidField("shipper");
        if (bill.consignee == bill.shipper) revert BillOfLadingInvalidField("consignee");
        if (bill.vesselImo != 0 && !TransportCodes.isImoNumber(bill.vesselImo)) {
            revert BillOfLadingInvalidField("vesselImo");
        }
        if (!TransportCodes.isReference(bill.voyageNumber, MAX_VOYAGE_NUMBER_LENGTH)) {
            revert BillOfLadingInvalidField("voyageNumber");
        }
        if (!TransportCodes.isUnLocode(bill.portOfLoading)) revert BillOfLadingInvalidField("portOfLoading");
        if (!TransportCodes.isUnLocode(bill.portOfDischarge) || bill.portOfDischarge == bill.portOfLoading) {
            revert BillOfLadingInvalidField("portOfDischarge");
        }
        if (bill.shippedOnBoardAt == 0 || bill.shippedOnBoardAt > block.timestamp) {
            revert BillOfLadingInvalidField("shippedOnBoardAt");
        }
        if (bill.documentHash == bytes32(0)) revert BillOfLadingInvalidField("documentHash");
    }

    /// @inheritdoc IBillOfLadingInterop
    function pintGateway() external view returns (address) {
        return _pintGateway;
    }

    /// @inheritdoc IBillOfLadingInterop
    function exportOf(uint256 billId) external view returns (BillExport memory) {
        return _exports[billId];
    }

    /// @inheritdoc IBillOfLadingInterop
    function importedChainOf(uint256 billId) external view returns (bytes32) {
        return _importedChains[billId];
    }
}
