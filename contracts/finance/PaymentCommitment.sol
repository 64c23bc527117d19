// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ConsortiumGated} from "../consortium/ConsortiumGated.sol";
import {ConsortiumRoles} from "../consortium/ConsortiumRoles.sol";
import {IBillOfLadingTitle} from "../interfaces/IBillOfLadingTitle.sol";
import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";
import {ICustomsStatus} from "../interfaces/ICustomsStatus.sol";
import {IDocumentFinancing} from "../interfaces/IDocumentFinancing.sol";
import {IInvoiceRegistry} from "../interfaces/IInvoiceRegistry.sol";
import {IPayableVoucher} from "../interfaces/IPayableVoucher.sol";
import {IPaymentCommitment} from "../interfaces/IPaymentCommitment.sol";
import {IProceedsAssignee} from "../interfaces/IProceedsAssignee.sol";
import {IPurchaseOrder} from "../interfaces/IPurchaseOrder.sol";
import {OpenAccountMatch} from "../libraries/OpenAccountMatch.sol";

/// @title PaymentCommitment
/// @notice Bank payment commitments on open account: the importer's bank commits to pay the
/// exporter at maturity once order, invoice and bill of lading match (and customs at destination
/// cleared the goods, where asked); on the match the commitment is irrevocable and paid by a
/// voucher with the bank as obligor.
///
/// Rules, and why:
///   - The importer consents after the bank offers: the bank pays on the importer's account, so
///     the terms it offers (tolerance, customs, expiry) bind the importer only once it agrees; the
///     exporter can present only under a commitment both consented to.
///   - A mismatch reverts (`CommitmentDocumentsMismatch`, every mismatched field in one bitmap)
///     rather than recording a refused presentation: nothing is claimed or issued, state is
///     unchanged, and the exporter presents again once the documents are right (customs may clear
///     later, say) until the expiry. Unlike a letter of credit (UCP 600 art. 16), no rule makes a
///     refusal an act with consequences that must be on record; `check` gives the same answer
///     without a transaction.
///   - The invoice registry keeps only fingerprints, so the invoice fields the match needs are
///     stated by the exporter and bound to the invoice by its exact fingerprint, which the
///     registry confirms that very exporter registered (`lookup`; the invoice must still be
///     Registered, financed by no bank and backing no payable). The fingerprint is an HMAC over
///     those fields under the consortium's key: the chain cannot recompute it, but every party
///     holding the key (the bank) can, and the stated fields are logged beside it
///     (`InvoicePresented`), so a false statement is provable. The invoice is then claimed in the
///     guard, so a later financing of it at the registry (which claims there too) is refused.
///   - The documents are claimed in the one-document-one-facility guard only on a match (the
///     invoice by its registry fingerprints, the bill by its off-chain fingerprints plus its
///     shipment reference, which the chain derives itself so that no presenter can leave it out);
///     an expired or withdrawn commitment therefore holds nothing to release.
///   - The bank's consent to the voucher is its offer: the voucher contract lets this contract,
///     named by governance and authorised once by the bank, issue an unfunded payable with the
///     bank as obligor, under the bank's OBLIGOR limit; the bank funds it by maturity.
///   - Assignment of proceeds: the governance-named assignee is asked what it will be owed at
///     maturity and that much (at most the voucher) is carved out of the voucher to it at once.
contract PaymentCommitment is IPaymentCommitment, ConsortiumGated {
    /// @notice The most off-chain fingerprints a presentation gives for its bill.
    uint256 public constant MAX_BILL_FINGERPRINTS = 4;
    uint256 private constant _MAX_TOLERANCE_BPS = 10_000;

    IPurchaseOrder private immutable _orders;
    IBillOfLadingTitle private immutable _bills;
    ICustomsStatus private immutable _customs;
    IPayableVoucher private immutable _vouchers;
    IDocumentFinancing private immutable _documents;
    IInvoiceRegistry private immutable _invoices;

    IProceedsAssignee private _assignee;
    mapping(uint256 orderId => Commitment) private _commitments;

    constructor(
        IConsortiumRegistry registry_,
        IPurchaseOrder orders_,
        IBillOfLadingTitle bills_,
        ICustomsStatus customs_,
        IPayableVoucher vouchers_,
        IDocumentFinancing documents_,
        IInvoiceRegistry invoices_
    ) ConsortiumGated(registry_) {
        if (address(orders_) == address(0)) revert CommitmentInvalidField("orders");
        if (address(bills_) == address(0)) revert CommitmentInvalidField("bills");
        if (address(customs_) == address(0)) revert CommitmentInvalidField("customs");
        if (address(vouchers_) == address(0)) revert CommitmentInvalidField("vouchers");
        if (address(documents_) == address(0)) revert CommitmentInvalidField("documents");
        if (address(invoices_) == address(0)) revert CommitmentInvalidField("invoices");
        _orders = orders_;
        _bills = bills_;
        _customs = customs_;
        _vouchers = vouchers_;
        _documents = documents_;
        _invoices = invoices_;
    }

    // ------------------------------------------------------------------ steps

    /// @inheritdoc IPaymentCommitment
    /// @dev Order of checks: caller an active BANK -> order Accepted -> no live commitment on it ->
    /// token a settlement token of the voucher contract, in the order's currency -> tolerance ->
    /// expiry in the future.
    function offer(uint256 orderId, Terms calldata terms) external onlyMemberWithRole(ConsortiumRoles.BANK) {
        IPurchaseOrder.Order memory o = _acceptedOrder(orderId);
        Commitment storage c = _commitments[orderId];
        CommitmentStatus current = c.status;
        if (
            current == CommitmentStatus.Offered ||
            current == CommitmentStatus.Committed ||
            current == CommitmentStatus.Irrevocable
        ) revert CommitmentUnexpectedStatus(orderId, current, CommitmentStatus.None);
        if (!_vouchers.isSettlementToken(address(terms.token))) revert CommitmentInvalidField("token");
        bytes3 tokenCurrency = terms.token.currency();
        if (tokenCurrency != o.terms.currency) {
            revert CommitmentCurrencyMismatch(orderId, o.terms.currency, tokenCurrency);
        }
        if (terms.toleranceBps > _MAX_TOLERANCE_BPS) revert CommitmentInvalidField("toleranceBps");
        if (terms.expiresAt <= block.timestamp) revert CommitmentInvalidField("expiresAt");

        delete _commitments[orderId];
        c.bank = msg.sender;
        c.status = CommitmentStatus.Offered;
        c.offeredAt = uint48(block.timestamp);
        c.token = terms.token;
        c.toleranceBps = terms.toleranceBps;
        c.customsRequired = terms.customsRequired;
        c.expiresAt = terms.expiresAt;
        emit CommitmentOffered(
            orderId,
            msg.sender,
            address(terms.token),
            terms.toleranceBps,
            terms.customsRequired,
            terms.expiresAt
        );
    }

    /// @inheritdoc IPaymentCommitment
    /// @dev Order of checks: Offered -> caller the order's importer -> not expired.
    function consent(uint256 orderId) external {
        Commitment storage c = _inStatus(orderId, CommitmentStatus.Offered);
        _requireImporter(orderId);
        if (block.timestamp > c.expiresAt) revert CommitmentExpired(orderId, c.expiresAt);
        c.status = CommitmentStatus.Committed;
        emit CommitmentConsented(orderId, msg.sender);
    }

    /// @inheritdoc IPaymentCommitment
    /// @dev Order of checks: Offered -> caller the order's importer.
    function decline(uint256 orderId) external {
        Commitment storage c = _inStatus(orderId, CommitmentStatus.Offered);
        _requireImporter(orderId);
        c.status = CommitmentStatus.Declined;
        emit CommitmentDeclined(orderId, msg.sender);
    }

    /// @inheritdoc IPaymentCommitment
    /// @dev Order of checks: Offered -> caller the commitment's bank.
    function withdraw(uint256 orderId) external {
        Commitment storage c = _inStatus(orderId, CommitmentStatus.Offered);
        if (msg.sender != c.bank) revert CommitmentUnauthorized(orderId, msg.sender, c.bank);
        c.status = CommitmentStatus.Withdrawn;
        emit CommitmentWithdrawn(orderId, msg.sender);
    }

    /// @inheritdoc IPaymentCommitment
    /// @dev Order of checks: Committed -> order still Accepted -> caller the order's exporter -> not
    /// expired -> bill fingerprints -> the match. Effects (status, amounts) are written before the
    /// calls to the consortium's own guard, voucher contract and the governance-named assignee; a
    /// refusal anywhere reverts everything.
    function present(
        uint256 orderId,
        Presentation calldata presentation
    ) external returns (uint256 payableId, uint256 voucherId) {
        Commitment storage c = _inStatus(orderId, CommitmentStatus.Committed);
        address exporter;
        bytes32 shipmentRef;
        {
            IPurchaseOrder.Order memory o = _acceptedOrder(orderId);
            exporter = o.terms.exporter;
            if (msg.sender != exporter) revert CommitmentUnauthorized(orderId, msg.sender, exporter);
            if (block.timestamp > c.expiresAt) revert CommitmentExpired(orderId, c.expiresAt);
            if (presentation.billFingerprints.length > MAX_BILL_FINGERPRINTS) {
                revert CommitmentInvalidField("billFingerprints");
            }
            (uint256 found, IBillOfLadingTitle.BillFacts memory bill) = _match(c, o, presentation);
            if (found != 0) revert CommitmentDocumentsMismatch(orderId, found);
            shipmentRef = bill.shipmentRef;
            _record(
                c,
                orderId,
                presentation,
                OpenAccountMatch.maturityOf(bill.shippedOnBoardAt, o.terms.paymentTermDays)
            );
        }
        _claimDocuments(orderId, presentation, shipmentRef);
        uint256 assigneeVoucherId;
        (payableId, voucherId, assigneeVoucherId) = _issueVoucher(c, exporter);
        c.payableId = uint64(payableId);
        c.voucherId = uint64(voucherId);
        uint256 share = c.assigneeShare;
        emit CommitmentIrrevocable(
            orderId,
            payableId,
            presentation.billId,
            voucherId,
            c.amount,
            c.maturity,
            share
        );
        if (share != 0) _assignee.onVoucher(orderId, address(_vouchers), assigneeVoucherId, share);
    }

    /// @inheritdoc IPaymentCommitment
    /// @dev Order of checks: Offered or Committed -> past the expiry. Nothing was claimed before a
    /// match, so there is nothing to release in the guard.
    function expire(uint256 orderId) external {
        Commitment storage c = _commitments[orderId];
        CommitmentStatus current = c.status;
        if (current != CommitmentStatus.Offered && current != CommitmentStatus.Committed) {
            revert CommitmentUnexpectedStatus(orderId, current, CommitmentStatus.Committed);
        }
        if (block.timestamp <= c.expiresAt) revert CommitmentNotExpired(orderId, c.expiresAt);
        c.status = CommitmentStatus.Expired;
        emit CommitmentExpiredUnmatched(orderId);
    }

    /// @inheritdoc IPaymentCommitment
    /// @dev Executed by the consortium registry after its administrators approved it.
    function setProceedsAssignee(address assignee) external onlyGovernance {
        _assignee = IProceedsAssignee(assignee);
        emit ProceedsAssigneeSet(assignee);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IPaymentCommitment
    function commitment(uint256 orderId) external view returns (Commitment memory) {
        return _commitments[orderId];
    }

    /// @inheritdoc IPaymentCommitment
    /// @dev Reverts like `present` for an order that is not Accepted; the commitment's terms are
    /// those on record (tolerance 0, no customs, for an order without a commitment).
    function check(
        uint256 orderId,
        Presentation calldata presentation
    ) external view returns (uint256 found) {
        (found, ) = _match(_commitments[orderId], _acceptedOrder(orderId), presentation);
    }

    /// @inheritdoc IPaymentCommitment
    function proceedsAssignee() external view returns (address) {
        return address(_assignee);
    }

    /// @notice The contracts this one reads and calls.
    function dependencies()
        external
        view
        returns (
            IPurchaseOrder orders,
            IBillOfLadingTitle bills,
            ICustomsStatus customs,
            IPayableVoucher vouchers,
            IDocumentFinancing documents,
            IInvoiceRegistry invoices
        )
    {
        return (_orders, _bills, _customs, _vouchers, _documents, _invoices);
    }

    // --------------------------------------------------------------- internal

    /// @dev Reads the bill and customs and returns every mismatch (OpenAccountMatch).
    function _match(
        Commitment storage c,
        IPurchaseOrder.Order memory o,
        Presentation calldata presentation
    ) private view returns (uint256 found, IBillOfLadingTitle.BillFacts memory bill) {
        OpenAccountMatch.Inputs memory inputs;
        inputs.order = o;
        inputs.invoice = presentation.invoice;
        inputs.invoiceRegistered = _invoiceRegistered(o.terms.exporter, presentation.invoice.fingerprints);
        inputs.toleranceBps = c.toleranceBps;
        inputs.customsRequired = c.customsRequired;
        inputs.now_ = block.timestamp;
        uint256 billId = presentation.billId;
        inputs.billStatus = _bills.billStatus(billId);
        if (inputs.billStatus != IBillOfLadingTitle.BillStatus.None) {
            bill = _bills.billFacts(billId);
            inputs.bill = bill;
            inputs.billHolder = _bills.holderOf(billId);
            inputs.carrierActive = consortiumRegistry().hasActiveRole(ConsortiumRoles.CARRIER, bill.carrier);
            if (c.customsRequired) {
                (inputs.cleared, , inputs.clearedAt) = _customs.clearance(bill.shipmentRef);
            }
        }
        found = OpenAccountMatch.mismatches(inputs);
    }

    /// @dev The match's effects: Irrevocable, the amount, maturity and the assignee's share, which
    /// is what the assignee will be owed at maturity, never more than the voucher.
    function _record(
        Commitment storage c,
        uint256 orderId,
        Presentation calldata presentation,
        uint48 maturity
    ) private {
        uint256 amount = presentation.invoice.amount;
        IProceedsAssignee assignee = _assignee;
        uint256 share;
        if (address(assignee) != address(0)) {
            uint256 owed = assignee.outstandingAt(address(this), orderId, maturity);
            share = owed < amount ? owed : amount;
        }
        c.status = CommitmentStatus.Irrevocable;
        c.maturity = maturity;
        c.matchedAt = uint48(block.timestamp);
        c.amount = uint128(amount);
        c.assigneeShare = uint128(share);
        c.billId = presentation.billId;
        _emitInvoice(orderId, presentation.invoice);
    }

    /// @dev Whether `seller` registered one invoice under both fingerprints (found by the identity
    /// one, the exact one its own), still Registered (not financed, repaid or cancelled) and
    /// backing no voucher payable.
    function _invoiceRegistered(
        address seller,
        IInvoiceRegistry.Fingerprints calldata fingerprints
    ) private view returns (bool) {
        (bytes32 invoiceId, IInvoiceRegistry.InvoiceStatus status, bool exactMatches) = _invoices.lookup(
            seller,
            fingerprints
        );
        if (status != IInvoiceRegistry.InvoiceStatus.Registered || !exactMatches) return false;
        return _invoices.backingPayable(invoiceId) == 0;
    }

    function _claimDocuments(
        uint256 orderId,
        Presentation calldata presentation,
        bytes32 shipmentRef
    ) private {
        bytes32[] memory invoiceFingerprints = new bytes32[](2);
        invoiceFingerprints[0] = presentation.invoice.fingerprints.exact;
        invoiceFingerprints[1] = presentation.invoice.fingerprints.identity;
        _documents.claim(IDocumentFinancing.DocumentKind.Invoice, invoiceFingerprints, orderId);

        uint256 count = presentation.billFingerprints.length;
        bytes32[] memory billFingerprints = new bytes32[](count + 1);
        for (uint256 i = 0; i < count; ++i) billFingerprints[i] = presentation.billFingerprints[i];
        billFingerprints[count] = shipmentRef;
        _documents.claim(IDocumentFinancing.DocumentKind.BillOfLading, billFingerprints, orderId);
    }

    function _issueVoucher(
        Commitment storage c,
        address exporter
    ) private returns (uint256 payableId, uint256 voucherId, uint256 assigneeVoucherId) {
        IPayableVoucher.Issuance memory request = IPayableVoucher.Issuance({
            obligor: c.bank,
            supplier: exporter,
            amount: c.amount,
            token: c.token,
            maturity: c.maturity,
            assignee: address(_assignee),
            assigneeValue: c.assigneeShare
        });
        return _vouchers.issueUnfunded(request);
    }

    function _emitInvoice(uint256 orderId, InvoiceData calldata invoice) private {
        emit InvoicePresented(
            orderId,
            invoice.fingerprints.exact,
            invoice.buyer,
            invoice.currency,
            invoice.amount,
            invoice.goodsHash
        );
    }

    function _acceptedOrder(uint256 orderId) private view returns (IPurchaseOrder.Order memory o) {
        IPurchaseOrder.OrderStatus status = _orders.orderStatus(orderId);
        if (status != IPurchaseOrder.OrderStatus.Accepted)
            revert CommitmentOrderNotAccepted(orderId, uint8(status));
        o = _orders.order(orderId);
    }

    function _requireImporter(uint256 orderId) private view {
        address importer = _orders.order(orderId).importer;
        if (msg.sender != importer) revert CommitmentUnauthorized(orderId, msg.sender, importer);
    }

    function _inStatus(
        uint256 orderId,
        CommitmentStatus expected
    ) private view returns (Commitment storage c) {
        c = _commitments[orderId];
        if (c.status != expected) revert CommitmentUnexpectedStatus(orderId, c.status, expected);
    }
}
