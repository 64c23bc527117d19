// SPDX-License-Identifier: Apache-2.0
// Test support: the cheatcode interface, the deployers and the handler belong together.
// solhint-disable one-contract-per-file
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

import {ConsortiumRegistry} from "../../contracts/consortium/ConsortiumRegistry.sol";
import {BillOfLading} from "../../contracts/documents/BillOfLading.sol";
import {IBillOfLading} from "../../contracts/interfaces/IBillOfLading.sol";
import {IBillOfLadingTitle} from "../../contracts/interfaces/IBillOfLadingTitle.sol";

/// @dev The cheatcodes these tests use (no forge-std here); named as Foundry names it.
// solhint-disable-next-line interface-starts-with-i
interface Vm {
    function prank(address sender) external;
    function warp(uint256 timestamp) external;
    function assume(bool condition) external pure;
    function deployCode(
        string calldata artifactPath,
        bytes calldata constructorArgs
    ) external returns (address);
}

address constant VM_ADDRESS = address(uint160(uint256(keccak256("hevm cheat code"))));

/// @dev A property that must hold did not.
error PropertyViolated(string property, uint256 billId);

/// @notice Deploys the contracts under test. External library functions run by DELEGATECALL,
/// so `new` here creates the contract from the caller, while the creation code stays in the
/// library: a test contract that used `new` itself would exceed the contract size limit.
library BillOfLadingTestDeployer {
    function deployBill(ConsortiumRegistry registry) external returns (BillOfLading) {
        return new BillOfLading(registry);
    }
}

/// @notice See `BillOfLadingTestDeployer`.
library ConsortiumRegistryTestDeployer {
    function deployRegistry(
        address[] memory admins,
        uint256 threshold
    ) external returns (ConsortiumRegistry) {
        return new ConsortiumRegistry(admins, threshold);
    }
}

/// @notice Drives a bill of lading through random title operations by consortium members, the
/// way the invariant fuzzer and the sequence fuzz test need: one `step(seed)` picks an
/// operation, a bill and the parties from the seed and tries it (a refusal is a valid outcome).
/// It records, for every bill that reached a terminal status, what it looked like then.
contract BillOfLadingHandler {
    Vm private constant VM = Vm(VM_ADDRESS);
    uint8 private constant OPERATIONS = 17;

    BillOfLading private immutable BILL;
    ConsortiumRegistry private immutable REGISTRY;
    address private immutable ADMIN;
    address private immutable CARRIER;

    /// @dev Everyone who may ever hold a bill: the members, then the carrier.
    address[] private _parties;
    address[] private _banks;
    uint256[] private _billIds;
    uint256 private _serial;

    struct Ending {
        bool ended;
        IBillOfLadingTitle.BillStatus status;
        address holder;
        uint256 chainLength;
    }
    mapping(uint256 billId => Ending) private _endings;
    /// @dev The title-chain head each bill should have, folded here from every step that succeeded.
    mapping(uint256 billId => bytes32) private _expectedHeads;

    /// @notice How many operations succeeded (the fuzzing is not all refusals).
    uint256 public successes;
    /// @notice Set if a plain ERC-721 transfer or an operation by a non-holder ever succeeded.
    bool public unauthorizedMoveSucceeded;

    constructor(
        BillOfLading bill_,
        ConsortiumRegistry registry_,
        address admin_,
        address carrier_,
        address[] memory members,
        address[] memory banks
    ) {
        BILL = bill_;
        REGISTRY = registry_;
        ADMIN = admin_;
        CARRIER = carrier_;
        _banks = banks;
        for (uint256 i = 0; i < members.length; ++i) _parties.push(members[i]);
        _parties.push(carrier_);
    }

    // ------------------------------------------------------------------ views for the properties

    // ------------------------------------------------------------------ views for the properties

    function billCount() external view returns (uint256) {
        return _billIds.length;
    }

    function billIdAt(uint256 index) external view returns (uint256) {
        return _billIds[index];
    }

    function parties() external view returns (address[] memory) {
        return _parties;
    }

    function isBank(address account) external view returns (bool) {
        for (uint256 i = 0; i < _banks.length; ++i) if (_banks[i] == account) return true;
        return false;
    }

    function endingOf(uint256 billId) external view returns (Ending memory) {
        return _endings[billId];
    }

    /// @notice The head of bill `billId`'s title chain as replayed from the steps that succeeded.
    function expectedHeadOf(uint256 billId) external view returns (bytes32) {
        return _expectedHeads[billId];
    }

    // ------------------------------------------------------------------ the fuzzed action

    /// @notice Try operation `operation` (mod 17) on bill `billIndex` (mod the bills issued so
    /// far), involving party `partyIndex` and bank `bankIndex`; `variant` shapes a new BILL.
    function step(
        uint8 operation,
        uint16 billIndex,
        uint8 partyIndex,
        uint8 bankIndex,
        uint8 variant
    ) public {
        operation %= OPERATIONS;
        if (operation == 0 || _billIds.length == 0) return _issue(partyIndex, variant);
        if (operation == 16) return _toggleSuspension(partyIndex);

        uint256 billId = _billIds[billIndex % _billIds.length];
        address holder = BILL.holderOf(billId);
        address someone = _parties[partyIndex % _parties.length];
        address bank = _banks[bankIndex % _banks.length];
        bool succeeded;
        if (operation == 1) succeeded = _as(holder, abi.encodeCall(BILL.endorse, (billId, someone)));
        else if (operation == 2) succeeded = _as(holder, abi.encodeCall(BILL.endorseInBlank, (billId)));
        else if (operation == 3)
            succeeded = _as(holder, abi.encodeCall(BILL.transferPossession, (billId, someone)));
        else if (operation == 4) succeeded = _as(holder, abi.encodeCall(BILL.refuse, (billId)));
        else if (operation == 5) succeeded = _as(holder, abi.encodeCall(BILL.pledge, (billId, bank)));
        else if (operation == 6) succeeded = _as(holder, abi.encodeCall(BILL.releasePledge, (billId)));
        else if (operation == 7) succeeded = _as(holder, abi.encodeCall(BILL.enforcePledge, (billId)));
        else if (operation == 8) succeeded = _as(holder, abi.encodeCall(BILL.surrenderForDelivery, (billId)));
        else if (operation == 9)
            succeeded = _as(holder, abi.encodeCall(BILL.surrenderForAmendment, (billId)));
        else if (operation == 10) succeeded = _as(CARRIER, abi.encodeCall(BILL.acceptSurrender, (billId)));
        else if (operation == 11) {
            succeeded = _as(CARRIER, abi.encodeCall(BILL.rejectSurrender, (billId, "not duly endorsed")));
        } else if (operation == 12) succeeded = _amend(billId, partyIndex, variant);
        else if (operation == 13)
            succeeded = _as(CARRIER, abi.encodeCall(BILL.voidBill, (billId, "switched to paper")));
        else if (operation == 14) {
            // A plain ERC-721 transfer by the holder: must always be refused.
            if (_as(holder, abi.encodeCall(BILL.transferFrom, (holder, someone, billId)))) {
                unauthorizedMoveSucceeded = true;
            }
        } else {
            // A title operation by someone who does not hold the bill: must always be refused.
            if (someone != holder && _as(someone, abi.encodeCall(BILL.endorse, (billId, someone)))) {
                unauthorizedMoveSucceeded = true;
            }
        }
        if (succeeded) {
            if (operation == 12) _fold(billId, IBillOfLading.TitleEventKind.Replaced);
            else _fold(billId, IBillOfLading.TitleEventKind(operation)); // operations 1..13 but 12 are numbered as their kinds
            _recordEnding(billId);
        }
    }

    /// @notice `step` with every choice drawn from one seed (for the sequence fuzz test).
    function stepFromSeed(uint256 seed) external {
        step(uint8(seed), uint16(seed >> 8), uint8(seed >> 24), uint8(seed >> 32), uint8(seed >> 40));
    }

    // ------------------------------------------------------------------ internals

    function _as(address caller, bytes memory call) private returns (bool succeeded) {
        VM.prank(caller);
        // solhint-disable-next-line avoid-low-level-calls
        (succeeded, ) = address(BILL).call(call); // a refusal is a valid outcome, not a failure
        if (succeeded) ++successes;
    }

    function _newIssue(
        uint8 partyIndex,
        uint8 variant
    ) private returns (IBillOfLading.BillIssue memory issue) {
        ++_serial;
        uint256 members = _parties.length - 1; // the carrier is no shipper or consignee
        address shipper = _parties[partyIndex % members];
        address consignee =
            variant % 3 == 0 ? _parties[(uint256(partyIndex) + 1 + variant / 3) % members] : address(0);
        if (consignee == shipper) consignee = address(0);
        issue = IBillOfLading.BillIssue({
            blNumber: string.concat("FUZZ", Strings.toString(_serial)),
            shipper: shipper,
            consignee: consignee,
            notifyParty: address(0),
            vesselImo: 9074729,
            voyageNumber: "403E",
            portOfLoading: "GBFXT",
            portOfDischarge: "CNSHA",
            shippedOnBoardAt: uint48(block.timestamp - 1),
            documentHash: keccak256(abi.encode("fuzzed bill", _serial))
        });
    }

    function _issue(uint8 partyIndex, uint8 variant) private {
        IBillOfLading.BillIssue memory issue = _newIssue(partyIndex, variant);
        if (_as(CARRIER, abi.encodeCall(BILL.issue, (issue)))) {
            uint256 billId = BILL.billIdOf(CARRIER, issue.blNumber);
            _billIds.push(billId);
            _fold(billId, IBillOfLading.TitleEventKind.Issued);
        }
    }

    function _amend(uint256 billId, uint8 partyIndex, uint8 variant) private returns (bool succeeded) {
        IBillOfLading.BillIssue memory replacement = _newIssue(partyIndex, variant);
        succeeded = _as(CARRIER, abi.encodeCall(BILL.amend, (billId, replacement)));
        if (succeeded) {
            uint256 replacementId = BILL.billIdOf(CARRIER, replacement.blNumber);
            _billIds.push(replacementId);
            _fold(replacementId, IBillOfLading.TitleEventKind.IssuedAsReplacement);
        }
    }

    /// @dev Folds the step just taken (party: the holder now; time: this block) into the expected head.
    function _fold(uint256 billId, IBillOfLading.TitleEventKind kind) private {
        uint256 entry =
            uint256(uint160(BILL.holderOf(billId))) | (block.timestamp << 160) | (uint256(kind) << 208);
        _expectedHeads[billId] = keccak256(abi.encodePacked(_expectedHeads[billId], entry));
    }

    function _toggleSuspension(uint8 partyIndex) private {
        address member = _parties[partyIndex % _parties.length];
        bool suspended = REGISTRY.member(member).suspended;
        VM.prank(ADMIN);
        if (suspended) REGISTRY.reinstateMember(member);
        else REGISTRY.suspendMember(member, "fuzzed suspension");
    }

    function _recordEnding(uint256 billId) private {
        IBillOfLadingTitle.BillStatus status = BILL.billStatus(billId);
        bool terminal =
            status == IBillOfLadingTitle.BillStatus.Accomplished ||
                status == IBillOfLadingTitle.BillStatus.Replaced ||
                status == IBillOfLadingTitle.BillStatus.Void;
        if (!terminal || _endings[billId].ended) return;
        _endings[billId] = Ending({
            ended: true,
            status: status,
            holder: BILL.holderOf(billId),
            chainLength: BILL.titleChainLength(billId)
        });
    }
}
