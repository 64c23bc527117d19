// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IConsortiumRegistry
/// @notice Who is in the Caravel consortium and what each member may do. Every document,
/// credit and oracle contract asks this registry about its callers; a suspended member
/// answers `false` to every role, so it can do nothing anywhere.
/// @dev Member roles are AccessControl role ids (`keccak256("BANK")`, ...). The registry
/// itself is the governance executor: actions that need more than one administrator's
/// approval (onboarding a member, adding an administrator, changing an oracle committee)
/// are proposals that the registry executes as `msg.sender == address(registry)`.
interface IConsortiumRegistry {
    /// @notice A consortium member. Strings are kept on-chain because they are public
    /// registry data (an LEI is public by design), not personal data.
    struct Member {
        string name;
        string registrationId; // LEI or national registry number
        bytes2 country; // ISO 3166-1 alpha-2 (an assigned code), ASCII upper case, e.g. "SG"
        bool suspended;
        uint48 onboardedAt;
    }

    // ---- errors ----
    /// @notice `account` lacks `role` (or is suspended, or is no member at all).
    error ConsortiumUnauthorizedAccount(address account, bytes32 role);
    /// @notice `account` is not an active member of the consortium (unknown or suspended).
    error ConsortiumInactiveMember(address account);
    /// @notice `account` is already a member.
    error ConsortiumAlreadyMember(address account);
    /// @notice `account` is not a member.
    error ConsortiumNotMember(address account);
    /// @notice A member field is empty or malformed; `field` names it.
    error ConsortiumInvalidField(string field);
    /// @notice `role` is not one of the member roles.
    error ConsortiumUnknownRole(bytes32 role);
    /// @notice Only the registry itself, executing an approved proposal, may do this.
    error ConsortiumOnlyGovernance(address caller);
    /// @notice The approval threshold must be at least 2 and at most the number of administrators.
    error ConsortiumInvalidThreshold(uint256 threshold, uint256 administrators);
    /// @notice No such proposal.
    error ConsortiumUnknownProposal(uint256 proposalId);
    /// @notice The proposal was executed already.
    error ConsortiumProposalAlreadyExecuted(uint256 proposalId);
    /// @notice `admin` approved this proposal already.
    error ConsortiumAlreadyApproved(uint256 proposalId, address admin);
    /// @notice The proposal's call reverted; `reason` is its revert data.
    error ConsortiumProposalFailed(uint256 proposalId, bytes reason);
    /// @notice The proposal was cancelled.
    error ConsortiumProposalCancelled(uint256 proposalId);
    /// @notice An administrator was removed since the proposal was made (under set version `madeUnder`;
    /// it is `current` now): approvals given before may be the removed one's. Propose it again.
    error ConsortiumProposalStale(uint256 proposalId, uint64 madeUnder, uint64 current);
    /// @notice Only the administrator who made the proposal may cancel it.
    error ConsortiumNotProposer(uint256 proposalId, address caller, address proposer);
    /// @notice Removing `account` would leave fewer administrators than the approval threshold.
    error ConsortiumAdministratorsBelowThreshold(uint256 remaining, uint256 threshold);
    /// @notice `account` is an administrator; remove it through governance before suspending it.
    error ConsortiumCannotSuspendAdministrator(address account);
    /// @notice `role` moves money or reports (BANK, ORACLE, CARRIER): only an approved governance
    /// proposal may grant or revoke it, and `caller` tried directly.
    error ConsortiumRoleNeedsGovernance(bytes32 role, address caller);
    /// @notice The member is already in the requested suspension state.
    error ConsortiumSuspensionUnchanged(address account, bool suspended);
    /// @notice The packed member batch given to `onboardMembers` ends inside an entry, or has none:
    /// the entry starting at byte `offset` needs `needed` bytes and only `available` are left.
    error ConsortiumMalformedMemberBatch(uint256 offset, uint256 needed, uint256 available);
    /// @notice A member batch may hold at most `max` entries.
    error ConsortiumMemberBatchTooLarge(uint256 max);
    /// @notice Entry `index` of a member batch (for `account`) has an empty or malformed `field`.
    error ConsortiumInvalidMemberEntry(uint256 index, address account, string field);

    // ---- events ----
    event MemberOnboarded(address indexed account, string name, string registrationId, bytes2 country);
    event MemberSuspended(address indexed account, address indexed by, string reason);
    event MemberReinstated(address indexed account, address indexed by);
    event ProposalCreated(
        uint256 indexed proposalId,
        address indexed proposer,
        address target,
        bytes data,
        string description
    );
    event ProposalApproved(uint256 indexed proposalId, address indexed admin, uint256 approvals);
    event ProposalExecuted(uint256 indexed proposalId);
    event ProposalCancelled(uint256 indexed proposalId, address indexed by);

    // ---- views every contract uses ----

    /// @notice Whether `account` holds `role` and is not suspended.
    function hasActiveRole(bytes32 role, address account) external view returns (bool);

    /// @notice Whether `account` is an onboarded member that is not suspended.
    function isActiveMember(address account) external view returns (bool);

    /// @notice The member record of `account` (reverts with ConsortiumNotMember if none).
    function member(address account) external view returns (Member memory);
}
