// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ISignatureBatchVerifier
/// @notice Verifies many signatures in one call. It lives at one fixed, precompile-style address
/// (`AcceleratorAddress.SIGNATURE_BATCH_VERIFIER`), so a consortium chain with a hardware
/// signature accelerator can put a native precompile with this ABI there and no contract changes.
///
/// Two schemes: secp256k1 ECDSA through the `ecrecover` precompile (0x01), with Ethereum's
/// low-s rule (EIP-2: `s <= n/2`, so every signature has exactly one accepted form), and
/// secp256r1/P-256 ECDSA through the EIP-7951 precompile (0x100), which accepts both `s` and
/// `n - s` as plain ECDSA does.
///
/// Two shapes:
/// - generic: every entry carries its own digest, signature and signer; the answer is a bitmap
///   of the valid entries (`verify…`) or a revert at the first invalid one (`require…`);
/// - quorum: many signatures over ONE digest, checked against a known signer list; the answer
///   is a bitmap over the signer list (`verify…Quorum`), or a revert unless every signature is
///   valid, from a distinct listed signer, and there are at least `threshold` of them
///   (`require…Quorum`).
///
/// Calldata is tightly packed (`bytes` blobs, no ABI padding per entry); big-endian throughout:
///
/// | blob                                | entry size | layout of one entry                          |
/// |-------------------------------------|-----------:|----------------------------------------------|
/// | secp256k1 generic `entries`         |        116 | digest 32 ‖ signer 20 ‖ r 32 ‖ yParity·2^255+s 32 |
/// | secp256k1 quorum `signers`          |         20 | signer address                               |
/// | secp256k1 quorum `signatures`       |         64 | r 32 ‖ yParity·2^255+s 32 (EIP-2098 compact) |
/// | P-256 generic `entries`             |        160 | digest 32 ‖ r 32 ‖ s 32 ‖ qx 32 ‖ qy 32       |
/// | P-256 quorum `keys`                 |         64 | qx 32 ‖ qy 32 (uncompressed, without 0x04)   |
/// | P-256 quorum `signatures`           |         65 | key index 1 ‖ r 32 ‖ s 32                     |
///
/// A P-256 generic entry is exactly the EIP-7951 precompile input. A secp256k1 quorum signature
/// needs no signer index: the verifier recovers the address and finds it in the list, starting
/// after the previous match (so signatures in list order cost one comparison each, and any order
/// is accepted). P-256 has no key recovery, so its quorum signatures name their key by index.
///
/// Bitmaps: bit `i` of word `i / 256` stands for entry (or signer) `i`. A quorum call takes at
/// most `MAX_QUORUM` (256) signers and 256 signatures, so its bitmaps are single words.
///
/// @dev Every function returns a value, so Solidity callers skip the `extcodesize` check they
/// make before calls with no return data: a native precompile (which has no code) at the fixed
/// address then works with unchanged callers. Implementations must be stateless (no storage, no
/// immutables): the local networks install the runtime code with `hardhat_setCode`.
interface ISignatureBatchVerifier {
    /// @notice A blob's length is not a whole number of entries of `entrySize` bytes.
    error SignatureBatchVerifierMalformedBatch(uint256 length, uint256 entrySize);
    /// @notice A quorum call got more signers or signatures than a one-word bitmap holds.
    error SignatureBatchVerifierBatchTooLarge(uint256 count, uint256 max);
    /// @notice Entry `index` is not a valid signature (by its signer, or by any listed signer).
    error SignatureBatchVerifierInvalidEntry(uint256 index);
    /// @notice Quorum signature `index` is valid but by a signer an earlier signature counted.
    error SignatureBatchVerifierDuplicateSigner(uint256 index);
    /// @notice Only `valid` distinct listed signers signed; `required` are needed.
    error SignatureBatchVerifierQuorumNotMet(uint256 valid, uint256 required);
    /// @notice The chain has no working precompile at `precompile` (EIP-2537 missing, say).
    error SignatureBatchVerifierPrecompileMissing(address precompile);

    // ----------------------------------------------------------------- generic shape

    /// @notice Which secp256k1 entries are valid (low-s, well-formed, recovering to their signer).
    /// @param entries Packed 116-byte entries: digest ‖ signer ‖ r ‖ yParity·2^255+s.
    /// @return valid Bitmap of the valid entries, ceil(n / 256) words.
    function verifySecp256k1(bytes calldata entries) external view returns (uint256[] memory valid);

    /// @notice Reverts with `SignatureBatchVerifierInvalidEntry(index)` at the first invalid
    /// secp256k1 entry; otherwise returns how many entries there were.
    function requireSecp256k1(bytes calldata entries) external view returns (uint256 count);

    /// @notice Which P-256 entries are valid signatures by their key.
    /// @param entries Packed 160-byte entries: digest ‖ r ‖ s ‖ qx ‖ qy (the EIP-7951 input).
    /// @return valid Bitmap of the valid entries, ceil(n / 256) words.
    function verifyP256(bytes calldata entries) external view returns (uint256[] memory valid);

    /// @notice Reverts with `SignatureBatchVerifierInvalidEntry(index)` at the first invalid
    /// P-256 entry; otherwise returns how many entries there were.
    function requireP256(bytes calldata entries) external view returns (uint256 count);

    // ------------------------------------------------------------------ quorum shape

    /// @notice Check secp256k1 signatures over `digest` against a signer list.
    /// @param digest The one digest every signature signs.
    /// @param signers Packed 20-byte addresses (at most 256); the caller vouches for the list
    /// (e.g. it loaded it from code it deployed, or checked a stored hash of it).
    /// @param signatures Packed 64-byte EIP-2098 compact signatures (at most 256), any order.
    /// @return signed Bitmap over `signers`: bit j = signer j gave a valid signature.
    /// @return invalidEntries Bitmap over `signatures`: bit k = signature k is malformed, high-s, or
    /// recovers to an address not in the list.
    /// @return duplicateEntries Bitmap over `signatures`: bit k = signature k is valid but its signer
    /// was already counted by an earlier signature.
    function verifySecp256k1Quorum(
        bytes32 digest,
        bytes calldata signers,
        bytes calldata signatures
    ) external view returns (uint256 signed, uint256 invalidEntries, uint256 duplicateEntries);

    /// @notice Like `verifySecp256k1Quorum`, but reverts unless every signature is valid, by a
    /// distinct listed signer, and at least `threshold` signers signed.
    /// @return signed Bitmap over `signers` of those who signed.
    function requireSecp256k1Quorum(
        bytes32 digest,
        bytes calldata signers,
        bytes calldata signatures,
        uint256 threshold
    ) external view returns (uint256 signed);

    /// @notice Check P-256 signatures over `digest` against a key list.
    /// @param keys Packed 64-byte public keys qx ‖ qy (at most 256).
    /// @param signatures Packed 65-byte entries: key index ‖ r ‖ s (at most 256), any order.
    /// @return signed Bitmap over `keys`: bit j = key j gave a valid signature.
    /// @return invalidEntries Bitmap over `signatures`: bit k = the key index is out of range or the
    /// signature does not verify under that key.
    /// @return duplicateEntries Bitmap over `signatures`: bit k = valid, but its key already counted.
    function verifyP256Quorum(
        bytes32 digest,
        bytes calldata keys,
        bytes calldata signatures
    ) external view returns (uint256 signed, uint256 invalidEntries, uint256 duplicateEntries);

    /// @notice Like `verifyP256Quorum`, but reverts unless every signature is valid, by a
    /// distinct listed key, and at least `threshold` keys signed.
    /// @return signed Bitmap over `keys` of those who signed.
    function requireP256Quorum(
        bytes32 digest,
        bytes calldata keys,
        bytes calldata signatures,
        uint256 threshold
    ) external view returns (uint256 signed);

    // ------------------------------------------------------- BLS12-381 aggregate (EIP-2537)

    /// @notice Whether `signature` is the aggregate BLS12-381 signature over `digest` of the keys
    /// selected by `signers`: keys in G1, signatures in G2, hash to G2 with the ciphersuite tag
    /// `BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_` (as Ethereum's consensus layer). The cost
    /// is one pairing check and one hash to G2 whatever the number of signers, plus one G1
    /// addition (375 gas) per signer. Sound only if every key's proof of possession was checked
    /// when the key was registered.
    /// @param keys Packed 128-byte G1 points in EIP-2537 encoding (at most 256).
    /// @param signers Bitmap over `keys`; must be non-zero and select existing keys.
    /// @param signature The aggregate signature, a 256-byte G2 point in EIP-2537 encoding.
    function verifyBls12381Aggregate(
        bytes32 digest,
        bytes calldata keys,
        uint256 signers,
        bytes calldata signature
    ) external view returns (bool valid);
}
