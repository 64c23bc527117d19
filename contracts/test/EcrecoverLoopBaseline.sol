// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title EcrecoverLoopBaseline
/// @notice Benchmark baseline: the bare inline-assembly ecrecover loop over packed 64-byte
/// EIP-2098 signatures, with no low-s check and no membership check. The quorum shape of the
/// accelerator is measured against it.
contract EcrecoverLoopBaseline {
    /// @notice Recover every signature over `digest`; returns how many recovered an address.
    function recoverAll(bytes32 digest, bytes calldata signatures) external view returns (uint256 recovered) {
        assembly ("memory-safe") {
            let input := mload(0x40)
            mstore(input, digest)
            let end := add(signatures.offset, signatures.length)
            for {
                let p := signatures.offset
            } lt(p, end) {
                p := add(p, 64)
            } {
                let vs := calldataload(add(p, 32))
                mstore(add(input, 0x20), add(27, shr(255, vs)))
                mstore(add(input, 0x40), calldataload(p))
                mstore(add(input, 0x60), shr(1, shl(1, vs)))
                pop(staticcall(gas(), 0x01, input, 0x80, 0x00, 0x20))
                recovered := add(recovered, eq(returndatasize(), 0x20))
            }
        }
    }
}
