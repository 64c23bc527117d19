// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AutomationCompatibleInterface} from "@chainlink/contracts/src/v0.8/automation/interfaces/AutomationCompatibleInterface.sol";
import {IDepositToken} from "./IDepositToken.sol";
import {IERC3525} from "./IERC3525.sol";
import {IInvoiceRegistry} from "./IInvoiceRegistry.sol";

/// @title IPayableVoucher
/// @notice Supply-chain finance on open account: a core enterprise (an OBLIGOR member) confirms
/// what it owes a supplier as a payable; the chain mints the supplier a voucher (ERC-3525: slot =
/// the payable, value = its amount) that suppliers split and pass down any number of tiers, that
/// any holder discounts at a bank, and that the obligor pays once at maturity, every holder
/// receiving exactly what it holds.
interface IPayableVoucher is IERC3525, AutomationCompatibleInterface {
    /// @notice Where a payable is, derived from its facts and the clock:
    /// Confirmed (before maturity, not fully funded) -> Due (matured, within the grace period) ->
    /// Overdue (past maturity + grace, not fully funded); Funded (the obligor paid it all in) ->
    /// Settled (every holder was paid).
    enum PayableStatus {
        None,
        Confirmed,
        Due,
        Overdue,
        Funded,
        Settled
    }

    /// @notice Where a discount offer is.
    enum OfferStatus {
        None,
        Open,
        Accepted,
        Withdrawn
    }

    /// @notice What an obligor asks to confirm.
    /// @param supplier The first-tier supplier, the seller of every invoice; receives the first voucher.
    /// @param amount What the obligor will pay at maturity, in the settlement token's smallest unit.
    /// @param token The settlement token (a consortium deposit token governance allowed).
    /// @param maturity When the payable is due (unix seconds).
    /// @param invoices The invoices this payable pays (1 to 32), each by the fingerprints the obligor
    /// computed from the invoice it received (lib/trade/invoiceFingerprint.ts), as a bank does
    /// to finance one: the registry resolves them to the invoices the supplier registered.
    struct Confirmation {
        address supplier;
        uint256 amount;
        IDepositToken token;
        uint48 maturity;
        IInvoiceRegistry.Fingerprints[] invoices;
    }

    /// @notice One payable (one ERC-3525 slot).
    struct Payable {
        // slot 0: obligor (20) | maturity (6) | confirmedAt (6)
        address obligor;
        uint48 maturity;
        uint48 confirmedAt;
        // slot 1: supplier (20) | rootVoucher (8) | overdueNotified (1)
        address supplier;
        uint64 rootVoucher;
        bool overdueNotified;
        // slot 2: token (20) | sweepCursor (8): the next voucher the sweep visits, 0 between rounds
        IDepositToken token;
        uint64 sweepCursor;
        // slot 3: amount | funded
        uint128 amount;
        uint128 funded;
        // slot 4: redeemed | roundFunded (what was funded when the running sweep round began)
        uint128 redeemed;
        uint128 roundFunded;
        // slot 5: sweptFunded (what was funded when the last complete sweep round began)
        uint128 sweptFunded;
    }

    /// @notice One voucher: a part of one payable held by one member.
    /// @param holder Its holder.
    /// @param payableId Its slot.
    /// @param value What it is worth at maturity, not yet redeemed.
    /// @param parent The voucher it was split from (0 for the payable's first voucher).
    /// @param next The next voucher of the same payable in the sweep's order (0 at the end).
    struct Voucher {
        address holder;
        uint64 payableId;
        uint128 value;
        uint64 parent;
        uint64 next;
    }

    /// @notice A holder's offer to sell part of a voucher to a bank at a discount.
    struct Offer {
        // slot 0: holder (20) | voucherId (8) | status (1)
        address holder;
        uint64 voucherId;
        OfferStatus status;
        // slot 1: bank (20) | expiresAt (6) | maxRateBps (2)
        address bank;
        uint48 expiresAt;
        uint16 maxRateBps;
        // slot 2: value
        uint128 value;
    }

    /// @notice A payable a product contract issues on an obligor's behalf, funded at once by the
    /// product (`issueFunded`): the supplier's voucher, less `assigneeValue` carved out to `assignee`.
    /// @param obligor The bank whose undertaking the payable is (an active OBLIGOR that authorised the product).
    /// @param supplier Receives the first voucher, worth `amount - assigneeValue`.
    /// @param amount What the payable pays at maturity; the product pays it in now.
    /// @param token The settlement token (one governance allowed).
    /// @param maturity When the payable is due.
    /// @param assignee address(0), or the holder of a second voucher worth `assigneeValue` (a
    /// product contract, or a member that may hold vouchers).
    /// @param assigneeValue The assignee's share, at most `amount`.
    struct Issuance {
        address obligor;
        address supplier;
        uint256 amount;
        IDepositToken token;
        uint48 maturity;
        address assignee;
        uint256 assigneeValue;
    }

    /// @notice An obligor's limit, what it has outstanding (confirmed, not yet funded), and its lender.
    struct ObligorLimit {
        uint128 limit;
        uint128 outstanding;
        address lender;
    }

    // ---- errors ----
    /// @notice `field` of the request is missing or out of range.
    error VoucherInvalidField(string field);
    /// @notice Confirming `amount` would take `obligor`'s outstanding `outstanding` past its `limit` by `shortfall`.
    error VoucherLimitExceeded(
        address obligor,
        uint256 limit,
        uint256 outstanding,
        uint256 amount,
        uint256 shortfall
    );
    /// @notice `token` is not a settlement token governance allowed.
    error VoucherSettlementTokenNotAllowed(address token);
    /// @notice `token` has `decimals` decimals; vouchers count value in `expected`.
    error VoucherSettlementTokenDecimals(address token, uint8 decimals, uint8 expected);
    /// @notice `account` may not hold vouchers: not an active member holding EXPORTER or BANK.
    error VoucherHolderNotPermitted(address account);
    /// @notice No payable has this id.
    error VoucherUnknownPayable(uint256 payableId);
    /// @notice No voucher has this id.
    error VoucherUnknownVoucher(uint256 voucherId);
    /// @notice Only the voucher's holder `holder` may do this, not `caller`.
    error VoucherNotHolder(uint256 voucherId, address caller, address holder);
    /// @notice Voucher `voucherId` holds `value`, less than the `requested`.
    error VoucherInsufficientValue(uint256 voucherId, uint256 value, uint256 requested);
    /// @notice Voucher `fromVoucherId` is in slot `fromSlot`, voucher `toVoucherId` in `toSlot`.
    error VoucherSlotMismatch(uint256 fromVoucherId, uint256 toVoucherId, uint256 fromSlot, uint256 toSlot);
    /// @notice Payable `payableId` matured at `maturity`: its vouchers no longer move, they are redeemed.
    error VoucherMatured(uint256 payableId, uint256 maturity);
    /// @notice Payable `payableId` matures at `maturity`: nothing is redeemed before.
    error VoucherNotMatured(uint256 payableId, uint256 maturity);
    /// @notice Only the obligor `obligor` of payable `payableId` may do this, not `caller`.
    error VoucherNotObligor(uint256 payableId, address caller, address obligor);
    /// @notice Funding `amount` would pass what payable `payableId` still needs, `remaining`.
    error VoucherOverfunded(uint256 payableId, uint256 amount, uint256 remaining);
    /// @notice Nothing is claimable on voucher `voucherId` now.
    error VoucherNothingToRedeem(uint256 voucherId);
    /// @notice Payable `payableId` has no funding that a sweep has not paid out already.
    error VoucherNothingToSweep(uint256 payableId);
    /// @notice No offer has this id.
    error VoucherUnknownOffer(uint256 offerId);
    /// @notice Offer `offerId` is `status`, not open.
    error VoucherOfferNotOpen(uint256 offerId, OfferStatus status);
    /// @notice Offer `offerId` expired at `expiresAt`.
    error VoucherOfferExpired(uint256 offerId, uint256 expiresAt);
    /// @notice Offer `offerId` was made to `bank`, not to `caller`.
    error VoucherNotOfferedBank(uint256 offerId, address caller, address bank);
    /// @notice The rate `rateBps` is above the offer's maximum, `maxRateBps`.
    error VoucherRateAboveOffer(uint256 offerId, uint256 rateBps, uint256 maxRateBps);
    /// @notice Only `obligor`'s lender `lender` may adjust its limit, not `caller`.
    error VoucherNotLender(address obligor, address caller, address lender);
    /// @notice Title never moves through ERC-721 transfers or approvals: `caller` tried on voucher `voucherId`.
    error VoucherTransferRestricted(uint256 voucherId, address caller);
    /// @notice Payable `payableId` is `status`, not Overdue, or was reported overdue already.
    error VoucherNotOverdue(uint256 payableId, PayableStatus status);

    /// @notice `caller` is not a product contract governance named.
    error VoucherNotProduct(address caller);
    /// @notice `obligor` has not authorised product `product` to issue payables in its name.
    error VoucherProductNotAuthorised(address obligor, address product);

    // ---- events ----
    /// @notice `obligor` confirmed payable `payableId` of `amount` due at `maturity` to `supplier`,
    /// paying the registry's invoices `invoiceIds` (in the order of the confirmation's invoices).
    event PayableConfirmed(
        uint256 indexed payableId,
        address indexed obligor,
        address indexed supplier,
        uint256 amount,
        address token,
        uint256 maturity,
        bytes32[] invoiceIds
    );
    /// @notice Voucher `voucherId` of payable `payableId` went to `holder`, split from `parent` (0 for the first).
    event VoucherIssued(
        uint256 indexed voucherId,
        uint256 indexed payableId,
        uint256 indexed parent,
        address holder
    );
    /// @notice `holder` offered `value` of voucher `voucherId` to `bank` at up to `maxRateBps` until `expiresAt`.
    event DiscountOffered(
        uint256 indexed offerId,
        uint256 indexed voucherId,
        address indexed bank,
        address holder,
        uint256 value,
        uint256 maxRateBps,
        uint256 expiresAt
    );
    /// @notice `bank` accepted offer `offerId` at `rateBps` for `days_` days: paid `price` for `value`, now in `bankVoucherId`.
    event DiscountAccepted(
        uint256 indexed offerId,
        address indexed bank,
        uint256 indexed bankVoucherId,
        uint256 value,
        uint256 rateBps,
        uint256 days_,
        uint256 price
    );
    /// @notice The holder withdrew offer `offerId`.
    event DiscountOfferWithdrawn(uint256 indexed offerId);
    /// @notice The obligor paid `amount` into payable `payableId`; `funded` is in now.
    event PayableFunded(uint256 indexed payableId, uint256 amount, uint256 funded);
    /// @notice `holder` was paid `amount` on voucher `voucherId`; `valueLeft` stays claimable.
    event VoucherRedeemed(
        uint256 indexed voucherId,
        address indexed holder,
        uint256 amount,
        uint256 valueLeft
    );
    /// @notice Payable `payableId` is past maturity and grace with `unfunded` not paid in.
    event PayableOverdue(uint256 indexed payableId, address indexed obligor, uint256 unfunded);
    /// @notice A sweep of payable `payableId` visited `visited` vouchers and paid `paid`; `cursor` is where the next begins.
    event PayableSwept(uint256 indexed payableId, uint256 visited, uint256 paid, uint256 cursor);
    /// @notice `obligor`'s limit of outstanding confirmed payables is `limit`, set by `by`.
    event ObligorLimitSet(address indexed obligor, uint256 limit, address indexed by);
    /// @notice Governance named `lender` the bank that may adjust `obligor`'s limit.
    event ObligorLenderSet(address indexed obligor, address indexed lender);
    /// @notice Governance allowed (or disallowed) `token` for settling payables.
    event SettlementTokenSet(address indexed token, bool allowed);
    /// @notice Governance named (or removed) `product` as a contract that may issue funded
    /// payables for obligors that authorise it, and hold and redeem vouchers.
    event ProductSet(address indexed product, bool allowed);
    /// @notice `obligor` authorised (or withdrew its authority from) `product` to issue in its name.
    event ProductAuthorised(address indexed obligor, address indexed product, bool authorised);

    // ---- governance and lenders ----
    /// @notice Governance sets `obligor`'s limit of outstanding confirmed payables.
    function setObligorLimit(address obligor, uint256 limit) external;

    /// @notice Governance names the BANK that may adjust `obligor`'s limit (0 for none).
    function setLender(address obligor, address lender) external;

    /// @notice The obligor's lender (an active BANK) adjusts its limit.
    function adjustLimit(address obligor, uint256 limit) external;

    /// @notice Governance allows (or disallows) a deposit token for settling new payables.
    function setSettlementToken(IDepositToken token, bool allowed) external;

    /// @notice Governance names (or removes) a product contract (a letter-of-credit contract, the
    /// payment commitments): it may issue funded payables for obligors that authorise it, and hold
    /// and redeem vouchers.
    function setProduct(address product, bool allowed) external;

    /// @notice An OBLIGOR authorises (or stops) `product` to issue payables with it as obligor.
    function authoriseProduct(address product, bool authorised) external;

    /// @notice A named product issues a payable in `request.obligor`'s name and pays its whole
    /// amount in at once (it must have approved this contract), so the payable is Funded from the
    /// start and the obligor's limit is not charged; no invoice is marked (the product claims its
    /// documents through the document-financing guard). The supplier receives the first voucher;
    /// a non-zero `assigneeValue` is split off at once to `assignee`.
    /// @return payableId The new payable.
    /// @return voucherId The supplier's voucher.
    /// @return assigneeVoucherId The assignee's voucher, or 0.
    function issueFunded(
        Issuance calldata request
    ) external returns (uint256 payableId, uint256 voucherId, uint256 assigneeVoucherId);

    /// @notice A named product issues a payable in `request.obligor`'s name that the obligor pays
    /// at maturity (`fund`), as if it had confirmed it itself: the obligor's limit is charged. For
    /// an undertaking the obligor gave in the product without money behind it yet (a bank's
    /// payment commitment). No invoice is marked: the product claims its documents through the
    /// document-financing guard. The supplier receives the first voucher; a non-zero
    /// `assigneeValue` is split off at once to `assignee`.
    /// @return payableId The new payable.
    /// @return voucherId The supplier's voucher.
    /// @return assigneeVoucherId The assignee's voucher, or 0.
    function issueUnfunded(
        Issuance calldata request
    ) external returns (uint256 payableId, uint256 voucherId, uint256 assigneeVoucherId);

    // ---- the payable and its vouchers ----
    /// @notice An OBLIGOR confirms a payable to a supplier for invoices the supplier registered,
    /// named by their fingerprints; the supplier receives the first voucher. Each invoice is marked
    /// in the registry as backing it (`IInvoiceRegistry.markBacking`), which refuses an invoice
    /// financed or backing a payable already under any seller's registration.
    /// @return payableId The new payable (the vouchers' slot).
    /// @return voucherId The supplier's voucher.
    function confirm(Confirmation calldata request) external returns (uint256 payableId, uint256 voucherId);

    /// @notice The holder moves all of voucher `voucherId` to `to` (same id, same parent).
    function transferVoucher(uint256 voucherId, address to) external;

    /// @notice The holder of both moves all of `fromVoucherId`'s value into `toVoucherId` (same slot).
    function merge(uint256 fromVoucherId, uint256 toVoucherId) external;

    // ---- discounting ----
    /// @notice The holder offers `value` of voucher `voucherId` to `bank` at an annual rate of at
    /// most `maxRateBps`, until `expiresAt`.
    /// @return offerId The offer.
    function offerDiscount(
        uint256 voucherId,
        address bank,
        uint256 value,
        uint256 maxRateBps,
        uint48 expiresAt
    ) external returns (uint256 offerId);

    /// @notice The bank accepts offer `offerId` at `rateBps`: in one transaction it pays the holder
    /// the discounted price and receives the value as its own voucher.
    /// @return bankVoucherId The bank's voucher.
    function acceptDiscount(uint256 offerId, uint256 rateBps) external returns (uint256 bankVoucherId);

    /// @notice The holder withdraws open offer `offerId`.
    function withdrawOffer(uint256 offerId) external;

    // ---- payment ----
    /// @notice The obligor pays `amount` of the settlement token into payable `payableId`.
    function fund(uint256 payableId, uint256 amount) external;

    /// @notice The holder of voucher `voucherId` is paid its share of what is funded (from maturity).
    /// @return amount What was paid.
    function redeem(uint256 voucherId) external returns (uint256 amount);

    /// @notice Anyone pays the holders of payable `payableId` their claimable shares, visiting at
    /// most `maxVouchers` vouchers; the next call goes on from there.
    function sweep(uint256 payableId, uint256 maxVouchers) external returns (uint256 visited, uint256 paid);

    /// @notice Anyone records that payable `payableId` is overdue (once).
    function notifyOverdue(uint256 payableId) external;

    // ---- views ----
    /// @notice Payable `payableId`.
    function payableOf(uint256 payableId) external view returns (Payable memory);

    /// @notice The registry ids of the invoices payable `payableId` pays.
    function invoicesOf(uint256 payableId) external view returns (bytes32[] memory);

    /// @notice The status of payable `payableId`.
    function status(uint256 payableId) external view returns (PayableStatus);

    /// @notice Voucher `voucherId`.
    function voucher(uint256 voucherId) external view returns (Voucher memory);

    /// @notice What the holder of voucher `voucherId` would be paid by redeeming now.
    function claimable(uint256 voucherId) external view returns (uint256);

    /// @notice Offer `offerId`.
    function offer(uint256 offerId) external view returns (Offer memory);

    /// @notice `obligor`'s limit, outstanding amount and lender.
    function obligorLimit(address obligor) external view returns (ObligorLimit memory);

    /// @notice Whether governance named `product` a product contract.
    function isProduct(address product) external view returns (bool);

    /// @notice Whether `obligor` authorised `product` to issue payables in its name.
    function isProductAuthorised(address obligor, address product) external view returns (bool);

    /// @notice Whether governance allowed `token` for settling payables.
    function isSettlementToken(address token) external view returns (bool);

    /// @notice The price a bank pays at time `at` for `value` of payable `payableId` at `rateBps`:
    /// value less value x rate x days / 360, days counted to maturity (a started day counts).
    function discountPrice(
        uint256 payableId,
        uint256 value,
        uint256 rateBps,
        uint256 at
    ) external view returns (uint256 price, uint256 days_);

    /// @notice How many payables, vouchers and offers exist.
    function counts() external view returns (uint256 payables, uint256 vouchers, uint256 offers);

    /// @notice Past maturity, how long before an unfunded payable is overdue.
    function gracePeriod() external view returns (uint256);
}
