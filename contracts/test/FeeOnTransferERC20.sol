// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FeeOnTransferERC20
/// @notice An ERC-20 that burns `feeBps` of every transfer (not mints or burns), for tests that an
/// escrow counts what actually arrived.
contract FeeOnTransferERC20 is ERC20 {
    uint256 private immutable _feeBps;

    constructor(uint256 feeBps_) ERC20("Fee On Transfer", "FOT") {
        _feeBps = feeBps_;
    }

    /// @notice ISO 4217 code of what the token pays in: USD, as the credit tests' deposit token.
    function currency() external pure returns (bytes3) {
        return "USD";
    }

    /// @notice Mint `amount` to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) {
            super._update(from, to, value);
            return;
        }
        uint256 fee = (value * _feeBps) / 10_000;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}
