// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IDocumentFinancing} from "../interfaces/IDocumentFinancing.sol";

/// @title DocumentFinancingDouble
/// @notice Test double of the one-document-one-facility guard: any caller is a product; a
/// fingerprint claimed by one facility is refused to every other, and released only by its holder.
contract DocumentFinancingDouble is IDocumentFinancing {
    mapping(DocumentKind kind => mapping(bytes32 fingerprint => Facility)) private _held;

    /// @inheritdoc IDocumentFinancing
    function claim(DocumentKind kind, bytes32[] calldata fingerprints, uint256 facilityId) external {
        for (uint256 i = 0; i < fingerprints.length; ++i) {
            bytes32 fp = fingerprints[i];
            if (fp == bytes32(0)) revert DocumentFinancingInvalidFingerprint(kind, fp);
            Facility memory f = _held[kind][fp];
            if (f.product != address(0)) revert DocumentAlreadyBacksFacility(kind, fp, f.product, f.facilityId);
            _held[kind][fp] = Facility({product: msg.sender, facilityId: facilityId});
            emit DocumentClaimed(kind, fp, msg.sender, facilityId);
        }
    }

    /// @inheritdoc IDocumentFinancing
    function release(DocumentKind kind, bytes32[] calldata fingerprints, uint256 facilityId) external {
        for (uint256 i = 0; i < fingerprints.length; ++i) {
            bytes32 fp = fingerprints[i];
            Facility memory f = _held[kind][fp];
            if (f.product != msg.sender || f.facilityId != facilityId) {
                revert DocumentFinancingNotHeld(kind, fp, msg.sender, facilityId);
            }
            delete _held[kind][fp];
            emit DocumentReleased(kind, fp, msg.sender, facilityId);
        }
    }

    /// @inheritdoc IDocumentFinancing
    function facilityOf(DocumentKind kind, bytes32 fingerprint) external view returns (Facility memory) {
        return _held[kind][fingerprint];
    }
}
