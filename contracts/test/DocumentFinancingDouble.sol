// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IDocumentFinancing} from "../interfaces/IDocumentFinancing.sol";

/// @title DocumentFinancingDouble
/// @notice A test double of `IDocumentFinancing` (until the consortium's registry lands): the
/// one-document-one-facility rule as the interface states it, with products named by the test
/// instead of governance.
contract DocumentFinancingDouble is IDocumentFinancing {
    mapping(address product => bool) public products;
    mapping(DocumentKind kind => mapping(bytes32 fingerprint => Facility)) private _held;

    function setProduct(address product, bool allowed) external {
        products[product] = allowed;
        emit ProductSet(product, allowed);
    }

    function claim(DocumentKind kind, bytes32[] calldata fingerprints, uint256 facilityId) external {
        if (!products[msg.sender]) revert DocumentFinancingNotProduct(msg.sender);
        for (uint256 i = 0; i < fingerprints.length; ++i) {
            bytes32 fp = fingerprints[i];
            if (fp == bytes32(0)) revert DocumentFinancingInvalidFingerprint(kind, fp);
            for (uint256 j = 0; j < i; ++j) {
                if (fingerprints[j] == fp) revert DocumentFinancingInvalidFingerprint(kind, fp);
            }
            Facility storage f = _held[kind][fp];
            if (f.product != address(0))
                revert DocumentAlreadyBacksFacility(kind, fp, f.product, f.facilityId);
            _held[kind][fp] = Facility(msg.sender, facilityId);
            emit DocumentClaimed(kind, fp, msg.sender, facilityId);
        }
    }

    function release(DocumentKind kind, bytes32[] calldata fingerprints, uint256 facilityId) external {
        for (uint256 i = 0; i < fingerprints.length; ++i) {
            bytes32 fp = fingerprints[i];
            Facility storage f = _held[kind][fp];
            if (f.product != msg.sender || f.facilityId != facilityId) {
                revert DocumentFinancingNotHeld(kind, fp, msg.sender, facilityId);
            }
            delete _held[kind][fp];
            emit DocumentReleased(kind, fp, msg.sender, facilityId);
        }
    }

    function facilityOf(DocumentKind kind, bytes32 fingerprint) external view returns (Facility memory) {
        return _held[kind][fingerprint];
    }
}
