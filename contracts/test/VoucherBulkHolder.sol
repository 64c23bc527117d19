// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IInvoiceRegistry} from "../interfaces/IInvoiceRegistry.sol";
import {IPayableVoucher} from "../interfaces/IPayableVoucher.sol";

/// @title VoucherBulkHolder
/// @notice Benchmark helper: a supplier (an EXPORTER member) that fills a payable with many
/// vouchers quickly, each one through the voucher contract's real split, and passes vouchers on.
contract VoucherBulkHolder {
    /// @notice The voucher contract this helper holds vouchers of.
    IPayableVoucher public immutable vouchers;

    constructor(IPayableVoucher vouchers_) {
        vouchers = vouchers_;
    }

    /// @notice Register an invoice in `registry` as its seller.
    function registerInvoice(
        IInvoiceRegistry registry,
        IInvoiceRegistry.Fingerprints calldata fingerprints
    ) external {
        registry.register(fingerprints);
    }

    /// @notice Split `count` vouchers of `value` each off voucher `fromVoucherId`, all to itself.
    function splitMany(uint256 fromVoucherId, uint256 count, uint256 value) external {
        for (uint256 i = 0; i < count; ++i) {
            vouchers.transferFrom(fromVoucherId, address(this), value);
        }
    }

    /// @notice Split `value` off voucher `fromVoucherId` to `to`.
    function split(uint256 fromVoucherId, address to, uint256 value) external returns (uint256) {
        return vouchers.transferFrom(fromVoucherId, to, value);
    }
}
