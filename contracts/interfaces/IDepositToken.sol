// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";

/// @title IDepositToken
/// @notice A tokenised bank deposit in one currency, permissioned to the consortium: BANK members
/// mint it against deposits received and burn it on withdrawal; only active members, and the
/// settlement contracts governance approved as custodians (escrows), may hold or move it.
interface IDepositToken is IERC20Metadata {
    /// @notice `account` may not hold or move the token: not an active member, not a custodian.
    error DepositTokenHolderNotPermitted(address account);
    /// @notice The currency code is not three ASCII upper-case letters (ISO 4217).
    error DepositTokenInvalidCurrency(bytes3 currency);
    /// @notice The custodian is already in the requested state, or is the zero address.
    error DepositTokenInvalidCustodian(address account);

    /// @notice `bank` minted `amount` to `to` against the deposit `depositRef` (its own reference).
    event DepositMinted(address indexed bank, address indexed to, uint256 amount, bytes32 indexed depositRef);
    /// @notice `bank` burned `amount` of its own balance for the withdrawal `withdrawalRef`.
    event DepositBurned(address indexed bank, uint256 amount, bytes32 indexed withdrawalRef);
    /// @notice Governance approved (or withdrew) `account` as a custodian.
    event CustodianSet(address indexed account, bool approved);

    /// @notice The ISO 4217 code of the deposit's currency, e.g. "CNY".
    function currency() external view returns (bytes3);

    /// @notice A BANK member mints `amount` to `to`, an active member or custodian, against a deposit.
    function mint(address to, uint256 amount, bytes32 depositRef) external;

    /// @notice A BANK member burns `amount` of its own balance: the holder has paid the tokens in to
    /// withdraw the deposit off-chain.
    function burn(uint256 amount, bytes32 withdrawalRef) external;

    /// @notice Governance approves (or withdraws) a settlement contract as a custodian.
    function setCustodian(address account, bool approved) external;

    /// @notice Whether governance approved `account` as a custodian.
    function isCustodian(address account) external view returns (bool);

    /// @notice Whether `account` may hold and move the token now.
    function canHold(address account) external view returns (bool);
}
