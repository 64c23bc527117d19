// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Bls12381} from "../accelerator/Bls12381.sol";

/// @title Bls12381Harness
/// @notice Test double: exposes the hash to G2, so it can be compared with a reference library.
contract Bls12381Harness {
    /// @notice `Bls12381.hashToG2`.
    function hashToG2(bytes32 message) external view returns (bytes memory) {
        return Bls12381.hashToG2(message);
    }
}
