// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title TestERC20
/// @notice A plain ERC-20 anyone may mint, for tests that need "any ERC-20". It states its
/// currency (`currency()`, as a deposit token does), which a letter of credit checks; 0x000000
/// makes it a token that states none.
contract TestERC20 is ERC20 {
    uint8 private immutable _decimals;
    bytes3 private immutable _currency;

    constructor(
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        bytes3 currency_
    ) ERC20(name_, symbol_) {
        _decimals = decimals_;
        _currency = currency_;
    }

    /// @notice ISO 4217 code of what the token pays in (0x000000: none stated).
    function currency() external view returns (bytes3) {
        return _currency;
    }

    /// @notice Mint `amount` to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Decimals of the token.
    function decimals() public view override returns (uint8) {
        return _decimals;
    }
}
