// SPDX-License-Identifier: Apache-2.0
// Test code keeps the forge-std names (`vm`, `Vm`) and plain names for test fixtures.
/* solhint-disable private-vars-leading-underscore, const-name-snakecase, interface-starts-with-i, one-contract-per-file */
pragma solidity 0.8.30;

import {ConsortiumRegistry} from "../../contracts/consortium/ConsortiumRegistry.sol";
import {ConsortiumRoles} from "../../contracts/consortium/ConsortiumRoles.sol";

/// @notice The cheatcodes these tests use (forge-std is not available).
interface Vm {
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function warp(uint256 timestamp) external;
    function assume(bool condition) external;
    function expectRevert(bytes calldata revertData) external;
}

/// @notice A consortium registry with two administrators (threshold 2) and members onboarded
/// through governance, for the document contracts' Solidity tests.
abstract contract DocumentsTestBase {
    error OnboardingFailed(address account, bytes32 role);

    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    address internal constant ADMIN_1 = address(0xAD01);
    address internal constant ADMIN_2 = address(0xAD02);

    ConsortiumRegistry internal consortium;

    function _deployConsortium() internal {
        address[] memory admins = new address[](2);
        admins[0] = ADMIN_1;
        admins[1] = ADMIN_2;
        consortium = new ConsortiumRegistry(admins, 2);
    }

    /// @dev Onboard `account` with the single member role `role`: proposed by one administrator,
    /// approved by the other.
    function _onboard(address account, bytes32 role) internal {
        bytes32[] memory roles = new bytes32[](1);
        roles[0] = role;
        bytes memory call = abi.encodeCall(
            ConsortiumRegistry.onboardMember,
            (account, "Test member", "TEST-0001", bytes2("GB"), roles)
        );
        vm.prank(ADMIN_1);
        uint256 proposalId = consortium.propose(address(consortium), call, "onboard a test member");
        vm.prank(ADMIN_2);
        consortium.approve(proposalId);
        if (!consortium.hasActiveRole(role, account)) revert OnboardingFailed(account, role);
    }

    function _suspend(address account) internal {
        vm.prank(ADMIN_1);
        consortium.suspendMember(account, "test");
    }

    function _roleOf(uint256 index) internal pure returns (bytes32) {
        return ConsortiumRoles.memberRoles()[index % 8];
    }
}
