import { expect } from "chai";
import {
  hashMessage,
  keccak256,
  recoverAddress,
  serializeCompactSignature,
  signatureToCompactSignature,
  toHex,
  type Hex,
} from "viem";
import { generatePrivateKey, privateKeyToAddress, sign, signMessage } from "viem/accounts";
import { createJsSigner, createNativeSigner } from "../../../oracle/chain/secp256k1Signer.ts";
import {
  eip191HashOfDigest,
  signDigest,
  signHash,
  signProposal,
} from "../../../oracle/chain/signing.ts";
import { Secret } from "../../../oracle/config/secrets.ts";
import { nativeSecp256k1Available } from "../../../oracle/verifier/index.ts";

/**
 * Digests that exercise both recovery ids and the low edge of the range. (A digest of n or more,
 * which keccak gives with probability 2^-128, is signed validly by both, but libsecp256k1 feeds it
 * to RFC 6979 unreduced and noble reduced, so their nonces differ there: see the last test.)
 */
function digests(count: number): Hex[] {
  const out: Hex[] = [`0x${"00".repeat(31)}01`, `0x${"ff".repeat(15)}fe${"00".repeat(16)}`]; // just under n
  for (let i = 0; out.length < count; i += 1) out.push(keccak256(toHex(`digest ${i}`)));
  return out;
}

describe("Signing on libsecp256k1 and @noble/curves (oracle/chain/signing.ts)", function () {
  const keys = [
    ...Array.from({ length: 6 }, () => generatePrivateKey()),
    `0x${"00".repeat(31)}01` as Hex, // the smallest secret key
  ];

  for (const [name, create] of [
    ["libsecp256k1", createNativeSigner],
    ["@noble/curves", createJsSigner],
  ] as const) {
    it(`gives, on ${name}, the very signature viem's sign gives (RFC 6979, low s, recovery id)`, async function () {
      if (name === "libsecp256k1" && !nativeSecp256k1Available()) this.skip();
      const signer = create();
      let parities = 0;
      for (const key of keys) {
        for (const digest of digests(12)) {
          const viems = await sign({ hash: digest, privateKey: key });
          const ours = signer(
            Buffer.from(digest.slice(2), "hex"),
            Buffer.from(key.slice(2), "hex"),
          );
          expect(toHex(ours.compact), `${key} ${digest}`).to.equal(`${viems.r}${viems.s.slice(2)}`);
          expect(ours.recoveryId).to.equal(viems.yParity);
          parities += ours.recoveryId;
        }
      }
      expect(parities, "both recovery ids occur").to.be.within(1, keys.length * 12 - 1);
    });
  }

  it("refuses a digest or a key of the wrong length, naming which", function () {
    const signer = createJsSigner();
    expect(() => signer(new Uint8Array(31), new Uint8Array(32).fill(1))).to.throw(
      /digest: 31 bytes/,
    );
    expect(() => signer(new Uint8Array(32), new Uint8Array(33).fill(1))).to.throw(
      /secret key: 33 bytes/,
    );
  });

  it("signs a report digest in EIP-2098 compact form, as viem's compact serialisation of its signature", async function () {
    for (const key of keys) {
      for (const digest of digests(6)) {
        const expected = serializeCompactSignature(
          signatureToCompactSignature(await sign({ hash: digest, privateKey: key })),
        );
        expect(await signDigest(digest, new Secret(key))).to.equal(expected);
      }
    }
  });

  it("signs a proposal as viem's signMessage over the raw digest, recoverable to the proposer", async function () {
    for (const key of keys.slice(0, 3)) {
      for (const digest of digests(6)) {
        const ours = signProposal(digest, new Secret(key));
        expect(ours).to.equal(await signMessage({ message: { raw: digest }, privateKey: key }));
        expect(
          await recoverAddress({ hash: hashMessage({ raw: digest }), signature: ours }),
        ).to.equal(privateKeyToAddress(key));
      }
    }
  });

  it("refuses to hash as a proposal anything but a 32-byte digest, naming the length", function () {
    expect(() => eip191HashOfDigest(`0x${"ab".repeat(31)}`)).to.throw(
      TypeError,
      "digest: 31 bytes, not 32",
    );
    expect(() => eip191HashOfDigest(`0x${"ab".repeat(33)}`)).to.throw(
      TypeError,
      "digest: 33 bytes, not 32",
    );
    const digest = `0x${"ab".repeat(32)}` as Hex;
    expect(eip191HashOfDigest(digest)).to.equal(hashMessage({ raw: digest }));
  });

  it("signs a digest of n or more validly on either engine (the signer recovers from it)", async function () {
    const digest = `0x${"ff".repeat(32)}` as Hex; // above n
    const key = keys[0]!;
    for (const create of nativeSecp256k1Available()
      ? [createNativeSigner, createJsSigner]
      : [createJsSigner]) {
      const { compact, recoveryId } = create()(
        Buffer.from(digest.slice(2), "hex"),
        Buffer.from(key.slice(2), "hex"),
      );
      const signature = `${toHex(compact)}${recoveryId === 1 ? "1c" : "1b"}` as Hex;
      expect(await recoverAddress({ hash: digest, signature })).to.equal(privateKeyToAddress(key));
    }
  });

  it("returns a transaction hash's signature in the fields viem's sign returns", async function () {
    for (const digest of digests(4)) {
      expect(signHash(digest, new Secret(keys[0]!))).to.deep.equal(
        await sign({ hash: digest, privateKey: keys[0]! }),
      );
    }
  });
});
