// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ICertificateOfOriginRegistry} from "./ICertificateOfOriginRegistry.sol";

/// @title ICertificateOfOrigin
/// @notice The whole certificate-of-origin registry: the read side a letter of credit relies on
/// (`ICertificateOfOriginRegistry`, unchanged) plus issuance, revocation and re-issue by a
/// chamber of commerce, with the errors and events of each.
interface ICertificateOfOrigin is ICertificateOfOriginRegistry {
    /// @notice What a chamber states when it issues a certificate.
    /// @param number The certificate number exactly as printed; its id is `keccak256(bytes(number))`.
    /// @param exporter The EXPORTER member the certificate is issued for.
    /// @param consignee The IMPORTER member the goods are consigned to.
    /// @param hsCodes 6-digit HS subheadings of the goods (1..MAX_HS_CODES), as numbers (10121 = "010121").
    /// @param countryOfOrigin ISO 3166-1 alpha-2, ASCII upper case.
    /// @param originCriterion Left-aligned ASCII code: WO, PE, PSR, CTC, RVC, ACU, DMI or LST.
    /// @param tradeAgreement Left-aligned ASCII code of the agreement ("RCEP") or "NON-PREFERENTIAL".
    /// @param issuedAt The issue date printed on the certificate (unix seconds, not in the future).
    /// @param validUntil The last moment the certificate is valid (unix seconds, inclusive).
    /// @param documentHash keccak256 of the certificate document as issued.
    struct CertificateRequest {
        string number;
        address exporter;
        address consignee;
        uint32[] hsCodes;
        bytes2 countryOfOrigin;
        bytes4 originCriterion;
        bytes16 tradeAgreement;
        uint48 issuedAt;
        uint48 validUntil;
        bytes32 documentHash;
    }

    /// @notice Everything the registry holds about one certificate.
    /// @param revokedAt When it was revoked (0 while not revoked).
    /// @param replaces The certificate this one corrects (0 if none).
    /// @param replacedBy The certificate that corrects this one (0 if none).
    struct CertificateRecord {
        address issuer;
        address exporter;
        address consignee;
        bytes2 countryOfOrigin;
        bytes4 originCriterion;
        bytes16 tradeAgreement;
        uint32[] hsCodes;
        uint48 issuedAt;
        uint48 validUntil;
        uint48 revokedAt;
        bytes32 documentHash;
        bytes32 replaces;
        bytes32 replacedBy;
    }

    // ---- errors ----
    /// @notice `number` is empty, longer than MAX_NUMBER_LENGTH, not printable ASCII, or padded with spaces.
    error CertificateOfOriginInvalidNumber(string number);
    /// @notice A certificate with this number exists already.
    error CertificateOfOriginNumberTaken(string number, bytes32 certificateId);
    /// @notice The party named by `field` ("exporter" or "consignee") does not hold `role` (or is suspended).
    error CertificateOfOriginPartyLacksRole(string field, address account, bytes32 role);
    /// @notice `count` HS codes given; between 1 and `max` are accepted.
    error CertificateOfOriginInvalidHsCodeCount(uint256 count, uint256 max);
    /// @notice `hsCodes[index]` is not a 6-digit HS subheading.
    error CertificateOfOriginInvalidHsCode(uint256 index, uint32 code);
    /// @notice `countryOfOrigin` is not an assigned ISO 3166-1 alpha-2 code.
    error CertificateOfOriginInvalidCountry(bytes2 countryOfOrigin);
    /// @notice `originCriterion` is not one of WO, PE, PSR, CTC, RVC, ACU, DMI, LST.
    error CertificateOfOriginInvalidOriginCriterion(bytes4 originCriterion);
    /// @notice `tradeAgreement` is not 1..16 characters of A-Z, 0-9 and "-".
    error CertificateOfOriginInvalidTradeAgreement(bytes16 tradeAgreement);
    /// @notice `originCriterion` cannot be stated under `tradeAgreement` (e.g. LST under a preferential agreement).
    error CertificateOfOriginCriterionNotApplicable(bytes4 originCriterion, bytes16 tradeAgreement);
    /// @notice `issuedAt` is zero or later than `currentTime`.
    error CertificateOfOriginInvalidIssueDate(uint48 issuedAt, uint256 currentTime);
    /// @notice `validUntil` is not after both `issuedAt` and `currentTime`.
    error CertificateOfOriginInvalidValidity(uint48 validUntil, uint48 issuedAt, uint256 currentTime);
    /// @notice The document hash is zero.
    error CertificateOfOriginInvalidDocumentHash(bytes32 documentHash);
    /// @notice No certificate has this id.
    error CertificateOfOriginUnknown(bytes32 certificateId);
    /// @notice Only the chamber that issued the certificate may revoke or re-issue it.
    error CertificateOfOriginNotIssuer(bytes32 certificateId, address caller, address issuer);
    /// @notice The certificate was revoked already (`replacedBy` is set if it was superseded).
    error CertificateOfOriginAlreadyRevoked(bytes32 certificateId, bytes32 replacedBy);
    /// @notice The revocation reason is empty or longer than `max` bytes.
    error CertificateOfOriginInvalidReason(uint256 length, uint256 max);
    /// @notice A corrected certificate must be issued for the same exporter as the one it replaces.
    error CertificateOfOriginExporterChanged(bytes32 certificateId, address exporter, address requested);

    // ---- events ----
    /// @notice Certificate `certificateId` (number `number`) was issued by `issuer` for `exporter`.
    event CertificateIssued(
        bytes32 indexed certificateId,
        address indexed issuer,
        address indexed exporter,
        string number,
        address consignee,
        bytes2 countryOfOrigin,
        bytes4 originCriterion,
        bytes16 tradeAgreement,
        uint48 validUntil,
        bytes32 documentHash
    );
    /// @notice Certificate `certificateId` was revoked by its issuer for `reason`.
    event CertificateRevoked(bytes32 indexed certificateId, address indexed issuer, string reason);
    /// @notice Certificate `certificateId` was superseded by the corrected certificate `replacementId`.
    event CertificateReplaced(
        bytes32 indexed certificateId,
        bytes32 indexed replacementId,
        address indexed issuer
    );

    // ---- functions ----
    /// @notice Issue a certificate of origin (CHAMBER only) for an EXPORTER member.
    /// @return certificateId `keccak256(bytes(request.number))`.
    function issue(CertificateRequest calldata request) external returns (bytes32 certificateId);

    /// @notice Revoke certificate `certificateId` for `reason` (its issuing chamber only).
    function revoke(bytes32 certificateId, string calldata reason) external;

    /// @notice Issue a corrected certificate that replaces `certificateId` (its issuing chamber only):
    /// the old certificate is revoked with reason "superseded by <new number>" and the two are linked.
    /// @return replacementId The corrected certificate's id.
    function reissue(
        bytes32 certificateId,
        CertificateRequest calldata request
    ) external returns (bytes32 replacementId);

    /// @notice Everything the registry holds about certificate `certificateId` (reverts if unknown).
    function certificate(bytes32 certificateId) external view returns (CertificateRecord memory);

    /// @notice The reason certificate `certificateId` was revoked ("" while it is not).
    function revocationReason(bytes32 certificateId) external view returns (string memory);

    /// @notice The status of certificate `certificateId` now, without a document to compare:
    /// Unknown, Revoked, Expired or Valid.
    function statusOf(bytes32 certificateId) external view returns (Verdict);

    /// @notice The id of certificate number `number`: `keccak256(bytes(number))`.
    function certificateIdOf(string calldata number) external pure returns (bytes32);
}
