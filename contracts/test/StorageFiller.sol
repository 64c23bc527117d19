// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title StorageFiller
/// @notice Benchmark helper: gives fresh storage slots their first value, so a benchmark can grow
/// one contract's storage to a trading day's size and time the chain's writes as it grows
/// (`scripts/bench/chain/state-growth.bench.ts`).
/// @dev The slots written are `keccak256(abi.encode(salt, i))` for i in [0, count), as a mapping's
/// would be: spread over the storage trie, never next to each other.
contract StorageFiller {
    mapping(bytes32 salt => mapping(uint256 index => uint256)) private _slots;

    /// @notice Slots [0, count) of series `salt` were written.
    event Filled(bytes32 indexed salt, uint256 count);

    /// @notice Write 1 into slots [0, count) of series `salt` (fresh slots if `salt` is new).
    function fill(bytes32 salt, uint256 count) external {
        mapping(uint256 => uint256) storage series = _slots[salt];
        for (uint256 i = 0; i < count; ++i) {
            series[i] = 1;
        }
        emit Filled(salt, count);
    }

    /// @notice The value of slot `index` of series `salt`.
    function slot(bytes32 salt, uint256 index) external view returns (uint256) {
        return _slots[salt][index];
    }
}
