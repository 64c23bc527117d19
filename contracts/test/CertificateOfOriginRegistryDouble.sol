// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ICertificateOfOriginRegistry} from "../interfaces/ICertificateOfOriginRegistry.sol";

/// @title CertificateOfOriginRegistryDouble
/// @notice Test double of the certificate-of-origin registry's read side: tests write the verdicts
/// and facts a credit examines.
contract CertificateOfOriginRegistryDouble is ICertificateOfOriginRegistry {
    /// @notice Reverts like the real registry for an unknown certificate.
    error CertificateOfOriginRegistryDoubleUnknown(bytes32 certificateId);

    struct Certificate {
        OriginFacts facts;
        Verdict verdict; // for the issued document hash
    }

    mapping(bytes32 certificateId => Certificate) private _certificates;

    /// @notice Write certificate `certificateId` with the verdict it gets for its own document hash.
    function setCertificate(bytes32 certificateId, OriginFacts calldata facts, Verdict verdict) external {
        _certificates[certificateId] = Certificate({facts: facts, verdict: verdict});
    }

    /// @inheritdoc ICertificateOfOriginRegistry
    function verify(string calldata certificateNumber, bytes32 documentHash) external view returns (Verdict) {
        return _verify(keccak256(bytes(certificateNumber)), documentHash);
    }

    /// @inheritdoc ICertificateOfOriginRegistry
    function verifyById(bytes32 certificateId, bytes32 documentHash) external view returns (Verdict) {
        return _verify(certificateId, documentHash);
    }

    /// @inheritdoc ICertificateOfOriginRegistry
    function originFacts(bytes32 certificateId) external view returns (OriginFacts memory) {
        if (_certificates[certificateId].verdict == Verdict.Unknown) {
            revert CertificateOfOriginRegistryDoubleUnknown(certificateId);
        }
        return _certificates[certificateId].facts;
    }

    function _verify(bytes32 certificateId, bytes32 documentHash) private view returns (Verdict) {
        Certificate storage c = _certificates[certificateId];
        if (c.verdict == Verdict.Unknown) return Verdict.Unknown;
        if (c.facts.documentHash != documentHash) return Verdict.HashMismatch;
        return c.verdict;
    }
}
