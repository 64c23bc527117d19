// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ConsortiumGated} from "../consortium/ConsortiumGated.sol";
import {ConsortiumRoles} from "../consortium/ConsortiumRoles.sol";
import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";
import {IInvoiceRegistry} from "../interfaces/IInvoiceRegistry.sol";

/// @title InvoiceRegistry
/// @notice A register of e-invoices, by keyed fingerprint only, that lets each invoice be
/// financed at most once: the guard against double financing of the same receivable (the
/// "duplicate invoice" fraud of receivables finance; ICC Standard Definitions for Techniques
/// of Supply Chain Finance, "Receivables Discounting").
///
/// The seller (an EXPORTER member) registers an invoice by its fingerprints; a BANK finances it
/// by presenting the fingerprints it computed itself from the invoice it was shown, so an
/// invoice registered under made-up fingerprints can never be financed by an honest bank; the
/// financing bank records the repayment; the seller may cancel the invoice before it is
/// financed. Every fingerprint of every invoice ever registered maps to that invoice for good
/// (a cancelled invoice keeps its fingerprints), so:
///   - an invoice whose exact or identity fingerprint is already registered cannot be registered;
///   - a bank presenting any fingerprint that leads to an invoice financed already (by any bank,
///     then or since repaid) is refused with `InvoiceRegistryAlreadyFinanced`.
///
/// Gas does not grow with history: every lookup is one mapping read, nothing is counted or
/// scanned, and the invoice id is its exact fingerprint (no counter).
contract InvoiceRegistry is IInvoiceRegistry, ConsortiumGated {
    mapping(bytes32 fingerprint => bytes32 invoiceId) private _invoiceIdOf;
    mapping(bytes32 invoiceId => Invoice) private _invoices;
    /// @dev The voucher link lives beside the invoice, not in it: an invoice backing a payable
    /// stays Registered (it was not financed), and the payable it backs refuses it any financing.
    mapping(bytes32 invoiceId => uint256 payableId) private _backingPayable;
    address private _voucherContract;

    constructor(IConsortiumRegistry registry_) ConsortiumGated(registry_) {}

    // ------------------------------------------------------------ transitions

    /// @inheritdoc IInvoiceRegistry
    function register(
        Fingerprints calldata fingerprints
    ) external onlyMemberWithRole(ConsortiumRoles.EXPORTER) returns (bytes32 invoiceId) {
        bytes32 exact = fingerprints.exact;
        bytes32 identity = fingerprints.identity;
        if (exact == bytes32(0)) revert InvoiceRegistryInvalidFingerprint(FingerprintKind.Exact, exact);
        if (identity == bytes32(0) || identity == exact) {
            revert InvoiceRegistryInvalidFingerprint(FingerprintKind.Identity, identity);
        }
        _requireUnregistered(FingerprintKind.Exact, exact);
        _requireUnregistered(FingerprintKind.Identity, identity);

        invoiceId = exact;
        _invoiceIdOf[exact] = invoiceId;
        _invoiceIdOf[identity] = invoiceId;
        // Slot 0 only: the bank's slot stays untouched (zero) until the invoice is financed.
        Invoice storage inv = _invoices[invoiceId];
        inv.seller = msg.sender;
        inv.status = InvoiceStatus.Registered;
        inv.registeredAt = uint48(block.timestamp);
        emit InvoiceRegistered(invoiceId, msg.sender, identity);
    }

    /// @inheritdoc IInvoiceRegistry
    /// @dev Order of checks: any fingerprint leading to an invoice financed already (the refusal
    /// this registry exists for, reported first) -> the exact fingerprint is known -> the identity
    /// fingerprint leads to the same invoice -> that invoice is Registered (not Cancelled).
    function finance(
        Fingerprints calldata fingerprints
    ) external onlyMemberWithRole(ConsortiumRoles.BANK) returns (bytes32 invoiceId) {
        invoiceId = _invoiceIdOf[fingerprints.exact];
        bytes32 identityInvoiceId = _invoiceIdOf[fingerprints.identity];
        _refuseIfFinanced(fingerprints.exact, invoiceId);
        _refuseIfFinanced(fingerprints.identity, identityInvoiceId);
        if (invoiceId == bytes32(0)) {
            revert InvoiceRegistryUnknownFingerprint(FingerprintKind.Exact, fingerprints.exact);
        }
        if (identityInvoiceId == bytes32(0)) {
            revert InvoiceRegistryUnknownFingerprint(FingerprintKind.Identity, fingerprints.identity);
        }
        if (identityInvoiceId != invoiceId) {
            revert InvoiceRegistryFingerprintMismatch(
                FingerprintKind.Identity,
                fingerprints.identity,
                invoiceId,
                identityInvoiceId
            );
        }
        Invoice storage inv = _invoices[invoiceId];
        _requireStatus(invoiceId, inv, InvoiceStatus.Registered);
        _refuseIfBacking(invoiceId);

        inv.status = InvoiceStatus.Financed;
        inv.bank = msg.sender;
        inv.financedAt = uint48(block.timestamp);
        emit InvoiceFinanced(invoiceId, msg.sender, inv.seller);
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
    /// @dev Order of checks: status (Registered) -> actor (the seller).
    function cancel(bytes32 invoiceId) external onlyMemberWithRole(ConsortiumRoles.EXPORTER) {
        Invoice storage inv = _known(invoiceId);
        _requireStatus(invoiceId, inv, InvoiceStatus.Registered);
        if (inv.seller != msg.sender) revert InvoiceRegistryNotSeller(invoiceId, msg.sender, inv.seller);
        _refuseIfBacking(invoiceId);

        inv.status = InvoiceStatus.Cancelled;
        inv.closedAt = uint48(block.timestamp);
        emit InvoiceCancelled(invoiceId, msg.sender);
    }

    /// @inheritdoc IInvoiceRegistry
    /// @dev Order of checks: caller (the voucher contract) -> invoice known -> financed already ->
    /// status (Registered) -> seller -> not backing another payable.
    function markBacking(bytes32 invoiceId, address seller, uint256 payableId) external {
        if (msg.sender != _voucherContract || msg.sender == address(0)) {
            revert InvoiceRegistryNotVoucherContract(msg.sender, _voucherContract);
        }
        Invoice storage inv = _known(invoiceId);
        _refuseIfFinanced(invoiceId, invoiceId);
        _requireStatus(invoiceId, inv, InvoiceStatus.Registered);
        if (inv.seller != seller) revert InvoiceRegistryNotSeller(invoiceId, seller, inv.seller);
        _refuseIfBacking(invoiceId);

        _backingPayable[invoiceId] = payableId;
        emit InvoiceBacksVoucher(invoiceId, payableId);
    }

    /// @inheritdoc IInvoiceRegistry
    /// @dev Executed by the consortium registry after its administrators approved it.
    function setVoucherContract(address vouchers) external onlyGovernance {
        _voucherContract = vouchers;
        emit VoucherContractSet(vouchers);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IInvoiceRegistry
    function voucherContract() external view returns (address) {
        return _voucherContract;
    }

    /// @inheritdoc IInvoiceRegistry
    function backingPayable(bytes32 invoiceId) external view returns (uint256) {
        return _backingPayable[invoiceId];
    }

    /// @inheritdoc IInvoiceRegistry
    function invoice(bytes32 invoiceId) external view returns (Invoice memory) {
        return _known(invoiceId);
    }

    /// @inheritdoc IInvoiceRegistry
    function lookup(bytes32 fingerprint) external view returns (bytes32 invoiceId, InvoiceStatus status) {
        invoiceId = _invoiceIdOf[fingerprint];
        status = _invoices[invoiceId].status;
    }

    // --------------------------------------------------------------- internal

    function _requireUnregistered(FingerprintKind kind, bytes32 fingerprint) private view {
        bytes32 existing = _invoiceIdOf[fingerprint];
        if (existing != bytes32(0)) revert InvoiceRegistryFingerprintTaken(kind, fingerprint, existing);
    }

    /// @dev Financed and Repaid invoices were financed once; either refuses a second financing.
    function _refuseIfFinanced(bytes32 fingerprint, bytes32 invoiceId) private view {
        if (invoiceId == bytes32(0)) return;
        Invoice storage inv = _invoices[invoiceId];
        InvoiceStatus status = inv.status;
        if (status == InvoiceStatus.Financed || status == InvoiceStatus.Repaid) {
            revert InvoiceRegistryAlreadyFinanced(fingerprint, invoiceId, inv.bank);
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
