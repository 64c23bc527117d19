// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title CodeStore
/// @notice Keeps an immutable byte string as the code of a tiny data contract (the SSTORE2
/// pattern): writing costs a CREATE, reading costs one EXTCODECOPY (2,600 gas cold plus 3 per
/// word) instead of one cold SLOAD (2,100) per 32 bytes. Used for signer lists that are read on
/// every report but change only by governance.
/// @dev The data contract's code is `0x00 ‖ data`: the leading STOP makes a call to it a no-op.
/// Its creation code is a 10-byte prefix that returns everything after itself:
///   PUSH2 len(code) | DUP1 | PUSH1 0x0a | RETURNDATASIZE | CODECOPY | RETURNDATASIZE | RETURN
///   61 LLLL           80     600a        3d               39         3d               f3
library CodeStore {
    /// @notice Most bytes one data contract holds (the EIP-170 code size limit, less the STOP).
    uint256 internal constant MAX_DATA_LENGTH = 24_575;

    /// @notice `length` bytes do not fit one data contract.
    error CodeStoreDataTooLarge(uint256 length, uint256 max);
    /// @notice CREATE of the data contract failed.
    error CodeStoreDeploymentFailed();

    /// @notice Deploy a data contract holding `data`.
    /// @return pointer The data contract's address.
    function write(bytes memory data) internal returns (address pointer) {
        if (data.length > MAX_DATA_LENGTH) revert CodeStoreDataTooLarge(data.length, MAX_DATA_LENGTH);
        // data.length + 1 <= 24,576 < 2^16, so the cast to uint16 is exact.
        bytes memory creation = abi.encodePacked(
            hex"61",
            uint16(data.length + 1),
            hex"80600a3d393df300",
            data
        );
        assembly ("memory-safe") {
            pointer := create(0, add(creation, 0x20), mload(creation))
        }
        if (pointer == address(0)) revert CodeStoreDeploymentFailed();
    }

    /// @notice The `length` bytes stored at `pointer` from byte `start` of the data.
    function read(address pointer, uint256 start, uint256 length) internal view returns (bytes memory data) {
        data = new bytes(length);
        assembly ("memory-safe") {
            extcodecopy(pointer, add(data, 0x20), add(start, 1), length)
        }
    }

    /// @notice How many bytes of data `pointer` holds (0 for an address with no code).
    function dataLength(address pointer) internal view returns (uint256) {
        uint256 size = pointer.code.length;
        return size == 0 ? 0 : size - 1;
    }
}
