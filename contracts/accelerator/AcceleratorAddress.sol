// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title AcceleratorAddress
/// @notice The one place that names the fixed, precompile-style address of the signature
/// batch verifier (`ISignatureBatchVerifier`).
/// @dev `0x…000CA5E1` ("case 1"). It is chosen to sit outside every precompile range we know of:
///   - Ethereum: 0x01–0x11 (ecrecover … BLS12-381 map, EIP-2537) and 0x100 (P-256, EIP-7951);
///   - ChainMaker: 0x3E8–0x3EF;
///   - FISCO BCOS: 0x1000–0x100E and 0x5003–0x5006;
///   - and, for good measure, every "kernel space" below 2^16 (zkSync system contracts
///     0x8000–0xFFFF, Arbitrum 0x64–0xFF, Moonbeam 0x400–0x80F, Hedera 0x167–0x16A).
/// It is above 2^16 and below 2^20, so it is still visibly a precompile-style address and no
/// externally-owned account or CREATE/CREATE2 address will ever land on it.
///
/// On local networks the Solidity shim `SignatureBatchVerifier` is installed here with
/// `hardhat_setCode` (see `deploy/installAccelerator.ts`); a consortium chain puts the same
/// runtime code here in its genesis, or a native precompile with the same ABI. The TypeScript
/// mirror is `deploy/acceleratorAddress.ts`, and a test checks that the two agree.
library AcceleratorAddress {
    /// @notice Where `ISignatureBatchVerifier` lives.
    address internal constant SIGNATURE_BATCH_VERIFIER = 0x00000000000000000000000000000000000CA5E1;
}
