/**
 * The guarantees of an electronic transferable record under UNCITRAL MLETR (arts. 10-11), as
 * shared specifications: any document of title (the bill of lading, a later warehouse receipt)
 * runs them against a fixture that issues one document and says how its title moves.
 *
 *   - exactly one holder at every moment (the ERC-721 owner), and the ERC-721 Transfer logs
 *     agree: counted from them, exactly one account holds the document, the owner (a document
 *     need not keep per-account balances: the bill of lading does not, see its NatSpec);
 *   - exclusive control: only the holder moves it, through the document's own title operation;
 *     plain ERC-721 transfers and approvals are refused;
 *   - integrity: the document hash fixed at issue never changes;
 *   - identify the record: its id is derived from its issuer and its reference, used once.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import type { BaseContract, ContractTransactionResponse } from "ethers";

/** The ERC-721 surface every document of title shares. */
export interface TitleToken extends BaseContract {
  ownerOf(tokenId: bigint): Promise<string>;
  getApproved(tokenId: bigint): Promise<string>;
  isApprovedForAll(owner: string, operator: string): Promise<boolean>;
  transferFrom(from: string, to: string, tokenId: bigint): Promise<ContractTransactionResponse>;
  /** May be a `view` that only refuses (the bill's is). */
  approve(to: string, tokenId: bigint): Promise<unknown>;
  setApprovalForAll(operator: string, approved: boolean): Promise<unknown>;
  "safeTransferFrom(address,address,uint256)"(
    from: string,
    to: string,
    tokenId: bigint,
  ): Promise<ContractTransactionResponse>;
  "safeTransferFrom(address,address,uint256,bytes)"(
    from: string,
    to: string,
    tokenId: bigint,
    data: string,
  ): Promise<ContractTransactionResponse>;
  connect(runner: HardhatEthersSigner): TitleToken;
}

/** One issued document and the ways its title moves, as the behaviour needs them. */
export interface DocumentOfTitleSubject {
  token: TitleToken;
  documentId: bigint;
  /** The issuer and the issuer's reference (e.g. carrier and B/L number). */
  issuer: string;
  reference: string;
  /** The id the document must have for (issuer, reference). */
  expectedId: bigint;
  /** Who holds the document right after issue. */
  firstHolder: HardhatEthersSigner;
  /** Members who may receive the document by its title operation, none of them `firstHolder`. */
  receivers: [HardhatEthersSigner, HardhatEthersSigner];
  /** A member who never holds the document. */
  stranger: HardhatEthersSigner;
  /** The document's own title transfer (the bill: an endorsement) from `from` to `to`. */
  moveTitle(from: HardhatEthersSigner, to: string): Promise<ContractTransactionResponse>;
  /** Every other thing the holder may do with the document, to try with a non-holder too. */
  holderOperations: Record<
    string,
    (by: HardhatEthersSigner) => Promise<ContractTransactionResponse>
  >;
  /** The document hash the chain holds now. */
  documentHash(): Promise<string>;
  /** The hash given at issue. */
  issuedDocumentHash: string;
  /** Issues another document with the same issuer and reference (must be refused). */
  reissueSameReference(): Promise<ContractTransactionResponse>;
  errors: {
    /** (documentId, caller, holder) */ notHolder: string;
    /** (documentId, caller) */ transferRestricted: string;
    /** (caller, operator) */ operatorsRestricted: string;
    /** anything: the reissue must be refused with this error */ referenceTaken: string;
  };
}

/** Who holds `documentId`, counted from every ERC-721 Transfer log of `token`: account -> count (non-zero only). */
async function holdingsFromTransferLogs(
  token: TitleToken,
  documentId: bigint,
): Promise<Map<string, number>> {
  const transfer = token.interface.getEvent("Transfer");
  if (transfer === null) throw new Error("the token has no ERC-721 Transfer event");
  const held = new Map<string, number>();
  for (const log of await token.queryFilter(transfer.topicHash, 0)) {
    const parsed = token.interface.parseLog(log);
    if (parsed === null || BigInt(parsed.args.getValue("tokenId") as bigint) !== documentId)
      continue;
    const from = String(parsed.args.getValue("from"));
    const to = String(parsed.args.getValue("to"));
    held.set(from, (held.get(from) ?? 0) - 1);
    held.set(to, (held.get(to) ?? 0) + 1);
  }
  held.delete("0x0000000000000000000000000000000000000000"); // the mint's source
  for (const [account, count] of held) if (count === 0) held.delete(account);
  return held;
}

/** Runs the MLETR guarantees against the document `load` issues (use `loadFixture`). */
export function shouldBehaveLikeDocumentOfTitle(load: () => Promise<DocumentOfTitleSubject>): void {
  describe("behaves like a document of title (MLETR arts. 10-11)", function () {
    describe("exactly one holder", function () {
      it("has exactly one holder from issue on: the ERC-721 owner", async function () {
        const s = await load();
        expect(await s.token.ownerOf(s.documentId)).to.equal(s.firstHolder.address);
        expect(await holdingsFromTransferLogs(s.token, s.documentId)).to.deep.equal(
          new Map([[s.firstHolder.address, 1]]),
        );
      });

      it("keeps exactly one holder through every move, the Transfer logs following", async function () {
        const s = await load();
        const [first, second] = s.receivers;
        const path: [HardhatEthersSigner, HardhatEthersSigner][] = [
          [s.firstHolder, first],
          [first, second],
        ];
        for (const [from, to] of path) {
          await expect(s.moveTitle(from, to.address))
            .to.emit(s.token, "Transfer")
            .withArgs(from.address, to.address, s.documentId);
          expect(await s.token.ownerOf(s.documentId)).to.equal(to.address);
          expect(await holdingsFromTransferLogs(s.token, s.documentId)).to.deep.equal(
            new Map([[to.address, 1]]),
          );
        }
      });
    });

    describe("exclusive control", function () {
      it("lets only the holder move the document", async function () {
        const s = await load();
        const [receiver] = s.receivers;
        for (const outsider of [receiver, s.stranger]) {
          await expect(s.moveTitle(outsider, receiver.address))
            .to.be.revertedWithCustomError(s.token, s.errors.notHolder)
            .withArgs(s.documentId, outsider.address, s.firstHolder.address);
        }
        expect(await s.token.ownerOf(s.documentId)).to.equal(s.firstHolder.address);
      });

      it("refuses every other holder operation to a non-holder", async function () {
        const s = await load();
        for (const [name, operation] of Object.entries(s.holderOperations)) {
          await expect(operation(s.stranger), name)
            .to.be.revertedWithCustomError(s.token, s.errors.notHolder)
            .withArgs(s.documentId, s.stranger.address, s.firstHolder.address);
        }
      });

      it("refuses plain ERC-721 transfers, even by the holder", async function () {
        const s = await load();
        const holder = s.firstHolder;
        const to = s.receivers[0].address;
        const token = s.token.connect(holder);
        await expect(token.transferFrom(holder.address, to, s.documentId))
          .to.be.revertedWithCustomError(s.token, s.errors.transferRestricted)
          .withArgs(s.documentId, holder.address);
        await expect(
          token["safeTransferFrom(address,address,uint256)"](holder.address, to, s.documentId),
        )
          .to.be.revertedWithCustomError(s.token, s.errors.transferRestricted)
          .withArgs(s.documentId, holder.address);
        await expect(
          token["safeTransferFrom(address,address,uint256,bytes)"](
            holder.address,
            to,
            s.documentId,
            "0x",
          ),
        )
          .to.be.revertedWithCustomError(s.token, s.errors.transferRestricted)
          .withArgs(s.documentId, holder.address);
        expect(await s.token.ownerOf(s.documentId)).to.equal(holder.address);
      });

      it("refuses approvals: nobody but the holder can ever control the document", async function () {
        const s = await load();
        const holder = s.firstHolder;
        const operator = s.receivers[0].address;
        const token = s.token.connect(holder);
        await expect(token.approve(operator, s.documentId))
          .to.be.revertedWithCustomError(s.token, s.errors.transferRestricted)
          .withArgs(s.documentId, holder.address);
        await expect(token.setApprovalForAll(operator, true))
          .to.be.revertedWithCustomError(s.token, s.errors.operatorsRestricted)
          .withArgs(holder.address, operator);
        expect(await s.token.getApproved(s.documentId)).to.equal(
          "0x0000000000000000000000000000000000000000",
        );
        expect(await s.token.isApprovedForAll(holder.address, operator)).to.equal(false);
      });
    });

    describe("integrity", function () {
      it("keeps the document hash given at issue through every move", async function () {
        const s = await load();
        expect(await s.documentHash()).to.equal(s.issuedDocumentHash);
        await s.moveTitle(s.firstHolder, s.receivers[0].address);
        await s.moveTitle(s.receivers[0], s.receivers[1].address);
        expect(await s.documentHash()).to.equal(s.issuedDocumentHash);
      });
    });

    describe("identify the record", function () {
      it("identifies the document by its issuer and reference", async function () {
        const s = await load();
        expect(s.documentId).to.equal(s.expectedId);
      });

      it("refuses a second document with the same issuer and reference", async function () {
        const s = await load();
        await expect(s.reissueSameReference()).to.be.revertedWithCustomError(
          s.token,
          s.errors.referenceTaken,
        );
        expect(await s.token.ownerOf(s.documentId)).to.equal(s.firstHolder.address);
      });
    });
  });
}
