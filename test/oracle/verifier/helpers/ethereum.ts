/** Ethereum-signed test material from ethers v6, the reference the verifier must agree with. */
import { Signature, Wallet, getBytes, hexlify, randomBytes, recoverAddress } from "ethers";

export interface EthereumSigned {
  digest: Uint8Array;
  /** 65 bytes r ‖ s ‖ v, v ∈ {27, 28}. */
  signature: Uint8Array;
  /** 64 bytes EIP-2098 r ‖ yParityAndS. */
  compact: Uint8Array;
  yParity: 0 | 1;
  /** The signer, lower-case. */
  signer: string;
  /** What ethers' `recoverAddress` makes of the signature, lower-case. */
  ethersRecovered: string;
}

export function randomWallet(): Wallet {
  return new Wallet(hexlify(randomBytes(32)));
}

/** `wallet` signs `digest` (random by default) with `signingKey.sign`. */
export function ethereumSigned(
  wallet: Wallet,
  digest: Uint8Array = randomBytes(32),
): EthereumSigned {
  const signature: Signature = wallet.signingKey.sign(digest);
  return {
    digest,
    signature: getBytes(signature.serialized),
    compact: getBytes(signature.compactSerialized),
    yParity: signature.yParity,
    signer: wallet.address.toLowerCase(),
    ethersRecovered: recoverAddress(digest, signature).toLowerCase(),
  };
}
