/**
 * The fixed, precompile-style address of the signature batch verifier, mirroring
 * `contracts/accelerator/AcceleratorAddress.sol` (test/deploy/Caravel.test.ts
 * checks that the two agree). See that file for why this address.
 */
export const SIGNATURE_BATCH_VERIFIER_ADDRESS = "0x00000000000000000000000000000000000CA5E1";
