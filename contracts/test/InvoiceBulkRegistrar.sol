// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IInvoiceRegistry} from "../interfaces/IInvoiceRegistry.sol";

/// @title InvoiceBulkRegistrar
/// @notice Test and benchmark helper: fills an invoice registry with many invoices quickly, each
/// one through the registry's real `register` (this contract must be an EXPORTER member).
/// @dev Synthetic fingerprints: `keccak256(abi.encode(salt, index, kind))`, kind 0 exact, 1 identity.
contract InvoiceBulkRegistrar {
    /// @notice The invoice registry this helper fills.
    IInvoiceRegistry public immutable registry;

    constructor(IInvoiceRegistry registry_) {
        registry = registry_;
    }

    /// @notice Register the synthetic invoices `first` .. `first + count - 1` of series `salt`.
    function registerMany(bytes32 salt, uint256 first, uint256 count) external {
        for (uint256 i = first; i < first + count; ++i) {
            registry.register(fingerprintsOf(salt, i));
        }
    }

    /// @notice The fingerprints of synthetic invoice `index` of series `salt`.
    function fingerprintsOf(
        bytes32 salt,
        uint256 index
    ) public pure returns (IInvoiceRegistry.Fingerprints memory) {
        return
            IInvoiceRegistry.Fingerprints({
                exact: keccak256(abi.encode(salt, index, uint256(0))),
                identity: keccak256(abi.encode(salt, index, uint256(1)))
            });
    }
}
