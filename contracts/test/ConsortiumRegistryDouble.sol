// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";

/// @title ConsortiumRegistryDouble
/// @notice Test double of the consortium registry for Solidity tests, where running governance
/// proposals for every member would drown the test: roles are granted directly.
contract ConsortiumRegistryDouble is IConsortiumRegistry {
    mapping(bytes32 role => mapping(address account => bool)) private _roles;
    mapping(address account => bool) private _members;
    mapping(address account => bool) private _suspended;

    /// @notice Make `account` a member holding `role`.
    function grant(bytes32 role, address account) external {
        _roles[role][account] = true;
        _members[account] = true;
    }

    /// @notice Suspend or reinstate `account`.
    function setSuspended(address account, bool suspended) external {
        _suspended[account] = suspended;
    }

    /// @inheritdoc IConsortiumRegistry
    function hasActiveRole(bytes32 role, address account) external view returns (bool) {
        return _roles[role][account] && !_suspended[account];
    }

    /// @inheritdoc IConsortiumRegistry
    function isActiveMember(address account) external view returns (bool) {
        return _members[account] && !_suspended[account];
    }

    /// @inheritdoc IConsortiumRegistry
    function member(address account) external view returns (Member memory m) {
        if (!_members[account]) revert ConsortiumNotMember(account);
        m.name = "test member";
        m.suspended = _suspended[account];
    }
}
