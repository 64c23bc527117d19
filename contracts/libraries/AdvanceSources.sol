// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IDepositToken} from "../interfaces/IDepositToken.sol";
import {ILetterOfCredit} from "../interfaces/ILetterOfCredit.sol";
import {IPreShipmentAdvance} from "../interfaces/IPreShipmentAdvance.sol";
import {IPurchaseOrder} from "../interfaces/IPurchaseOrder.sol";

/// @title AdvanceSources
/// @notice What a pre-shipment advance reads of the order or credit it rests on: whether it can
/// carry an advance, whose it is, its currency, amount and latest shipment date.
/// @dev External functions, linked into `PreShipmentAdvance`: decoding an order's and a credit's
/// terms is most of the code, and keeping it here keeps the advance contract under EIP-170. The
/// parameters are plain ABI types (addresses, the source kind as its uint8), since a library's ABI
/// names contract, enum and struct parameters by their Solidity names, which ABI readers refuse.
library AdvanceSources {
    uint256 private constant _BPS = 10_000;

    /// @notice Checks that an offer's source can carry it: eligible (an Accepted order; a credit
    /// Issued or Advised), its exporter the offer's, in the token's currency (a credit: settling
    /// in the token, without an FX feed), the limit within the agreed share of its amount.
    /// @return latestShipmentAt The source's latest shipment date.
    function check(
        address orders,
        address credits,
        uint8 sourceKind,
        uint256 sourceId,
        address exporter,
        address token,
        uint256 limit,
        uint256 shareBps
    ) external view returns (uint48 latestShipmentAt) {
        IPreShipmentAdvance.SourceKind kind = IPreShipmentAdvance.SourceKind(sourceKind);
        requireEligible(orders, credits, sourceKind, sourceId);
        uint256 amount;
        address sourceExporter;
        bytes3 sourceCurrency;
        bytes3 tokenCurrency = IDepositToken(token).currency();
        if (kind == IPreShipmentAdvance.SourceKind.PurchaseOrder) {
            IPurchaseOrder.OrderTerms memory terms = IPurchaseOrder(orders).order(sourceId).terms;
            (amount, sourceExporter, sourceCurrency) = (terms.amount, terms.exporter, terms.currency);
            latestShipmentAt = terms.latestShipmentAt;
        } else {
            ILetterOfCredit.Terms memory terms = ILetterOfCredit(credits).terms(sourceId);
            (amount, sourceExporter, sourceCurrency) = (terms.amount, terms.beneficiary, terms.currency);
            latestShipmentAt = terms.latestShipmentAt;
            // The credit pays in its settlement token at its feed's rate; an advance on it is in
            // that token without conversion, so only a credit in the token's own currency qualifies.
            if (address(terms.settlementToken) != token || address(terms.fxFeed) != address(0)) {
                revert IPreShipmentAdvance.AdvanceCurrencyMismatch(
                    kind,
                    sourceId,
                    sourceCurrency,
                    tokenCurrency
                );
            }
        }
        if (sourceExporter != exporter) {
            revert IPreShipmentAdvance.AdvanceSourceExporterMismatch(
                kind,
                sourceId,
                sourceExporter,
                exporter
            );
        }
        if (sourceCurrency != tokenCurrency) {
            revert IPreShipmentAdvance.AdvanceCurrencyMismatch(kind, sourceId, sourceCurrency, tokenCurrency);
        }
        uint256 ceiling = (amount * shareBps) / _BPS;
        if (limit > ceiling) revert IPreShipmentAdvance.AdvanceLimitAboveShare(limit, shareBps, ceiling);
    }

    /// @notice Reverts unless the source can (still) carry an advance: an Accepted order, or a
    /// credit Issued or Advised (no documents presented yet). No credits configured: refused.
    function requireEligible(
        address orders,
        address credits,
        uint8 sourceKind,
        uint256 sourceId
    ) public view {
        IPreShipmentAdvance.SourceKind kind = IPreShipmentAdvance.SourceKind(sourceKind);
        if (kind == IPreShipmentAdvance.SourceKind.PurchaseOrder) {
            IPurchaseOrder.OrderStatus status = IPurchaseOrder(orders).orderStatus(sourceId);
            if (status != IPurchaseOrder.OrderStatus.Accepted) {
                revert IPreShipmentAdvance.AdvanceSourceNotEligible(kind, sourceId, uint8(status));
            }
        } else {
            if (credits == address(0)) revert IPreShipmentAdvance.AdvanceInvalidField("sourceKind");
            ILetterOfCredit.Status status = ILetterOfCredit(credits).status(sourceId);
            if (status != ILetterOfCredit.Status.Issued && status != ILetterOfCredit.Status.Advised) {
                revert IPreShipmentAdvance.AdvanceSourceNotEligible(kind, sourceId, uint8(status));
            }
        }
    }
}
