// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";
import {CodeStore} from "../libraries/CodeStore.sol";
import {OriginCodes} from "../libraries/OriginCodes.sol";
import {ConsortiumRoles} from "./ConsortiumRoles.sol";

/// @title ConsortiumRegistry
/// @notice The members of the Caravel consortium, their roles, and the governance that changes
/// who is in it.
///
/// Members carry a display name, a registration identifier (LEI or national registry number), a
/// country (ISO 3166-1 alpha-2) and one or more roles. Administrators grant and revoke the
/// ordinary member roles (EXPORTER, IMPORTER, CHAMBER, CUSTOMS, INSURER) and suspend or reinstate
/// members on their own; a suspended member holds no role anywhere (`hasRole` answers false), so
/// it can do nothing in any Caravel contract.
///
/// The roles that create or move money, price it or report what settlement depends on (BANK,
/// ORACLE, CARRIER: `ConsortiumRoles.isGovernedRole`) are granted and revoked only by governance:
/// one administrator alone could otherwise make a colluding account a bank that mints deposit
/// tokens, or remove honest oracle members until its own set the exchange rate. A direct grant or
/// revocation is refused with `ConsortiumRoleNeedsGovernance` (a member may still renounce its own
/// role: that grants nothing). Suspension stays one administrator's act: it is the emergency brake
/// for a compromised key, it grants nothing, and any other administrator can lift it.
///
/// Onboarding a member (with any roles), granting or revoking a governed role, and adding or
/// removing an administrator need the approval of `approvalThreshold()` administrators (at least
/// two, fixed at deployment): an administrator proposes a call, others approve, and when the
/// threshold is reached the registry executes the call itself. The same mechanism governs other
/// contracts (e.g. the customs oracle committee, the FX feed's publishers), which accept such calls
/// only from the registry (`ConsortiumGated.onlyGovernance`).
///
/// Removing an administrator (by governance, or by renouncing the role) makes every proposal still
/// open stale: it can no longer be approved, only proposed again. An approval is counted when it
/// is given, so without this a removed administrator's approval would keep counting; recounting
/// would need a loop over the approvers. Each proposal records the administrator set it was made
/// under (`administratorSetVersion()`, which every removal increases).
///
/// @dev Role layout (OpenZeppelin AccessControl):
///   BANK, ORACLE, CARRIER     -- admin role: GOVERNANCE (governed member roles)
///   other member roles        -- admin role: ADMINISTRATOR
///   ADMINISTRATOR             -- admin role: GOVERNANCE
///   GOVERNANCE                -- held only by this contract; admin role: GOVERNANCE
contract ConsortiumRegistry is IConsortiumRegistry, AccessControl {
    /// @notice Longest accepted member name, in bytes.
    uint256 public constant MAX_NAME_LENGTH = 128;
    /// @notice Longest accepted registration identifier, in bytes.
    uint256 public constant MAX_REGISTRATION_ID_LENGTH = 64;
    /// @notice The most members `onboardMembers` onboards under one proposal.
    uint256 public constant MAX_ONBOARDING_BATCH = 100;
    /// @dev A packed member entry's fixed part: account, country, roles and the name's length.
    uint256 private constant MEMBER_ENTRY_MIN_LENGTH = 24;

    /// @notice A governance proposal as `proposal` answers it.
    struct Proposal {
        address proposer;
        uint64 administratorSetVersion;
        address target;
        bool executed;
        bool cancelled;
        uint32 approvals;
        bytes data;
    }

    /// @dev A proposal as stored: three words, the third the address of a data contract whose code
    /// is the call data (`CodeStore`), instead of one storage word per 32 bytes of it. Onboarding 100 members proposes
    /// about 6.6 kB: 206 fresh words (4.6M gas) in storage, a 1.4M-gas CREATE as code, and the
    /// approval that executes it reads it with one EXTCODECOPY instead of 206 cold loads.
    struct ProposalRecord {
        // slot 0: proposer (20) | administratorSetVersion uint64 (8)
        address proposer;
        uint64 administratorSetVersion;
        // slot 1: target (20) | executed (1) | cancelled (1) | approvals uint32 (4)
        address target;
        bool executed;
        bool cancelled;
        uint32 approvals;
        // slot 2: the data contract holding the call data
        address callData;
    }

    uint256 private immutable _approvalThreshold;
    uint256 private _administratorCount;
    uint256 private _proposalCount;
    uint64 private _administratorSetVersion;

    /// @dev A member as stored. The last slot is the hot one every role check reads:
    ///   country bytes2 (2) | suspended bool (1) | onboardedAt uint48 (6) | memberRoles uint8 (1)
    /// `memberRoles` mirrors AccessControl's member-role grants as bits (ConsortiumRoles.bitOf),
    /// so `hasRole` for a member role is one storage read, suspension included.
    struct MemberRecord {
        string name;
        string registrationId;
        bytes2 country;
        bool suspended;
        uint48 onboardedAt;
        uint8 memberRoles;
    }

    mapping(address account => MemberRecord) private _members;
    mapping(uint256 proposalId => ProposalRecord) private _proposals;
    mapping(uint256 proposalId => mapping(address admin => bool)) private _approvedBy;

    /// @param administrators The first administrators.
    /// @param approvalThreshold_ How many administrators must approve a governance proposal (>= 2).
    constructor(address[] memory administrators, uint256 approvalThreshold_) {
        if (approvalThreshold_ < 2 || approvalThreshold_ > administrators.length) {
            revert ConsortiumInvalidThreshold(approvalThreshold_, administrators.length);
        }
        _approvalThreshold = approvalThreshold_;
        _setRoleAdmin(ConsortiumRoles.GOVERNANCE, ConsortiumRoles.GOVERNANCE);
        _setRoleAdmin(ConsortiumRoles.ADMINISTRATOR, ConsortiumRoles.GOVERNANCE);
        _setRoleAdmin(ConsortiumRoles.OBLIGOR, ConsortiumRoles.GOVERNANCE);
        bytes32[8] memory roles = ConsortiumRoles.memberRoles();
        for (uint256 i = 0; i < roles.length; ++i) {
            bytes32 admin =
                ConsortiumRoles.isGovernedRole(roles[i])
                    ? ConsortiumRoles.GOVERNANCE
                    : ConsortiumRoles.ADMINISTRATOR;
            _setRoleAdmin(roles[i], admin);
        }
        _grantRole(ConsortiumRoles.GOVERNANCE, address(this));
        for (uint256 i = 0; i < administrators.length; ++i) {
            if (administrators[i] == address(0)) revert ConsortiumInvalidField("administrators");
            if (!_grantRole(ConsortiumRoles.ADMINISTRATOR, administrators[i])) {
                revert ConsortiumInvalidField("administrators"); // listed twice
            }
        }
    }

    // ------------------------------------------------------------------ views

    /// @notice How many administrators must approve a governance proposal.
    function approvalThreshold() external view returns (uint256) {
        return _approvalThreshold;
    }

    /// @notice The version of the administrator set: increased by every removal of an administrator.
    /// A proposal made under an earlier version is stale and cannot be approved.
    function administratorSetVersion() external view returns (uint64) {
        return _administratorSetVersion;
    }

    /// @notice Whether proposal `proposalId` is open but stale: an administrator was removed since
    /// it was made, so it can no longer be approved (propose it again).
    function isStale(uint256 proposalId) external view returns (bool) {
        ProposalRecord storage p = _proposal(proposalId);
        return !p.executed && !p.cancelled && p.administratorSetVersion != _administratorSetVersion;
    }

    /// @notice How many administrators there are now.
    function administratorCount() external view returns (uint256) {
        return _administratorCount;
    }

    /// @inheritdoc IConsortiumRegistry
    function hasActiveRole(bytes32 role, address account) external view returns (bool) {
        return hasRole(role, account);
    }

    /// @notice Whether `account` holds `role`. A suspended member holds no role at all.
    function hasRole(bytes32 role, address account) public view override returns (bool) {
        MemberRecord storage m = _members[account];
        if (m.suspended) return false;
        uint8 bit = ConsortiumRoles.bitOf(role);
        if (bit != 0) return m.memberRoles & bit != 0;
        return super.hasRole(role, account);
    }

    /// @inheritdoc IConsortiumRegistry
    function isActiveMember(address account) external view returns (bool) {
        MemberRecord storage m = _members[account];
        return m.onboardedAt != 0 && !m.suspended;
    }

    /// @inheritdoc IConsortiumRegistry
    function member(address account) external view returns (Member memory) {
        MemberRecord storage m = _members[account];
        if (m.onboardedAt == 0) revert ConsortiumNotMember(account);
        return
            Member({
                name: m.name,
                registrationId: m.registrationId,
                country: m.country,
                suspended: m.suspended,
                onboardedAt: m.onboardedAt
            });
    }

    /// @notice The member roles `account` holds now (empty while suspended).
    function memberRolesOf(address account) external view returns (bytes32[] memory held) {
        bytes32[8] memory roles = ConsortiumRoles.memberRoles();
        held = new bytes32[](roles.length);
        uint256 count = 0;
        for (uint256 i = 0; i < roles.length; ++i) {
            if (hasRole(roles[i], account)) held[count++] = roles[i];
        }
        // Shrink the array in place to the roles actually held.
        assembly ("memory-safe") {
            mstore(held, count)
        }
    }

    /// @notice A governance proposal and how many approvals it has.
    function proposal(uint256 proposalId) external view returns (Proposal memory) {
        ProposalRecord storage p = _proposal(proposalId);
        return
            Proposal({
                proposer: p.proposer,
                administratorSetVersion: p.administratorSetVersion,
                target: p.target,
                executed: p.executed,
                cancelled: p.cancelled,
                approvals: p.approvals,
                data: _callDataOf(p)
            });
    }

    /// @notice Whether `admin` has approved proposal `proposalId`.
    function hasApproved(uint256 proposalId, address admin) external view returns (bool) {
        return _approvedBy[proposalId][admin];
    }

    /// @notice How many proposals were ever made (ids run from 1 to this number).
    function proposalCount() external view returns (uint256) {
        return _proposalCount;
    }

    // ------------------------------------------------------------- governance

    /// @notice Propose that the registry call `target` with `data` once enough administrators
    /// approve. The proposer's own approval is counted at once. `data` is kept as the code of a
    /// data contract, so it holds at most `CodeStore.MAX_DATA_LENGTH` (24,575) bytes; longer is
    /// refused with `CodeStoreDataTooLarge(length, max)`.
    /// @return proposalId The new proposal's id.
    function propose(
        address target,
        bytes calldata data,
        string calldata description
    ) external onlyRole(ConsortiumRoles.ADMINISTRATOR) returns (uint256 proposalId) {
        if (target == address(0)) revert ConsortiumInvalidField("target");
        if (data.length < 4) revert ConsortiumInvalidField("data");
        proposalId = ++_proposalCount;
        ProposalRecord storage p = _proposals[proposalId];
        p.proposer = msg.sender;
        p.administratorSetVersion = _administratorSetVersion;
        p.target = target;
        p.callData = CodeStore.write(data);
        emit ProposalCreated(proposalId, msg.sender, target, data, description);
        _approve(proposalId, p);
    }

    /// @notice Approve proposal `proposalId`. The approval that reaches the threshold executes it;
    /// if the proposed call reverts, the approval reverts too and nothing changes. A stale proposal
    /// (an administrator was removed since it was made) cannot be approved.
    function approve(uint256 proposalId) external onlyRole(ConsortiumRoles.ADMINISTRATOR) {
        _approve(proposalId, _proposal(proposalId));
    }

    /// @notice Withdraw proposal `proposalId` before it is executed (its proposer only).
    function cancel(uint256 proposalId) external onlyRole(ConsortiumRoles.ADMINISTRATOR) {
        ProposalRecord storage p = _proposal(proposalId);
        if (p.executed) revert ConsortiumProposalAlreadyExecuted(proposalId);
        if (p.cancelled) revert ConsortiumProposalCancelled(proposalId);
        if (p.proposer != msg.sender) revert ConsortiumNotProposer(proposalId, msg.sender, p.proposer);
        p.cancelled = true;
        emit ProposalCancelled(proposalId, msg.sender);
    }

    /// @notice Onboard a member with its first roles. Governance only: propose it, then approve.
    /// @param account The member's account.
    /// @param name Display name (1..MAX_NAME_LENGTH bytes).
    /// @param registrationId LEI or national registry number (1..MAX_REGISTRATION_ID_LENGTH bytes).
    /// @param country ISO 3166-1 alpha-2 code, ASCII upper case.
    /// @param roles Member roles to grant at once (may be empty).
    function onboardMember(
        address account,
        string calldata name,
        string calldata registrationId,
        bytes2 country,
        bytes32[] calldata roles
    ) external onlyRole(ConsortiumRoles.GOVERNANCE) {
        if (account == address(0)) revert ConsortiumInvalidField("account");
        if (_members[account].onboardedAt != 0) revert ConsortiumAlreadyMember(account);
        string memory invalid = _invalidProfileField(name, registrationId, country);
        if (bytes(invalid).length != 0) revert ConsortiumInvalidField(invalid);
        for (uint256 i = 0; i < roles.length; ++i) {
            if (!ConsortiumRoles.isMemberRole(roles[i])) revert ConsortiumUnknownRole(roles[i]);
        }
        _recordMember(account, name, registrationId, country);
        for (uint256 i = 0; i < roles.length; ++i) {
            _grantRole(roles[i], account);
        }
    }

    /// @notice Onboard up to MAX_ONBOARDING_BATCH members under one governance proposal, each as
    /// `onboardMember` would (same checks, same `MemberOnboarded` and role events); any refused
    /// entry refuses the whole batch. Governance only.
    /// @dev The members come packed, not ABI-encoded, because a proposal stores its call data
    /// and that storage is most of what onboarding costs: ABI encoding spends about ten words per
    /// member, packing about three. Each entry is
    ///   account (20 bytes) | country (2, ISO 3166-1 alpha-2) | roles (1, bit `ConsortiumRoles.bitOf`)
    ///   | name length (1) | name | registration id length (1) | registration id
    /// (`onboardMembersCall` in lib/chain/governance.ts writes it).
    /// @param packedMembers The entries, back to back.
    function onboardMembers(bytes calldata packedMembers) external onlyRole(ConsortiumRoles.GOVERNANCE) {
        uint256 length = packedMembers.length;
        if (length == 0) revert ConsortiumMalformedMemberBatch(0, MEMBER_ENTRY_MIN_LENGTH, 0);
        uint256 offset = 0;
        for (uint256 index = 0; offset < length; ++index) {
            if (index == MAX_ONBOARDING_BATCH) revert ConsortiumMemberBatchTooLarge(MAX_ONBOARDING_BATCH);
            offset = _onboardPacked(packedMembers, offset, index);
        }
    }

    // ---------------------------------------------------------- administration

    /// @notice Grant `role` to `account`. An administrator grants the ordinary member roles; the
    /// governed ones (BANK, ORACLE, CARRIER) and ADMINISTRATOR only an approved proposal grants.
    /// @dev The governed-role check comes first so the refusal names the role, whoever calls.
    function grantRole(bytes32 role, address account) public override {
        _requireGovernanceFor(role);
        super.grantRole(role, account);
    }

    /// @notice Revoke `role` from `account`, under the same rule as `grantRole`.
    function revokeRole(bytes32 role, address account) public override {
        _requireGovernanceFor(role);
        super.revokeRole(role, account);
    }

    /// @notice Whether changes to `role` need an approved governance proposal (BANK, ORACLE, CARRIER).
    function isGovernedRole(bytes32 role) external pure returns (bool) {
        return ConsortiumRoles.isGovernedRole(role);
    }

    /// @notice Suspend member `account`: it holds no role anywhere until reinstated.
    /// @dev An administrator cannot be suspended this way: one administrator could otherwise
    /// silence others and block governance. Remove the administrator through governance first.
    function suspendMember(
        address account,
        string calldata reason
    ) external onlyRole(ConsortiumRoles.ADMINISTRATOR) {
        MemberRecord storage m = _existingMember(account);
        if (super.hasRole(ConsortiumRoles.ADMINISTRATOR, account)) {
            revert ConsortiumCannotSuspendAdministrator(account);
        }
        if (m.suspended) revert ConsortiumSuspensionUnchanged(account, true);
        m.suspended = true;
        emit MemberSuspended(account, msg.sender, reason);
    }

    /// @notice Lift the suspension of member `account`; its roles apply again.
    function reinstateMember(address account) external onlyRole(ConsortiumRoles.ADMINISTRATOR) {
        MemberRecord storage m = _existingMember(account);
        if (!m.suspended) revert ConsortiumSuspensionUnchanged(account, false);
        m.suspended = false;
        emit MemberReinstated(account, msg.sender);
    }

    // ---------------------------------------------------------------- internal

    /// @dev Member roles and OBLIGOR may only go to onboarded members; other roles are ADMINISTRATOR
    /// and GOVERNANCE. Counts administrators so the threshold can always be met.
    /// A member role is held only as its bit in the member's record (`memberRoles`), the word
    /// `hasRole` reads: AccessControl's own mapping would be a second fresh word (22,100 gas) per
    /// grant that nothing reads. The `RoleGranted` event is the same.
    function _grantRole(bytes32 role, address account) internal override returns (bool granted) {
        uint8 bit = ConsortiumRoles.bitOf(role);
        if (bit != 0) {
            MemberRecord storage m = _existingMember(account);
            uint8 held = m.memberRoles;
            if (held & bit != 0) return false;
            m.memberRoles = held | bit;
            emit RoleGranted(role, account, _msgSender());
            return true;
        }
        if (role == ConsortiumRoles.OBLIGOR) {
            _existingMember(account);
        } else if (role != ConsortiumRoles.ADMINISTRATOR && role != ConsortiumRoles.GOVERNANCE) {
            revert ConsortiumUnknownRole(role);
        }
        granted = super._grantRole(role, account);
        if (granted && role == ConsortiumRoles.ADMINISTRATOR) ++_administratorCount;
    }

    /// @dev A member role is cleared from the member's bits (see `_grantRole`); removing an
    /// administrator makes open proposals stale and may not leave fewer than the threshold.
    function _revokeRole(bytes32 role, address account) internal override returns (bool revoked) {
        if (role == ConsortiumRoles.GOVERNANCE) revert ConsortiumUnknownRole(role);
        uint8 bit = ConsortiumRoles.bitOf(role);
        if (bit != 0) {
            MemberRecord storage m = _members[account];
            uint8 held = m.memberRoles;
            if (held & bit == 0) return false;
            m.memberRoles = held & ~bit;
            emit RoleRevoked(role, account, _msgSender());
            return true;
        }
        revoked = super._revokeRole(role, account);
        if (revoked && role == ConsortiumRoles.ADMINISTRATOR) {
            uint256 remaining = _administratorCount - 1;
            if (remaining < _approvalThreshold) {
                revert ConsortiumAdministratorsBelowThreshold(remaining, _approvalThreshold);
            }
            _administratorCount = remaining;
            // Approvals already given may be the removed administrator's: open proposals go stale.
            ++_administratorSetVersion;
        }
    }

    /// @dev Onboards the packed entry `index` starting at `offset`; returns where the next begins.
    function _onboardPacked(
        bytes calldata packed,
        uint256 offset,
        uint256 index
    ) private returns (uint256 next) {
        uint256 available = packed.length - offset;
        if (available < MEMBER_ENTRY_MIN_LENGTH) {
            revert ConsortiumMalformedMemberBatch(offset, MEMBER_ENTRY_MIN_LENGTH, available);
        }
        address account = address(bytes20(packed[offset:offset + 20]));
        bytes2 country = bytes2(packed[offset + 20:offset + 22]);
        uint8 roleBits = uint8(packed[offset + 22]);
        uint256 nameLength = uint8(packed[offset + 23]);
        uint256 nameEnd = offset + 24 + nameLength;
        // The id's length byte must be there too: `nameEnd + 1` bytes from the entry's start.
        if (packed.length < nameEnd + 1) {
            revert ConsortiumMalformedMemberBatch(offset, nameEnd + 1 - offset, available);
        }
        uint256 idLength = uint8(packed[nameEnd]);
        next = nameEnd + 1 + idLength;
        if (packed.length < next) revert ConsortiumMalformedMemberBatch(offset, next - offset, available);
        string calldata name = string(packed[offset + 24:nameEnd]);
        string calldata registrationId = string(packed[nameEnd + 1:next]);

        if (account == address(0)) revert ConsortiumInvalidMemberEntry(index, account, "account");
        if (_members[account].onboardedAt != 0) revert ConsortiumAlreadyMember(account);
        string memory invalid = _invalidProfileField(name, registrationId, country);
        if (bytes(invalid).length != 0) revert ConsortiumInvalidMemberEntry(index, account, invalid);
        _recordMember(account, name, registrationId, country);
        bytes32[8] memory roles = ConsortiumRoles.memberRoles();
        for (uint256 r = 0; r < roles.length; ++r) {
            if (roleBits & ConsortiumRoles.bitOf(roles[r]) != 0) _grantRole(roles[r], account);
        }
    }

    /// @dev The first field of a member profile that is empty or malformed, or "" if none is.
    function _invalidProfileField(
        string calldata name,
        string calldata registrationId,
        bytes2 country
    ) private pure returns (string memory) {
        uint256 nameLength = bytes(name).length;
        if (nameLength == 0 || nameLength > MAX_NAME_LENGTH) return "name";
        uint256 idLength = bytes(registrationId).length;
        if (idLength == 0 || idLength > MAX_REGISTRATION_ID_LENGTH) return "registrationId";
        if (!OriginCodes.isCountryCode(country)) return "country";
        return "";
    }

    /// @dev Stores a new member (no roles yet) and announces it.
    function _recordMember(
        address account,
        string calldata name,
        string calldata registrationId,
        bytes2 country
    ) private {
        _members[account] = MemberRecord({
            name: name,
            registrationId: registrationId,
            country: country,
            suspended: false,
            onboardedAt: uint48(block.timestamp),
            memberRoles: 0
        });
        emit MemberOnboarded(account, name, registrationId, country);
    }

    function _requireGovernanceFor(bytes32 role) private view {
        if (ConsortiumRoles.isGovernedRole(role) && msg.sender != address(this)) {
            revert ConsortiumRoleNeedsGovernance(role, msg.sender);
        }
    }

    function _approve(uint256 proposalId, ProposalRecord storage p) private {
        if (p.executed) revert ConsortiumProposalAlreadyExecuted(proposalId);
        if (p.cancelled) revert ConsortiumProposalCancelled(proposalId);
        if (p.administratorSetVersion != _administratorSetVersion) {
            revert ConsortiumProposalStale(proposalId, p.administratorSetVersion, _administratorSetVersion);
        }
        if (_approvedBy[proposalId][msg.sender]) revert ConsortiumAlreadyApproved(proposalId, msg.sender);
        _approvedBy[proposalId][msg.sender] = true;
        uint32 approvals = ++p.approvals;
        emit ProposalApproved(proposalId, msg.sender, approvals);
        if (approvals < _approvalThreshold) return;

        // Effects before the interaction: a re-entrant approve sees the proposal executed.
        p.executed = true;
        // The proposal is an arbitrary call approved by the administrators: a low-level call
        // is the point, and its revert data is passed on whole.
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory reason) = p.target.call(_callDataOf(p));
        if (!ok) revert ConsortiumProposalFailed(proposalId, reason);
        emit ProposalExecuted(proposalId);
    }

    function _proposal(uint256 proposalId) private view returns (ProposalRecord storage p) {
        p = _proposals[proposalId];
        if (p.proposer == address(0)) revert ConsortiumUnknownProposal(proposalId);
    }

    /// @dev The call data proposal `p` carries, read back from its data contract.
    function _callDataOf(ProposalRecord storage p) private view returns (bytes memory) {
        address callData = p.callData;
        return CodeStore.read(callData, 0, CodeStore.dataLength(callData));
    }

    function _existingMember(address account) private view returns (MemberRecord storage m) {
        m = _members[account];
        if (m.onboardedAt == 0) revert ConsortiumNotMember(account);
    }
}
