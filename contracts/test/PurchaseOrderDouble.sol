// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IPurchaseOrder} from "../interfaces/IPurchaseOrder.sol";

/// @title PurchaseOrderDouble
/// @notice Test double of the purchase orders' read side: tests put orders in any status.
contract PurchaseOrderDouble is IPurchaseOrder {
    mapping(uint256 orderId => Order) private _orders;

    /// @notice Record `orderId` as `importer`'s order with `terms`, in `status`.
    function put(uint256 orderId, address importer, OrderTerms calldata terms, OrderStatus status) external {
        Order storage o = _orders[orderId];
        o.terms = terms;
        o.importer = importer;
        o.status = status;
        o.issuedAt = uint48(block.timestamp);
        if (status == OrderStatus.Accepted) o.acceptedAt = uint48(block.timestamp);
    }

    /// @notice Move `orderId` to `status`.
    function setStatus(uint256 orderId, OrderStatus status) external {
        _orders[orderId].status = status;
    }

    /// @inheritdoc IPurchaseOrder
    function order(uint256 orderId) external view returns (Order memory) {
        Order memory o = _orders[orderId];
        require(o.status != OrderStatus.None, "unknown order");
        return o;
    }

    /// @inheritdoc IPurchaseOrder
    function orderStatus(uint256 orderId) external view returns (OrderStatus) {
        return _orders[orderId].status;
    }
}
