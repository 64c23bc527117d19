// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {ILetterOfCredit} from "../interfaces/ILetterOfCredit.sol";

/// @notice The hot word of a letter of credit: everything a status check reads, in one slot.
/// @dev Layout (one storage slot, low-order bytes first, as solc packs it; a test checks it
/// against the compiler's storageLayout output):
///
///   slot 0 ┌─────────────────────────┬───────────────┬──────────────────┬────────┬────────┬────────────────────┐
///          │ beneficiary address (20)│ expiresAt u48 │ presentationDays │ phase  │ flags  │ presentationCount  │
///          │ bytes 0..19             │ 20..25        │ u16 26..27       │ u8 28  │ u8 29  │ u16 30..31         │
///          └─────────────────────────┴───────────────┴──────────────────┴────────┴────────┴────────────────────┘
///
/// `phase` is the stored stage of the life of the credit: a `Status` other than `Expired`, which is
/// only ever derived from the clock. `flags` holds the `LcFlags` bits.
struct LcCore {
    address beneficiary;
    uint48 expiresAt;
    uint16 presentationDays;
    ILetterOfCredit.Status phase;
    uint8 flags;
    uint16 presentationCount;
}

/// @notice Bits of `LcCore.flags`.
library LcFlags {
    /// @dev "about" the amount: +/-10 % tolerance (UCP 600 art. 30a).
    uint8 internal constant ABOUT_AMOUNT = 1 << 0;
    /// @dev Partial drawings allowed (art. 31a).
    uint8 internal constant PARTIALS_ALLOWED = 1 << 1;
    /// @dev Settlement waits for customs clearance at destination.
    uint8 internal constant CUSTOMS_REQUIRED = 1 << 2;
    /// @dev The confirming bank has confirmed (art. 8).
    uint8 internal constant CONFIRMED = 1 << 3;
    /// @dev The latest amendment awaits the beneficiary's answer (art. 10c).
    uint8 internal constant AMENDMENT_PENDING = 1 << 4;
}

/// @notice Everything stored about one letter of credit.
/// @dev 16 slots; the test `LetterOfCredit storage layout` checks the count and the slot-0 offsets.
///   slot 0   LcCore (above)
///   slot 1   issuingBank (20) | latestShipmentAt u48 (6) | amendmentCount u16 (2) | currency bytes3 (3) | requiredDocuments u8 (1)
///   slot 2   applicant (20) | portOfLoading bytes5 (5) | portOfDischarge bytes5 (5) | countryOfOrigin bytes2 (2)
///   slot 3   advisingBank (20) | appliedAt u48 (6) | issuedAt u48 (6)
///   slot 4   confirmingBank (20) | placeOfExpiry bytes5 (5) | incoterm bytes3 (3)
///   slot 5   settlementToken (20)
///   slot 6   fxFeed (20)
///   slot 7   amount u128 | drawn u128
///   slot 8   escrowed u128 | paid u128
///   slot 9   refunded u128 | advisingFee u128
///   slot 10  confirmationFee u128
///   slot 11  goodsHash
///   slot 12  presentations (mapping)
///   slot 13  amendments (mapping)
///   slot 14  proceedsAssignee (20) | deferredDays u16 (2)
///   slot 15  deferredVouchers (mapping): per presentation, the beneficiary's deferred-payment voucher
/// (slots 14-15 came with open-account finance, appended so the older fields stayed in place)
struct LcState {
    LcCore core;
    address issuingBank;
    uint48 latestShipmentAt;
    uint16 amendmentCount;
    bytes3 currency;
    uint8 requiredDocuments;
    address applicant;
    bytes5 portOfLoading;
    bytes5 portOfDischarge;
    bytes2 countryOfOrigin;
    address advisingBank;
    uint48 appliedAt;
    uint48 issuedAt;
    address confirmingBank;
    bytes5 placeOfExpiry;
    bytes3 incoterm;
    IERC20 settlementToken;
    AggregatorV3Interface fxFeed;
    uint128 amount;
    uint128 drawn;
    uint128 escrowed;
    uint128 paid;
    uint128 refunded;
    uint128 advisingFee;
    uint128 confirmationFee;
    bytes32 goodsHash;
    mapping(uint256 presentationId => ILetterOfCredit.PresentationRecord) presentations;
    mapping(uint256 amendmentId => ILetterOfCredit.AmendmentRecord) amendments;
    address proceedsAssignee;
    uint16 deferredDays;
    mapping(uint256 presentationId => uint256 voucherId) deferredVouchers;
}
