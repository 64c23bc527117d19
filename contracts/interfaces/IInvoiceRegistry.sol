// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IDocumentFinancing} from "./IDocumentFinancing.sol";

/// @title IInvoiceRegistry
/// @notice E-invoices registered by fingerprint only, so that no invoice is financed twice.
/// @dev The fingerprints are computed off-chain by `lib/trade/invoiceFingerprint.ts`: HMAC-SHA256,
/// under a key the consortium holds, over the invoice's normalized fields. The chain sees only
/// the fingerprints, never a field of the invoice.
///
/// A registration is bound to its seller: what is registered is `keccak256(abi.encode(seller,
/// fingerprint))`, and an invoice's id is that key for its exact fingerprint (`invoiceIdOf`). So
/// another exporter who copies the fingerprints from a pending `register` transaction registers
/// only its own entry, which blocks nothing of the real seller's. The guard against double
/// financing is not per seller: financing records each fingerprint itself, and a fingerprint
/// financed once is refused for every seller and every bank (`financedInvoiceOf`). Backing a
/// voucher payable is recorded per fingerprint alike (`backingInvoiceOf`): an invoice is never
/// both financed and backing, under whichever seller's registration.
interface IInvoiceRegistry {
    /// @notice Where an invoice is in its life: Registered -> Financed -> Repaid, or
    /// Registered -> Cancelled. Financed, Repaid and Cancelled are never left for Registered.
    enum InvoiceStatus {
        None,
        Registered,
        Financed,
        Repaid,
        Cancelled
    }

    /// @notice The fingerprints of one invoice.
    enum FingerprintKind {
        Exact, //    seller tax id, buyer tax id, invoice number, issue date, amount, currency
        Identity //  seller tax id, buyer tax id, invoice number: the fuzzy fingerprint
    }

    /// @notice The fingerprints of one invoice, as `invoiceFingerprints()` in
    /// lib/trade/invoiceFingerprint.ts computes them.
    /// @param exact Over every field: the invoice's id.
    /// @param identity Leaves out the volatile fields (issue date, amount, currency): the same
    /// invoice altered in any of them has the same identity fingerprint.
    struct Fingerprints {
        bytes32 exact;
        bytes32 identity;
    }

    /// @notice One invoice, two storage slots. Its id is `invoiceIdOf(seller, exact fingerprint)`.
    struct Invoice {
        // slot 0: seller (20) | status uint8 (1) | registeredAt uint48 (6)
        address seller;
        InvoiceStatus status;
        uint48 registeredAt;
        // slot 1: bank (20) | financedAt uint48 (6) | closedAt uint48 (6)
        address bank;
        uint48 financedAt;
        uint48 closedAt; // when it was repaid or cancelled
    }

    // ---- errors ----
    /// @notice The `kind` fingerprint is zero or repeats another fingerprint of the same invoice.
    error InvoiceRegistryInvalidFingerprint(FingerprintKind kind, bytes32 fingerprint);
    /// @notice The seller registered its `kind` fingerprint already, for its invoice `invoiceId`.
    error InvoiceRegistryFingerprintTaken(FingerprintKind kind, bytes32 fingerprint, bytes32 invoiceId);
    /// @notice The invoice was financed already, by `bank`; `fingerprint` is the one that found it.
    error InvoiceRegistryAlreadyFinanced(bytes32 fingerprint, bytes32 invoiceId, address bank);
    /// @notice `seller` registered no invoice under this `kind` fingerprint.
    error InvoiceRegistryUnknownFingerprint(address seller, FingerprintKind kind, bytes32 fingerprint);
    /// @notice The `kind` fingerprint presented belongs to invoice `actual`, not to invoice `expected`.
    error InvoiceRegistryFingerprintMismatch(
        FingerprintKind kind,
        bytes32 fingerprint,
        bytes32 expected,
        bytes32 actual
    );
    /// @notice No invoice has this id.
    error InvoiceRegistryUnknownInvoice(bytes32 invoiceId);
    /// @notice The invoice is `current`; the step needs one of the statuses in the bitmap `allowed`
    /// (bit `1 << uint8(status)`).
    error InvoiceRegistryUnexpectedStatus(bytes32 invoiceId, InvoiceStatus current, bytes32 allowed);
    /// @notice Only the seller who registered the invoice may do this.
    error InvoiceRegistryNotSeller(bytes32 invoiceId, address caller, address seller);
    /// @notice Only the bank that financed the invoice may do this.
    error InvoiceRegistryNotFinancingBank(bytes32 invoiceId, address caller, address bank);
    /// @notice Invoice `invoiceId` backs payable `payableId` of the voucher contract `vouchers`: it
    /// is paid through that payable's vouchers: it cannot be cancelled, and neither it nor a copy of
    /// it registered under another seller can be financed or back another payable.
    error InvoiceRegistryBacksVoucher(bytes32 invoiceId, address vouchers, uint256 payableId);
    /// @notice Only the voucher contract governance named, `vouchers`, may do this, not `caller`.
    error InvoiceRegistryNotVoucherContract(address caller, address vouchers);

    // ---- events ----
    /// @notice Invoice `invoiceId` (`invoiceIdOf(seller, exactFingerprint)`) was registered by `seller`.
    event InvoiceRegistered(
        bytes32 indexed invoiceId,
        address indexed seller,
        bytes32 exactFingerprint,
        bytes32 identityFingerprint
    );
    /// @notice Invoice `invoiceId` was financed by `bank`.
    event InvoiceFinanced(bytes32 indexed invoiceId, address indexed bank, address indexed seller);
    /// @notice The financing bank recorded invoice `invoiceId` as repaid.
    event InvoiceRepaid(bytes32 indexed invoiceId, address indexed bank);
    /// @notice The seller cancelled invoice `invoiceId` before it was financed.
    event InvoiceCancelled(bytes32 indexed invoiceId, address indexed seller);
    /// @notice Invoice `invoiceId` now backs payable `payableId` of the voucher contract.
    event InvoiceBacksVoucher(bytes32 indexed invoiceId, uint256 indexed payableId);
    /// @notice Governance named `vouchers` the voucher contract that may mark invoices as backing.
    event VoucherContractSet(address indexed vouchers);
    /// @notice Governance named `guard` the consortium's document-financing guard (0: none).
    event DocumentFinancingSet(address indexed guard);

    // ---- functions ----
    /// @notice Register an invoice by its fingerprints (EXPORTER only; the caller is its seller).
    /// Refused if the caller registered any of these fingerprints already, whatever that
    /// invoice's status; another seller's registration of them does not matter.
    /// @return invoiceId `invoiceIdOf(msg.sender, fingerprints.exact)`.
    function register(Fingerprints calldata fingerprints) external returns (bytes32 invoiceId);

    /// @notice Finance `seller`'s invoice these fingerprints identify (BANK only). The bank
    /// presents every fingerprint it computed from the invoice it is asked to finance, and the
    /// seller it finances (its customer); all must lead to the same invoice that seller registered.
    /// Refused with `InvoiceRegistryAlreadyFinanced` if any fingerprint was financed already, under
    /// any seller's registration, by any bank, and with `InvoiceRegistryBacksVoucher` if any backs
    /// a voucher payable, under any seller's registration.
    /// @return invoiceId The invoice financed.
    function finance(address seller, Fingerprints calldata fingerprints) external returns (bytes32 invoiceId);

    /// @notice Record that financed invoice `invoiceId` was repaid (the financing bank only).
    function markRepaid(bytes32 invoiceId) external;

    /// @notice Cancel invoice `invoiceId` before it is financed (its seller only). Its fingerprints
    /// stay registered, so the same invoice cannot be registered again.
    function cancel(bytes32 invoiceId) external;

    /// @notice The voucher contract marks `seller`'s Registered invoice these fingerprints identify
    /// as backing its payable `payableId` (that contract only). The fingerprints are the ones the
    /// obligor computed from the invoice it received, and must lead to the same invoice `seller`
    /// registered, as in `finance`. Refused with `InvoiceRegistryAlreadyFinanced` if any fingerprint
    /// was financed, and with `InvoiceRegistryBacksVoucher` if any backs a payable already, under
    /// any seller's registration; refused too if the invoice is cancelled. From then on `finance`
    /// refuses these fingerprints under every seller, and `cancel` refuses the invoice.
    /// @return invoiceId The invoice now backing the payable.
    function markBacking(
        address seller,
        Fingerprints calldata fingerprints,
        uint256 payableId
    ) external returns (bytes32 invoiceId);

    /// @notice Governance names the voucher contract (0 for none).
    function setVoucherContract(address vouchers) external;

    /// @notice The voucher contract governance named.
    function voucherContract() external view returns (address);

    /// @notice Governance names the consortium's document-financing guard (0 for none). With one,
    /// `finance` claims the invoice's fingerprints there for the financing (facility id
    /// `uint256(invoiceId)`), and the voucher contract claims a backing invoice's for its payable:
    /// an invoice that backs a commitment or a credit presentation is refused, naming it.
    function setDocumentFinancing(IDocumentFinancing guard) external;

    /// @notice The document-financing guard governance named (0 when none).
    function documentFinancing() external view returns (IDocumentFinancing);

    /// @notice The payable invoice `invoiceId` backs, 0 if none.
    function backingPayable(bytes32 invoiceId) external view returns (uint256);

    /// @notice The invoice backing a payable under `fingerprint` (any kind, any seller) and that
    /// payable; `(0, 0)` if no backing invoice has this fingerprint.
    function backingInvoiceOf(
        bytes32 fingerprint
    ) external view returns (bytes32 invoiceId, uint256 payableId);

    /// @notice Invoice `invoiceId` (reverts with `InvoiceRegistryUnknownInvoice` if none).
    function invoice(bytes32 invoiceId) external view returns (Invoice memory);

    /// @notice The invoice `seller` registered under `fingerprint` (any kind) and its status;
    /// `(0, None)` if none.
    function lookup(
        address seller,
        bytes32 fingerprint
    ) external view returns (bytes32 invoiceId, InvoiceStatus status);

    /// @notice The invoice financed under `fingerprint` (any kind, any seller) and its status now
    /// (Financed or Repaid); `(0, None)` if no financed invoice has this fingerprint.
    function financedInvoiceOf(
        bytes32 fingerprint
    ) external view returns (bytes32 invoiceId, InvoiceStatus status);

    /// @notice The id of the invoice `seller` registers with exact fingerprint `exactFingerprint`:
    /// `keccak256(abi.encode(seller, exactFingerprint))`.
    function invoiceIdOf(address seller, bytes32 exactFingerprint) external pure returns (bytes32);
}
