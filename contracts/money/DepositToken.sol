// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ConsortiumGated} from "../consortium/ConsortiumGated.sol";
import {ConsortiumRoles} from "../consortium/ConsortiumRoles.sol";
import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IDepositToken} from "../interfaces/IDepositToken.sol";

/// @title DepositToken
/// @notice A tokenised bank deposit in one currency (ISO 4217 `currency`), permissioned to the
/// Caravel consortium. Any BANK member mints it when a customer's deposit arrives and burns it when
/// the customer withdraws (having paid the tokens in to the bank). Only active consortium members,
/// and the settlement contracts governance approved as custodians (the letter-of-credit escrow), may
/// hold, send, receive or spend it: a suspended member's balance is frozen where it is.
/// @dev All movement policy is in one `_update` override (plus the spender check on allowances),
/// in the OpenZeppelin 5 style.
contract DepositToken is IDepositToken, ERC20, ConsortiumGated {
    bytes3 private immutable _currency;
    uint8 private immutable _decimals;

    mapping(address account => bool) private _custodians;

    /// @param currency_ ISO 4217 code, e.g. "CNY".
    /// @param decimals_ Decimals of the token (2 for a fiat deposit in cents, as ISO 4217 minor units).
    constructor(
        IConsortiumRegistry registry_,
        string memory name_,
        string memory symbol_,
        bytes3 currency_,
        uint8 decimals_
    ) ERC20(name_, symbol_) ConsortiumGated(registry_) {
        for (uint256 i = 0; i < 3; ++i) {
            if (currency_[i] < "A" || currency_[i] > "Z") revert DepositTokenInvalidCurrency(currency_);
        }
        _currency = currency_;
        _decimals = decimals_;
    }

    /// @inheritdoc IDepositToken
    function mint(
        address to,
        uint256 amount,
        bytes32 depositRef
    ) external onlyMemberWithRole(ConsortiumRoles.BANK) {
        _mint(to, amount);
        emit DepositMinted(msg.sender, to, amount, depositRef);
    }

    /// @inheritdoc IDepositToken
    function burn(uint256 amount, bytes32 withdrawalRef) external onlyMemberWithRole(ConsortiumRoles.BANK) {
        _burn(msg.sender, amount);
        emit DepositBurned(msg.sender, amount, withdrawalRef);
    }

    /// @inheritdoc IDepositToken
    /// @dev Executed by the consortium registry after its administrators approved it.
    function setCustodian(address account, bool approved) external onlyGovernance {
        if (account == address(0) || _custodians[account] == approved)
            revert DepositTokenInvalidCustodian(account);
        _custodians[account] = approved;
        emit CustodianSet(account, approved);
    }

    /// @inheritdoc IDepositToken
    function currency() external view returns (bytes3) {
        return _currency;
    }

    /// @inheritdoc IDepositToken
    function isCustodian(address account) external view returns (bool) {
        return _custodians[account];
    }

    /// @inheritdoc IDepositToken
    function canHold(address account) public view returns (bool) {
        return _custodians[account] || consortiumRegistry().isActiveMember(account);
    }

    /// @notice Decimals of the token.
    function decimals() public view override(ERC20, IERC20Metadata) returns (uint8) {
        return _decimals;
    }

    /// @dev Every mint, burn and transfer: both ends, where they exist, must be permitted holders.
    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && !canHold(from)) revert DepositTokenHolderNotPermitted(from);
        if (to != address(0) && !canHold(to)) revert DepositTokenHolderNotPermitted(to);
        super._update(from, to, value);
    }

    /// @dev `transferFrom`: the spender must be a permitted holder too.
    function _spendAllowance(address owner, address spender, uint256 value) internal override {
        if (!canHold(spender)) revert DepositTokenHolderNotPermitted(spender);
        super._spendAllowance(owner, spender, value);
    }
}
