// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ConsortiumGated} from "../consortium/ConsortiumGated.sol";
import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";
import {IDocumentFinancing} from "../interfaces/IDocumentFinancing.sol";

/// @title DocumentFinancingRegistry
/// @notice The consortium's one-document-one-facility guard: every product contract governance
/// named (payment commitments, pre-shipment advances, letters of credit, the voucher contract, the
/// invoice registry's financing) claims here the fingerprints of the documents a facility rests
/// on, and a fingerprint any facility of any product holds is refused to every other, naming the
/// product and facility that hold it. The double-financing fraud it stops is the same document
/// (or an altered copy, caught by its fuzzy fingerprint) pledged to two lenders through two
/// different products, which no product's own guard can see.
///
/// Rules, and why:
///   - Only named products claim (`setProduct`, by governance): a claim blocks a document for
///     every lender, so any member able to claim could block a competitor's financing.
///   - A claim is all or nothing: a facility rests on the whole document, so a document half
///     claimed would be half financed twice.
///   - Only the holding product releases, and only what its facility holds; a product governance
///     removed may still release (it frees documents, it cannot take any). Whether a facility
///     ended unused, so that its documents may be released, is the product's rule.
///   - A claim holds at most `MAX_FINGERPRINTS` fingerprints: a document has two (exact and fuzzy),
///     a facility resting on several invoices a few pairs. Every step is a fixed number of
///     mapping reads and writes per fingerprint; nothing grows with history.
contract DocumentFinancingRegistry is IDocumentFinancing, ConsortiumGated {
    /// @notice The most fingerprints one claim or release carries.
    uint256 public constant MAX_FINGERPRINTS = 64;

    mapping(address product => bool) private _products;
    mapping(DocumentKind kind => mapping(bytes32 fingerprint => Facility)) private _holders;

    constructor(IConsortiumRegistry registry_) ConsortiumGated(registry_) {}

    /// @notice Name `product` a contract that may claim documents, or remove it (`allowed` false).
    /// @dev Executed by the consortium registry after its administrators approved it.
    function setProduct(address product, bool allowed) external onlyGovernance {
        if (product == address(0)) revert IConsortiumRegistry.ConsortiumInvalidField("product");
        _products[product] = allowed;
        emit ProductSet(product, allowed);
    }

    /// @inheritdoc IDocumentFinancing
    /// @dev Order of checks: caller a named product -> count -> per fingerprint in order: non-zero,
    /// not repeated in the claim, held by no facility. The first refusal reverts the whole claim.
    function claim(DocumentKind kind, bytes32[] calldata fingerprints, uint256 facilityId) external {
        if (!_products[msg.sender]) revert DocumentFinancingNotProduct(msg.sender);
        uint256 count = _checkCount(kind, fingerprints);
        mapping(bytes32 => Facility) storage holders = _holders[kind];
        for (uint256 i = 0; i < count; ++i) {
            bytes32 fingerprint = fingerprints[i];
            _requireDistinct(kind, fingerprints, i);
            Facility storage holder = holders[fingerprint];
            if (holder.product != address(0)) {
                revert DocumentAlreadyBacksFacility(kind, fingerprint, holder.product, holder.facilityId);
            }
            holder.product = msg.sender;
            holder.facilityId = facilityId;
            emit DocumentClaimed(kind, fingerprint, msg.sender, facilityId);
        }
    }

    /// @inheritdoc IDocumentFinancing
    /// @dev Order of checks: count -> per fingerprint in order: held by the caller's `facilityId`.
    /// A fingerprint repeated in the release is refused the second time, as no longer held.
    function release(DocumentKind kind, bytes32[] calldata fingerprints, uint256 facilityId) external {
        uint256 count = _checkCount(kind, fingerprints);
        mapping(bytes32 => Facility) storage holders = _holders[kind];
        for (uint256 i = 0; i < count; ++i) {
            bytes32 fingerprint = fingerprints[i];
            Facility storage holder = holders[fingerprint];
            if (holder.product != msg.sender || holder.facilityId != facilityId) {
                revert DocumentFinancingNotHeld(kind, fingerprint, holder.product, holder.facilityId);
            }
            delete holders[fingerprint];
            emit DocumentReleased(kind, fingerprint, msg.sender, facilityId);
        }
    }

    /// @inheritdoc IDocumentFinancing
    function facilityOf(DocumentKind kind, bytes32 fingerprint) external view returns (Facility memory) {
        return _holders[kind][fingerprint];
    }

    /// @notice Whether governance named `product` a contract that may claim documents.
    function isProduct(address product) external view returns (bool) {
        return _products[product];
    }

    /// @dev 1 to MAX_FINGERPRINTS fingerprints, else refused naming the kind (and no fingerprint).
    function _checkCount(
        DocumentKind kind,
        bytes32[] calldata fingerprints
    ) private pure returns (uint256 count) {
        count = fingerprints.length;
        if (count == 0 || count > MAX_FINGERPRINTS)
            revert DocumentFinancingInvalidFingerprint(kind, bytes32(0));
    }

    /// @dev `fingerprints[i]` is non-zero and none before it is the same (at most 64 x 64 reads of calldata).
    function _requireDistinct(DocumentKind kind, bytes32[] calldata fingerprints, uint256 i) private pure {
        bytes32 fingerprint = fingerprints[i];
        if (fingerprint == bytes32(0)) revert DocumentFinancingInvalidFingerprint(kind, fingerprint);
        for (uint256 j = 0; j < i; ++j) {
            if (fingerprints[j] == fingerprint) revert DocumentFinancingInvalidFingerprint(kind, fingerprint);
        }
    }
}
