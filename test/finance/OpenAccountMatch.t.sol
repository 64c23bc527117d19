// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IBillOfLadingTitle} from "../../contracts/interfaces/IBillOfLadingTitle.sol";
import {IInvoiceRegistry} from "../../contracts/interfaces/IInvoiceRegistry.sol";
import {IPaymentCommitment} from "../../contracts/interfaces/IPaymentCommitment.sol";
import {IPurchaseOrder} from "../../contracts/interfaces/IPurchaseOrder.sol";
import {OpenAccountMatch} from "../../contracts/libraries/OpenAccountMatch.sol";

/// @notice Fuzz the open-account match: the amount tolerance accepts exactly the band around the
/// order's amount, and any one field put wrong in an otherwise matching presentation is named
/// alone (no field hides another, none is named that was not wrong).
contract OpenAccountMatchTest {
    error ToleranceWrong(uint256 ordered, uint256 invoiced, uint256 bps, bool expected);
    error NamedWrong(uint256 field, uint256 expected, uint256 actual);

    address private constant IMPORTER = address(0x1111);
    address private constant EXPORTER = address(0x2222);
    uint256 private constant NOW = 1_800_000_000;
    uint256 private constant FIELDS = 16;

    function testFuzz_toleranceAcceptsExactlyTheBand(
        uint128 ordered,
        uint16 bpsSeed,
        uint128 invoiced
    ) public pure {
        uint256 bps = uint256(bpsSeed) % 10_001;
        uint256 band = (uint256(ordered) * bps) / 10_000; // at most `ordered`: bps <= 100 %
        bool expected = uint256(invoiced) + band >= ordered && invoiced <= uint256(ordered) + band;
        if (OpenAccountMatch.withinTolerance(ordered, invoiced, bps) != expected) {
            revert ToleranceWrong(ordered, invoiced, bps, expected);
        }
    }

    function testFuzz_oneWrongFieldIsNamedAlone(uint256 fieldSeed, bytes32 noise) public pure {
        OpenAccountMatch.Inputs memory inputs = _matching();
        uint256 field = fieldSeed % FIELDS;
        _spoil(inputs, OpenAccountMatch.Field(field), noise);
        uint256 found = OpenAccountMatch.mismatches(inputs);
        if (found != OpenAccountMatch.bit(OpenAccountMatch.Field(field))) {
            revert NamedWrong(field, OpenAccountMatch.bit(OpenAccountMatch.Field(field)), found);
        }
    }

    function test_aMatchingPresentationNamesNothing() public pure {
        uint256 found = OpenAccountMatch.mismatches(_matching());
        if (found != 0) revert NamedWrong(FIELDS, 0, found);
    }

    function _matching() private pure returns (OpenAccountMatch.Inputs memory inputs) {
        inputs.order = IPurchaseOrder.Order({
            terms: IPurchaseOrder.OrderTerms({
                exporter: EXPORTER,
                orderNumber: bytes32(uint256(1)),
                currency: "CNY",
                amount: 1_000_000,
                goodsHash: keccak256("goods"),
                incoterm: "FOB",
                portOfLoading: "GBFXT",
                portOfDischarge: "CNSHA",
                latestShipmentAt: uint48(NOW),
                paymentTermDays: 60
            }),
            importer: IMPORTER,
            status: IPurchaseOrder.OrderStatus.Accepted,
            issuedAt: uint48(NOW - 10 days),
            acceptedAt: uint48(NOW - 9 days),
            amendments: 0
        });
        inputs.invoice = IPaymentCommitment.InvoiceData({
            fingerprints: IInvoiceRegistry.Fingerprints(keccak256("exact"), keccak256("identity")),
            buyer: IMPORTER,
            currency: "CNY",
            amount: 1_000_000,
            goodsHash: keccak256("goods")
        });
        inputs.invoiceRegistered = true;
        inputs.billStatus = IBillOfLadingTitle.BillStatus.Active;
        inputs.bill = IBillOfLadingTitle.BillFacts({
            carrier: address(0x3333),
            shipmentRef: keccak256("shipment"),
            shipper: EXPORTER,
            consignee: address(0),
            portOfLoading: "GBFXT",
            portOfDischarge: "CNSHA",
            shippedOnBoardAt: uint48(NOW - 1 days),
            documentHash: keccak256("bill")
        });
        inputs.billHolder = EXPORTER;
        inputs.carrierActive = true;
        inputs.toleranceBps = 500;
        inputs.customsRequired = true;
        inputs.cleared = true;
        inputs.clearedAt = "CNSHA";
        inputs.now_ = NOW;
    }

    /// @dev Puts `field` wrong, using `noise` where any wrong value will do.
    function _spoil(
        OpenAccountMatch.Inputs memory inputs,
        OpenAccountMatch.Field field,
        bytes32 noise
    ) private pure {
        address stranger = address(uint160(uint256(keccak256(abi.encode(noise)))) | 1);
        if (stranger == IMPORTER || stranger == EXPORTER) stranger = address(0x4444);
        bytes32 otherHash = keccak256(abi.encode("other", noise));
        if (field == OpenAccountMatch.Field.InvoiceBuyer) inputs.invoice.buyer = stranger;
        else if (field == OpenAccountMatch.Field.InvoiceCurrency) inputs.invoice.currency = "USD";
        else if (field == OpenAccountMatch.Field.InvoiceAmount) {
            // Beyond 5 % either way: 50,001 to 1,000,000 off.
            uint128 off = 50_001 + uint128(uint256(noise) % 950_000);
            inputs.invoice.amount = uint256(noise) % 2 == 0 ? 1_000_000 + off : 1_000_000 - off;
        } else if (field == OpenAccountMatch.Field.InvoiceGoods) inputs.invoice.goodsHash = otherHash;
        else if (field == OpenAccountMatch.Field.InvoiceNotRegistered) inputs.invoiceRegistered = false;
        else if (field == OpenAccountMatch.Field.BillNotActive) {
            // Any status but Active and None (None has no facts to compare at all).
            inputs.billStatus = IBillOfLadingTitle.BillStatus(2 + (uint256(noise) % 4));
        } else if (field == OpenAccountMatch.Field.BillCarrier) inputs.carrierActive = false;
        else if (field == OpenAccountMatch.Field.BillShipper) inputs.bill.shipper = stranger;
        else if (field == OpenAccountMatch.Field.BillConsignee) inputs.bill.consignee = stranger;
        else if (field == OpenAccountMatch.Field.BillHolder) inputs.billHolder = stranger;
        else if (field == OpenAccountMatch.Field.PortOfLoading) inputs.bill.portOfLoading = "NLRTM";
        else if (field == OpenAccountMatch.Field.PortOfDischarge) {
            inputs.bill.portOfDischarge = "SGSIN";
            inputs.clearedAt = "SGSIN"; // cleared where the bill says: only the port is wrong
        } else if (field == OpenAccountMatch.Field.ShippedLate) {
            inputs.bill.shippedOnBoardAt = uint48(NOW + 1 + (uint256(noise) % 1 days));
        } else if (field == OpenAccountMatch.Field.CustomsNotCleared) inputs.cleared = false;
        else if (field == OpenAccountMatch.Field.ClearedElsewhere) inputs.clearedAt = "GBFXT";
        else if (field == OpenAccountMatch.Field.MaturityPassed) {
            inputs.now_ = NOW - 1 days + 60 days + (uint256(noise) % 365 days);
        }
    }
}
