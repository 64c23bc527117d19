// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ConsortiumGated} from "../consortium/ConsortiumGated.sol";
import {ConsortiumRoles} from "../consortium/ConsortiumRoles.sol";
import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";
import {IDepositToken} from "../interfaces/IDepositToken.sol";
import {IDocumentFinancing} from "../interfaces/IDocumentFinancing.sol";
import {IERC3525} from "../interfaces/IERC3525.sol";
import {IInvoiceRegistry} from "../interfaces/IInvoiceRegistry.sol";
import {IPayableVoucher} from "../interfaces/IPayableVoucher.sol";

/// @title PayableVoucher
/// @notice A core enterprise's confirmed payables as divisible vouchers (ERC-3525), for
/// supply-chain finance on open account: the obligor confirms a payable to its first-tier
/// supplier, suppliers split and pass the voucher down their own supply chain, any holder sells
/// part or all of it to a bank at a discount, and at maturity the obligor pays once into the
/// payable and every holder is paid exactly what it holds.
///
/// Rules, and why:
///   - Title moves only through split, whole transfer, merge and discount, each by the holder
///     (or, for a discount, by the bank the holder offered to): there are no ERC-721 or ERC-3525
///     approvals, so nobody but a holder ever moves its value.
///   - Vouchers move only before maturity and are redeemed only from maturity. A matured
///     receivable is due for payment, not for trading; and because nothing moves while holders
///     are being paid, the sweep's list of vouchers never changes under it.
///   - Partial funding is shared pro rata: a voucher redeemed when `funded` of `amount` is in is
///     paid its value x (funded - f) / (amount - f), where f is what was funded at its previous
///     redemption (0 at first), and its value falls by what it was paid. Each unit of value thus
///     receives the same fraction of what is funded, and is paid in full once the payable is.
///   - Every voucher of a payable is in one linked list that starts at the supplier's first
///     voucher; a split inserts the new voucher right after the one it came from, whose storage
///     word is written anyway, so keeping the list costs a split nothing and the sweep walks it
///     in bounded batches.
///   - Product contracts governance named issue payables in an obligor's name once that obligor
///     authorised them (`authoriseProduct`): `issueFunded` for money the product holds already (a
///     deferred-payment credit's escrow: funded at once, the limit untouched), `issueUnfunded`
///     for an undertaking the obligor gave in the product (a bank's payment commitment: charged
///     to its limit, funded by maturity). They claim their documents in the document guard, so no
///     invoice is marked here; and a named product may hold and redeem vouchers (an assignee).
///   - No loop grows with the number of holders: every operation touches a fixed number of
///     vouchers, and the sweep visits at most the batch it is given.
contract PayableVoucher is IPayableVoucher, ConsortiumGated {
    using SafeERC20 for IDepositToken;

    /// @notice The most invoices one payable pays.
    uint256 public constant MAX_INVOICES = 32;
    /// @notice The highest discount rate a bank may apply, in basis points a year (100 %).
    uint256 public constant MAX_RATE_BPS = 10_000;
    /// @notice How many vouchers one Automation upkeep pays.
    uint256 public constant UPKEEP_BATCH = 50;

    bytes4 private constant _ERC3525_INTERFACE_ID = 0xd5358140;
    /// @dev Actual/360: the year of a discount has 360 days; rates are in basis points.
    uint256 private constant _DAY_COUNT_BASIS = 360 * 10_000;

    IInvoiceRegistry private immutable _invoices;
    uint8 private immutable _valueDecimals;
    uint256 private immutable _gracePeriod;

    uint64 private _payableCount;
    uint64 private _voucherCount;
    uint64 private _offerCount;

    mapping(uint256 payableId => Payable) private _payables;
    mapping(uint256 payableId => bytes32[]) private _invoicesOf;
    /// @dev word 0: holder (20) | payableId (8); word 1: value (16) | parent (8) | next (8).
    mapping(uint256 voucherId => Voucher) private _vouchers;
    /// @dev What the payable had funded when this voucher was last redeemed (f in the rule above).
    mapping(uint256 voucherId => uint256) private _fundedAtRedemption;
    mapping(address holder => uint256) private _voucherBalance;
    mapping(uint256 offerId => Offer) private _offers;
    mapping(address obligor => ObligorLimit) private _obligors;
    mapping(address token => bool) private _settlementTokens;
    /// @dev Product contracts governance named, and which of them each obligor authorised.
    mapping(address product => bool) private _products;
    mapping(address obligor => mapping(address product => bool)) private _productAuthorised;

    /// @param invoices_ The invoice registry whose invoices back payables.
    /// @param valueDecimals_ The decimals of every voucher's value: every settlement token has them.
    /// @param gracePeriod_ Past maturity, how long before an unfunded payable is overdue (seconds).
    constructor(
        IConsortiumRegistry registry_,
        IInvoiceRegistry invoices_,
        uint8 valueDecimals_,
        uint256 gracePeriod_
    ) ConsortiumGated(registry_) {
        if (address(invoices_) == address(0)) revert VoucherInvalidField("invoices");
        _invoices = invoices_;
        _valueDecimals = valueDecimals_;
        _gracePeriod = gracePeriod_;
    }

    // ------------------------------------------------------ governance, lenders

    /// @inheritdoc IPayableVoucher
    /// @dev Executed by the consortium registry after its administrators approved it.
    function setObligorLimit(address obligor, uint256 limit) external onlyGovernance {
        if (obligor == address(0)) revert VoucherInvalidField("obligor");
        if (limit > type(uint128).max) revert VoucherInvalidField("limit");
        _obligors[obligor].limit = uint128(limit);
        emit ObligorLimitSet(obligor, limit, msg.sender);
    }

    /// @inheritdoc IPayableVoucher
    /// @dev Executed by the consortium registry after its administrators approved it.
    function setLender(address obligor, address lender) external onlyGovernance {
        if (obligor == address(0)) revert VoucherInvalidField("obligor");
        if (lender != address(0)) _requireRole(ConsortiumRoles.BANK, lender);
        _obligors[obligor].lender = lender;
        emit ObligorLenderSet(obligor, lender);
    }

    /// @inheritdoc IPayableVoucher
    /// @dev Order of checks: caller an active BANK -> caller the obligor's lender.
    function adjustLimit(address obligor, uint256 limit) external onlyMemberWithRole(ConsortiumRoles.BANK) {
        ObligorLimit storage o = _obligors[obligor];
        if (o.lender != msg.sender) revert VoucherNotLender(obligor, msg.sender, o.lender);
        if (limit > type(uint128).max) revert VoucherInvalidField("limit");
        o.limit = uint128(limit);
        emit ObligorLimitSet(obligor, limit, msg.sender);
    }

    /// @inheritdoc IPayableVoucher
    /// @dev Executed by the consortium registry after its administrators approved it. Disallowing a
    /// token stops new payables in it; payables confirmed in it settle in it as promised.
    function setSettlementToken(IDepositToken token, bool allowed) external onlyGovernance {
        if (address(token) == address(0)) revert VoucherInvalidField("token");
        if (allowed) {
            uint8 decimals = IERC20Metadata(address(token)).decimals();
            if (decimals != _valueDecimals) {
                revert VoucherSettlementTokenDecimals(address(token), decimals, _valueDecimals);
            }
        }
        _settlementTokens[address(token)] = allowed;
        emit SettlementTokenSet(address(token), allowed);
    }

    /// @inheritdoc IPayableVoucher
    /// @dev Executed by the consortium registry after its administrators approved it.
    function setProduct(address product, bool allowed) external onlyGovernance {
        if (product == address(0)) revert VoucherInvalidField("product");
        _products[product] = allowed;
        emit ProductSet(product, allowed);
    }

    /// @inheritdoc IPayableVoucher
    function authoriseProduct(
        address product,
        bool authorised
    ) external onlyMemberWithRole(ConsortiumRoles.OBLIGOR) {
        _productAuthorised[msg.sender][product] = authorised;
        emit ProductAuthorised(msg.sender, product, authorised);
    }

    // ------------------------------------------------------------- confirmation

    /// @inheritdoc IPayableVoucher
    /// @dev Order of checks: caller a named product -> obligor an active OBLIGOR -> obligor
    /// authorised the caller -> supplier may hold -> amount -> token -> maturity -> assignee share.
    /// Why funded at once and the limit not charged: a product issues a payable for money it
    /// already holds for it (a credit's escrow), so the obligor's name stands behind a payable
    /// that cannot be unfunded; the limit measures unfunded exposure.
    function issueFunded(
        Issuance calldata request
    ) external returns (uint256 payableId, uint256 voucherId, uint256 assigneeVoucherId) {
        (payableId, voucherId, assigneeVoucherId) = _issue(request, true);
        uint256 amount = request.amount;
        emit PayableFunded(payableId, amount, amount);
        request.token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IPayableVoucher
    /// @dev Order of checks: as `issueFunded`, then the obligor's limit. Why the obligor need not
    /// sign here: it gave its undertaking in the product (a bank's payment commitment is made by
    /// the bank), and it authorised that product once (`authoriseProduct`); the limit caps it as if
    /// it had confirmed itself, and it funds at maturity with `fund`.
    function issueUnfunded(
        Issuance calldata request
    ) external returns (uint256 payableId, uint256 voucherId, uint256 assigneeVoucherId) {
        return _issue(request, false);
    }

    /// @dev The payable of a product's `request`, funded at once (the product pays it in) or
    /// charged to the obligor's limit. Order of checks: caller a named product -> obligor an
    /// active OBLIGOR -> obligor authorised the caller -> supplier may hold -> amount -> token ->
    /// maturity -> assignee share -> (unfunded) limit.
    function _issue(
        Issuance calldata request,
        bool funded
    ) private returns (uint256 payableId, uint256 voucherId, uint256 assigneeVoucherId) {
        if (!_products[msg.sender]) revert VoucherNotProduct(msg.sender);
        address obligor = request.obligor;
        _requireRole(ConsortiumRoles.OBLIGOR, obligor);
        if (!_productAuthorised[obligor][msg.sender]) revert VoucherProductNotAuthorised(obligor, msg.sender);
        _requireHolderRole(request.supplier);
        uint256 amount = request.amount;
        if (amount == 0 || amount > type(uint128).max) revert VoucherInvalidField("amount");
        if (!_settlementTokens[address(request.token)]) {
            revert VoucherSettlementTokenNotAllowed(address(request.token));
        }
        if (request.maturity <= block.timestamp) revert VoucherInvalidField("maturity");
        uint256 share = request.assigneeValue;
        if (share > amount || (share != 0 && request.assignee == address(0))) {
            revert VoucherInvalidField("assigneeValue");
        }
        if (share != 0) _requireHolderRole(request.assignee);
        if (!funded) _chargeLimit(obligor, amount);

        payableId = ++_payableCount;
        voucherId = ++_voucherCount;
        Payable storage p = _payables[payableId];
        p.obligor = obligor;
        p.maturity = request.maturity;
        p.confirmedAt = uint48(block.timestamp);
        p.supplier = request.supplier;
        p.rootVoucher = uint64(voucherId);
        p.token = request.token;
        p.amount = uint128(amount);
        if (funded) p.funded = uint128(amount);
        emit PayableConfirmed(
            payableId,
            obligor,
            request.supplier,
            amount,
            address(request.token),
            request.maturity,
            new bytes32[](0)
        );
        _mint(voucherId, request.supplier, payableId, amount - share, 0, 0);
        if (share != 0) {
            assigneeVoucherId = ++_voucherCount;
            _vouchers[voucherId].next = uint64(assigneeVoucherId);
            _mint(assigneeVoucherId, request.assignee, payableId, share, voucherId, 0);
            emit TransferValue(voucherId, assigneeVoucherId, share);
        }
    }

    /// @inheritdoc IPayableVoucher
    /// @dev Order of checks: caller an active OBLIGOR (modifier) -> supplier may hold vouchers ->
    /// amount -> token -> maturity -> invoices -> limit; then the registry refuses any invoice
    /// the supplier did not register under these fingerprints, cancelled, or whose fingerprints
    /// were financed or back a payable already under any seller's registration.
    function confirm(
        Confirmation calldata request
    ) external onlyMemberWithRole(ConsortiumRoles.OBLIGOR) returns (uint256 payableId, uint256 voucherId) {
        address supplier = request.supplier;
        if (supplier == msg.sender) revert VoucherInvalidField("supplier");
        _requireHolderRole(supplier);
        uint256 amount = request.amount;
        if (amount == 0 || amount > type(uint128).max) revert VoucherInvalidField("amount");
        if (!_settlementTokens[address(request.token)]) {
            revert VoucherSettlementTokenNotAllowed(address(request.token));
        }
        if (request.maturity <= block.timestamp) revert VoucherInvalidField("maturity");
        uint256 invoiceCount = request.invoices.length;
        if (invoiceCount == 0 || invoiceCount > MAX_INVOICES) revert VoucherInvalidField("invoices");
        _chargeLimit(msg.sender, amount);

        payableId = ++_payableCount;
        voucherId = ++_voucherCount;
        // The registry is the consortium's own contract, and the invoice ids are what it resolves
        // the fingerprints to: it is called before the payable's invoice list and the confirmation
        // event are written, and any refusal there reverts the whole confirmation.
        // The consortium's document-financing guard, when the invoice registry names one, is told
        // of each backing invoice too (facility: this payable), so an invoice that backs another
        // product's facility (a commitment, a credit presentation) is refused, naming it.
        IDocumentFinancing guard = _invoices.documentFinancing();
        bytes32[] memory invoiceIds = new bytes32[](invoiceCount);
        for (uint256 i = 0; i < invoiceCount; ++i) {
            invoiceIds[i] = _invoices.markBacking(supplier, request.invoices[i], payableId);
            if (address(guard) != address(0)) _claimInvoice(guard, request.invoices[i], payableId);
        }
        _storePayable(payableId, voucherId, request, invoiceIds);
        _mint(voucherId, supplier, payableId, amount, 0, 0);
    }

    // ---------------------------------------------------------- moving value

    /// @inheritdoc IERC3525
    /// @notice Split: the holder moves `value` of voucher `fromVoucherId` to a new voucher of the
    /// same payable held by `to`, an active EXPORTER or BANK member. Before maturity only.
    function transferFrom(
        uint256 fromVoucherId,
        address to,
        uint256 value
    ) external onlyActiveMember returns (uint256) {
        return _split(fromVoucherId, msg.sender, to, value);
    }

    /// @inheritdoc IERC3525
    /// @notice The holder of `fromVoucherId` moves `value` of it into voucher `toVoucherId` of the
    /// same payable, whose holder must still be allowed to hold vouchers. Before maturity only.
    function transferFrom(
        uint256 fromVoucherId,
        uint256 toVoucherId,
        uint256 value
    ) external onlyActiveMember {
        _moveValue(fromVoucherId, toVoucherId, value, false);
    }

    /// @inheritdoc IPayableVoucher
    function merge(uint256 fromVoucherId, uint256 toVoucherId) external onlyActiveMember {
        _moveValue(fromVoucherId, toVoucherId, _vouchers[fromVoucherId].value, true);
    }

    /// @inheritdoc IPayableVoucher
    /// @dev Order of checks: caller active (modifier) -> voucher known -> caller its holder ->
    /// before maturity -> recipient may hold vouchers.
    function transferVoucher(uint256 voucherId, address to) external onlyActiveMember {
        Voucher storage v = _heldBy(voucherId, msg.sender);
        _requireBeforeMaturity(v.payableId);
        _requireHolderRole(to);
        v.holder = to;
        --_voucherBalance[msg.sender];
        ++_voucherBalance[to];
        emit Transfer(msg.sender, to, voucherId);
    }

    // ------------------------------------------------------------- discounting

    /// @inheritdoc IPayableVoucher
    /// @dev Order of checks: caller active -> voucher held by the caller -> before maturity ->
    /// bank an active BANK -> value -> rate -> expiry. The value is not reserved: acceptance checks
    /// that the voucher still holds it.
    function offerDiscount(
        uint256 voucherId,
        address bank,
        uint256 value,
        uint256 maxRateBps,
        uint48 expiresAt
    ) external onlyActiveMember returns (uint256 offerId) {
        Voucher storage v = _heldBy(voucherId, msg.sender);
        Payable storage p = _requireBeforeMaturity(v.payableId);
        _requireRole(ConsortiumRoles.BANK, bank);
        if (value == 0) revert VoucherInvalidField("value");
        if (value > v.value) revert VoucherInsufficientValue(voucherId, v.value, value);
        if (maxRateBps > MAX_RATE_BPS) revert VoucherInvalidField("maxRateBps");
        if (expiresAt <= block.timestamp || expiresAt > p.maturity) revert VoucherInvalidField("expiresAt");

        offerId = ++_offerCount;
        _offers[offerId] = Offer({
            holder: msg.sender,
            voucherId: uint64(voucherId),
            status: OfferStatus.Open,
            bank: bank,
            expiresAt: expiresAt,
            maxRateBps: uint16(maxRateBps),
            value: uint128(value)
        });
        emit DiscountOffered(offerId, voucherId, bank, msg.sender, value, maxRateBps, expiresAt);
    }

    /// @inheritdoc IPayableVoucher
    /// @dev Order of checks: caller an active BANK -> offer open -> caller the offered bank ->
    /// not expired -> rate -> the holder still active and holding the voucher and its value
    /// (through the split). Then the bank pays the holder; if the payment fails, nothing changed.
    function acceptDiscount(
        uint256 offerId,
        uint256 rateBps
    ) external onlyMemberWithRole(ConsortiumRoles.BANK) returns (uint256 bankVoucherId) {
        Offer storage o = _openOffer(offerId);
        if (o.bank != msg.sender) revert VoucherNotOfferedBank(offerId, msg.sender, o.bank);
        if (block.timestamp >= o.expiresAt) revert VoucherOfferExpired(offerId, o.expiresAt);
        if (rateBps > o.maxRateBps) revert VoucherRateAboveOffer(offerId, rateBps, o.maxRateBps);
        address holder = o.holder;
        _requireActiveMember(holder);
        uint256 voucherId = o.voucherId;
        uint256 value = o.value;

        o.status = OfferStatus.Accepted;
        uint256 payableId = _vouchers[voucherId].payableId;
        (uint256 price, uint256 days_) = _discountPrice(
            _payables[payableId].maturity,
            value,
            rateBps,
            block.timestamp
        );
        bankVoucherId = _split(voucherId, holder, msg.sender, value);
        emit DiscountAccepted(offerId, msg.sender, bankVoucherId, value, rateBps, days_, price);
        _payables[payableId].token.safeTransferFrom(msg.sender, holder, price);
    }

    /// @inheritdoc IPayableVoucher
    function withdrawOffer(uint256 offerId) external onlyActiveMember {
        Offer storage o = _openOffer(offerId);
        if (o.holder != msg.sender) revert VoucherNotHolder(o.voucherId, msg.sender, o.holder);
        o.status = OfferStatus.Withdrawn;
        emit DiscountOfferWithdrawn(offerId);
    }

    // ---------------------------------------------------------------- payment

    /// @inheritdoc IPayableVoucher
    /// @dev Order of checks: caller active -> payable known -> caller its obligor -> amount. Funding
    /// before maturity is allowed (it is paid out from maturity); late funding is claimable at once.
    function fund(uint256 payableId, uint256 amount) external onlyActiveMember {
        Payable storage p = _known(payableId);
        if (p.obligor != msg.sender) revert VoucherNotObligor(payableId, msg.sender, p.obligor);
        uint256 remaining = p.amount - p.funded;
        if (amount == 0) revert VoucherInvalidField("amount");
        if (amount > remaining) revert VoucherOverfunded(payableId, amount, remaining);

        uint256 funded = p.funded + amount;
        p.funded = uint128(funded);
        _obligors[msg.sender].outstanding -= uint128(amount);
        emit PayableFunded(payableId, amount, funded);
        p.token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IPayableVoucher
    /// @dev Order of checks: caller active -> voucher held by the caller -> matured -> something to pay.
    /// A named product contract (an assignee holding its share of a payable) redeems too.
    function redeem(uint256 voucherId) external returns (uint256 amount) {
        if (!_products[msg.sender]) _requireActiveMember(msg.sender);
        Voucher storage v = _heldBy(voucherId, msg.sender);
        Payable storage p = _payables[v.payableId];
        if (block.timestamp < p.maturity) revert VoucherNotMatured(v.payableId, p.maturity);
        amount = _redeem(voucherId, v, p);
        if (amount == 0) revert VoucherNothingToRedeem(voucherId);
    }

    /// @inheritdoc IPayableVoucher
    /// @dev A round starts at the supplier's first voucher with what is funded then and ends at the
    /// list's end; vouchers of suspended holders are passed over (they redeem once reinstated).
    function sweep(uint256 payableId, uint256 maxVouchers) public returns (uint256 visited, uint256 paid) {
        Payable storage p = _known(payableId);
        if (block.timestamp < p.maturity) revert VoucherNotMatured(payableId, p.maturity);
        if (maxVouchers == 0) revert VoucherInvalidField("maxVouchers");
        uint256 cursor = p.sweepCursor;
        if (cursor == 0) {
            if (p.funded <= p.sweptFunded) revert VoucherNothingToSweep(payableId);
            cursor = p.rootVoucher;
            p.roundFunded = p.funded;
        }
        IConsortiumRegistry registry = consortiumRegistry();
        while (cursor != 0 && visited < maxVouchers) {
            Voucher storage v = _vouchers[cursor];
            if (v.value != 0 && (_products[v.holder] || registry.isActiveMember(v.holder))) {
                paid += _redeem(cursor, v, p);
            }
            cursor = v.next;
            ++visited;
        }
        p.sweepCursor = uint64(cursor);
        if (cursor == 0) p.sweptFunded = p.roundFunded;
        emit PayableSwept(payableId, visited, paid, cursor);
    }

    /// @inheritdoc IPayableVoucher
    function notifyOverdue(uint256 payableId) external {
        Payable storage p = _known(payableId);
        PayableStatus current = _status(p);
        if (current != PayableStatus.Overdue || p.overdueNotified)
            revert VoucherNotOverdue(payableId, current);
        p.overdueNotified = true;
        emit PayableOverdue(payableId, p.obligor, p.amount - p.funded);
    }

    // -------------------------------------------------------------- automation

    /// @notice Whether payable `abi.decode(checkData, (uint256))` has funding a sweep has not paid out.
    function checkUpkeep(
        bytes calldata checkData
    ) external view returns (bool upkeepNeeded, bytes memory performData) {
        uint256 payableId = abi.decode(checkData, (uint256));
        Payable storage p = _payables[payableId];
        upkeepNeeded =
            p.obligor != address(0) &&
            block.timestamp >= p.maturity &&
            (p.sweepCursor != 0 || p.funded > p.sweptFunded);
        performData = abi.encode(payableId);
    }

    /// @notice Sweeps payable `abi.decode(performData, (uint256))`, `UPKEEP_BATCH` vouchers at a time.
    function performUpkeep(bytes calldata performData) external {
        sweep(abi.decode(performData, (uint256)), UPKEEP_BATCH);
    }

    // ------------------------------------------------- ERC-721 surface, restricted

    /// @notice Refused: title moves only through the voucher operations.
    function transferFrom(address, address, uint256 voucherId) external view {
        revert VoucherTransferRestricted(voucherId, msg.sender);
    }

    /// @notice Refused: title moves only through the voucher operations.
    function safeTransferFrom(address, address, uint256 voucherId) external view {
        revert VoucherTransferRestricted(voucherId, msg.sender);
    }

    /// @notice Refused: title moves only through the voucher operations.
    function safeTransferFrom(address, address, uint256 voucherId, bytes calldata) external view {
        revert VoucherTransferRestricted(voucherId, msg.sender);
    }

    /// @notice Refused: vouchers have no approvals.
    function approve(address, uint256 voucherId) external view {
        revert VoucherTransferRestricted(voucherId, msg.sender);
    }

    /// @notice Refused: vouchers have no approvals.
    function approve(uint256 voucherId, address, uint256) external view {
        revert VoucherTransferRestricted(voucherId, msg.sender);
    }

    /// @notice Refused: vouchers have no approvals.
    function setApprovalForAll(address, bool) external view {
        revert VoucherTransferRestricted(0, msg.sender);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return
            interfaceId == type(IERC165).interfaceId ||
            interfaceId == type(IERC721).interfaceId ||
            interfaceId == _ERC3525_INTERFACE_ID;
    }

    /// @inheritdoc IERC3525
    function valueDecimals() external view returns (uint8) {
        return _valueDecimals;
    }

    /// @inheritdoc IERC3525
    function balanceOf(uint256 voucherId) external view returns (uint256) {
        return _existing(voucherId).value;
    }

    /// @inheritdoc IERC3525
    function slotOf(uint256 voucherId) external view returns (uint256) {
        return _existing(voucherId).payableId;
    }

    /// @inheritdoc IERC3525
    function allowance(uint256 voucherId, address) external view returns (uint256) {
        _existing(voucherId);
        return 0;
    }

    /// @inheritdoc IERC721
    function balanceOf(address owner) external view returns (uint256) {
        return _voucherBalance[owner];
    }

    /// @inheritdoc IERC721
    function ownerOf(uint256 voucherId) external view returns (address) {
        return _existing(voucherId).holder;
    }

    /// @inheritdoc IERC721
    function getApproved(uint256 voucherId) external view returns (address) {
        _existing(voucherId);
        return address(0);
    }

    /// @inheritdoc IERC721
    function isApprovedForAll(address, address) external pure returns (bool) {
        return false;
    }

    /// @inheritdoc IPayableVoucher
    function payableOf(uint256 payableId) external view returns (Payable memory) {
        return _known(payableId);
    }

    /// @inheritdoc IPayableVoucher
    function invoicesOf(uint256 payableId) external view returns (bytes32[] memory) {
        _known(payableId);
        return _invoicesOf[payableId];
    }

    /// @inheritdoc IPayableVoucher
    function status(uint256 payableId) external view returns (PayableStatus) {
        Payable storage p = _payables[payableId];
        if (p.obligor == address(0)) return PayableStatus.None;
        return _status(p);
    }

    /// @inheritdoc IPayableVoucher
    function voucher(uint256 voucherId) external view returns (Voucher memory) {
        return _existing(voucherId);
    }

    /// @inheritdoc IPayableVoucher
    function claimable(uint256 voucherId) external view returns (uint256) {
        Voucher storage v = _existing(voucherId);
        Payable storage p = _payables[v.payableId];
        if (block.timestamp < p.maturity) return 0;
        return _claimable(voucherId, v, p);
    }

    /// @inheritdoc IPayableVoucher
    function offer(uint256 offerId) external view returns (Offer memory) {
        Offer storage o = _offers[offerId];
        if (o.status == OfferStatus.None) revert VoucherUnknownOffer(offerId);
        return o;
    }

    /// @inheritdoc IPayableVoucher
    function obligorLimit(address obligor) external view returns (ObligorLimit memory) {
        return _obligors[obligor];
    }

    /// @inheritdoc IPayableVoucher
    function isProduct(address product) external view returns (bool) {
        return _products[product];
    }

    /// @inheritdoc IPayableVoucher
    function isProductAuthorised(address obligor, address product) external view returns (bool) {
        return _productAuthorised[obligor][product];
    }

    /// @inheritdoc IPayableVoucher
    function isSettlementToken(address token) external view returns (bool) {
        return _settlementTokens[token];
    }

    /// @inheritdoc IPayableVoucher
    function discountPrice(
        uint256 payableId,
        uint256 value,
        uint256 rateBps,
        uint256 at
    ) external view returns (uint256 price, uint256 days_) {
        if (rateBps > MAX_RATE_BPS) revert VoucherInvalidField("rateBps");
        return _discountPrice(_known(payableId).maturity, value, rateBps, at);
    }

    /// @inheritdoc IPayableVoucher
    function counts() external view returns (uint256 payables, uint256 vouchers, uint256 offers) {
        return (_payableCount, _voucherCount, _offerCount);
    }

    /// @inheritdoc IPayableVoucher
    function gracePeriod() external view returns (uint256) {
        return _gracePeriod;
    }

    /// @notice The invoice registry whose invoices back payables.
    function invoiceRegistry() external view returns (IInvoiceRegistry) {
        return _invoices;
    }

    // --------------------------------------------------------------- internal

    /// @dev Adds `amount` to `obligor`'s outstanding, refusing it past the limit.
    function _chargeLimit(address obligor, uint256 amount) private {
        ObligorLimit storage o = _obligors[obligor];
        uint256 outstanding = o.outstanding;
        uint256 limit = o.limit;
        if (outstanding + amount > limit) {
            revert VoucherLimitExceeded(obligor, limit, outstanding, amount, outstanding + amount - limit);
        }
        o.outstanding = uint128(outstanding + amount);
    }

    /// @dev Claim a backing invoice's two fingerprints in the document-financing guard for `payableId`.
    function _claimInvoice(
        IDocumentFinancing guard,
        IInvoiceRegistry.Fingerprints calldata invoice,
        uint256 payableId
    ) private {
        bytes32[] memory claimed = new bytes32[](2);
        claimed[0] = invoice.exact;
        claimed[1] = invoice.identity;
        guard.claim(IDocumentFinancing.DocumentKind.Invoice, claimed, payableId);
    }

    function _storePayable(
        uint256 payableId,
        uint256 voucherId,
        Confirmation calldata request,
        bytes32[] memory invoiceIds
    ) private {
        Payable storage p = _payables[payableId];
        p.obligor = msg.sender;
        p.maturity = request.maturity;
        p.confirmedAt = uint48(block.timestamp);
        p.supplier = request.supplier;
        p.rootVoucher = uint64(voucherId);
        p.token = request.token;
        p.amount = uint128(request.amount);
        _invoicesOf[payableId] = invoiceIds;
        emit PayableConfirmed(
            payableId,
            msg.sender,
            request.supplier,
            request.amount,
            address(request.token),
            request.maturity,
            invoiceIds
        );
    }

    /// @dev Moves `value` of `fromVoucherId`, held by `holder`, to a new voucher of `to`, inserted
    /// after it in the payable's list. Order of checks: voucher known -> held by `holder` ->
    /// before maturity -> recipient may hold -> value.
    function _split(
        uint256 fromVoucherId,
        address holder,
        address to,
        uint256 value
    ) private returns (uint256 newId) {
        Voucher storage from = _heldBy(fromVoucherId, holder);
        uint256 payableId = from.payableId;
        _requireBeforeMaturity(payableId);
        _requireHolderRole(to);
        uint256 available = from.value;
        if (value == 0) revert VoucherInvalidField("value");
        if (value > available) revert VoucherInsufficientValue(fromVoucherId, available, value);

        newId = ++_voucherCount;
        uint64 next = from.next;
        from.value = uint128(available - value);
        from.next = uint64(newId);
        _mint(newId, to, payableId, value, fromVoucherId, next);
        emit TransferValue(fromVoucherId, newId, value);
    }

    /// @dev Moves `value` from `fromVoucherId` (held by the caller) into `toVoucherId` of the same
    /// payable; `sameHolder` (a merge) requires the caller to hold both. Order of checks: both
    /// known -> caller holds `from` -> (merge) caller holds `to` -> same slot -> before maturity ->
    /// recipient may hold -> value.
    function _moveValue(uint256 fromVoucherId, uint256 toVoucherId, uint256 value, bool sameHolder) private {
        Voucher storage from = _heldBy(fromVoucherId, msg.sender);
        Voucher storage to = _existing(toVoucherId);
        if (fromVoucherId == toVoucherId) revert VoucherInvalidField("toVoucherId");
        if (sameHolder && to.holder != msg.sender)
            revert VoucherNotHolder(toVoucherId, msg.sender, to.holder);
        uint256 payableId = from.payableId;
        if (to.payableId != payableId) {
            revert VoucherSlotMismatch(fromVoucherId, toVoucherId, payableId, to.payableId);
        }
        _requireBeforeMaturity(payableId);
        if (!sameHolder) _requireHolderRole(to.holder);
        uint256 available = from.value;
        if (value == 0) revert VoucherInvalidField("value");
        if (value > available) revert VoucherInsufficientValue(fromVoucherId, available, value);

        from.value = uint128(available - value);
        to.value += uint128(value);
        emit TransferValue(fromVoucherId, toVoucherId, value);
    }

    function _mint(
        uint256 voucherId,
        address to,
        uint256 payableId,
        uint256 value,
        uint256 parent,
        uint64 next
    ) private {
        _vouchers[voucherId] = Voucher({
            holder: to,
            payableId: uint64(payableId),
            value: uint128(value),
            parent: uint64(parent),
            next: next
        });
        ++_voucherBalance[to];
        emit Transfer(address(0), to, voucherId);
        emit SlotChanged(voucherId, 0, payableId);
        emit VoucherIssued(voucherId, payableId, parent, to);
        if (parent == 0) emit TransferValue(0, voucherId, value);
    }

    /// @dev Pays voucher `voucherId` its claimable share and records the funding it was paid at.
    function _redeem(
        uint256 voucherId,
        Voucher storage v,
        Payable storage p
    ) private returns (uint256 amount) {
        amount = _claimable(voucherId, v, p);
        if (amount == 0) return 0;
        uint256 valueLeft = v.value - amount;
        v.value = uint128(valueLeft);
        _fundedAtRedemption[voucherId] = p.funded;
        p.redeemed += uint128(amount);
        address holder = v.holder;
        emit VoucherRedeemed(voucherId, holder, amount, valueLeft);
        emit TransferValue(voucherId, 0, amount);
        p.token.safeTransfer(holder, amount);
    }

    /// @dev value x (funded - f) / (amount - f), rounded down, and never more than the payable
    /// holds unpaid (rounding in earlier redemptions cannot make the last one overdraw).
    function _claimable(
        uint256 voucherId,
        Voucher storage v,
        Payable storage p
    ) private view returns (uint256 amount) {
        uint256 funded = p.funded;
        uint256 fundedBefore = _fundedAtRedemption[voucherId];
        if (funded <= fundedBefore) return 0;
        amount = (uint256(v.value) * (funded - fundedBefore)) / (p.amount - fundedBefore);
        uint256 unpaid = funded - p.redeemed;
        if (amount > unpaid) amount = unpaid;
    }

    function _discountPrice(
        uint256 maturity,
        uint256 value,
        uint256 rateBps,
        uint256 at
    ) private pure returns (uint256 price, uint256 days_) {
        days_ = at >= maturity ? 0 : (maturity - at + 1 days - 1) / 1 days;
        price = value - (value * rateBps * days_) / _DAY_COUNT_BASIS;
    }

    function _status(Payable storage p) private view returns (PayableStatus) {
        if (p.redeemed == p.amount) return PayableStatus.Settled;
        if (p.funded == p.amount) return PayableStatus.Funded;
        if (block.timestamp < p.maturity) return PayableStatus.Confirmed;
        if (block.timestamp < p.maturity + _gracePeriod) return PayableStatus.Due;
        return PayableStatus.Overdue;
    }

    /// @dev An active EXPORTER or BANK member, or a product contract governance named.
    function _requireHolderRole(address account) private view {
        if (_products[account]) return;
        IConsortiumRegistry registry = consortiumRegistry();
        if (
            !registry.hasActiveRole(ConsortiumRoles.EXPORTER, account) &&
            !registry.hasActiveRole(ConsortiumRoles.BANK, account)
        ) revert VoucherHolderNotPermitted(account);
    }

    function _requireBeforeMaturity(uint256 payableId) private view returns (Payable storage p) {
        p = _payables[payableId];
        if (block.timestamp >= p.maturity) revert VoucherMatured(payableId, p.maturity);
    }

    function _heldBy(uint256 voucherId, address holder) private view returns (Voucher storage v) {
        v = _existing(voucherId);
        if (v.holder != holder) revert VoucherNotHolder(voucherId, holder, v.holder);
    }

    function _existing(uint256 voucherId) private view returns (Voucher storage v) {
        v = _vouchers[voucherId];
        if (v.holder == address(0)) revert VoucherUnknownVoucher(voucherId);
    }

    function _known(uint256 payableId) private view returns (Payable storage p) {
        p = _payables[payableId];
        if (p.obligor == address(0)) revert VoucherUnknownPayable(payableId);
    }

    function _openOffer(uint256 offerId) private view returns (Offer storage o) {
        o = _offers[offerId];
        if (o.status != OfferStatus.Open) {
            if (o.status == OfferStatus.None) revert VoucherUnknownOffer(offerId);
            revert VoucherOfferNotOpen(offerId, o.status);
        }
    }
}
