// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ConsortiumGated} from "../consortium/ConsortiumGated.sol";
import {ConsortiumRoles} from "../consortium/ConsortiumRoles.sol";
import {ICertificateOfOrigin} from "../interfaces/ICertificateOfOrigin.sol";
import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";
import {OriginCodes} from "../libraries/OriginCodes.sol";

/// @title CertificateOfOriginRegistry
/// @notice Certificates of origin issued by chambers of commerce, verifiable by anyone.
///
/// A CHAMBER member issues a certificate for an EXPORTER member, consigned to an IMPORTER member,
/// stating the goods' HS subheadings, their country of origin, the origin criterion met and the
/// trade agreement it is claimed under (or "NON-PREFERENTIAL"), its issue date and validity, and
/// the keccak256 hash of the certificate document; the document itself stays off-chain (ICC
/// International Certificate of Origin Guidelines: the issuing chamber certifies, the
/// certificate identifies the exporter, consignee, goods and origin; Kyoto Convention Specific
/// Annex K, chapter 2). The issuing chamber, and only it, revokes a certificate with a reason,
/// or re-issues a corrected certificate that supersedes the old one; the two are linked both
/// ways.
///
/// Verification (`verify`, `verifyById`) answers with one verdict, in this order of precedence:
///   Unknown       no certificate has that number;
///   HashMismatch  the document presented is not the one issued (reported before any status,
///                 so the status of a genuine certificate is never lent to an altered copy);
///   Revoked       revoked by its issuer, including superseded by a corrected certificate
///                 (permanent, so it outranks expiry);
///   Expired       `block.timestamp > validUntil`, derived from the clock, no keeper needed;
///   Valid         otherwise.
/// A certificate stays valid if its chamber is later suspended: suspension stops the chamber
/// acting, it does not undo what it certified.
contract CertificateOfOriginRegistry is ICertificateOfOrigin, ConsortiumGated {
    /// @notice Most HS subheadings one certificate lists.
    uint256 public constant MAX_HS_CODES = 16;
    /// @notice Longest certificate number, in bytes.
    uint256 public constant MAX_NUMBER_LENGTH = OriginCodes.MAX_NUMBER_LENGTH;
    /// @notice Longest revocation reason, in bytes.
    uint256 public constant MAX_REASON_LENGTH = 280;
    /// @notice The `tradeAgreement` of a non-preferential certificate.
    bytes16 public constant NON_PREFERENTIAL = OriginCodes.NON_PREFERENTIAL;

    /// @dev One certificate, 7 slots plus one slot per 8 HS codes (written only as far as used;
    /// `replaces`/`replacedBy` only when a correction links two certificates).
    struct Certificate {
        // slot 0: issuer (20) | issuedAt uint48 (6) | validUntil uint48 (6)
        address issuer;
        uint48 issuedAt;
        uint48 validUntil;
        // slot 1: exporter (20) | revokedAt uint48 (6) | countryOfOrigin bytes2 (2) | originCriterion bytes4 (4)
        address exporter;
        uint48 revokedAt;
        bytes2 countryOfOrigin;
        bytes4 originCriterion;
        // slot 2: consignee (20) | hsCodeCount uint8 (1)
        address consignee;
        uint8 hsCodeCount;
        // slot 3: tradeAgreement bytes16 (16)
        bytes16 tradeAgreement;
        // slot 4
        bytes32 documentHash;
        // slot 5
        bytes32 replaces;
        // slot 6
        bytes32 replacedBy;
        // slots 7..8: 8 uint32 codes per slot
        uint32[MAX_HS_CODES] hsCodes;
    }

    mapping(bytes32 certificateId => Certificate) private _certificates;
    mapping(bytes32 certificateId => string) private _revocationReasons;

    constructor(IConsortiumRegistry registry_) ConsortiumGated(registry_) {}

    // ------------------------------------------------------------------ issue

    /// @inheritdoc ICertificateOfOrigin
    function issue(
        CertificateRequest calldata request
    ) external onlyMemberWithRole(ConsortiumRoles.CHAMBER) returns (bytes32 certificateId) {
        certificateId = _issue(request, bytes32(0));
    }

    /// @inheritdoc ICertificateOfOrigin
    /// @dev Order of checks: status (known, not revoked) -> actor (the issuer) -> arguments.
    function revoke(
        bytes32 certificateId,
        string calldata reason
    ) external onlyMemberWithRole(ConsortiumRoles.CHAMBER) {
        Certificate storage c = _revocableByCaller(certificateId);
        uint256 length = bytes(reason).length;
        if (length == 0 || length > MAX_REASON_LENGTH) {
            revert CertificateOfOriginInvalidReason(length, MAX_REASON_LENGTH);
        }
        _revoke(certificateId, c, reason);
    }

    /// @inheritdoc ICertificateOfOrigin
    /// @dev The corrected certificate is a new certificate with its own number, validated like any
    /// other, for the same exporter. An expired certificate may be corrected; a revoked one may not
    /// (its revocation is final; issue a new certificate instead).
    function reissue(
        bytes32 certificateId,
        CertificateRequest calldata request
    ) external onlyMemberWithRole(ConsortiumRoles.CHAMBER) returns (bytes32 replacementId) {
        Certificate storage old = _revocableByCaller(certificateId);
        if (request.exporter != old.exporter) {
            revert CertificateOfOriginExporterChanged(certificateId, old.exporter, request.exporter);
        }
        replacementId = _issue(request, certificateId);
        old.replacedBy = replacementId;
        _revoke(certificateId, old, string.concat("superseded by ", request.number));
        emit CertificateReplaced(certificateId, replacementId, msg.sender);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ICertificateOfOrigin
    function certificateIdOf(string calldata number) public pure returns (bytes32) {
        return keccak256(bytes(number));
    }

    /// @notice Verify a certificate by its number and the hash of the document presented.
    /// @dev Precedence: Unknown > HashMismatch > Revoked > Expired > Valid (see the contract header).
    function verify(string calldata certificateNumber, bytes32 documentHash) external view returns (Verdict) {
        return verifyById(certificateIdOf(certificateNumber), documentHash);
    }

    /// @notice Verify by certificate id (`keccak256(bytes(certificateNumber))`).
    function verifyById(bytes32 certificateId, bytes32 documentHash) public view returns (Verdict) {
        Certificate storage c = _certificates[certificateId];
        if (c.issuer == address(0)) return Verdict.Unknown;
        if (c.documentHash != documentHash) return Verdict.HashMismatch;
        return _status(c);
    }

    /// @inheritdoc ICertificateOfOrigin
    function statusOf(bytes32 certificateId) external view returns (Verdict) {
        Certificate storage c = _certificates[certificateId];
        if (c.issuer == address(0)) return Verdict.Unknown;
        return _status(c);
    }

    /// @notice The facts of certificate `certificateId` (reverts for an unknown certificate).
    function originFacts(bytes32 certificateId) external view returns (OriginFacts memory) {
        Certificate storage c = _known(certificateId);
        return
            OriginFacts({
                issuer: c.issuer,
                exporter: c.exporter,
                consignee: c.consignee,
                countryOfOrigin: c.countryOfOrigin,
                issuedAt: c.issuedAt,
                validUntil: c.validUntil,
                documentHash: c.documentHash
            });
    }

    /// @inheritdoc ICertificateOfOrigin
    function certificate(bytes32 certificateId) external view returns (CertificateRecord memory record) {
        Certificate storage c = _known(certificateId);
        record.issuer = c.issuer;
        record.exporter = c.exporter;
        record.consignee = c.consignee;
        record.countryOfOrigin = c.countryOfOrigin;
        record.originCriterion = c.originCriterion;
        record.tradeAgreement = c.tradeAgreement;
        uint256 count = c.hsCodeCount;
        record.hsCodes = new uint32[](count);
        for (uint256 i = 0; i < count; ++i) {
            record.hsCodes[i] = c.hsCodes[i];
        }
        record.issuedAt = c.issuedAt;
        record.validUntil = c.validUntil;
        record.revokedAt = c.revokedAt;
        record.documentHash = c.documentHash;
        record.replaces = c.replaces;
        record.replacedBy = c.replacedBy;
    }

    /// @inheritdoc ICertificateOfOrigin
    function revocationReason(bytes32 certificateId) external view returns (string memory) {
        _known(certificateId);
        return _revocationReasons[certificateId];
    }

    // --------------------------------------------------------------- internal

    /// @dev Validates `request` field by field, in declaration order, and stores the certificate.
    function _issue(
        CertificateRequest calldata request,
        bytes32 replaces
    ) private returns (bytes32 certificateId) {
        if (!OriginCodes.isCertificateNumber(request.number)) {
            revert CertificateOfOriginInvalidNumber(request.number);
        }
        certificateId = keccak256(bytes(request.number));
        if (_certificates[certificateId].issuer != address(0)) {
            revert CertificateOfOriginNumberTaken(request.number, certificateId);
        }
        _requireParty("exporter", request.exporter, ConsortiumRoles.EXPORTER);
        _requireParty("consignee", request.consignee, ConsortiumRoles.IMPORTER);
        _validateGoodsAndOrigin(request);
        _validateDates(request.issuedAt, request.validUntil);
        if (request.documentHash == bytes32(0))
            revert CertificateOfOriginInvalidDocumentHash(request.documentHash);

        Certificate storage c = _certificates[certificateId];
        c.issuer = msg.sender;
        c.issuedAt = request.issuedAt;
        c.validUntil = request.validUntil;
        c.exporter = request.exporter;
        c.countryOfOrigin = request.countryOfOrigin;
        c.originCriterion = request.originCriterion;
        c.consignee = request.consignee;
        c.hsCodeCount = uint8(request.hsCodes.length);
        c.tradeAgreement = request.tradeAgreement;
        c.documentHash = request.documentHash;
        if (replaces != bytes32(0)) c.replaces = replaces;
        for (uint256 i = 0; i < request.hsCodes.length; ++i) {
            c.hsCodes[i] = request.hsCodes[i];
        }
        emit CertificateIssued(
            certificateId,
            msg.sender,
            request.exporter,
            request.number,
            request.consignee,
            request.countryOfOrigin,
            request.originCriterion,
            request.tradeAgreement,
            request.validUntil,
            request.documentHash
        );
    }

    function _validateGoodsAndOrigin(CertificateRequest calldata request) private pure {
        uint256 count = request.hsCodes.length;
        if (count == 0 || count > MAX_HS_CODES)
            revert CertificateOfOriginInvalidHsCodeCount(count, MAX_HS_CODES);
        for (uint256 i = 0; i < count; ++i) {
            if (!OriginCodes.isHsSubheading(request.hsCodes[i])) {
                revert CertificateOfOriginInvalidHsCode(i, request.hsCodes[i]);
            }
        }
        if (!OriginCodes.isCountryCode(request.countryOfOrigin)) {
            revert CertificateOfOriginInvalidCountry(request.countryOfOrigin);
        }
        if (!OriginCodes.isOriginCriterion(request.originCriterion)) {
            revert CertificateOfOriginInvalidOriginCriterion(request.originCriterion);
        }
        if (!OriginCodes.isTradeAgreement(request.tradeAgreement)) {
            revert CertificateOfOriginInvalidTradeAgreement(request.tradeAgreement);
        }
        if (!OriginCodes.isCriterionApplicable(request.originCriterion, request.tradeAgreement)) {
            revert CertificateOfOriginCriterionNotApplicable(request.originCriterion, request.tradeAgreement);
        }
    }

    /// @dev The issue date is the one printed on the certificate: not in the future. The
    /// certificate must still be valid when it is registered, and valid after its issue date.
    function _validateDates(uint48 issuedAt, uint48 validUntil) private view {
        if (issuedAt == 0 || issuedAt > block.timestamp) {
            revert CertificateOfOriginInvalidIssueDate(issuedAt, block.timestamp);
        }
        if (validUntil <= issuedAt || validUntil <= block.timestamp) {
            revert CertificateOfOriginInvalidValidity(validUntil, issuedAt, block.timestamp);
        }
    }

    function _requireParty(string memory field, address account, bytes32 role) private view {
        if (!consortiumRegistry().hasActiveRole(role, account)) {
            revert CertificateOfOriginPartyLacksRole(field, account, role);
        }
    }

    /// @dev The certificate `certificateId`, known and not revoked, issued by the caller.
    function _revocableByCaller(bytes32 certificateId) private view returns (Certificate storage c) {
        c = _known(certificateId);
        if (c.revokedAt != 0) revert CertificateOfOriginAlreadyRevoked(certificateId, c.replacedBy);
        if (c.issuer != msg.sender) revert CertificateOfOriginNotIssuer(certificateId, msg.sender, c.issuer);
    }

    function _revoke(bytes32 certificateId, Certificate storage c, string memory reason) private {
        c.revokedAt = uint48(block.timestamp);
        _revocationReasons[certificateId] = reason;
        emit CertificateRevoked(certificateId, msg.sender, reason);
    }

    function _known(bytes32 certificateId) private view returns (Certificate storage c) {
        c = _certificates[certificateId];
        if (c.issuer == address(0)) revert CertificateOfOriginUnknown(certificateId);
    }

    function _status(Certificate storage c) private view returns (Verdict) {
        if (c.revokedAt != 0) return Verdict.Revoked;
        if (block.timestamp > c.validUntil) return Verdict.Expired;
        return Verdict.Valid;
    }
}
