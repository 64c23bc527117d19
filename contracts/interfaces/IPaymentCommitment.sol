// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IDepositToken} from "./IDepositToken.sol";
import {IInvoiceRegistry} from "./IInvoiceRegistry.sol";

/// @title IPaymentCommitment
/// @notice Bank payment commitments on open account (issue #15): the importer's bank commits to pay
/// the exporter at maturity (the bill of lading's shipped-on-board date plus the order's payment
/// term) once the order, the commercial invoice and the electronic bill of lading match, and, where
/// the commitment asks, customs at the port of discharge has cleared the goods. On a match the
/// commitment is irrevocable and is issued as a voucher (`PayableVoucher`) with the bank as obligor,
/// which the exporter can discount or pass on. One commitment per purchase order: its id is the
/// order's id.
/// @dev Steps (one function each): `offer` (BANK) -> Offered; `consent` (the order's importer) ->
/// Committed, or `decline` -> Declined; `withdraw` (the bank, before consent) -> Withdrawn;
/// `present` (the order's exporter, documents that match) -> Irrevocable; `expire` (anyone, after
/// the expiry, unmatched) -> Expired. Declined, Withdrawn and Expired commitments may be offered
/// again; Irrevocable is final.
interface IPaymentCommitment {
    /// @notice Where a commitment is.
    enum CommitmentStatus {
        None,
        Offered,
        Committed,
        Irrevocable,
        Declined,
        Withdrawn,
        Expired
    }

    /// @notice What the bank offers.
    /// @param token The deposit token the voucher settles in; its currency must be the order's.
    /// @param toleranceBps How far the invoice amount may be from the order's, either way, in basis points.
    /// @param customsRequired Whether customs at the port of discharge must have cleared the goods.
    /// @param expiresAt Last second at which documents may be presented.
    struct Terms {
        IDepositToken token;
        uint16 toleranceBps;
        bool customsRequired;
        uint48 expiresAt;
    }

    /// @notice One commitment.
    struct Commitment {
        // slot 0: bank (20) | status (1) | offeredAt (6)
        address bank;
        CommitmentStatus status;
        uint48 offeredAt;
        // slot 1: token (20) | toleranceBps (2) | customsRequired (1) | expiresAt (6)
        IDepositToken token;
        uint16 toleranceBps;
        bool customsRequired;
        uint48 expiresAt;
        // slot 2: payableId (8) | voucherId (8) | maturity (6) | matchedAt (6)
        uint64 payableId;
        uint64 voucherId;
        uint48 maturity;
        uint48 matchedAt;
        // slot 3: amount (16) | assigneeShare (16)
        uint128 amount;
        uint128 assigneeShare;
        // slot 4: billId
        uint256 billId;
    }

    /// @notice The invoice the exporter presents: its registry fingerprints and the fields the chain
    /// matches. The registry holds fingerprints only; the fields are the exporter's statement,
    /// bound to the invoice by its exact fingerprint, which the exporter registered as seller.
    struct InvoiceData {
        IInvoiceRegistry.Fingerprints fingerprints;
        address buyer;
        bytes3 currency;
        uint128 amount;
        bytes32 goodsHash;
    }

    /// @notice A presentation: the invoice, the bill of lading, and the bill's fingerprints for the
    /// document guard (lib/trade/documentFingerprint.ts; the chain adds the bill's shipment ref).
    struct Presentation {
        InvoiceData invoice;
        uint256 billId;
        bytes32[] billFingerprints;
    }

    // ---- errors ----
    /// @notice `field` of the request is missing or out of range.
    error CommitmentInvalidField(string field);
    /// @notice Order `orderId` is `status` (IPurchaseOrder.OrderStatus), not Accepted.
    error CommitmentOrderNotAccepted(uint256 orderId, uint8 status);
    /// @notice Commitment `orderId` is `current`; the step needs `expected`.
    error CommitmentUnexpectedStatus(uint256 orderId, CommitmentStatus current, CommitmentStatus expected);
    /// @notice Only `expected` (the order's importer or exporter, or the commitment's bank) may do this, not `caller`.
    error CommitmentUnauthorized(uint256 orderId, address caller, address expected);
    /// @notice The token's currency `tokenCurrency` is not the order's `orderCurrency`.
    error CommitmentCurrencyMismatch(uint256 orderId, bytes3 orderCurrency, bytes3 tokenCurrency);
    /// @notice Commitment `orderId` expired at `expiresAt`.
    error CommitmentExpired(uint256 orderId, uint256 expiresAt);
    /// @notice Commitment `orderId` expires at `expiresAt`: it cannot be expired before.
    error CommitmentNotExpired(uint256 orderId, uint256 expiresAt);
    /// @notice The documents presented under commitment `orderId` do not match: `mismatches` has one
    /// bit per mismatched field (`OpenAccountMatch.Field`; lib/trade/openAccountMatch.ts names them).
    error CommitmentDocumentsMismatch(uint256 orderId, uint256 mismatches);

    // ---- events ----
    /// @notice `bank` offered a commitment on order `orderId`.
    event CommitmentOffered(
        uint256 indexed orderId,
        address indexed bank,
        address token,
        uint256 toleranceBps,
        bool customsRequired,
        uint256 expiresAt
    );
    /// @notice The importer consented to commitment `orderId`.
    event CommitmentConsented(uint256 indexed orderId, address indexed importer);
    /// @notice The importer declined commitment `orderId`.
    event CommitmentDeclined(uint256 indexed orderId, address indexed importer);
    /// @notice The bank withdrew commitment `orderId` before the importer consented.
    event CommitmentWithdrawn(uint256 indexed orderId, address indexed bank);
    /// @notice The documents matched: commitment `orderId` is irrevocable and paid by voucher
    /// `voucherId` of payable `payableId` (`amount` due at `maturity`), `assigneeShare` of it
    /// carved out to the assignee of the proceeds.
    event CommitmentIrrevocable(
        uint256 indexed orderId,
        uint256 indexed payableId,
        uint256 indexed billId,
        uint256 voucherId,
        uint256 amount,
        uint256 maturity,
        uint256 assigneeShare
    );
    /// @notice The exporter stated these invoice fields for commitment `orderId`'s invoice with
    /// exact fingerprint `exactFingerprint` (kept in the log: a false statement is provable off-chain
    /// by anyone holding the fingerprint key).
    event InvoicePresented(
        uint256 indexed orderId,
        bytes32 indexed exactFingerprint,
        address buyer,
        bytes3 currency,
        uint256 amount,
        bytes32 goodsHash
    );
    /// @notice Commitment `orderId` expired unmatched.
    event CommitmentExpiredUnmatched(uint256 indexed orderId);
    /// @notice Governance named `assignee` the assignee of proceeds this contract pays first (0 for none).
    event ProceedsAssigneeSet(address indexed assignee);

    // ---- steps ----
    /// @notice An active BANK offers to commit to pay order `orderId` (Accepted) on matching documents.
    function offer(uint256 orderId, Terms calldata terms) external;

    /// @notice The order's importer consents to the offered commitment: the bank may debit it.
    function consent(uint256 orderId) external;

    /// @notice The order's importer declines the offered commitment.
    function decline(uint256 orderId) external;

    /// @notice The bank withdraws its offer before the importer consented.
    function withdraw(uint256 orderId) external;

    /// @notice The order's exporter presents the invoice and the bill of lading; on a match the
    /// commitment is irrevocable and the voucher issued, else the call reverts with
    /// `CommitmentDocumentsMismatch` naming every mismatched field.
    /// @return payableId The payable the bank owes.
    /// @return voucherId The exporter's voucher.
    function present(
        uint256 orderId,
        Presentation calldata presentation
    ) external returns (uint256 payableId, uint256 voucherId);

    /// @notice Anyone marks an unmatched commitment past its expiry Expired.
    function expire(uint256 orderId) external;

    /// @notice Governance names the assignee of proceeds consulted on a match (0 for none).
    function setProceedsAssignee(address assignee) external;

    // ---- views ----
    /// @notice Commitment `orderId` (status None if there is none).
    function commitment(uint256 orderId) external view returns (Commitment memory);

    /// @notice What `present` would find now: the mismatch bitmap (0 = the documents match).
    function check(uint256 orderId, Presentation calldata presentation) external view returns (uint256);

    /// @notice The assignee of proceeds governance named (0 for none).
    function proceedsAssignee() external view returns (address);
}
