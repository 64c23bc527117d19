// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title OriginCodes
/// @notice The coded fields of a certificate of origin and the rules that make each one valid:
/// country (ISO 3166-1 alpha-2), HS subheading (6 digits, WCO Harmonized System), origin
/// criterion, trade agreement and certificate number.
/// @dev Every check is pure and bounded (at most 64 iterations, over calldata), so a refusal costs
/// little and validation can be fuzzed without any contract state.
library OriginCodes {
    /// @notice The `tradeAgreement` value of a non-preferential certificate (origin for purposes
    /// other than tariff preference: WTO Agreement on Rules of Origin art. 1, Kyoto Convention
    /// Specific Annex K).
    bytes16 internal constant NON_PREFERENTIAL = "NON-PREFERENTIAL";

    /// @notice Longest certificate number, in bytes.
    uint256 internal constant MAX_NUMBER_LENGTH = 64;

    // Origin criteria, as left-aligned ASCII codes.
    /// @dev Wholly obtained or produced (RCEP art. 3.3; Kyoto Specific Annex K, chapter 1).
    bytes4 internal constant WHOLLY_OBTAINED = "WO";
    /// @dev Produced entirely from originating materials (RCEP art. 3.2(b); CPTPP art. 3.2(b)).
    bytes4 internal constant PRODUCED_ENTIRELY = "PE";
    /// @dev Satisfies the product-specific rule of the agreement's annex (CPTPP art. 3.2(c)).
    bytes4 internal constant PRODUCT_SPECIFIC_RULE = "PSR";
    /// @dev Change in tariff classification (RCEP Annex 3A, "CTC").
    bytes4 internal constant CHANGE_IN_TARIFF_CLASSIFICATION = "CTC";
    /// @dev Regional value content (RCEP art. 3.5, "RVC").
    bytes4 internal constant REGIONAL_VALUE_CONTENT = "RVC";
    /// @dev Accumulation (RCEP art. 3.4, "ACU").
    bytes4 internal constant ACCUMULATION = "ACU";
    /// @dev De minimis (RCEP art. 3.7, "DMI").
    bytes4 internal constant DE_MINIMIS = "DMI";
    /// @dev Last substantial transformation: the non-preferential rule (Kyoto Specific Annex K,
    /// chapter 1, standard 2; WTO Agreement on Rules of Origin art. 9.1(b)).
    bytes4 internal constant LAST_SUBSTANTIAL_TRANSFORMATION = "LST";

    // The 249 officially assigned ISO 3166-1 alpha-2 codes as a 676-bit set: bit
    // (first - 'A') * 26 + (second - 'A'), least significant bit first, over three words.
    // Generated from the list in lib/iso/iso3166.ts; test/documents/OriginCodes.test.ts
    // checks every one of the 676 two-letter combinations against that list.
    uint256 private constant _ASSIGNED_COUNTRIES_0 =
        0x0340400f7818068d0015fb9fb0095c000e00d48015843f27deddbdefeedf5978;
    uint256 private constant _ASSIGNED_COUNTRIES_1 =
        0x9fbb3ae7fdf1510040000001538f3c400100084b25d7fffcfd4f8141f42b1d00;
    uint256 private constant _ASSIGNED_COUNTRIES_2 =
        0x000000000000000000000001004004080010000000004002004085570410419a;

    /// @notice Whether `code` is an officially assigned ISO 3166-1 alpha-2 code (ASCII upper case).
    /// @dev User-assigned and reserved codes (e.g. "XK", "EU", "UK") are refused: a certificate
    /// states the country where the goods originate, which is always an assigned code.
    function isCountryCode(bytes2 code) internal pure returns (bool) {
        uint256 first = uint8(code[0]);
        uint256 second = uint8(code[1]);
        if (first < 0x41 || first > 0x5A || second < 0x41 || second > 0x5A) return false;
        uint256 index = (first - 0x41) * 26 + (second - 0x41);
        uint256 word =
            index < 256
                ? _ASSIGNED_COUNTRIES_0
                : (index < 512 ? _ASSIGNED_COUNTRIES_1 : _ASSIGNED_COUNTRIES_2);
        return (word >> (index & 0xff)) & 1 == 1;
    }

    /// @notice Whether `code` is a 6-digit HS subheading: six decimal digits (leading zeros
    /// implied, so 10121 is "010121"), in a chapter of the Harmonized System (01..97; chapter 77
    /// is reserved for future use, HS Nomenclature Section XV).
    function isHsSubheading(uint32 code) internal pure returns (bool) {
        if (code > 999_999) return false;
        uint32 chapter = code / 10_000;
        return chapter >= 1 && chapter <= 97 && chapter != 77;
    }

    /// @notice Whether `criterion` is one of the origin criteria this registry knows.
    function isOriginCriterion(bytes4 criterion) internal pure returns (bool) {
        return _isPreferentialCriterion(criterion) || criterion == LAST_SUBSTANTIAL_TRANSFORMATION;
    }

    /// @notice Whether `criterion` may be stated under `tradeAgreement`: a non-preferential
    /// certificate states wholly obtained (WO) or last substantial transformation (LST); a
    /// preferential one states one of its agreement's criteria (WO, PE, PSR, CTC, RVC, ACU, DMI).
    function isCriterionApplicable(bytes4 criterion, bytes16 tradeAgreement) internal pure returns (bool) {
        if (tradeAgreement == NON_PREFERENTIAL) {
            return criterion == WHOLLY_OBTAINED || criterion == LAST_SUBSTANTIAL_TRANSFORMATION;
        }
        return _isPreferentialCriterion(criterion);
    }

    /// @notice Whether `agreement` is a well-formed trade agreement code: 1..16 characters of
    /// `A-Z`, `0-9` and `-`, left-aligned and zero-padded, not starting or ending with `-`
    /// (e.g. "RCEP", "CPTPP", "EU-UK-TCA", or NON_PREFERENTIAL).
    function isTradeAgreement(bytes16 agreement) internal pure returns (bool) {
        uint256 length = 0;
        while (length < 16 && agreement[length] != 0) ++length;
        if (length == 0) return false;
        if (agreement[0] == "-" || agreement[length - 1] == "-") return false;
        for (uint256 i = 0; i < 16; ++i) {
            bytes1 c = agreement[i];
            if (i >= length) {
                if (c != 0) return false; // a character after the padding
            } else if (!((c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "-")) {
                return false;
            }
        }
        return true;
    }

    /// @notice Whether `number` is a well-formed certificate number: 1..MAX_NUMBER_LENGTH bytes of
    /// printable ASCII (0x20..0x7E), not starting or ending with a space. The number is kept
    /// exactly as printed on the certificate; `keccak256(bytes(number))` is its id.
    function isCertificateNumber(string calldata number) internal pure returns (bool) {
        bytes calldata b = bytes(number);
        uint256 length = b.length;
        if (length == 0 || length > MAX_NUMBER_LENGTH) return false;
        if (b[0] == " " || b[length - 1] == " ") return false;
        for (uint256 i = 0; i < length; ++i) {
            if (b[i] < 0x20 || b[i] > 0x7e) return false;
        }
        return true;
    }

    function _isPreferentialCriterion(bytes4 criterion) private pure returns (bool) {
        return
            criterion == WHOLLY_OBTAINED ||
            criterion == PRODUCED_ENTIRELY ||
            criterion == PRODUCT_SPECIFIC_RULE ||
            criterion == CHANGE_IN_TARIFF_CLASSIFICATION ||
            criterion == REGIONAL_VALUE_CONTENT ||
            criterion == ACCUMULATION ||
            criterion == DE_MINIMIS;
    }
}
