// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ICustomsStatus} from "../interfaces/ICustomsStatus.sol";
import {CustomsEventType} from "../types/CustomsTypes.sol";

/// @title CustomsStatusDouble
/// @notice Test double of the customs oracle's status side: tests record the events a shipment
/// reached, as the oracle would after a quorum-signed report.
contract CustomsStatusDouble is ICustomsStatus {
    struct Current {
        CustomsEventType status;
        uint48 since;
    }

    mapping(bytes32 shipmentRef => Current) private _current;
    mapping(bytes32 shipmentRef => mapping(CustomsEventType status => uint48 at)) private _reachedAt;

    mapping(bytes32 shipmentRef => bytes5 location) private _clearedAt;

    /// @notice Record that `shipmentRef` reached `status` at `at`, at UN/LOCODE `location`.
    function record(bytes32 shipmentRef, CustomsEventType status, uint48 at, bytes5 location) external {
        _current[shipmentRef] = Current({status: status, since: at});
        if (_reachedAt[shipmentRef][status] == 0) _reachedAt[shipmentRef][status] = at;
        if (status == CustomsEventType.Cleared) _clearedAt[shipmentRef] = location;
    }

    /// @inheritdoc ICustomsStatus
    function clearance(bytes32 shipmentRef) external view returns (bool cleared, uint48 at, bytes5 location) {
        Current memory c = _current[shipmentRef];
        if (c.status != CustomsEventType.Cleared) return (false, 0, bytes5(0));
        return (true, c.since, _clearedAt[shipmentRef]);
    }

    /// @inheritdoc ICustomsStatus
    function customsStatus(
        bytes32 shipmentRef
    ) external view returns (CustomsEventType status, uint48 since) {
        Current memory c = _current[shipmentRef];
        return (c.status, c.since);
    }

    /// @inheritdoc ICustomsStatus
    function hasReached(
        bytes32 shipmentRef,
        CustomsEventType status
    ) external view returns (bool reached, uint48 at) {
        at = _reachedAt[shipmentRef][status];
        reached = at != 0;
    }
}
