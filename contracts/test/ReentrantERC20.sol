// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ReentrantERC20
/// @notice An ERC-20 that, once armed, calls `target` with `data` in the middle of its next transfer
/// and bubbles up any revert: a hostile token trying to re-enter the escrow. What the call returned
/// is kept in `lastCallResult`, so a test can see what the escrow looked like mid-transfer.
contract ReentrantERC20 is ERC20 {
    address private _target;
    bytes private _data;

    /// @notice The return data of the last re-entrant call.
    bytes public lastCallResult;

    constructor() ERC20("Reentrant", "REE") {}

    /// @notice ISO 4217 code of what the token pays in: USD, as the credit tests' deposit token.
    function currency() external pure returns (bytes3) {
        return "USD";
    }

    /// @notice Mint `amount` to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Call `target` with `data` during the next transfer.
    function arm(address target, bytes calldata data) external {
        _target = target;
        _data = data;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address target = _target;
        if (target == address(0) || from == address(0)) return;
        _target = address(0);
        // The point of this test token: re-enter an arbitrary target mid-transfer.
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory result) = target.call(_data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
        lastCallResult = result;
    }
}
