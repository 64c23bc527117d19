// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IPurchaseOrder} from "../interfaces/IPurchaseOrder.sol";

/// @title PurchaseOrderDouble
/// @notice Test double of the purchase orders: tests write an order as it would stand.
contract PurchaseOrderDouble is IPurchaseOrder {
    error PurchaseOrderDoubleUnknownOrder(uint256 orderId);

    mapping(uint256 orderId => Order) private _orders;

    /// @notice Record order `orderId` as `o`.
    function put(uint256 orderId, Order calldata o) external {
        _orders[orderId] = o;
    }

    /// @notice Move order `orderId` to `status`.
    function setStatus(uint256 orderId, OrderStatus status) external {
        _orders[orderId].status = status;
    }

    /// @inheritdoc IPurchaseOrder
    function order(uint256 orderId) external view returns (Order memory o) {
        o = _orders[orderId];
        if (o.status == OrderStatus.None) revert PurchaseOrderDoubleUnknownOrder(orderId);
    }

    /// @inheritdoc IPurchaseOrder
    function orderStatus(uint256 orderId) external view returns (OrderStatus) {
        return _orders[orderId].status;
    }
}
