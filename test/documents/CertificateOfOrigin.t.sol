// SPDX-License-Identifier: Apache-2.0
// Test code keeps the forge-std names (`vm`, `Vm`) and plain names for test fixtures.
/* solhint-disable private-vars-leading-underscore, const-name-snakecase, interface-starts-with-i, one-contract-per-file */
pragma solidity 0.8.30;

import {ConsortiumRoles} from "../../contracts/consortium/ConsortiumRoles.sol";
import {CertificateOfOriginRegistry} from "../../contracts/documents/CertificateOfOriginRegistry.sol";
import {ICertificateOfOrigin} from "../../contracts/interfaces/ICertificateOfOrigin.sol";
import {ICertificateOfOriginRegistry} from "../../contracts/interfaces/ICertificateOfOriginRegistry.sol";
import {IConsortiumRegistry} from "../../contracts/interfaces/IConsortiumRegistry.sol";
import {OriginCodes} from "../../contracts/libraries/OriginCodes.sol";
import {DocumentsTestBase} from "./DocumentsTestBase.sol";

/// @notice Fuzzed properties of the certificate-of-origin registry and its code checks.
contract CertificateOfOriginFuzzTest is DocumentsTestBase {
    error UnexpectedVerdict(
        ICertificateOfOriginRegistry.Verdict got,
        ICertificateOfOriginRegistry.Verdict expected
    );
    error UnexpectedAnswer(bool got, bool expected);

    address internal constant CHAMBER = address(0xC4A3);
    address internal constant EXPORTER = address(0xE8);
    address internal constant IMPORTER = address(0x13);
    bytes32 internal constant DOCUMENT = keccak256("certificate document");
    uint48 internal constant START = 1_750_000_000;

    CertificateOfOriginRegistry internal origin;

    function setUp() public {
        vm.warp(START);
        _deployConsortium();
        _onboard(CHAMBER, ConsortiumRoles.CHAMBER);
        _onboard(EXPORTER, ConsortiumRoles.EXPORTER);
        _onboard(IMPORTER, ConsortiumRoles.IMPORTER);
        origin = new CertificateOfOriginRegistry(IConsortiumRegistry(address(consortium)));
    }

    /// @notice Whatever the certificate's state and the document presented, the verdict follows
    /// Unknown > HashMismatch > Revoked > Expired > Valid.
    function testFuzz_verdictFollowsThePrecedence(
        bool issued,
        bool revoked,
        bool sameDocument,
        uint32 validity,
        uint32 elapsed
    ) public {
        vm.assume(validity > 0);
        uint48 validUntil = START + validity;
        if (issued) {
            vm.prank(CHAMBER);
            bytes32 id = origin.issue(_request("CO-1", validUntil, new uint32[](0), bytes16("RCEP")));
            if (revoked) {
                vm.prank(CHAMBER);
                origin.revoke(id, "fuzzing");
            }
        }
        vm.warp(uint256(START) + elapsed);
        ICertificateOfOriginRegistry.Verdict expected;
        if (!issued) expected = ICertificateOfOriginRegistry.Verdict.Unknown;
        else if (!sameDocument) expected = ICertificateOfOriginRegistry.Verdict.HashMismatch;
        else if (revoked) expected = ICertificateOfOriginRegistry.Verdict.Revoked;
        else if (uint256(START) + elapsed > validUntil)
            expected = ICertificateOfOriginRegistry.Verdict.Expired;
        else expected = ICertificateOfOriginRegistry.Verdict.Valid;
        ICertificateOfOriginRegistry.Verdict got = origin.verify(
            "CO-1",
            sameDocument ? DOCUMENT : bytes32(0)
        );
        if (got != expected) revert UnexpectedVerdict(got, expected);
    }

    /// @notice An HS code is accepted exactly when its six digits name a chapter 01..97 other than 77.
    function testFuzz_hsCodeAcceptedExactlyInAnHsChapter(uint32 seed) public {
        uint32 code = seed % 1_200_000; // mostly six digits, some seven
        bytes memory digits = bytes(_sixDigits(code));
        bool sixDigits = code <= 999_999;
        uint256 chapter = sixDigits ? (uint8(digits[0]) - 0x30) * 10 + (uint8(digits[1]) - 0x30) : 0;
        bool expected = sixDigits && chapter >= 1 && chapter <= 97 && chapter != 77;
        uint32[] memory codes = new uint32[](1);
        codes[0] = code;
        ICertificateOfOrigin.CertificateRequest memory request = _request(
            "CO-2",
            START + 1,
            codes,
            bytes16("RCEP")
        );
        if (!expected) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    ICertificateOfOrigin.CertificateOfOriginInvalidHsCode.selector,
                    0,
                    code
                )
            );
        }
        vm.prank(CHAMBER);
        origin.issue(request);
    }

    /// @notice A trade agreement code made of A-Z, 0-9 and inner dashes is accepted; one with any
    /// other byte in it is refused.
    function testFuzz_tradeAgreementCharacters(
        bytes16 seed,
        uint8 length,
        uint8 badPosition,
        bytes1 bad
    ) public {
        uint256 n = (uint256(length) % 16) + 1;
        bytes memory alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-";
        bytes16 agreement;
        for (uint256 i = 0; i < n; ++i) {
            uint256 pick = uint8(seed[i]) % (i == 0 || i == n - 1 ? 36 : 37); // no dash at either end
            agreement |= bytes16(alphabet[pick]) >> (8 * i);
        }
        if (!OriginCodes.isTradeAgreement(agreement)) revert UnexpectedAnswer(false, true);

        bool isAllowed = (bad >= "A" && bad <= "Z") || (bad >= "0" && bad <= "9") || bad == "-" || bad == 0;
        vm.assume(!isAllowed);
        uint256 at = uint256(badPosition) % n;
        bytes16 mask = ~(bytes16(bytes1(0xff)) >> (8 * at));
        bytes16 spoiled = (agreement & mask) | (bytes16(bad) >> (8 * at));
        if (OriginCodes.isTradeAgreement(spoiled)) revert UnexpectedAnswer(true, false);
    }

    function _request(
        string memory number,
        uint48 validUntil,
        uint32[] memory codes,
        bytes16 agreement
    ) internal pure returns (ICertificateOfOrigin.CertificateRequest memory request) {
        if (codes.length == 0) {
            codes = new uint32[](1);
            codes[0] = 901890;
        }
        request = ICertificateOfOrigin.CertificateRequest({
            number: number,
            exporter: EXPORTER,
            consignee: IMPORTER,
            hsCodes: codes,
            countryOfOrigin: "GB",
            originCriterion: "WO",
            tradeAgreement: agreement,
            issuedAt: START,
            validUntil: validUntil,
            documentHash: DOCUMENT
        });
    }

    /// @dev `code` as six decimal digits with leading zeros (only meaningful below 1,000,000).
    function _sixDigits(uint32 code) internal pure returns (string memory) {
        bytes memory out = new bytes(6);
        uint256 rest = code;
        for (uint256 i = 6; i > 0; --i) {
            out[i - 1] = bytes1(uint8(0x30 + (rest % 10)));
            rest /= 10;
        }
        return string(out);
    }
}
