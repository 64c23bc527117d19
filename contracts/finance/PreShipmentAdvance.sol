// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ConsortiumGated} from "../consortium/ConsortiumGated.sol";
import {ConsortiumRoles} from "../consortium/ConsortiumRoles.sol";
import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";
import {ICustomsStatus} from "../interfaces/ICustomsStatus.sol";
import {IDocumentFinancing} from "../interfaces/IDocumentFinancing.sol";
import {ILetterOfCredit} from "../interfaces/ILetterOfCredit.sol";
import {IPayableVoucher} from "../interfaces/IPayableVoucher.sol";
import {IPreShipmentAdvance} from "../interfaces/IPreShipmentAdvance.sol";
import {IProceedsAssignee} from "../interfaces/IProceedsAssignee.sol";
import {IPurchaseOrder} from "../interfaces/IPurchaseOrder.sol";
import {AdvanceSources} from "../libraries/AdvanceSources.sol";
import {CustomsShipmentRef} from "../libraries/CustomsShipmentRef.sol";
import {CustomsEventType} from "../types/CustomsTypes.sol";

/// @title PreShipmentAdvance
/// @notice Pre-shipment finance on an accepted purchase order or an issued documentary credit,
/// released in tranches on the customs oracle's milestones and repaid first out of the trade's
/// proceeds by assignment (UCP 600 art. 39; `IProceedsAssignee`).
///
/// Rules, and why:
///   - The bank escrows the whole limit before anything is released, so a tranche the exporter
///     may claim is always there: the exporter ships on the strength of it.
///   - A tranche is released once, by the exporter, when the shipment reached its milestone or a
///     later one: the oracle never moves a shipment back and records a late event as out of order,
///     so "reached a later milestone" is what makes out-of-order and duplicated reports harmless.
///   - Interest is simple, actual/360, at the agreed rate on the principal released and not yet
///     repaid, for each whole day since the first release: it is accrued to the last whole day at
///     every release and repayment, so a day's interest is on its closing balance (the usual
///     convention for an overdraft) and no part day is counted twice.
///   - Proceeds pay interest first, then principal; only governance-named payers pay, and the
///     contract checks the tokens arrived before it forwards them to the bank. A voucher carved
///     out for the advance is redeemed by anyone at maturity, the surplus going to the exporter.
///   - `outstandingAt` (what a payer carves out of a voucher maturing later) counts the escrow not
///     yet released as if it were drawn now: a tranche the exporter still claims after the
///     voucher was issued must be repaid out of it too. What the voucher pays beyond what is owed
///     when it is redeemed goes back to the exporter, so the exporter loses nothing by it.
///   - Money: for every advance escrowed = released + returned + held, and the contract's balance
///     of a token is at least the held escrow of every advance in it (`_held`).
contract PreShipmentAdvance is IPreShipmentAdvance, ConsortiumGated, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice The most tranches an advance has (one per milestone).
    uint256 internal constant MAX_TRANCHES = 3;
    /// @notice The highest interest rate, basis points a year (100 %).
    uint256 internal constant MAX_RATE_BPS = 10_000;
    /// @notice The longest grace period after the latest shipment date, in days.
    uint256 internal constant MAX_GRACE_DAYS = 365;

    uint256 private constant _BPS = 10_000;
    /// @dev Actual/360: rates are in basis points a year of 360 days.
    uint256 private constant _DAY_COUNT_BASIS = 360 * 10_000;

    IPurchaseOrder private immutable _orders;
    ILetterOfCredit private immutable _credits;
    ICustomsStatus private immutable _customs;
    IDocumentFinancing private immutable _documents;

    uint256 private _advanceCount;
    mapping(uint256 advanceId => Advance) private _advances;
    mapping(uint256 advanceId => Tranche[]) private _tranches;
    /// @dev The order's fingerprints claimed on acceptance, kept to release exactly those.
    mapping(uint256 advanceId => bytes32[2]) private _claimed;
    mapping(uint256 advanceId => HeldVoucher) private _vouchers;
    mapping(SourceKind kind => mapping(uint256 sourceId => uint256 advanceId)) private _bySource;
    mapping(SourceKind kind => address payer) private _payers;
    /// @dev The escrow held for every advance in a token: the part of the balance that is not proceeds.
    mapping(IERC20 token => uint256) private _held;

    /// @param orders_ The purchase orders advances rest on.
    /// @param credits_ The letters of credit advances rest on (zero: no advances on credits).
    /// @param customs_ The customs oracle whose milestones release tranches.
    /// @param documents_ The one-document-one-facility guard orders are claimed in.
    constructor(
        IConsortiumRegistry registry_,
        IPurchaseOrder orders_,
        ILetterOfCredit credits_,
        ICustomsStatus customs_,
        IDocumentFinancing documents_
    ) ConsortiumGated(registry_) {
        if (address(orders_) == address(0)) revert AdvanceInvalidField("orders");
        if (address(customs_) == address(0)) revert AdvanceInvalidField("customs");
        if (address(documents_) == address(0)) revert AdvanceInvalidField("documents");
        _orders = orders_;
        _credits = credits_;
        _customs = customs_;
        _documents = documents_;
    }

    // ------------------------------------------------------------------ governance

    /// @inheritdoc IPreShipmentAdvance
    /// @dev Executed by the consortium registry after its administrators approved it.
    function setProceedsPayer(SourceKind sourceKind, address payer) external onlyGovernance {
        _payers[sourceKind] = payer;
        emit ProceedsPayerSet(sourceKind, payer);
    }

    // ------------------------------------------------------------------ steps

    /// @inheritdoc IPreShipmentAdvance
    /// @dev Order of checks: caller an active BANK -> exporter, token, limit, share, rate, grace,
    /// expiry, tranches -> source eligible, its exporter, currency, limit within the share.
    function offer(
        Offer calldata request
    ) external onlyMemberWithRole(ConsortiumRoles.BANK) returns (uint256 advanceId) {
        _requireRole(ConsortiumRoles.EXPORTER, request.exporter);
        if (address(request.token) == address(0)) revert AdvanceInvalidField("token");
        if (request.limit == 0) revert AdvanceInvalidField("limit");
        if (request.shareBps == 0 || request.shareBps > _BPS) revert AdvanceInvalidField("shareBps");
        if (request.rateBps > MAX_RATE_BPS) revert AdvanceInvalidField("rateBps");
        if (request.graceDays > MAX_GRACE_DAYS) revert AdvanceInvalidField("graceDays");
        if (request.expiresAt <= block.timestamp) revert AdvanceInvalidField("expiresAt");
        _checkTranches(request.tranches);
        uint48 latestShipmentAt = AdvanceSources.check(
            address(_orders),
            address(_credits),
            uint8(request.sourceKind),
            request.sourceId,
            request.exporter,
            address(request.token),
            request.limit,
            request.shareBps
        );

        advanceId = ++_advanceCount;
        Advance storage a = _advances[advanceId];
        a.bank = msg.sender;
        a.status = AdvanceStatus.Offered;
        a.sourceKind = request.sourceKind;
        a.trancheCount = uint8(request.tranches.length);
        a.rateBps = request.rateBps;
        a.graceDays = request.graceDays;
        a.exporter = request.exporter;
        a.expiresAt = request.expiresAt;
        a.latestShipmentAt = latestShipmentAt;
        a.token = request.token;
        a.sourceId = request.sourceId;
        a.limit = request.limit;
        Tranche[] storage stored = _tranches[advanceId];
        for (uint256 i = 0; i < request.tranches.length; ++i) stored.push(request.tranches[i]);
        emit AdvanceOffered(
            advanceId,
            msg.sender,
            request.exporter,
            request.sourceKind,
            request.sourceId,
            request.limit,
            request.rateBps
        );
    }

    /// @inheritdoc IPreShipmentAdvance
    /// @dev Order of checks: caller active -> advance known and Offered -> caller its exporter ->
    /// not expired -> source still eligible -> no other advance on it -> shipment -> guard claim.
    function accept(uint256 advanceId, address carrier, string calldata blNumber) external onlyActiveMember {
        Advance storage a = _inStatus(advanceId, AdvanceStatus.Offered);
        if (a.exporter != msg.sender) revert AdvanceNotExporter(advanceId, msg.sender, a.exporter);
        if (block.timestamp > a.expiresAt) revert AdvanceOfferExpired(advanceId, a.expiresAt);
        AdvanceSources.requireEligible(address(_orders), address(_credits), uint8(a.sourceKind), a.sourceId);
        uint256 existing = _bySource[a.sourceKind][a.sourceId];
        if (existing != 0) revert AdvanceSourceAlreadyAdvanced(a.sourceKind, a.sourceId, existing);

        a.status = AdvanceStatus.Accepted;
        _bySource[a.sourceKind][a.sourceId] = advanceId;
        emit AdvanceAccepted(advanceId, msg.sender);
        if (carrier != address(0)) _bindShipment(advanceId, a, carrier, blNumber);
        if (a.sourceKind == SourceKind.PurchaseOrder) {
            IPurchaseOrder.OrderFingerprints memory f = _orders.orderFingerprints(a.sourceId);
            _claimed[advanceId] = [f.exact, f.fuzzy];
            _documents.claim(
                IDocumentFinancing.DocumentKind.PurchaseOrder,
                _pair(f.exact, f.fuzzy),
                advanceId
            );
        }
    }

    /// @inheritdoc IPreShipmentAdvance
    /// @dev Order of checks: caller active -> advance known -> caller its exporter -> Accepted or
    /// Funded -> not bound yet -> carrier a CARRIER member, B/L number given.
    function bindShipment(
        uint256 advanceId,
        address carrier,
        string calldata blNumber
    ) external onlyActiveMember {
        Advance storage a = _known(advanceId);
        if (a.exporter != msg.sender) revert AdvanceNotExporter(advanceId, msg.sender, a.exporter);
        if (a.status != AdvanceStatus.Accepted && a.status != AdvanceStatus.Funded) {
            revert AdvanceWrongStatus(advanceId, a.status, AdvanceStatus.Funded);
        }
        _bindShipment(advanceId, a, carrier, blNumber);
    }

    /// @inheritdoc IPreShipmentAdvance
    /// @dev Order of checks: caller an active BANK -> advance Accepted -> caller its bank.
    function fund(uint256 advanceId) external onlyMemberWithRole(ConsortiumRoles.BANK) nonReentrant {
        Advance storage a = _inStatus(advanceId, AdvanceStatus.Accepted);
        if (a.bank != msg.sender) revert AdvanceNotBank(advanceId, msg.sender, a.bank);
        uint128 amount = a.limit;
        a.status = AdvanceStatus.Funded;
        a.escrowed = amount;
        _held[a.token] += amount;
        emit AdvanceFunded(advanceId, msg.sender, amount);
        a.token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IPreShipmentAdvance
    /// @dev Order of checks: caller active -> advance Funded -> caller its exporter -> tranche
    /// known -> not released -> shipment bound -> milestone reached.
    function claimTranche(
        uint256 advanceId,
        uint256 index
    ) external onlyActiveMember nonReentrant returns (uint256 amount) {
        Advance storage a = _inStatus(advanceId, AdvanceStatus.Funded);
        if (a.exporter != msg.sender) revert AdvanceNotExporter(advanceId, msg.sender, a.exporter);
        if (index >= a.trancheCount) revert AdvanceUnknownTranche(advanceId, index, a.trancheCount);
        uint8 bit = uint8(1 << index);
        if (a.releasedMask & bit != 0) revert AdvanceTrancheAlreadyReleased(advanceId, index);
        if (a.shipmentRef == bytes32(0)) revert AdvanceShipmentNotBound(advanceId);
        Milestone milestone = _tranches[advanceId][index].milestone;
        if (!_milestoneReached(a.shipmentRef, milestone)) {
            revert AdvanceMilestoneNotReached(advanceId, index, milestone, a.shipmentRef);
        }

        amount = _trancheAmount(advanceId, a, index);
        _accrue(a);
        if (a.accruedAt == 0) a.accruedAt = uint48(block.timestamp);
        a.releasedMask |= bit;
        a.released += uint128(amount);
        _held[a.token] -= amount;
        emit AdvanceTrancheReleased(advanceId, index, milestone, amount, a.released);
        a.token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IProceedsAssignee
    /// @dev Order of checks: caller a named payer -> an advance on the source -> Funded or Overdue
    /// -> token -> amount within what is owed -> the tokens arrived. Then the bank is paid.
    function onProceeds(uint256 sourceId, IERC20 token, uint256 amount) external nonReentrant {
        (uint256 advanceId, Advance storage a) = _assignedBy(msg.sender, sourceId);
        if (address(token) != address(a.token))
            revert AdvanceWrongToken(advanceId, address(token), address(a.token));
        _accrue(a);
        uint256 owedNow = _principal(a) + a.interestAccrued;
        if (amount > owedNow) revert AdvanceProceedsAboveOutstanding(advanceId, amount, owedNow);
        uint256 expected = _held[token] + amount;
        uint256 balance = token.balanceOf(address(this));
        if (balance < expected) revert AdvanceProceedsNotReceived(address(token), expected, balance);
        if (amount == 0) return;
        _repay(advanceId, a, msg.sender, amount);
    }

    /// @inheritdoc IProceedsAssignee
    /// @dev Order of checks: caller a named payer -> an advance on the source -> Funded or Overdue
    /// -> none held yet -> this contract holds the voucher with at least `value` -> in the advance's token.
    function onVoucher(uint256 sourceId, address vouchers, uint256 voucherId, uint256 value) external {
        (uint256 advanceId, Advance storage a) = _assignedBy(msg.sender, sourceId);
        HeldVoucher storage held = _vouchers[advanceId];
        if (held.vouchers != address(0)) revert AdvanceVoucherAlreadyHeld(advanceId, held.voucherId);
        IPayableVoucher.Voucher memory v = IPayableVoucher(vouchers).voucher(voucherId);
        if (v.holder != address(this) || v.value < value || value == 0 || voucherId > type(uint64).max) {
            revert AdvanceVoucherNotHeld(vouchers, voucherId, v.holder, v.value);
        }
        address token = address(IPayableVoucher(vouchers).payableOf(v.payableId).token);
        if (token != address(a.token)) revert AdvanceWrongToken(advanceId, token, address(a.token));
        held.vouchers = vouchers;
        held.voucherId = uint64(voucherId);
        held.value = v.value;
        emit AdvanceVoucherReceived(advanceId, vouchers, voucherId, value);
    }

    /// @inheritdoc IPreShipmentAdvance
    /// @dev What the voucher paid is the fall of its value since last looked at (a redemption here
    /// or a sweep): that is applied to what is owed, the rest to the exporter.
    function collectVoucher(uint256 advanceId) external nonReentrant returns (uint256 received) {
        Advance storage a = _known(advanceId);
        HeldVoucher storage held = _vouchers[advanceId];
        if (held.vouchers == address(0)) revert AdvanceNoVoucher(advanceId);
        IPayableVoucher vouchers = IPayableVoucher(held.vouchers);
        uint256 voucherId = held.voucherId;
        if (vouchers.claimable(voucherId) != 0) vouchers.redeem(voucherId);
        uint128 value = vouchers.voucher(voucherId).value;
        received = held.value - value;
        if (received == 0) revert AdvanceNothingToCollect(advanceId, voucherId);
        held.value = value;

        _accrue(a);
        uint256 owedNow = _principal(a) + a.interestAccrued;
        uint256 repaid = received < owedNow ? received : owedNow;
        if (repaid != 0) _repay(advanceId, a, address(vouchers), repaid);
        uint256 surplus = received - repaid;
        if (surplus != 0) {
            emit AdvanceSurplusPaid(advanceId, a.exporter, surplus);
            a.token.safeTransfer(a.exporter, surplus);
        }
    }

    /// @inheritdoc IPreShipmentAdvance
    /// @dev Order of checks: advance Funded -> past latest shipment + grace -> not departed.
    function markOverdue(uint256 advanceId) external {
        Advance storage a = _inStatus(advanceId, AdvanceStatus.Funded);
        uint256 overdueFrom = uint256(a.latestShipmentAt) + uint256(a.graceDays) * 1 days;
        if (block.timestamp <= overdueFrom) revert AdvanceNotYetOverdue(advanceId, overdueFrom);
        if (a.shipmentRef != bytes32(0) && _milestoneReached(a.shipmentRef, Milestone.Departed)) {
            revert AdvanceShipmentDeparted(advanceId, a.shipmentRef);
        }
        _accrue(a);
        uint256 principal = _principal(a);
        uint256 interest = a.interestAccrued;
        a.status = AdvanceStatus.Overdue;
        a.overdueAt = uint48(block.timestamp);
        a.overdueClaim = uint128(principal + interest);
        emit AdvanceOverdue(advanceId, a.bank, principal + interest, principal, interest);
    }

    /// @inheritdoc IPreShipmentAdvance
    /// @dev Order of checks: advance known -> caller its bank -> Offered or Accepted.
    function withdrawOffer(uint256 advanceId) external {
        Advance storage a = _known(advanceId);
        if (a.bank != msg.sender) revert AdvanceNotBank(advanceId, msg.sender, a.bank);
        AdvanceStatus status = a.status;
        if (status != AdvanceStatus.Offered && status != AdvanceStatus.Accepted) {
            revert AdvanceWrongStatus(advanceId, status, AdvanceStatus.Offered);
        }
        a.status = AdvanceStatus.Withdrawn;
        emit AdvanceOfferWithdrawn(advanceId);
        if (status == AdvanceStatus.Accepted) {
            delete _bySource[a.sourceKind][a.sourceId];
            if (a.sourceKind == SourceKind.PurchaseOrder) {
                bytes32[2] storage claimed = _claimed[advanceId];
                _documents.release(
                    IDocumentFinancing.DocumentKind.PurchaseOrder,
                    _pair(claimed[0], claimed[1]),
                    advanceId
                );
            }
        }
    }

    /// @inheritdoc IPreShipmentAdvance
    /// @dev Order of checks: advance known -> caller its bank -> Repaid or Overdue -> escrow held.
    function withdrawEscrow(uint256 advanceId) external nonReentrant returns (uint256 amount) {
        Advance storage a = _known(advanceId);
        if (a.bank != msg.sender) revert AdvanceNotBank(advanceId, msg.sender, a.bank);
        if (a.status != AdvanceStatus.Repaid && a.status != AdvanceStatus.Overdue) {
            revert AdvanceEscrowLocked(advanceId, a.status);
        }
        amount = _heldFor(a);
        if (amount == 0) revert AdvanceNothingToWithdraw(advanceId);
        a.returned += uint128(amount);
        _held[a.token] -= amount;
        emit AdvanceEscrowReturned(advanceId, msg.sender, amount);
        a.token.safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IProceedsAssignee
    function outstanding(address payer, uint256 sourceId) external view returns (uint256) {
        Advance storage a = _assignedView(payer, sourceId);
        if (address(a.token) == address(0)) return 0;
        return _principal(a) + _interestTo(a, block.timestamp);
    }

    /// @inheritdoc IProceedsAssignee
    /// @dev Counts the escrow not yet released as drawn now (see the contract's rules), with
    /// interest to `at` on all of it.
    function outstandingAt(address payer, uint256 sourceId, uint48 at) external view returns (uint256) {
        Advance storage a = _assignedView(payer, sourceId);
        if (address(a.token) == address(0)) return 0;
        uint256 when = at < block.timestamp ? block.timestamp : at;
        uint256 undrawn = a.status == AdvanceStatus.Funded ? _heldFor(a) : 0;
        uint256 undrawnInterest =
            (undrawn * a.rateBps * _wholeDays(block.timestamp, when)) / _DAY_COUNT_BASIS;
        return _principal(a) + _interestTo(a, when) + undrawn + undrawnInterest;
    }

    /// @inheritdoc IPreShipmentAdvance
    function advance(uint256 advanceId) external view returns (Advance memory) {
        return _known(advanceId);
    }

    /// @inheritdoc IPreShipmentAdvance
    function tranches(uint256 advanceId) external view returns (Tranche[] memory) {
        _known(advanceId);
        return _tranches[advanceId];
    }

    /// @inheritdoc IPreShipmentAdvance
    function advanceOfSource(SourceKind sourceKind, uint256 sourceId) external view returns (uint256) {
        return _bySource[sourceKind][sourceId];
    }

    /// @inheritdoc IPreShipmentAdvance
    function owed(uint256 advanceId) external view returns (uint256 principal, uint256 interest) {
        Advance storage a = _known(advanceId);
        return (_principal(a), _interestTo(a, block.timestamp));
    }

    /// @inheritdoc IPreShipmentAdvance
    function milestoneReached(uint256 advanceId, Milestone milestone) external view returns (bool) {
        Advance storage a = _known(advanceId);
        return a.shipmentRef != bytes32(0) && _milestoneReached(a.shipmentRef, milestone);
    }

    /// @inheritdoc IPreShipmentAdvance
    function heldVoucher(uint256 advanceId) external view returns (HeldVoucher memory) {
        return _vouchers[advanceId];
    }

    /// @inheritdoc IPreShipmentAdvance
    function proceedsPayer(SourceKind sourceKind) external view returns (address) {
        return _payers[sourceKind];
    }

    /// @inheritdoc IPreShipmentAdvance
    function advanceCount() external view returns (uint256) {
        return _advanceCount;
    }

    // ------------------------------------------------------------------ internals

    function _checkTranches(Tranche[] calldata list) private pure {
        uint256 count = list.length;
        if (count == 0 || count > MAX_TRANCHES) revert AdvanceInvalidField("tranches");
        uint256 sum;
        for (uint256 i = 0; i < count; ++i) {
            if (list[i].shareBps == 0) revert AdvanceInvalidField("tranches.shareBps");
            if (i != 0 && uint8(list[i].milestone) <= uint8(list[i - 1].milestone)) {
                revert AdvanceInvalidField("tranches.milestone");
            }
            sum += list[i].shareBps;
        }
        if (sum != _BPS) revert AdvanceTrancheSharesSum(sum);
    }

    function _bindShipment(
        uint256 advanceId,
        Advance storage a,
        address carrier,
        string calldata blNumber
    ) private {
        if (a.shipmentRef != bytes32(0)) revert AdvanceShipmentAlreadyBound(advanceId, a.shipmentRef);
        _requireRole(ConsortiumRoles.CARRIER, carrier);
        if (bytes(blNumber).length == 0 || bytes(blNumber).length > 64)
            revert AdvanceInvalidField("blNumber");
        bytes32 shipmentRef = CustomsShipmentRef.derive(carrier, blNumber);
        a.shipmentRef = shipmentRef;
        emit AdvanceShipmentBound(advanceId, shipmentRef, carrier, blNumber);
    }

    /// @dev A milestone is reached when the shipment reached its status or any later one (the
    /// oracle's stages never go back; see `IPreShipmentAdvance.Milestone`). At most seven reads of
    /// one warm storage slot of the oracle.
    function _milestoneReached(bytes32 shipmentRef, Milestone milestone) private view returns (bool) {
        if (_reached(shipmentRef, CustomsEventType.Departed)) return true;
        if (_reached(shipmentRef, CustomsEventType.Arrived)) return true;
        if (_reached(shipmentRef, CustomsEventType.Discharged)) return true;
        if (milestone == Milestone.Departed) return false;
        if (_reached(shipmentRef, CustomsEventType.Loaded)) return true;
        if (milestone == Milestone.Loaded) return false;
        return
            _reached(shipmentRef, CustomsEventType.DeclarationAccepted) ||
            _reached(shipmentRef, CustomsEventType.Released) ||
            _reached(shipmentRef, CustomsEventType.GoodsExited);
    }

    function _reached(bytes32 shipmentRef, CustomsEventType status) private view returns (bool reached) {
        (reached, ) = _customs.hasReached(shipmentRef, status);
    }

    /// @dev Tranche `index`'s share of the limit; the last tranche takes what rounding left.
    function _trancheAmount(
        uint256 advanceId,
        Advance storage a,
        uint256 index
    ) private view returns (uint256) {
        if (index + 1 == a.trancheCount) {
            uint256 others;
            for (uint256 i = 0; i < index; ++i)
                others += (uint256(a.limit) * _tranches[advanceId][i].shareBps) / _BPS;
            return a.limit - others;
        }
        return (uint256(a.limit) * _tranches[advanceId][index].shareBps) / _BPS;
    }

    /// @dev Pays interest first, then principal, to the bank; marks the advance Repaid when nothing is owed.
    function _repay(uint256 advanceId, Advance storage a, address payer, uint256 amount) private {
        uint256 interest = amount < a.interestAccrued ? amount : a.interestAccrued;
        uint256 principal = amount - interest;
        a.interestAccrued -= uint128(interest);
        a.interestPaid += uint128(interest);
        a.principalRepaid += uint128(principal);
        uint256 remaining = _principal(a) + a.interestAccrued;
        emit AdvanceRepayment(advanceId, payer, interest, principal, remaining);
        if (remaining == 0) {
            a.status = AdvanceStatus.Repaid;
            emit AdvanceRepaid(advanceId, a.principalRepaid, a.interestPaid);
        }
        a.token.safeTransfer(a.bank, amount);
    }

    function _accrue(Advance storage a) private {
        uint256 from = a.accruedAt;
        if (from == 0) return;
        uint256 days_ = _wholeDays(from, block.timestamp);
        if (days_ == 0) return;
        a.interestAccrued += uint128((_principal(a) * a.rateBps * days_) / _DAY_COUNT_BASIS);
        a.accruedAt = uint48(from + days_ * 1 days);
    }

    function _interestTo(Advance storage a, uint256 at) private view returns (uint256) {
        uint256 from = a.accruedAt;
        if (from == 0) return a.interestAccrued;
        return a.interestAccrued + (_principal(a) * a.rateBps * _wholeDays(from, at)) / _DAY_COUNT_BASIS;
    }

    function _wholeDays(uint256 from, uint256 to) private pure returns (uint256) {
        return to > from ? (to - from) / 1 days : 0;
    }

    function _principal(Advance storage a) private view returns (uint256) {
        return a.released - a.principalRepaid;
    }

    function _heldFor(Advance storage a) private view returns (uint256) {
        return a.escrowed - a.released - a.returned;
    }

    function _assignedBy(
        address payer,
        uint256 sourceId
    ) private view returns (uint256 advanceId, Advance storage a) {
        SourceKind kind;
        if (payer != address(0) && payer == _payers[SourceKind.PurchaseOrder])
            kind = SourceKind.PurchaseOrder;
        else if (payer != address(0) && payer == _payers[SourceKind.LetterOfCredit])
            kind = SourceKind.LetterOfCredit;
        else revert AdvanceNotPayer(payer);
        advanceId = _bySource[kind][sourceId];
        if (advanceId == 0) revert AdvanceNoneForSource(payer, sourceId);
        a = _advances[advanceId];
        if (a.status != AdvanceStatus.Funded && a.status != AdvanceStatus.Overdue) {
            revert AdvanceWrongStatus(advanceId, a.status, AdvanceStatus.Funded);
        }
    }

    /// @dev The advance `payer`'s facility `sourceId` is assigned to, if it is owed anything
    /// (Funded or Overdue); otherwise an empty slot (token zero).
    function _assignedView(address payer, uint256 sourceId) private view returns (Advance storage a) {
        uint256 advanceId;
        if (payer != address(0) && payer == _payers[SourceKind.PurchaseOrder]) {
            advanceId = _bySource[SourceKind.PurchaseOrder][sourceId];
        } else if (payer != address(0) && payer == _payers[SourceKind.LetterOfCredit]) {
            advanceId = _bySource[SourceKind.LetterOfCredit][sourceId];
        }
        a = _advances[advanceId];
        if (a.status != AdvanceStatus.Funded && a.status != AdvanceStatus.Overdue) a = _advances[0];
    }

    function _pair(bytes32 first, bytes32 second) private pure returns (bytes32[] memory list) {
        list = new bytes32[](2);
        list[0] = first;
        list[1] = second;
    }

    function _known(uint256 advanceId) private view returns (Advance storage a) {
        a = _advances[advanceId];
        if (a.status == AdvanceStatus.None) revert AdvanceUnknown(advanceId);
    }

    function _inStatus(uint256 advanceId, AdvanceStatus required) private view returns (Advance storage a) {
        a = _known(advanceId);
        if (a.status != required) revert AdvanceWrongStatus(advanceId, a.status, required);
    }
}
