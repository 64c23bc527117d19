// SPDX-License-Identifier: Apache-2.0
// Test code keeps the forge-std names (`vm`, `Vm`) and plain names for test fixtures.
/* solhint-disable private-vars-leading-underscore, const-name-snakecase, interface-starts-with-i, one-contract-per-file */
pragma solidity 0.8.30;

import {IConsortiumRegistry} from "../../contracts/interfaces/IConsortiumRegistry.sol";

/// @notice The cheatcodes these tests use (forge-std is not available).
interface Vm {
    function prank(address sender) external;
    function warp(uint256 timestamp) external;
    function assume(bool condition) external;
    function expectRevert(bytes calldata revertData) external;
}

/// @notice A member directory that answers the consortium registry's questions the way
/// ConsortiumRegistry does (a member role held and not suspended; a suspended member holds no
/// role), without its governance.
/// @dev Why not the real registry here: a Solidity test contract that deploys it with `new`
/// carries its creation code (13 KB) and goes past the 24 KB contract size limit, a compiler
/// warning that fails the build, and Hardhat does not support the `deployCode` cheatcode. The
/// TypeScript tests (test/documents/*.test.ts, test/access/DocumentsAccess.test.ts) run every
/// role and suspension check against the real ConsortiumRegistry.
contract TestConsortium is IConsortiumRegistry {
    mapping(address account => mapping(bytes32 role => bool)) private _roles;
    mapping(address account => Member) private _members;

    function grant(bytes32 role, address account) external {
        if (_members[account].onboardedAt == 0) {
            _members[account] = Member("Test member", "TEST-0001", "GB", false, uint48(block.timestamp));
        }
        _roles[account][role] = true;
    }

    function setSuspended(address account, bool suspended) external {
        _members[account].suspended = suspended;
    }

    function hasActiveRole(bytes32 role, address account) external view returns (bool) {
        return _roles[account][role] && !_members[account].suspended;
    }

    function isActiveMember(address account) external view returns (bool) {
        return _members[account].onboardedAt != 0 && !_members[account].suspended;
    }

    function member(address account) external view returns (Member memory) {
        if (_members[account].onboardedAt == 0) revert ConsortiumNotMember(account);
        return _members[account];
    }
}

/// @notice Shared set-up of the document contracts' Solidity tests.
abstract contract DocumentsTestBase {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    TestConsortium internal consortium;

    function _deployConsortium() internal {
        consortium = new TestConsortium();
    }

    function _onboard(address account, bytes32 role) internal {
        consortium.grant(role, account);
    }
}
