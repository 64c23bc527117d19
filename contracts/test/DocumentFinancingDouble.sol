// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IDocumentFinancing} from "../interfaces/IDocumentFinancing.sol";

/// @title DocumentFinancingDouble
/// @notice Test double of the one-document-one-facility guard: the interface's rules (named
/// products, all-or-nothing claims, a claimed fingerprint refused everywhere), without governance.
contract DocumentFinancingDouble is IDocumentFinancing {
    mapping(address product => bool) private _products;
    mapping(DocumentKind kind => mapping(bytes32 fingerprint => Facility)) private _held;

    /// @notice Name (or remove) `product` as a contract that may claim documents.
    function setProduct(address product, bool allowed) external {
        _products[product] = allowed;
        emit ProductSet(product, allowed);
    }

    /// @inheritdoc IDocumentFinancing
    function claim(DocumentKind kind, bytes32[] calldata fingerprints, uint256 facilityId) external {
        if (!_products[msg.sender]) revert DocumentFinancingNotProduct(msg.sender);
        for (uint256 i = 0; i < fingerprints.length; ++i) {
            bytes32 fingerprint = fingerprints[i];
            if (fingerprint == bytes32(0)) revert DocumentFinancingInvalidFingerprint(kind, fingerprint);
            Facility storage f = _held[kind][fingerprint];
            if (f.product != address(0)) {
                if (f.product == msg.sender && f.facilityId == facilityId) {
                    revert DocumentFinancingInvalidFingerprint(kind, fingerprint);
                }
                revert DocumentAlreadyBacksFacility(kind, fingerprint, f.product, f.facilityId);
            }
            _held[kind][fingerprint] = Facility({product: msg.sender, facilityId: facilityId});
            emit DocumentClaimed(kind, fingerprint, msg.sender, facilityId);
        }
    }

    /// @inheritdoc IDocumentFinancing
    function release(DocumentKind kind, bytes32[] calldata fingerprints, uint256 facilityId) external {
        for (uint256 i = 0; i < fingerprints.length; ++i) {
            Facility storage f = _held[kind][fingerprints[i]];
            if (f.product != msg.sender || f.facilityId != facilityId) {
                revert DocumentFinancingNotHeld(kind, fingerprints[i], msg.sender, facilityId);
            }
            delete _held[kind][fingerprints[i]];
            emit DocumentReleased(kind, fingerprints[i], msg.sender, facilityId);
        }
    }

    /// @inheritdoc IDocumentFinancing
    function facilityOf(DocumentKind kind, bytes32 fingerprint) external view returns (Facility memory) {
        return _held[kind][fingerprint];
    }
}
