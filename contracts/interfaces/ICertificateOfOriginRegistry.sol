// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ICertificateOfOriginRegistry
/// @notice The read side of the certificate-of-origin registry: what anyone, and a letter of
/// credit under examination, may check.
interface ICertificateOfOriginRegistry {
    /// @notice The outcome of a verification (number + document hash).
    enum Verdict {
        Unknown, //       no certificate with that number
        Valid,
        Revoked,
        Expired,
        HashMismatch //   a certificate exists but the document presented is not the one issued
    }

    /// @notice The facts a credit checks about a certificate.
    struct OriginFacts {
        address issuer; // the CHAMBER member
        address exporter;
        address consignee;
        bytes2 countryOfOrigin; // ISO 3166-1 alpha-2
        uint48 issuedAt;
        uint48 validUntil;
        bytes32 documentHash;
    }

    /// @notice Verify a certificate by its number and the hash of the document presented.
    function verify(string calldata certificateNumber, bytes32 documentHash) external view returns (Verdict);

    /// @notice Verify by certificate id (`keccak256(bytes(certificateNumber))`).
    function verifyById(bytes32 certificateId, bytes32 documentHash) external view returns (Verdict);

    /// @notice The facts of certificate `certificateId` (reverts for an unknown certificate).
    function originFacts(bytes32 certificateId) external view returns (OriginFacts memory);
}
