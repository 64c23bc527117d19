// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC3525} from "@solvprotocol/erc-3525/ERC3525.sol";

/// @title SolvErc3525Baseline
/// @notice Gas baseline only: Solv's ERC-3525 reference implementation (`@solvprotocol/erc-3525`,
/// built with the OpenZeppelin 4 it depends on, which npm nests under that package) with a mint,
/// so `scripts/bench/gas/payable-voucher.bench.ts` can measure its split and transfer beside
/// PayableVoucher's in the same run.
contract SolvErc3525Baseline is ERC3525 {
    constructor() ERC3525("Solv ERC-3525 reference", "SOLV", 2) {}

    /// @notice Mints a token of `value` in `slot` to `to`.
    function mint(address to, uint256 slot, uint256 value) external returns (uint256) {
        return _mint(to, slot, value);
    }

    /// @notice Mints `count` tokens of value 1 in `slot` to `to` (fills a slot for the benchmark).
    function mintMany(address to, uint256 slot, uint256 count) external {
        for (uint256 i = 0; i < count; ++i) {
            _mint(to, slot, 1);
        }
    }
}
