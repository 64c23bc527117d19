// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ConsortiumGated} from "../consortium/ConsortiumGated.sol";
import {ConsortiumRoles} from "../consortium/ConsortiumRoles.sol";
import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";
import {IPurchaseOrder} from "../interfaces/IPurchaseOrder.sol";
import {TransportCodes} from "../libraries/TransportCodes.sol";

/// @title PurchaseOrder
/// @notice Purchase orders of open-account trade. The importer (an IMPORTER member) issues an
/// order to an exporter (an EXPORTER member), who accepts or declines it. Either party may propose
/// an amendment, which takes effect only when the other agrees (one pending at a time; an Accepted
/// order stays Accepted under its amended terms). Cancelling needs both parties' agreement.
///
/// The order's keyed fingerprints (computed off-chain, `lib/trade/documentFingerprint.ts`) are
/// recorded with it, so a product asked to finance the order can claim them in the
/// document-financing guard (`IDocumentFinancing`) and anyone can find the order a fingerprint
/// belongs to (`orderOfFingerprint`). This contract does not claim them itself: an order is a
/// document, not a facility.
///
/// Checked on chain: every field present, the currency written as ISO 4217 (three upper-case
/// letters; that the code is an active one is checked at the edge, `lib/trade/purchaseOrder.ts`,
/// as the table changes and the chain need not follow it), ports as UN/LOCODE, the Incoterm among
/// the eleven Incoterms 2020 rules, the latest shipment date in the future, the payment term 1 to
/// 365 days, the order number unique per importer.
///
/// A state machine: `IPurchaseOrder.OrderStatus`, one guarded function per step. Nothing loops.
contract PurchaseOrder is IPurchaseOrder, ConsortiumGated {
    /// @notice The longest payment term, in days after the bill of lading's date: open-account
    /// terms are short-term trade credit, a year at most.
    uint16 public constant MAX_PAYMENT_TERM_DAYS = 365;

    /// @dev The two parties' bits in `_cancelConsent`.
    uint8 private constant _IMPORTER_CONSENT = 1;
    uint8 private constant _EXPORTER_CONSENT = 2;

    uint256 private _orderCount;
    mapping(uint256 orderId => Order) private _orders;
    mapping(uint256 orderId => OrderFingerprints) private _fingerprints;
    mapping(uint256 orderId => Amendment) private _amendments;
    mapping(uint256 orderId => uint8 consentBits) private _cancelConsent;
    /// @dev keccak256(abi.encode(importer, orderNumber)) => orderId.
    mapping(bytes32 importerNumber => uint256 orderId) private _orderIdOf;
    /// @dev Every fingerprint an order ever had (an amended order keeps its earlier exact ones).
    mapping(bytes32 fingerprint => uint256 orderId) private _orderOfFingerprint;

    constructor(IConsortiumRegistry registry_) ConsortiumGated(registry_) {}

    // ------------------------------------------------------------ transitions

    /// @inheritdoc IPurchaseOrder
    /// @dev Order of checks: caller an active IMPORTER (modifier) -> terms field by field ->
    /// fingerprints -> order number new for the importer -> fingerprints new.
    function issue(
        OrderTerms calldata terms,
        OrderFingerprints calldata fingerprints
    ) external onlyMemberWithRole(ConsortiumRoles.IMPORTER) returns (uint256 orderId) {
        _validateTerms(terms, msg.sender);
        bytes32 exact = fingerprints.exact;
        bytes32 fuzzy = fingerprints.fuzzy;
        if (exact == bytes32(0)) revert PurchaseOrderInvalidField("fingerprints.exact");
        if (fuzzy == bytes32(0) || fuzzy == exact) revert PurchaseOrderInvalidField("fingerprints.fuzzy");
        bytes32 numberKey = _numberKey(msg.sender, terms.orderNumber);
        uint256 existing = _orderIdOf[numberKey];
        if (existing != 0) revert PurchaseOrderNumberTaken(msg.sender, terms.orderNumber, existing);
        _requireFingerprintFree(exact);
        _requireFingerprintFree(fuzzy);

        orderId = ++_orderCount;
        Order storage o = _orders[orderId];
        o.terms = terms;
        o.importer = msg.sender;
        o.status = OrderStatus.Issued;
        o.issuedAt = uint48(block.timestamp);
        _fingerprints[orderId] = fingerprints;
        _orderIdOf[numberKey] = orderId;
        _orderOfFingerprint[exact] = orderId;
        _orderOfFingerprint[fuzzy] = orderId;
        emit OrderIssued(orderId, msg.sender, terms.exporter, terms.orderNumber, exact, fuzzy);
    }

    /// @inheritdoc IPurchaseOrder
    /// @dev Order of checks: caller an active EXPORTER (modifier) -> order known -> status Issued ->
    /// caller its exporter -> latest shipment date not passed.
    function accept(uint256 orderId) external onlyMemberWithRole(ConsortiumRoles.EXPORTER) {
        Order storage o = _known(orderId);
        _requireStatus(orderId, o.status, _bit(OrderStatus.Issued));
        _requireExporter(orderId, o);
        uint256 latest = o.terms.latestShipmentAt;
        if (latest < block.timestamp) revert PurchaseOrderShipmentDatePassed(orderId, latest);

        o.status = OrderStatus.Accepted;
        o.acceptedAt = uint48(block.timestamp);
        emit OrderAccepted(orderId, msg.sender);
    }

    /// @inheritdoc IPurchaseOrder
    /// @dev Order of checks: caller an active EXPORTER (modifier) -> order known -> status Issued ->
    /// caller its exporter.
    function decline(uint256 orderId) external onlyMemberWithRole(ConsortiumRoles.EXPORTER) {
        Order storage o = _known(orderId);
        _requireStatus(orderId, o.status, _bit(OrderStatus.Issued));
        _requireExporter(orderId, o);

        o.status = OrderStatus.Declined;
        _closeOpenRequests(orderId);
        emit OrderDeclined(orderId, msg.sender);
    }

    /// @inheritdoc IPurchaseOrder
    /// @dev Order of checks: caller active (modifier) -> order known -> status Issued or Accepted ->
    /// caller a party -> no amendment pending -> exporter and order number unchanged -> terms
    /// field by field -> fingerprint -> something changes -> a new exact fingerprint is not
    /// another order's.
    function proposeAmendment(
        uint256 orderId,
        OrderTerms calldata terms,
        bytes32 exactFingerprint
    ) external onlyActiveMember {
        Order storage o = _known(orderId);
        _requireStatus(orderId, o.status, _bit(OrderStatus.Issued) | _bit(OrderStatus.Accepted));
        _requireParty(orderId, o);
        Amendment storage pending = _amendments[orderId];
        if (pending.proposer != address(0)) revert PurchaseOrderAmendmentPending(orderId, pending.proposer);
        if (terms.exporter != o.terms.exporter) revert PurchaseOrderFieldNotAmendable(orderId, "exporter");
        if (terms.orderNumber != o.terms.orderNumber) {
            revert PurchaseOrderFieldNotAmendable(orderId, "orderNumber");
        }
        _validateTerms(terms, o.importer);
        OrderFingerprints storage fps = _fingerprints[orderId];
        if (exactFingerprint == bytes32(0) || exactFingerprint == fps.fuzzy) {
            revert PurchaseOrderInvalidField("exactFingerprint");
        }
        if (exactFingerprint == fps.exact && keccak256(abi.encode(terms)) == keccak256(abi.encode(o.terms)))
            revert PurchaseOrderAmendmentChangesNothing(orderId);
        _requireFingerprintFreeOrOwn(exactFingerprint, orderId);

        bytes32 termsHash = keccak256(abi.encode(terms, exactFingerprint));
        pending.terms = terms;
        pending.exactFingerprint = exactFingerprint;
        pending.termsHash = termsHash;
        pending.proposer = msg.sender;
        pending.proposedAt = uint48(block.timestamp);
        emit AmendmentProposed(orderId, msg.sender, termsHash, exactFingerprint);
    }

    /// @inheritdoc IPurchaseOrder
    /// @dev Order of checks: caller active (modifier) -> order known -> status Issued or Accepted ->
    /// caller a party -> an amendment pending -> caller not its proposer -> it is the one named ->
    /// its exact fingerprint still free (another order may have taken it since) -> its latest
    /// shipment date not passed (the other party may have waited).
    function acceptAmendment(uint256 orderId, bytes32 termsHash) external onlyActiveMember {
        Order storage o = _known(orderId);
        _requireStatus(orderId, o.status, _bit(OrderStatus.Issued) | _bit(OrderStatus.Accepted));
        _requireParty(orderId, o);
        Amendment storage pending = _amendments[orderId];
        address proposer = pending.proposer;
        if (proposer == address(0)) revert PurchaseOrderNoAmendment(orderId);
        if (proposer == msg.sender) revert PurchaseOrderOwnAmendment(orderId, msg.sender);
        if (pending.termsHash != termsHash) {
            revert PurchaseOrderAmendmentMismatch(orderId, termsHash, pending.termsHash);
        }
        bytes32 exact = pending.exactFingerprint;
        _requireFingerprintFreeOrOwn(exact, orderId);
        if (pending.terms.latestShipmentAt < block.timestamp) {
            revert PurchaseOrderShipmentDatePassed(orderId, pending.terms.latestShipmentAt);
        }

        o.terms = pending.terms;
        uint32 amendments = ++o.amendments;
        _fingerprints[orderId].exact = exact;
        _orderOfFingerprint[exact] = orderId;
        delete _amendments[orderId];
        emit AmendmentAccepted(orderId, msg.sender, termsHash, amendments);
    }

    /// @inheritdoc IPurchaseOrder
    /// @dev Order of checks: caller active (modifier) -> order known -> an amendment pending ->
    /// caller its proposer. (A closed order has none pending: closing lapses it.)
    function withdrawAmendment(uint256 orderId) external onlyActiveMember {
        _known(orderId);
        Amendment storage pending = _amendments[orderId];
        address proposer = pending.proposer;
        if (proposer == address(0)) revert PurchaseOrderNoAmendment(orderId);
        if (proposer != msg.sender) revert PurchaseOrderNotProposer(orderId, msg.sender, proposer);

        bytes32 termsHash = pending.termsHash;
        delete _amendments[orderId];
        emit AmendmentWithdrawn(orderId, msg.sender, termsHash);
    }

    /// @inheritdoc IPurchaseOrder
    /// @dev Order of checks: caller active (modifier) -> order known -> status Issued or Accepted ->
    /// caller a party -> caller has not agreed already. The second agreement cancels the order
    /// and lapses a pending amendment.
    function cancel(uint256 orderId) external onlyActiveMember {
        Order storage o = _known(orderId);
        _requireStatus(orderId, o.status, _bit(OrderStatus.Issued) | _bit(OrderStatus.Accepted));
        uint8 mine = _requireParty(orderId, o);
        uint8 consent = _cancelConsent[orderId];
        if (consent & mine != 0) revert PurchaseOrderCancellationConsented(orderId, msg.sender);

        consent |= mine;
        emit CancellationConsented(orderId, msg.sender);
        if (consent == _IMPORTER_CONSENT | _EXPORTER_CONSENT) {
            o.status = OrderStatus.Cancelled;
            _closeOpenRequests(orderId);
            emit OrderCancelled(orderId);
        } else {
            _cancelConsent[orderId] = consent;
        }
    }

    /// @inheritdoc IPurchaseOrder
    /// @dev Order of checks: caller active (modifier) -> order known -> status Issued or Accepted ->
    /// caller a party -> caller had agreed.
    function withdrawCancellation(uint256 orderId) external onlyActiveMember {
        Order storage o = _known(orderId);
        _requireStatus(orderId, o.status, _bit(OrderStatus.Issued) | _bit(OrderStatus.Accepted));
        uint8 mine = _requireParty(orderId, o);
        uint8 consent = _cancelConsent[orderId];
        if (consent & mine == 0) revert PurchaseOrderNoCancellationConsent(orderId, msg.sender);

        _cancelConsent[orderId] = consent & ~mine;
        emit CancellationWithdrawn(orderId, msg.sender);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IPurchaseOrder
    function order(uint256 orderId) external view returns (Order memory) {
        return _known(orderId);
    }

    /// @inheritdoc IPurchaseOrder
    function orderStatus(uint256 orderId) external view returns (OrderStatus) {
        return _orders[orderId].status;
    }

    /// @inheritdoc IPurchaseOrder
    function pendingAmendment(uint256 orderId) external view returns (Amendment memory) {
        _known(orderId);
        return _amendments[orderId];
    }

    /// @inheritdoc IPurchaseOrder
    function orderFingerprints(uint256 orderId) external view returns (OrderFingerprints memory) {
        _known(orderId);
        return _fingerprints[orderId];
    }

    /// @inheritdoc IPurchaseOrder
    function cancellationConsent(uint256 orderId, address party) external view returns (bool) {
        Order storage o = _orders[orderId];
        uint8 consent = _cancelConsent[orderId];
        if (party == address(0)) return false;
        if (party == o.importer) return consent & _IMPORTER_CONSENT != 0;
        if (party == o.terms.exporter) return consent & _EXPORTER_CONSENT != 0;
        return false;
    }

    /// @inheritdoc IPurchaseOrder
    function orderIdOf(address importer, bytes32 orderNumber) external view returns (uint256) {
        return _orderIdOf[_numberKey(importer, orderNumber)];
    }

    /// @inheritdoc IPurchaseOrder
    function orderOfFingerprint(bytes32 fingerprint) external view returns (uint256) {
        return _orderOfFingerprint[fingerprint];
    }

    /// @inheritdoc IPurchaseOrder
    function orderCount() external view returns (uint256) {
        return _orderCount;
    }

    /// @notice Whether `code` is one of the eleven Incoterms 2020 rules: EXW, FCA, CPT, CIP, DAP,
    /// DPU, DDP (any mode of transport) and FAS, FOB, CFR, CIF (sea and inland waterway).
    function isIncoterm(bytes3 code) public pure returns (bool) {
        return
            code == "EXW" ||
            code == "FCA" ||
            code == "CPT" ||
            code == "CIP" ||
            code == "DAP" ||
            code == "DPU" ||
            code == "DDP" ||
            code == "FAS" ||
            code == "FOB" ||
            code == "CFR" ||
            code == "CIF";
    }

    // --------------------------------------------------------------- internal

    /// @dev Every field of `terms` of an order issued by `importer`, in declaration order; the
    /// first bad one is named.
    function _validateTerms(OrderTerms calldata terms, address importer) private view {
        address exporter = terms.exporter;
        if (exporter == address(0) || exporter == importer) revert PurchaseOrderInvalidField("exporter");
        _requireRole(ConsortiumRoles.EXPORTER, exporter);
        if (terms.orderNumber == bytes32(0)) revert PurchaseOrderInvalidField("orderNumber");
        if (!_isCurrencyCode(terms.currency)) revert PurchaseOrderInvalidField("currency");
        if (terms.amount == 0) revert PurchaseOrderInvalidField("amount");
        if (terms.goodsHash == bytes32(0)) revert PurchaseOrderInvalidField("goodsHash");
        if (!isIncoterm(terms.incoterm)) revert PurchaseOrderInvalidField("incoterm");
        if (!TransportCodes.isUnLocode(terms.portOfLoading))
            revert PurchaseOrderInvalidField("portOfLoading");
        if (
            !TransportCodes.isUnLocode(terms.portOfDischarge) || terms.portOfDischarge == terms.portOfLoading
        ) {
            revert PurchaseOrderInvalidField("portOfDischarge");
        }
        if (terms.latestShipmentAt <= block.timestamp) revert PurchaseOrderInvalidField("latestShipmentAt");
        if (terms.paymentTermDays == 0 || terms.paymentTermDays > MAX_PAYMENT_TERM_DAYS) {
            revert PurchaseOrderInvalidField("paymentTermDays");
        }
    }

    /// @dev Three upper-case ASCII letters, the shape of an ISO 4217 alphabetic code.
    function _isCurrencyCode(bytes3 code) private pure returns (bool) {
        for (uint256 i = 0; i < 3; ++i) {
            bytes1 c = code[i];
            if (c < "A" || c > "Z") return false;
        }
        return true;
    }

    function _requireFingerprintFree(bytes32 fingerprint) private view {
        uint256 holder = _orderOfFingerprint[fingerprint];
        if (holder != 0) revert PurchaseOrderFingerprintTaken(fingerprint, holder);
    }

    function _requireFingerprintFreeOrOwn(bytes32 fingerprint, uint256 orderId) private view {
        uint256 holder = _orderOfFingerprint[fingerprint];
        if (holder != 0 && holder != orderId) revert PurchaseOrderFingerprintTaken(fingerprint, holder);
    }

    /// @dev The caller must be the order's exporter.
    function _requireExporter(uint256 orderId, Order storage o) private view {
        address exporter = o.terms.exporter;
        if (msg.sender != exporter) revert PurchaseOrderNotExporter(orderId, msg.sender, exporter);
    }

    /// @dev The caller must be the order's importer or exporter; returns the caller's consent bit.
    function _requireParty(uint256 orderId, Order storage o) private view returns (uint8) {
        if (msg.sender == o.importer) return _IMPORTER_CONSENT;
        if (msg.sender == o.terms.exporter) return _EXPORTER_CONSENT;
        revert PurchaseOrderNotParty(orderId, msg.sender);
    }

    /// @dev A closed order (declined or cancelled) keeps no pending amendment or consent.
    function _closeOpenRequests(uint256 orderId) private {
        Amendment storage pending = _amendments[orderId];
        if (pending.proposer != address(0)) {
            emit AmendmentWithdrawn(orderId, pending.proposer, pending.termsHash);
            delete _amendments[orderId];
        }
        if (_cancelConsent[orderId] != 0) delete _cancelConsent[orderId];
    }

    function _requireStatus(uint256 orderId, OrderStatus current, uint256 allowed) private pure {
        if ((1 << uint8(current)) & allowed == 0) {
            revert PurchaseOrderUnexpectedStatus(orderId, current, bytes32(allowed));
        }
    }

    function _bit(OrderStatus status) private pure returns (uint256) {
        return 1 << uint8(status);
    }

    /// @dev keccak256(abi.encode(importer, orderNumber)), in scratch space.
    function _numberKey(address importer, bytes32 orderNumber) private pure returns (bytes32 key) {
        assembly ("memory-safe") {
            mstore(0x00, importer)
            mstore(0x20, orderNumber)
            key := keccak256(0x00, 0x40)
        }
    }

    function _known(uint256 orderId) private view returns (Order storage o) {
        o = _orders[orderId];
        if (o.status == OrderStatus.None) revert PurchaseOrderUnknown(orderId);
    }
}
