// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IProceedsAssignee} from "./IProceedsAssignee.sol";

/// @title IPreShipmentAdvance
/// @notice Pre-shipment finance: a BANK advances an exporter up to an agreed share of an accepted
/// purchase order (or of a documentary credit issued to it), escrows the advance, and releases it
/// in tranches as the customs oracle reports the shipment's milestones. The advance, principal
/// plus interest (simple, actual/360, per day), is repaid first out of the trade's proceeds by
/// assignment (`IProceedsAssignee`); a shipment that has not departed by the latest shipment date
/// plus a grace period makes the advance overdue.
/// @dev Steps, each one guarded function: `offer` (bank) -> Offered; `accept` (exporter) ->
/// Accepted; `fund` (bank escrows the limit) -> Funded; `claimTranche` (exporter, once per
/// tranche, when its milestone is on chain); proceeds (`onProceeds`, `onVoucher` +
/// `collectVoucher`) repay it -> Repaid; `markOverdue` (anyone, past latest shipment + grace, not
/// departed) -> Overdue; `withdrawOffer` (bank, before funding) -> Withdrawn; `withdrawEscrow`
/// (bank, once Repaid or Overdue) returns what was never released.
interface IPreShipmentAdvance is IProceedsAssignee {
    /// @notice What an advance rests on.
    enum SourceKind {
        PurchaseOrder, // an Accepted order of the PurchaseOrder contract; repaid by the payment commitment on it
        LetterOfCredit // a credit issued to the exporter; repaid by the credit's settlement
    }

    /// @notice A shipment's milestone a tranche waits for, as the customs oracle reports it.
    /// @dev A milestone counts as reached when the shipment reached its status or any later one
    /// (`PreShipmentAdvance.milestoneReached`): the oracle records an event that arrives after a
    /// later one as out of order, not as reached, and goods that departed were loaded.
    enum Milestone {
        ExportDeclarationAccepted, // WCO 01 on the export declaration (or release, exit, any transport event)
        Loaded, //                    DCSA LOAD (or DEPA, ARRI, DISC)
        Departed //                   DCSA DEPA (or ARRI, DISC)
    }

    /// @notice Where an advance is.
    enum AdvanceStatus {
        None,
        Offered, //   the bank offered; the exporter may accept until the offer expires
        Accepted, //  the exporter accepted (the order is claimed in the document guard)
        Funded, //    the bank escrowed the limit; tranches are released as milestones arrive
        Repaid, //    principal and interest repaid out of the proceeds (final but for the escrow)
        Overdue, //   the goods had not departed by the latest shipment date plus the grace period
        Withdrawn //  the bank withdrew the offer before funding it (final)
    }

    /// @notice One tranche of an advance: the share of the limit released at a milestone.
    struct Tranche {
        Milestone milestone;
        uint16 shareBps;
    }

    /// @notice What a bank offers.
    /// @param exporter The exporter: the order's exporter, or the credit's beneficiary.
    /// @param sourceKind What the advance rests on.
    /// @param sourceId The order id (on the PurchaseOrder contract) or the credit id.
    /// @param token The deposit token the advance is paid and repaid in (the order's currency; the credit's settlement token).
    /// @param limit The most the advance releases, in `token` units.
    /// @param shareBps The agreed share of the order or credit amount; `limit` may not exceed it.
    /// @param rateBps Interest, basis points a year, actual/360.
    /// @param graceDays Days after the latest shipment date before an advance not departed is overdue.
    /// @param expiresAt The exporter may accept until then.
    /// @param tranches 1 to 3 tranches, milestones strictly in order, shares summing to 10 000.
    struct Offer {
        address exporter;
        SourceKind sourceKind;
        uint256 sourceId;
        IERC20 token;
        uint128 limit;
        uint16 shareBps;
        uint16 rateBps;
        uint16 graceDays;
        uint48 expiresAt;
        Tranche[] tranches;
    }

    /// @notice One advance as the chain holds it.
    struct Advance {
        // slot 0: bank (20) | status (1) | sourceKind (1) | trancheCount (1) | releasedMask (1) | rateBps (2) | graceDays (2)
        address bank;
        AdvanceStatus status;
        SourceKind sourceKind;
        uint8 trancheCount;
        uint8 releasedMask; //  bit k set: tranche k was released
        uint16 rateBps;
        uint16 graceDays;
        // slot 1: exporter (20) | expiresAt (6) | latestShipmentAt (6)
        address exporter;
        uint48 expiresAt;
        uint48 latestShipmentAt;
        // slot 2: token (20) | accruedAt (6): interest is accrued up to here | overdueAt (6)
        IERC20 token;
        uint48 accruedAt;
        uint48 overdueAt;
        // slot 3, 4
        uint256 sourceId;
        bytes32 shipmentRef; // keccak256(abi.encodePacked(carrier, blNumber)); 0 until bound
        // slot 5: limit | escrowed
        uint128 limit;
        uint128 escrowed;
        // slot 6: released | returned (escrow given back to the bank)
        uint128 released;
        uint128 returned;
        // slot 7: principalRepaid | interestPaid
        uint128 principalRepaid;
        uint128 interestPaid;
        // slot 8: interestAccrued (to accruedAt, unpaid) | overdueClaim (the bank's claim when it became overdue)
        uint128 interestAccrued;
        uint128 overdueClaim;
    }

    /// @notice The share of a voucher's proceeds the advance holds (from `onVoucher`).
    struct HeldVoucher {
        address vouchers;
        uint64 voucherId;
        uint128 value; // its value when last looked at: what was redeemed since is the fall
    }

    // ---- errors ----
    /// @notice `field` of the request is missing or out of range.
    error AdvanceInvalidField(string field);
    /// @notice No advance has this id.
    error AdvanceUnknown(uint256 advanceId);
    /// @notice Advance `advanceId` is `status`; this step needs `required`.
    error AdvanceWrongStatus(uint256 advanceId, AdvanceStatus status, AdvanceStatus required);
    /// @notice Only the advancing bank `bank` may do this, not `caller`.
    error AdvanceNotBank(uint256 advanceId, address caller, address bank);
    /// @notice Only the exporter `exporter` may do this, not `caller`.
    error AdvanceNotExporter(uint256 advanceId, address caller, address exporter);
    /// @notice The offer expired at `expiresAt`.
    error AdvanceOfferExpired(uint256 advanceId, uint256 expiresAt);
    /// @notice The source is `status` (an order's `OrderStatus`, a credit's `Status`); an advance needs
    /// an accepted order or an issued credit.
    error AdvanceSourceNotEligible(SourceKind sourceKind, uint256 sourceId, uint8 status);
    /// @notice The source's exporter (order exporter, credit beneficiary) is `sourceExporter`, not `exporter`.
    error AdvanceSourceExporterMismatch(
        SourceKind sourceKind,
        uint256 sourceId,
        address sourceExporter,
        address exporter
    );
    /// @notice The source is in `sourceCurrency`; the advance's token pays `tokenCurrency`.
    error AdvanceCurrencyMismatch(
        SourceKind sourceKind,
        uint256 sourceId,
        bytes3 sourceCurrency,
        bytes3 tokenCurrency
    );
    /// @notice `limit` is more than the agreed share (`shareBps`) of the source's amount, `ceiling`.
    error AdvanceLimitAboveShare(uint256 limit, uint256 shareBps, uint256 ceiling);
    /// @notice The tranches' shares add up to `sum` basis points, not 10 000.
    error AdvanceTrancheSharesSum(uint256 sum);
    /// @notice Advance `advanceId` already rests on this source (it is not withdrawn).
    error AdvanceSourceAlreadyAdvanced(SourceKind sourceKind, uint256 sourceId, uint256 advanceId);
    /// @notice No shipment is bound to advance `advanceId` yet (`bindShipment`).
    error AdvanceShipmentNotBound(uint256 advanceId);
    /// @notice Advance `advanceId` is bound to shipment `shipmentRef` already.
    error AdvanceShipmentAlreadyBound(uint256 advanceId, bytes32 shipmentRef);
    /// @notice Advance `advanceId` has `count` tranches; there is no tranche `index`.
    error AdvanceUnknownTranche(uint256 advanceId, uint256 index, uint256 count);
    /// @notice Tranche `index` of advance `advanceId` was released already.
    error AdvanceTrancheAlreadyReleased(uint256 advanceId, uint256 index);
    /// @notice Shipment `shipmentRef` has not reached `milestone`, which tranche `index` waits for.
    error AdvanceMilestoneNotReached(
        uint256 advanceId,
        uint256 index,
        Milestone milestone,
        bytes32 shipmentRef
    );
    /// @notice Advance `advanceId` becomes overdue only after `overdueFrom` (latest shipment + grace).
    error AdvanceNotYetOverdue(uint256 advanceId, uint256 overdueFrom);
    /// @notice Shipment `shipmentRef` of advance `advanceId` departed: the advance is not overdue.
    error AdvanceShipmentDeparted(uint256 advanceId, bytes32 shipmentRef);
    /// @notice `caller` is not a payer governance named for proceeds.
    error AdvanceNotPayer(address caller);
    /// @notice `payer`'s facility `sourceId` has no advance assigned its proceeds.
    error AdvanceNoneForSource(address payer, uint256 sourceId);
    /// @notice Proceeds of `amount` are more than advance `advanceId` is owed, `outstanding`.
    error AdvanceProceedsAboveOutstanding(uint256 advanceId, uint256 amount, uint256 outstanding);
    /// @notice Proceeds came in `token`; advance `advanceId` is in `expected`.
    error AdvanceWrongToken(uint256 advanceId, address token, address expected);
    /// @notice The contract holds `balance` of `token`, less than the `expected` the payer said it transferred.
    error AdvanceProceedsNotReceived(address token, uint256 expected, uint256 balance);
    /// @notice Voucher `voucherId` of `vouchers` is held by `holder` (or worth `value`), not this contract with the value stated.
    error AdvanceVoucherNotHeld(address vouchers, uint256 voucherId, address holder, uint256 value);
    /// @notice Advance `advanceId` holds a voucher already.
    error AdvanceVoucherAlreadyHeld(uint256 advanceId, uint256 voucherId);
    /// @notice Advance `advanceId` holds no voucher.
    error AdvanceNoVoucher(uint256 advanceId);
    /// @notice Advance `advanceId` is `status`: its escrow is returned only once it is Repaid or Overdue.
    error AdvanceEscrowLocked(uint256 advanceId, AdvanceStatus status);
    /// @notice Voucher `voucherId` of advance `advanceId` paid nothing since it was last collected.
    error AdvanceNothingToCollect(uint256 advanceId, uint256 voucherId);
    /// @notice Advance `advanceId` holds no escrow to return.
    error AdvanceNothingToWithdraw(uint256 advanceId);

    // ---- events ----
    /// @notice `bank` offered `exporter` an advance of up to `limit` on the source.
    event AdvanceOffered(
        uint256 indexed advanceId,
        address indexed bank,
        address indexed exporter,
        SourceKind sourceKind,
        uint256 sourceId,
        uint256 limit,
        uint256 rateBps
    );
    /// @notice The exporter accepted the offer.
    event AdvanceAccepted(uint256 indexed advanceId, address indexed exporter);
    /// @notice The advance's shipment is `shipmentRef` (carrier + B/L or booking number).
    event AdvanceShipmentBound(
        uint256 indexed advanceId,
        bytes32 indexed shipmentRef,
        address carrier,
        string blNumber
    );
    /// @notice The bank escrowed `amount`.
    event AdvanceFunded(uint256 indexed advanceId, address indexed bank, uint256 amount);
    /// @notice Tranche `index` (`milestone`) released `amount` to the exporter.
    event AdvanceTrancheReleased(
        uint256 indexed advanceId,
        uint256 index,
        Milestone milestone,
        uint256 amount,
        uint256 released
    );
    /// @notice Proceeds repaid `interest` and `principal` to the bank; `outstanding` is what is still owed.
    event AdvanceRepayment(
        uint256 indexed advanceId,
        address indexed payer,
        uint256 interest,
        uint256 principal,
        uint256 outstanding
    );
    /// @notice A voucher's proceeds exceeded what the advance was owed: `amount` went to the exporter.
    event AdvanceSurplusPaid(uint256 indexed advanceId, address indexed exporter, uint256 amount);
    /// @notice Principal and interest are repaid in full.
    event AdvanceRepaid(uint256 indexed advanceId, uint256 principal, uint256 interest);
    /// @notice The advance holds voucher `voucherId` of `vouchers`, worth `value`, as its share of the proceeds.
    event AdvanceVoucherReceived(
        uint256 indexed advanceId,
        address indexed vouchers,
        uint256 voucherId,
        uint256 value
    );
    /// @notice The goods had not departed by the latest shipment date plus grace: the bank's claim is `claim` (principal + interest).
    event AdvanceOverdue(
        uint256 indexed advanceId,
        address indexed bank,
        uint256 claim,
        uint256 principal,
        uint256 interest
    );
    /// @notice The bank withdrew its offer.
    event AdvanceOfferWithdrawn(uint256 indexed advanceId);
    /// @notice `amount` of escrow never released went back to the bank.
    event AdvanceEscrowReturned(uint256 indexed advanceId, address indexed bank, uint256 amount);
    /// @notice Governance named `payer` the contract whose proceeds repay advances on `sourceKind`.
    event ProceedsPayerSet(SourceKind indexed sourceKind, address payer);

    // ---- governance ----
    /// @notice Name the contract that pays the proceeds of `sourceKind` sources (the payment
    /// commitments for orders, the letter of credit for credits). Governance only.
    function setProceedsPayer(SourceKind sourceKind, address payer) external;

    // ---- steps ----
    /// @notice A BANK offers the exporter an advance on an accepted order or an issued credit.
    function offer(Offer calldata request) external returns (uint256 advanceId);

    /// @notice The exporter accepts an open offer; the order's fingerprints (exact and fuzzy, as the
    /// PurchaseOrder contract recorded them) are claimed in the document guard. `carrier` + `blNumber`
    /// bind the shipment now (zero carrier: later, by `bindShipment`).
    function accept(uint256 advanceId, address carrier, string calldata blNumber) external;

    /// @notice The exporter binds the shipment (carrier + B/L or booking number) before its first tranche.
    function bindShipment(uint256 advanceId, address carrier, string calldata blNumber) external;

    /// @notice The bank escrows the limit (pulled from it; approve first).
    function fund(uint256 advanceId) external;

    /// @notice The exporter draws tranche `index` once its milestone is on chain; exactly once.
    function claimTranche(uint256 advanceId, uint256 index) external returns (uint256 amount);

    /// @notice Anyone: redeem the voucher the advance holds (at its maturity) and apply what it paid:
    /// first to what the advance is owed, the surplus to the exporter.
    function collectVoucher(uint256 advanceId) external returns (uint256 received);

    /// @notice Anyone: past latest shipment + grace with the goods not departed, the advance is
    /// overdue; the bank's claim is recorded.
    function markOverdue(uint256 advanceId) external;

    /// @notice The bank withdraws an offer not yet funded; a claimed order is released.
    function withdrawOffer(uint256 advanceId) external;

    /// @notice The bank takes back escrow never released, once the advance is Repaid or Overdue.
    function withdrawEscrow(uint256 advanceId) external returns (uint256 amount);

    // ---- views ----
    /// @notice The advance `advanceId` (reverts for an unknown id).
    function advance(uint256 advanceId) external view returns (Advance memory);

    /// @notice Its tranches.
    function tranches(uint256 advanceId) external view returns (Tranche[] memory);

    /// @notice The advance (not withdrawn) resting on a source; 0 when none.
    function advanceOfSource(SourceKind sourceKind, uint256 sourceId) external view returns (uint256);

    /// @notice What advance `advanceId` is owed now (principal outstanding + interest to now).
    function owed(uint256 advanceId) external view returns (uint256 principal, uint256 interest);

    /// @notice Whether the advance's shipment reached `milestone` (see `Milestone`).
    function milestoneReached(uint256 advanceId, Milestone milestone) external view returns (bool);

    /// @notice The voucher the advance holds, if any.
    function heldVoucher(uint256 advanceId) external view returns (HeldVoucher memory);

    /// @notice The payer governance named for `sourceKind`.
    function proceedsPayer(SourceKind sourceKind) external view returns (address);

    /// @notice How many advances were offered.
    function advanceCount() external view returns (uint256);
}
