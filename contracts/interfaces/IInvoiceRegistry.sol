// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IDocumentFinancing} from "./IDocumentFinancing.sol";

/// @title IInvoiceRegistry
/// @notice E-invoices registered by fingerprint only, so that no invoice is financed twice.
/// @dev The fingerprints are computed off-chain by `lib/trade/invoiceFingerprint.ts`: HMAC-SHA256,
/// under a key the consortium holds, over the invoice's normalized fields. The chain sees only
/// the fingerprints, never a field of the invoice.
///
/// A registration is bound to its seller: an invoice's id, the key of its record, is
/// `keccak256(abi.encode(seller, identityFingerprint))` (`invoiceIdOf`), and the record keeps a
/// 200-bit tag of the exact fingerprint, which `finance` checks. So
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

    /// @notice One invoice of a `financeBatch`: the seller the bank finances and the fingerprints
    /// it computed from the invoice, as `finance` takes them.
    struct Financing {
        address seller;
        Fingerprints fingerprints;
    }

    /// @notice One invoice, two storage slots, the second written only when it is financed or
    /// closed. Its id is `invoiceIdOf(seller, identity fingerprint)`; the seller is in the id, not
    /// stored (it is in `InvoiceRegistered`).
    struct Invoice {
        // slot 0: status uint8 (1) | registeredAt uint48 (6) | exactTag bytes25 (25)
        InvoiceStatus status;
        uint48 registeredAt;
        bytes25 exactTag; // the first 25 bytes of keccak256(exact fingerprint)
        // slot 1: bank (20) | financedAt uint48 (6) | closedAt uint48 (6)
        address bank;
        uint48 financedAt;
        uint48 closedAt; // when it was repaid or cancelled
    }

    // ---- errors ----
    /// @notice The `kind` fingerprint is zero or repeats another fingerprint of the same invoice.
    error InvoiceRegistryInvalidFingerprint(FingerprintKind kind, bytes32 fingerprint);
    /// @notice The seller registered this invoice already, as invoice `invoiceId`: `kind` Exact when
    /// it is the same invoice (both fingerprints), Identity when `invoiceId` has the same identity
    /// fingerprint but another exact one (the invoice presented is an altered copy).
    error InvoiceRegistryFingerprintTaken(FingerprintKind kind, bytes32 fingerprint, bytes32 invoiceId);
    /// @notice The invoice was financed already, by `bank`; `fingerprint` is the one that found it.
    error InvoiceRegistryAlreadyFinanced(bytes32 fingerprint, bytes32 invoiceId, address bank);
    /// @notice `seller` registered no invoice under this `kind` fingerprint.
    error InvoiceRegistryUnknownFingerprint(address seller, FingerprintKind kind, bytes32 fingerprint);
    /// @notice Invoice `invoiceId` (found by the identity fingerprint) was registered with another
    /// exact fingerprint than `exactFingerprint`: the invoice presented is an altered copy (another
    /// issue date, amount or currency) or was fingerprinted wrongly.
    error InvoiceRegistryExactFingerprintMismatch(bytes32 invoiceId, bytes32 exactFingerprint);
    /// @notice No invoice has this id.
    error InvoiceRegistryUnknownInvoice(bytes32 invoiceId);
    /// @notice The invoice is `current`; the step needs one of the statuses in the bitmap `allowed`
    /// (bit `1 << uint8(status)`).
    error InvoiceRegistryUnexpectedStatus(bytes32 invoiceId, InvoiceStatus current, bytes32 allowed);
    /// @notice Only the bank that financed the invoice may do this.
    error InvoiceRegistryNotFinancingBank(bytes32 invoiceId, address caller, address bank);
    /// @notice Invoice `invoiceId` backs payable `payableId` of the voucher contract `vouchers`: it
    /// is paid through that payable's vouchers: it cannot be cancelled, and neither it nor a copy of
    /// it registered under another seller can be financed or back another payable.
    error InvoiceRegistryBacksVoucher(bytes32 invoiceId, address vouchers, uint256 payableId);
    /// @notice Only the voucher contract governance named, `vouchers`, may do this, not `caller`.
    error InvoiceRegistryNotVoucherContract(address caller, address vouchers);
    /// @notice A batch holds `count` invoices; it must hold 1 to `max`.
    error InvoiceRegistryInvalidBatchSize(uint256 count, uint256 max);

    // ---- events ----
    /// @notice Invoice `invoiceId` (`invoiceIdOf(seller, identityFingerprint)`) was registered by `seller`.
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
    /// Refused if the caller registered this identity fingerprint already, whatever that
    /// invoice's status; another seller's registration of it does not matter. (An exact
    /// fingerprint registered again under another identity fingerprint is not refused: honestly
    /// computed, the same exact fingerprint has the same identity one, and an entry under a made-up
    /// identity fingerprint is one no honest bank reaches; financing refuses every fingerprint
    /// financed once, under any seller, whatever was registered.)
    /// @return invoiceId `invoiceIdOf(msg.sender, fingerprints.identity)`.
    function register(Fingerprints calldata fingerprints) external returns (bytes32 invoiceId);

    /// @notice Register several invoices in one transaction (EXPORTER only; the caller is the seller
    /// of each), as `register` would one by one: each is checked and recorded and emits its own
    /// `InvoiceRegistered`, and any refusal (naming the offending fingerprint) refuses the whole
    /// batch. At most `MAX_BATCH` invoices, so a batch always fits in a block.
    /// @return invoiceIds `invoiceIdOf(msg.sender, batch[i].identity)` for each invoice, in order.
    function registerBatch(Fingerprints[] calldata batch) external returns (bytes32[] memory invoiceIds);

    /// @notice Finance `seller`'s invoice these fingerprints identify (BANK only). The bank
    /// presents every fingerprint it computed from the invoice it is asked to finance, and the
    /// seller it finances (its customer): the identity fingerprint must lead to an invoice that
    /// seller registered, and the exact one must be that invoice's
    /// (`InvoiceRegistryExactFingerprintMismatch` otherwise: an altered copy).
    /// Refused with `InvoiceRegistryAlreadyFinanced` if any fingerprint was financed already, under
    /// any seller's registration, by any bank, and with `InvoiceRegistryBacksVoucher` if any backs
    /// a voucher payable, under any seller's registration.
    /// @return invoiceId The invoice financed.
    function finance(address seller, Fingerprints calldata fingerprints) external returns (bytes32 invoiceId);

    /// @notice Finance several invoices, of one seller or several, in one transaction (BANK only),
    /// as `finance` would one by one: each is checked, recorded, claimed at the document-financing
    /// guard and emits its own `InvoiceFinanced`, and any refusal (naming the offending invoice or
    /// fingerprint) refuses the whole batch. At most `MAX_FINANCE_BATCH` invoices, so a batch fits
    /// the transaction gas cap even with the guard's claims.
    /// @return invoiceIds The invoices financed, in order.
    function financeBatch(Financing[] calldata batch) external returns (bytes32[] memory invoiceIds);

    /// @notice Record that financed invoice `invoiceId` was repaid (the financing bank only).
    function markRepaid(bytes32 invoiceId) external;

    /// @notice Cancel the caller's invoice with identity fingerprint `identityFingerprint` before
    /// it is financed (EXPORTER only). Named by its identity fingerprint, not its id: the record is
    /// looked up under the caller's own key, so only its seller can reach it (another account's
    /// cancel names its own, unknown, invoice). Its record stays, so the same invoice cannot be
    /// registered again.
    function cancel(bytes32 identityFingerprint) external;

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

    /// @notice The invoice `seller` registered under `fingerprints.identity`, its status, and whether
    /// `fingerprints.exact` is its exact fingerprint (false: the invoice presented is an altered
    /// copy of the registered one); `(0, None, false)` if none. An invoice is looked up by its
    /// identity fingerprint only (the record's key); the exact one can only be compared, not looked
    /// up alone.
    function lookup(
        address seller,
        Fingerprints calldata fingerprints
    ) external view returns (bytes32 invoiceId, InvoiceStatus status, bool exactMatches);

    /// @notice The invoice financed under `fingerprint` (any kind, any seller) and its status now
    /// (Financed or Repaid); `(0, None)` if no financed invoice has this fingerprint.
    function financedInvoiceOf(
        bytes32 fingerprint
    ) external view returns (bytes32 invoiceId, InvoiceStatus status);

    /// @notice The id of the invoice `seller` registers with identity fingerprint
    /// `identityFingerprint`: `keccak256(abi.encode(seller, identityFingerprint))`.
    function invoiceIdOf(address seller, bytes32 identityFingerprint) external pure returns (bytes32);
}
