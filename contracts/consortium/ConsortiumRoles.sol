// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ConsortiumRoles
/// @notice The member roles of the Caravel consortium, as AccessControl role ids.
/// @dev One place for the ids: contracts import these constants, TypeScript mirrors them in
/// `lib/chain/roles.ts` (a test checks the two agree).
library ConsortiumRoles {
    bytes32 internal constant BANK = keccak256("BANK");
    bytes32 internal constant EXPORTER = keccak256("EXPORTER");
    bytes32 internal constant IMPORTER = keccak256("IMPORTER");
    bytes32 internal constant CARRIER = keccak256("CARRIER");
    /// @dev A chamber of commerce: issues certificates of origin.
    bytes32 internal constant CHAMBER = keccak256("CHAMBER");
    bytes32 internal constant CUSTOMS = keccak256("CUSTOMS");
    bytes32 internal constant ORACLE = keccak256("ORACLE");
    bytes32 internal constant INSURER = keccak256("INSURER");

    /// @dev A core enterprise that may confirm payables as vouchers (contracts/finance/). Not one of
    /// the eight member roles: it is granted to a member only by governance, which also sets the
    /// obligor's limit, because a confirmation is a money promise every holder relies on.
    bytes32 internal constant OBLIGOR = keccak256("OBLIGOR");

    /// @dev Consortium administrators: grant and revoke member roles, suspend members, and
    /// approve governance proposals.
    bytes32 internal constant ADMINISTRATOR = keccak256("ADMINISTRATOR");
    /// @dev Held only by the registry contract itself: the power to execute approved proposals.
    bytes32 internal constant GOVERNANCE = keccak256("GOVERNANCE");

    /// @dev BANK | CARRIER | ORACLE as member-role bits (`bitOf`): the governed roles.
    uint8 internal constant GOVERNED_ROLE_BITS = 1 | 8 | 64;

    /// @notice Whether `role` is one of the eight member roles.
    function isMemberRole(bytes32 role) internal pure returns (bool) {
        return bitOf(role) != 0;
    }

    /// @notice The bit of member role `role` in a member's role bitmap (BANK = 1, EXPORTER = 2,
    /// ... INSURER = 128), or 0 for any other role.
    function bitOf(bytes32 role) internal pure returns (uint8) {
        if (role == BANK) return 1;
        if (role == EXPORTER) return 2;
        if (role == IMPORTER) return 4;
        if (role == CARRIER) return 8;
        if (role == CHAMBER) return 16;
        if (role == CUSTOMS) return 32;
        if (role == ORACLE) return 64;
        if (role == INSURER) return 128;
        return 0;
    }

    /// @notice Whether changes to `role` need the consortium's threshold vote: only the registry,
    /// executing an approved proposal, may grant or revoke it (an administrator alone may not).
    /// @dev The roles whose holders create or move money, price it, report the facts settlement
    /// depends on, or issue the document of title settlement depends on:
    ///   BANK    mints and burns deposit tokens, funds and pays credits, finances invoices;
    ///   ORACLE  publishes the FX rate credits settle at, and signs customs reports;
    ///   CARRIER issues the bills of lading whose title a credit's settlement checks.
    /// CUSTOMS holds no on-chain power today (customs status reaches the chain only through the
    /// ORACLE committee); a contract that ever acts on it must add it here.
    function isGovernedRole(bytes32 role) internal pure returns (bool) {
        return bitOf(role) & GOVERNED_ROLE_BITS != 0;
    }

    /// @notice The eight member roles, in a fixed order.
    function memberRoles() internal pure returns (bytes32[8] memory roles) {
        roles = [BANK, EXPORTER, IMPORTER, CARRIER, CHAMBER, CUSTOMS, ORACLE, INSURER];
    }
}
