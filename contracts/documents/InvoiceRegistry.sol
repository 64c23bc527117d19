// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ConsortiumGated} from "../consortium/ConsortiumGated.sol";
import {ConsortiumRoles} from "../consortium/ConsortiumRoles.sol";
import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";
import {IDocumentFinancing} from "../interfaces/IDocumentFinancing.sol";
import {IInvoiceRegistry} from "../interfaces/IInvoiceRegistry.sol";

/// @title InvoiceRegistry
/// @notice A register of e-invoices, by keyed fingerprint only, that lets each invoice be
/// financed at most once: the guard against double financing of the same receivable (the
/// "duplicate invoice" fraud of receivables finance; ICC Standard Definitions for Techniques
/// of Supply Chain Finance, "Receivables Discounting").
///
/// The seller (an EXPORTER member) registers an invoice by its fingerprints; a BANK finances it
/// by naming the seller it finances and presenting the fingerprints it computed itself from the
/// invoice it was shown, so an invoice registered under made-up fingerprints can never be
/// financed by an honest bank; the financing bank records the repayment; the seller may cancel
/// the invoice before it is financed.
///
/// Registrations are bound to their seller: an invoice's id, and the key of its record, is
/// `keccak256(abi.encode(seller, identityFingerprint))` (`invoiceIdOf`). Fingerprints are public
/// once a `register` transaction is seen, and were they registered as they are, another exporter
/// could register the same fingerprints first, become seller of record, and cancel, so the invoice
/// could never be registered or financed. Bound to the seller, the copy is only the copier's own
/// entry, which no bank financing the real seller's receivable ever reaches. (Commit-reveal would
/// hide the fingerprints instead, but needs two transactions and still lets anyone who saw the
/// invoice before registering it block it; binding lets nobody block anybody.)
///
/// One fresh storage slot per registration. The record is keyed by seller and identity
/// fingerprint, and its first slot packs status, registeredAt and `exactTag`, the first 25 bytes
/// of `keccak256(exact fingerprint)`; the seller is in the key, not stored; the bank's slot is
/// written only when the invoice is financed (or closedAt, when cancelled). So:
///   - a seller cannot register two invoices with the same identity fingerprint (a cancelled
///     invoice keeps its record). Registration uniqueness is on the identity fingerprint only, not
///     also on the exact one as before: an honestly computed identity fingerprint is a function of
///     the invoice (seller, buyer, number), so the same exact fingerprint implies the same identity
///     one and the identity check refuses it; a seller pairing an exact fingerprint with a made-up
///     identity one registers an entry no honest bank reaches (the bank computes the identity
///     fingerprint itself), so it only blocks itself;
///   - `finance` and `markBacking` present both fingerprints: the identity one finds the record
///     (the full 256-bit key), the exact one must match its 200-bit tag, so an altered copy (same
///     seller, buyer and number, another date, amount or currency) is refused with
///     `InvoiceRegistryExactFingerprintMismatch`. 200 bits keep forging a matching alteration
///     out of reach even for a seller who can compute fingerprints; a tag short enough to share
///     the slot with the seller's address (40 bits) would not, which is why the seller is not
///     stored.
/// Lookups by one fingerprint alone change accordingly: `lookup` takes both fingerprints (the
/// identity one finds the invoice, the exact one is compared), and `cancel` names the invoice by
/// its identity fingerprint (the caller's own record, so no seller check is needed). Dropping
/// the two extra slots of the former design (a fingerprint => id entry for each fingerprint)
/// halves the per-invoice cost of a batch: see docs/BENCHMARKS.md.
///
/// The financing guard is not per seller and is unchanged: financing records every fingerprint
/// presented, for good, and any fingerprint financed once is refused under any seller, by any
/// bank, then or after the repayment: a bank presenting any fingerprint financed already, under
/// any seller's registration (the same invoice registered again from a second account, or an
/// altered copy), is refused with `InvoiceRegistryAlreadyFinanced`. This, not registration
/// uniqueness, is what stops double financing.
///
/// Backing a supply-chain-finance payable (`PayableVoucher`) is guarded the same way, for the
/// same reason: the voucher contract names the invoice by the fingerprints the obligor computed,
/// and `markBacking` records every fingerprint as backing, for good. So an invoice financed under
/// any seller's registration cannot back a payable, and once it backs one, no bank can finance it
/// under any seller's registration (`InvoiceRegistryBacksVoucher` names the payable): the same
/// receivable is never both sold to a bank and paid through vouchers.
///
/// Across products: when governance named the consortium's document-financing guard
/// (`setDocumentFinancing`), a financing also claims the invoice's fingerprints there, so an
/// invoice that backs a payment commitment or a credit presentation is refused
/// (`DocumentAlreadyBacksFacility`, naming that facility), and neither can take a financed one.
/// The guard is optional so that a registry deployed before it keeps working unchanged; this
/// registry's own guards above stay as they are, and are checked first.
///
/// Gas does not grow with history: every lookup is one mapping read, nothing is counted or
/// scanned, and the invoice id is derived from seller and identity fingerprint (no counter).
contract InvoiceRegistry is IInvoiceRegistry, ConsortiumGated {
    /// @notice The most invoices `registerBatch` takes at once (about 2.7M gas).
    uint256 public constant MAX_BATCH = 100;
    /// @notice The most invoices `financeBatch` takes at once. A financing costs about 81,000 gas
    /// in a batch, 181,000 with the document-financing guard's claim: 80 of them (about 14.5M gas)
    /// fit the 16,777,216-gas transaction cap (EIP-7825) with the guard named, 100 would not.
    uint256 public constant MAX_FINANCE_BATCH = 80;

    /// @dev keccak256(abi.encode(seller, identity fingerprint)) => that seller's invoice.
    mapping(bytes32 invoiceId => Invoice) private _invoices;
    /// @dev fingerprint => the invoice financed under it (any seller), set once, never cleared.
    mapping(bytes32 fingerprint => bytes32 invoiceId) private _financedUnder;
    /// @dev The voucher link lives beside the invoice, not in it: an invoice backing a payable
    /// stays Registered (it was not financed), and the payable it backs refuses it any financing.
    mapping(bytes32 invoiceId => uint256 payableId) private _backingPayable;
    /// @dev fingerprint => the invoice backing a payable under it (any seller), set once, never
    /// cleared: the backing counterpart of `_financedUnder`.
    mapping(bytes32 fingerprint => bytes32 invoiceId) private _backingUnder;
    address private _voucherContract;
    IDocumentFinancing private _documentFinancing;

    constructor(IConsortiumRegistry registry_) ConsortiumGated(registry_) {}

    // ------------------------------------------------------------ transitions

    /// @inheritdoc IInvoiceRegistry
    function register(
        Fingerprints calldata fingerprints
    ) external onlyMemberWithRole(ConsortiumRoles.EXPORTER) returns (bytes32 invoiceId) {
        invoiceId = _register(msg.sender, fingerprints);
    }

    /// @inheritdoc IInvoiceRegistry
    /// @dev One role check for the batch, then `register`'s own steps per invoice. Per invoice the
    /// floor is the one fresh storage slot `register` writes (the invoice record) and its event,
    /// which a batch cannot share; what it saves is the transaction and the role check.
    function registerBatch(
        Fingerprints[] calldata batch
    ) external onlyMemberWithRole(ConsortiumRoles.EXPORTER) returns (bytes32[] memory invoiceIds) {
        uint256 count = batch.length;
        if (count == 0 || count > MAX_BATCH) revert InvoiceRegistryInvalidBatchSize(count, MAX_BATCH);
        invoiceIds = new bytes32[](count);
        for (uint256 i = 0; i < count; ++i) {
            invoiceIds[i] = _register(msg.sender, batch[i]);
        }
    }

    /// @inheritdoc IInvoiceRegistry
    /// @dev Order of checks: any fingerprint financed already, under any seller (the refusal this
    /// registry exists for, reported first) -> any fingerprint backing a payable, under any seller
    /// -> the seller registered the identity fingerprint -> the exact fingerprint is that
    /// invoice's -> that invoice is Registered (not Cancelled) -> the document-financing guard.
    function finance(
        address seller,
        Fingerprints calldata fingerprints
    ) external onlyMemberWithRole(ConsortiumRoles.BANK) returns (bytes32 invoiceId) {
        invoiceId = _finance(seller, fingerprints, _documentFinancing);
    }

    /// @inheritdoc IInvoiceRegistry
    /// @dev One role check for the batch, then `finance`'s own steps per invoice, in order; the
    /// guard is read once. An invoice presented twice in one batch is refused by the second
    /// presentation's `InvoiceRegistryAlreadyFinanced`, as in two transactions.
    function financeBatch(
        Financing[] calldata batch
    ) external onlyMemberWithRole(ConsortiumRoles.BANK) returns (bytes32[] memory invoiceIds) {
        uint256 count = batch.length;
        if (count == 0 || count > MAX_FINANCE_BATCH) {
            revert InvoiceRegistryInvalidBatchSize(count, MAX_FINANCE_BATCH);
        }
        IDocumentFinancing guard = _documentFinancing;
        invoiceIds = new bytes32[](count);
        for (uint256 i = 0; i < count; ++i) {
            invoiceIds[i] = _finance(batch[i].seller, batch[i].fingerprints, guard);
        }
    }

    /// @inheritdoc IInvoiceRegistry
    /// @dev Order of checks: status (Financed) -> actor (the financing bank).
    function markRepaid(bytes32 invoiceId) external onlyMemberWithRole(ConsortiumRoles.BANK) {
        Invoice storage inv = _known(invoiceId);
        _requireStatus(invoiceId, inv, InvoiceStatus.Financed);
        if (inv.bank != msg.sender) revert InvoiceRegistryNotFinancingBank(invoiceId, msg.sender, inv.bank);

        inv.status = InvoiceStatus.Repaid;
        inv.closedAt = uint48(block.timestamp);
        emit InvoiceRepaid(invoiceId, msg.sender);
    }

    /// @inheritdoc IInvoiceRegistry
    /// @dev Order of checks: the caller registered the identity fingerprint -> status (Registered)
    /// -> backs no payable. The record is found under the caller's own key, so it is the caller's.
    function cancel(bytes32 identityFingerprint) external onlyMemberWithRole(ConsortiumRoles.EXPORTER) {
        bytes32 invoiceId = _sellerKey(msg.sender, identityFingerprint);
        Invoice storage inv = _invoices[invoiceId];
        if (inv.status == InvoiceStatus.None) {
            revert InvoiceRegistryUnknownFingerprint(
                msg.sender,
                FingerprintKind.Identity,
                identityFingerprint
            );
        }
        _requireStatus(invoiceId, inv, InvoiceStatus.Registered);
        _refuseIfBacking(invoiceId);

        inv.status = InvoiceStatus.Cancelled;
        inv.closedAt = uint48(block.timestamp);
        emit InvoiceCancelled(invoiceId, msg.sender);
    }

    /// @inheritdoc IInvoiceRegistry
    /// @dev Order of checks: caller (the voucher contract) -> any fingerprint financed already,
    /// under any seller -> any fingerprint backing a payable already, under any seller -> the seller
    /// registered the identity fingerprint -> the exact fingerprint is that invoice's -> that
    /// invoice is Registered (not Cancelled). The same guards as `finance`, so an invoice is never
    /// both financed and backing, whichever account registered which copy.
    function markBacking(
        address seller,
        Fingerprints calldata fingerprints,
        uint256 payableId
    ) external returns (bytes32 invoiceId) {
        address vouchers = _voucherContract;
        if (msg.sender != vouchers || msg.sender == address(0)) {
            revert InvoiceRegistryNotVoucherContract(msg.sender, vouchers);
        }
        bytes32 exact = fingerprints.exact;
        bytes32 identity = fingerprints.identity;
        _refuseIfFinanced(exact);
        _refuseIfFinanced(identity);
        _refuseIfBackingUnder(exact);
        _refuseIfBackingUnder(identity);
        invoiceId = _resolve(seller, exact, identity);
        _requireStatus(invoiceId, _invoices[invoiceId], InvoiceStatus.Registered);

        _backingPayable[invoiceId] = payableId;
        _backingUnder[exact] = invoiceId;
        _backingUnder[identity] = invoiceId;
        emit InvoiceBacksVoucher(invoiceId, payableId);
    }

    /// @inheritdoc IInvoiceRegistry
    /// @dev Executed by the consortium registry after its administrators approved it.
    function setVoucherContract(address vouchers) external onlyGovernance {
        _voucherContract = vouchers;
        emit VoucherContractSet(vouchers);
    }

    /// @inheritdoc IInvoiceRegistry
    /// @dev Executed by the consortium registry after its administrators approved it. The guard
    /// must name this registry (and the voucher contract) a product, or financing is refused.
    function setDocumentFinancing(IDocumentFinancing guard) external onlyGovernance {
        _documentFinancing = guard;
        emit DocumentFinancingSet(address(guard));
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IInvoiceRegistry
    function documentFinancing() external view returns (IDocumentFinancing) {
        return _documentFinancing;
    }

    /// @inheritdoc IInvoiceRegistry
    function voucherContract() external view returns (address) {
        return _voucherContract;
    }

    /// @inheritdoc IInvoiceRegistry
    function backingPayable(bytes32 invoiceId) external view returns (uint256) {
        return _backingPayable[invoiceId];
    }

    /// @inheritdoc IInvoiceRegistry
    function backingInvoiceOf(
        bytes32 fingerprint
    ) external view returns (bytes32 invoiceId, uint256 payableId) {
        invoiceId = _backingUnder[fingerprint];
        payableId = _backingPayable[invoiceId];
    }

    /// @inheritdoc IInvoiceRegistry
    function invoice(bytes32 invoiceId) external view returns (Invoice memory) {
        return _known(invoiceId);
    }

    /// @inheritdoc IInvoiceRegistry
    function lookup(
        address seller,
        Fingerprints calldata fingerprints
    ) external view returns (bytes32 invoiceId, InvoiceStatus status, bool exactMatches) {
        bytes32 key = _sellerKey(seller, fingerprints.identity);
        Invoice storage inv = _invoices[key];
        status = inv.status;
        if (status == InvoiceStatus.None) return (bytes32(0), status, false);
        invoiceId = key;
        exactMatches = inv.exactTag == _exactTag(fingerprints.exact);
    }

    /// @inheritdoc IInvoiceRegistry
    function financedInvoiceOf(
        bytes32 fingerprint
    ) external view returns (bytes32 invoiceId, InvoiceStatus status) {
        invoiceId = _financedUnder[fingerprint];
        status = _invoices[invoiceId].status;
    }

    /// @inheritdoc IInvoiceRegistry
    function invoiceIdOf(address seller, bytes32 identityFingerprint) external pure returns (bytes32) {
        return _sellerKey(seller, identityFingerprint);
    }

    // --------------------------------------------------------------- internal

    /// @dev Registers `seller`'s invoice: `register`'s checks and effects, for one invoice. One
    /// fresh slot: status, registeredAt and the exact fingerprint's tag, under seller and identity.
    function _register(
        address seller,
        Fingerprints calldata fingerprints
    ) private returns (bytes32 invoiceId) {
        bytes32 exact = fingerprints.exact;
        bytes32 identity = fingerprints.identity;
        if (exact == bytes32(0)) revert InvoiceRegistryInvalidFingerprint(FingerprintKind.Exact, exact);
        if (identity == bytes32(0) || identity == exact) {
            revert InvoiceRegistryInvalidFingerprint(FingerprintKind.Identity, identity);
        }
        invoiceId = _sellerKey(seller, identity);
        Invoice storage inv = _invoices[invoiceId];
        bytes25 tag = _exactTag(exact);
        if (inv.status != InvoiceStatus.None) {
            // The same invoice again (its exact fingerprint matches the record's), or an altered
            // copy of it: told apart for the operator, as when both fingerprints were keys.
            if (inv.exactTag == tag)
                revert InvoiceRegistryFingerprintTaken(FingerprintKind.Exact, exact, invoiceId);
            revert InvoiceRegistryFingerprintTaken(FingerprintKind.Identity, identity, invoiceId);
        }
        // Slot 0 only: the bank's slot stays untouched (zero) until the invoice is financed.
        inv.status = InvoiceStatus.Registered;
        inv.registeredAt = uint48(block.timestamp);
        inv.exactTag = tag;
        emit InvoiceRegistered(invoiceId, seller, exact, identity);
    }

    /// @dev `finance`'s checks, effects and guard claim for one invoice, `guard` read by the caller.
    function _finance(
        address seller,
        Fingerprints calldata fingerprints,
        IDocumentFinancing guard
    ) private returns (bytes32 invoiceId) {
        bytes32 exact = fingerprints.exact;
        bytes32 identity = fingerprints.identity;
        _refuseIfFinanced(exact);
        _refuseIfFinanced(identity);
        _refuseIfBackingUnder(exact);
        _refuseIfBackingUnder(identity);
        invoiceId = _resolve(seller, exact, identity);
        Invoice storage inv = _invoices[invoiceId];
        _requireStatus(invoiceId, inv, InvoiceStatus.Registered);

        inv.status = InvoiceStatus.Financed;
        inv.bank = msg.sender;
        inv.financedAt = uint48(block.timestamp);
        _financedUnder[exact] = invoiceId;
        _financedUnder[identity] = invoiceId;
        emit InvoiceFinanced(invoiceId, msg.sender, seller);
        // Interaction last: the guard is the consortium's own contract, and its refusal (the
        // invoice backs another product's facility) reverts the whole financing (the whole batch).
        if (address(guard) != address(0)) {
            bytes32[] memory claimed = new bytes32[](2);
            claimed[0] = exact;
            claimed[1] = identity;
            guard.claim(IDocumentFinancing.DocumentKind.Invoice, claimed, uint256(invoiceId));
        }
    }

    /// @dev keccak256(abi.encode(seller, fingerprint)), in scratch space.
    function _sellerKey(address seller, bytes32 fingerprint) private pure returns (bytes32 key) {
        assembly ("memory-safe") {
            mstore(0x00, seller)
            mstore(0x20, fingerprint)
            key := keccak256(0x00, 0x40)
        }
    }

    /// @dev The first 25 bytes of keccak256(exact fingerprint), as stored beside the status. Hashed,
    /// not truncated as is, so fingerprints differing only in their last bytes still differ here.
    function _exactTag(bytes32 exact) private pure returns (bytes25 tag) {
        bytes32 digest;
        assembly ("memory-safe") {
            mstore(0x00, exact)
            digest := keccak256(0x00, 0x20)
        }
        tag = bytes25(digest);
    }

    /// @dev A fingerprint financed once (the invoice Financed or Repaid since) refuses a second financing.
    function _refuseIfFinanced(bytes32 fingerprint) private view {
        bytes32 invoiceId = _financedUnder[fingerprint];
        if (invoiceId != bytes32(0)) {
            revert InvoiceRegistryAlreadyFinanced(fingerprint, invoiceId, _invoices[invoiceId].bank);
        }
    }

    /// @dev `seller`'s invoice with identity fingerprint `identity`, whose exact fingerprint must
    /// be `exact` (its tag must match).
    function _resolve(
        address seller,
        bytes32 exact,
        bytes32 identity
    ) private view returns (bytes32 invoiceId) {
        invoiceId = _sellerKey(seller, identity);
        Invoice storage inv = _invoices[invoiceId];
        if (inv.status == InvoiceStatus.None) {
            revert InvoiceRegistryUnknownFingerprint(seller, FingerprintKind.Identity, identity);
        }
        if (inv.exactTag != _exactTag(exact))
            revert InvoiceRegistryExactFingerprintMismatch(invoiceId, exact);
    }

    /// @dev A fingerprint that backs a payable (under any seller's registration) refuses financing
    /// and a second backing, naming the invoice that backs and its payable.
    function _refuseIfBackingUnder(bytes32 fingerprint) private view {
        bytes32 invoiceId = _backingUnder[fingerprint];
        if (invoiceId != bytes32(0)) {
            revert InvoiceRegistryBacksVoucher(invoiceId, _voucherContract, _backingPayable[invoiceId]);
        }
    }

    function _refuseIfBacking(bytes32 invoiceId) private view {
        uint256 payableId = _backingPayable[invoiceId];
        if (payableId != 0) revert InvoiceRegistryBacksVoucher(invoiceId, _voucherContract, payableId);
    }

    function _requireStatus(bytes32 invoiceId, Invoice storage inv, InvoiceStatus expected) private view {
        InvoiceStatus current = inv.status;
        if (current != expected) {
            revert InvoiceRegistryUnexpectedStatus(
                invoiceId,
                current,
                bytes32(uint256(1) << uint8(expected))
            );
        }
    }

    function _known(bytes32 invoiceId) private view returns (Invoice storage inv) {
        inv = _invoices[invoiceId];
        if (inv.status == InvoiceStatus.None) revert InvoiceRegistryUnknownInvoice(invoiceId);
    }
}
