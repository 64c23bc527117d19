// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ConsortiumRegistry} from "../../contracts/consortium/ConsortiumRegistry.sol";
import {ConsortiumRoles} from "../../contracts/consortium/ConsortiumRoles.sol";
import {BillOfLading} from "../../contracts/documents/BillOfLading.sol";
import {IBillOfLading} from "../../contracts/interfaces/IBillOfLading.sol";
import {IBillOfLadingTitle} from "../../contracts/interfaces/IBillOfLadingTitle.sol";
import {
    BillOfLadingHandler,
    BillOfLadingTestDeployer,
    ConsortiumRegistryTestDeployer,
    PropertyViolated,
    Vm,
    VM_ADDRESS
} from "./BillOfLadingHandler.t.sol";

/// @notice Fuzzed properties of the electronic bill of lading: exactly one holder, balances
/// consistent, accomplished/replaced/void bills never move. The registry is deployed here and
/// the members onboarded through governance proposals approved by two administrators.
contract BillOfLadingPropertiesTest {
    Vm private constant VM = Vm(VM_ADDRESS);

    ConsortiumRegistry private _registry;
    BillOfLading private _bill;
    BillOfLadingHandler private _handler;

    address private constant ADMIN_1 = address(0xA1);
    address private constant ADMIN_2 = address(0xA2);
    address private constant ADMIN_3 = address(0xA3);
    address private constant CARRIER = address(0xC0);
    address private constant EXPORTER = address(0xE1);
    address private constant IMPORTER = address(0xE2);
    address private constant ISSUING_BANK = address(0xB1);
    address private constant ADVISING_BANK = address(0xB2);
    address private constant INSURER = address(0x15);

    function setUp() public {
        VM.warp(1_710_057_600);
        address[] memory admins = new address[](3);
        (admins[0], admins[1], admins[2]) = (ADMIN_1, ADMIN_2, ADMIN_3);
        _registry = ConsortiumRegistryTestDeployer.deployRegistry(admins, 2);
        _onboard(CARRIER, "Meridian Ocean Lines A/S", ConsortiumRoles.CARRIER);
        _onboard(EXPORTER, "Albion Precision Instruments Ltd", ConsortiumRoles.EXPORTER);
        _onboard(IMPORTER, "Huangpu Medical Equipment Co., Ltd.", ConsortiumRoles.IMPORTER);
        _onboard(ISSUING_BANK, "Pudong Commercial Bank", ConsortiumRoles.BANK);
        _onboard(ADVISING_BANK, "Thames Trade Bank plc", ConsortiumRoles.BANK);
        _onboard(INSURER, "Harbourside Marine Insurance Ltd", ConsortiumRoles.INSURER);

        address[] memory members = new address[](5);
        (members[0], members[1], members[2], members[3], members[4]) = (
            EXPORTER,
            IMPORTER,
            ISSUING_BANK,
            ADVISING_BANK,
            INSURER
        );
        address[] memory banks = new address[](2);
        (banks[0], banks[1]) = (ISSUING_BANK, ADVISING_BANK);
        _bill = BillOfLadingTestDeployer.deployBill(_registry);
        _handler = new BillOfLadingHandler(_bill, _registry, ADMIN_1, CARRIER, members, banks);
    }

    /// @notice The invariant fuzzer calls only the handler.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(_handler);
    }

    // ------------------------------------------------------------------ invariants

    /// hardhat-config: invariant.runs = 64
    /// hardhat-config: invariant.depth = 50
    function invariant_everyBillHasExactlyOneHolder() public view {
        _checkExactlyOneHolder();
    }

    /// hardhat-config: invariant.runs = 64
    /// hardhat-config: invariant.depth = 50
    function invariant_accomplishedReplacedAndVoidBillsNeverMove() public view {
        _checkEndedBillsNeverMove();
    }

    // ------------------------------------------------------------------ fuzzed sequences

    /// @notice Forty random operations; after each, every property holds.
    /// hardhat-config: fuzz.runs = 64
    function testFuzz_randomOperationSequencesKeepTheTitleSound(uint256 seed) public {
        for (uint256 i = 0; i < 40; ++i) {
            _handler.stepFromSeed(uint256(keccak256(abi.encode(seed, i))));
            _checkExactlyOneHolder();
            _checkEndedBillsNeverMove();
        }
        if (_handler.billCount() == 0) revert PropertyViolated("no bill was ever issued", 0);
    }

    /// @notice A typical life, so that the properties above are not checked on nothing.
    function test_aBillCanBeEndorsedPledgedSurrenderedAndAccomplished() public {
        IBillOfLading.BillIssue memory issue = IBillOfLading.BillIssue({
            blNumber: "MRDN24031001",
            shipper: EXPORTER,
            consignee: address(0),
            notifyParty: IMPORTER,
            vesselImo: 9074729,
            voyageNumber: "403E",
            portOfLoading: "GBFXT",
            portOfDischarge: "CNSHA",
            shippedOnBoardAt: uint48(block.timestamp - 3600),
            documentHash: keccak256("bill of lading MRDN24031001")
        });
        VM.prank(CARRIER);
        uint256 billId = _bill.issue(issue);
        VM.prank(EXPORTER);
        _bill.pledge(billId, ISSUING_BANK);
        VM.prank(ISSUING_BANK);
        _bill.releasePledge(billId);
        VM.prank(EXPORTER);
        _bill.endorse(billId, IMPORTER);
        VM.prank(IMPORTER);
        _bill.surrenderForDelivery(billId);
        VM.prank(CARRIER);
        _bill.acceptSurrender(billId);
        if (_bill.billStatus(billId) != IBillOfLadingTitle.BillStatus.Accomplished) {
            revert PropertyViolated("bill not accomplished", billId);
        }
        if (_bill.titleChainLength(billId) != 6) revert PropertyViolated("chain length", billId);
        if (_bill.ownerOf(billId) != CARRIER) revert PropertyViolated("carrier keeps it", billId);
    }

    // ------------------------------------------------------------------ properties

    function _checkExactlyOneHolder() private view {
        if (_handler.unauthorizedMoveSucceeded()) revert PropertyViolated("unauthorized move succeeded", 0);
        uint256 count = _handler.billCount();
        for (uint256 i = 0; i < count; ++i) {
            uint256 billId = _handler.billIdAt(i);
            address owner = _bill.ownerOf(billId); // reverts if nobody holds it
            if (owner == address(0) || _bill.holderOf(billId) != owner) {
                revert PropertyViolated("one holder", billId);
            }
            if (_bill.titleChainHead(billId) != _handler.expectedHeadOf(billId))
                revert PropertyViolated("title-chain head replays the steps taken", billId);
            address pledgor = _bill.pledgorOf(billId);
            if (pledgor != address(0) && (!_handler.isBank(owner) || pledgor == owner)) {
                revert PropertyViolated("pledged to a bank", billId);
            }
        }
    }

    function _checkEndedBillsNeverMove() private view {
        uint256 count = _handler.billCount();
        for (uint256 i = 0; i < count; ++i) {
            uint256 billId = _handler.billIdAt(i);
            BillOfLadingHandler.Ending memory ending = _handler.endingOf(billId);
            if (!ending.ended) continue;
            if (
                _bill.billStatus(billId) != ending.status ||
                _bill.holderOf(billId) != ending.holder ||
                _bill.titleChainLength(billId) != ending.chainLength
            ) revert PropertyViolated("ended bill moved", billId);
        }
    }

    function _onboard(address account, string memory name, bytes32 role) private {
        bytes32[] memory roles = new bytes32[](1);
        roles[0] = role;
        bytes memory call = abi.encodeCall(
            ConsortiumRegistry.onboardMember,
            (account, name, "TEST-REGISTRATION-ID", bytes2("GB"), roles)
        );
        VM.prank(ADMIN_1);
        _registry.propose(address(_registry), call, "onboard");
        uint256 proposalId = _registry.proposalCount();
        VM.prank(ADMIN_2);
        _registry.approve(proposalId);
    }
}
