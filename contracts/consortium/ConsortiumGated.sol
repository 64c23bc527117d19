// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";

/// @title ConsortiumGated
/// @notice Base for every Caravel contract whose callers are consortium members: role and
/// membership checks go through the one consortium registry, so a role granted, revoked or
/// suspended there takes effect everywhere at once.
abstract contract ConsortiumGated {
    IConsortiumRegistry private immutable _registry;

    /// @dev Reverts with `ConsortiumUnauthorizedAccount(msg.sender, role)` unless the caller holds
    /// `role` and is not suspended.
    modifier onlyMemberWithRole(bytes32 role) {
        _requireRole(role, msg.sender);
        _;
    }

    /// @dev Reverts with `ConsortiumInactiveMember(msg.sender)` unless the caller is an active member.
    modifier onlyActiveMember() {
        _requireActiveMember(msg.sender);
        _;
    }

    /// @dev Only the registry, executing a proposal its administrators approved.
    modifier onlyGovernance() {
        if (msg.sender != address(_registry)) revert IConsortiumRegistry.ConsortiumOnlyGovernance(msg.sender);
        _;
    }

    constructor(IConsortiumRegistry registry_) {
        if (address(registry_) == address(0)) revert IConsortiumRegistry.ConsortiumInvalidField("registry");
        _registry = registry_;
    }

    /// @notice The consortium registry this contract asks about its callers.
    function consortiumRegistry() public view returns (IConsortiumRegistry) {
        return _registry;
    }

    function _requireRole(bytes32 role, address account) internal view {
        if (!_registry.hasActiveRole(role, account)) {
            revert IConsortiumRegistry.ConsortiumUnauthorizedAccount(account, role);
        }
    }

    function _requireActiveMember(address account) internal view {
        if (!_registry.isActiveMember(account)) revert IConsortiumRegistry.ConsortiumInactiveMember(account);
    }
}
