// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IBillOfLadingTitle} from "../interfaces/IBillOfLadingTitle.sol";
import {IPaymentCommitment} from "../interfaces/IPaymentCommitment.sol";
import {IPurchaseOrder} from "../interfaces/IPurchaseOrder.sol";

/// @title OpenAccountMatch
/// @notice The data match of open-account trade: purchase order <-> commercial invoice <->
/// electronic bill of lading (<-> customs at destination where asked). Returns every mismatched
/// field at once, one bit per `Field`, so a refusal names all of them and the exporter can put
/// everything right in one go. Pure: the caller reads the documents, this library only compares.
/// @dev lib/trade/openAccountMatch.ts mirrors `Field` (same order) to name the bits.
library OpenAccountMatch {
    /// @notice A field that can fail to match. Each value is a bit position.
    enum Field {
        InvoiceBuyer, // 0: the invoice's buyer is not the order's importer
        InvoiceCurrency, // 1: the invoice's currency is not the order's
        InvoiceAmount, // 2: the invoice amount is further from the order's than the tolerance
        InvoiceGoods, // 3: the invoice's goods hash is not the order's
        InvoiceNotRegistered, // 4: the exporter has no Registered invoice under both fingerprints (or it backs a payable)
        BillNotActive, // 5: no bill with that id is in force (never issued, surrendered, replaced, void)
        BillCarrier, // 6: the bill's carrier is not an active CARRIER member
        BillShipper, // 7: the bill's shipper is not the order's exporter
        BillConsignee, // 8: the bill is consigned neither to the importer nor "to order"
        BillHolder, // 9: the bill is held by neither the exporter nor the importer
        PortOfLoading, // 10: the bill's port of loading is not the order's
        PortOfDischarge, // 11: the bill's port of discharge is not the order's
        ShippedLate, // 12: no shipped-on-board date, or after the order's latest shipment date
        CustomsNotCleared, // 13: customs clearance is required and the shipment is not cleared
        ClearedElsewhere, // 14: cleared, but not at the bill's port of discharge
        MaturityPassed // 15: shipped-on-board date + payment term is not in the future
    }

    /// @notice Everything the match compares, read by the caller.
    struct Inputs {
        IPurchaseOrder.Order order;
        IPaymentCommitment.InvoiceData invoice;
        bool invoiceRegistered; //             the exporter's Registered invoice under both fingerprints, backing nothing
        IBillOfLadingTitle.BillStatus billStatus;
        IBillOfLadingTitle.BillFacts bill; //  zero when the bill was never issued
        address billHolder;
        bool carrierActive;
        uint16 toleranceBps;
        bool customsRequired;
        bool cleared;
        bytes5 clearedAt;
        uint256 now_;
    }

    uint256 private constant _BPS = 10_000;

    /// @notice The bit of `field` in a mismatch bitmap.
    function bit(Field field) internal pure returns (uint256) {
        return 1 << uint8(field);
    }

    /// @notice Whether invoice amount `invoiced` is within `toleranceBps` of the order's `ordered`, either way.
    function withinTolerance(
        uint256 ordered,
        uint256 invoiced,
        uint256 toleranceBps
    ) internal pure returns (bool) {
        uint256 difference = invoiced > ordered ? invoiced - ordered : ordered - invoiced;
        return difference * _BPS <= ordered * toleranceBps;
    }

    /// @notice When a voucher for a bill shipped on board at `shippedOnBoardAt` falls due.
    function maturityOf(uint48 shippedOnBoardAt, uint16 paymentTermDays) internal pure returns (uint48) {
        return shippedOnBoardAt + uint48(paymentTermDays) * 1 days;
    }

    /// @notice Every mismatched field of `inputs`, one bit per `Field` (0: the documents match).
    function mismatches(Inputs memory inputs) internal pure returns (uint256 found) {
        IPurchaseOrder.OrderTerms memory terms = inputs.order.terms;
        IPaymentCommitment.InvoiceData memory invoice = inputs.invoice;
        if (invoice.buyer != inputs.order.importer) found |= bit(Field.InvoiceBuyer);
        if (invoice.currency != terms.currency) found |= bit(Field.InvoiceCurrency);
        if (!withinTolerance(terms.amount, invoice.amount, inputs.toleranceBps))
            found |= bit(Field.InvoiceAmount);
        if (invoice.goodsHash != terms.goodsHash) found |= bit(Field.InvoiceGoods);
        if (!inputs.invoiceRegistered) found |= bit(Field.InvoiceNotRegistered);

        if (inputs.billStatus != IBillOfLadingTitle.BillStatus.Active) found |= bit(Field.BillNotActive);
        // An unknown bill has no facts to compare; BillNotActive names it.
        if (inputs.billStatus == IBillOfLadingTitle.BillStatus.None) return found;
        IBillOfLadingTitle.BillFacts memory bill = inputs.bill;
        if (!inputs.carrierActive) found |= bit(Field.BillCarrier);
        if (bill.shipper != terms.exporter) found |= bit(Field.BillShipper);
        if (bill.consignee != address(0) && bill.consignee != inputs.order.importer) {
            found |= bit(Field.BillConsignee);
        }
        if (inputs.billHolder != terms.exporter && inputs.billHolder != inputs.order.importer) {
            found |= bit(Field.BillHolder);
        }
        if (bill.portOfLoading != terms.portOfLoading) found |= bit(Field.PortOfLoading);
        if (bill.portOfDischarge != terms.portOfDischarge) found |= bit(Field.PortOfDischarge);
        if (bill.shippedOnBoardAt == 0 || bill.shippedOnBoardAt > terms.latestShipmentAt) {
            found |= bit(Field.ShippedLate);
        }
        if (inputs.customsRequired) {
            if (!inputs.cleared) found |= bit(Field.CustomsNotCleared);
            else if (inputs.clearedAt != bill.portOfDischarge) found |= bit(Field.ClearedElsewhere);
        }
        if (maturityOf(bill.shippedOnBoardAt, terms.paymentTermDays) <= inputs.now_) {
            found |= bit(Field.MaturityPassed);
        }
    }
}
