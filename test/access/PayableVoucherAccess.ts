/**
 * The access matrix's rows for the supply-chain finance vouchers (PayableVoucher) and the
 * invoice registry's voucher hook. The world is the voucher fixture (the importer is the
 * obligor, the exporter the tier-1 supplier holding the voucher, the issuing bank the obligor's
 * lender and the bank offered a discount) plus a second carrier, so every matrix actor exists.
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { ContractTransactionResponse } from "ethers";

import { executeGovernance, onboardingCall } from "../../lib/chain/governance.ts";
import { roleId } from "../../lib/chain/roles.ts";
import {
  cny,
  confirmPayable,
  DAY,
  deployVoucherWorld,
  registerInvoice,
  type VoucherWorld,
} from "../finance/voucherFixture.ts";
import type { AccessRow, AccessSuite, Actor, Refusal } from "./AccessMatrix.test.ts";

interface VoucherAccessWorld extends VoucherWorld {
  otherCarrier: HardhatEthersSigner;
}

const OBLIGOR = roleId("OBLIGOR");
const BANK = roleId("BANK");

export function payableVoucherSuite(
  ethers: HardhatEthers,
  actors: readonly Actor[],
): AccessSuite<VoucherAccessWorld> {
  async function fixture(): Promise<VoucherAccessWorld> {
    const w = await deployVoucherWorld(ethers);
    const otherCarrier = w.outsiders[3]!;
    await executeGovernance(
      w.registry,
      w.admins[0]!,
      w.admins.slice(1),
      await onboardingCall(w.registry, otherCarrier.address, {
        name: "Yangtze Feeder Lines Co., Ltd.",
        registrationId: "91310000MA1FEEDER1",
        country: "CN",
        roles: ["CARRIER"],
      }),
    );
    return { ...w, otherCarrier };
  }

  function signers(w: VoucherAccessWorld): Record<Actor, HardhatEthersSigner> {
    const m = (key: string) => w.members[key]!;
    const table: Record<Actor, HardhatEthersSigner> = {
      administrator: w.admins[1]!,
      issuingBank: w.bank,
      advisingBank: w.otherBank,
      exporter: w.tier1,
      importer: w.obligor,
      carrier: w.carrier,
      otherCarrier: w.otherCarrier,
      chamber: m("chamber"),
      customs: m("customs"),
      oracle1: m("oracle1"),
      insurer: m("insurer"),
      outsider: w.stranger,
    };
    for (const actor of actors) {
      if (table[actor] === undefined) throw new Error(`no voucher-world signer for ${actor}`);
    }
    return table;
  }

  /** Non-members (the administrator, the outsider) are refused as inactive before anything else. */
  function memberOr(w: VoucherAccessWorld, refusal: (by: HardhatEthersSigner) => Refusal) {
    return (by: HardhatEthersSigner): Refusal =>
      by.address === w.admins[1]!.address || by.address === w.stranger.address
        ? inactive(w)(by)
        : refusal(by);
  }

  function inactive(w: VoucherAccessWorld) {
    return (by: HardhatEthersSigner): Refusal => ({
      contract: w.vouchers,
      error: "ConsortiumInactiveMember",
      args: [by.address],
    });
  }

  function missingRole(w: VoucherAccessWorld, role: string) {
    return (by: HardhatEthersSigner): Refusal => ({
      contract: w.vouchers,
      error: "ConsortiumUnauthorizedAccount",
      args: [by.address, role],
    });
  }

  function onlyGovernance(w: VoucherAccessWorld) {
    return (by: HardhatEthersSigner): Refusal => ({
      contract: w.vouchers,
      error: "ConsortiumOnlyGovernance",
      args: [by.address],
    });
  }

  /** A holder operation on the tier-1 supplier's voucher of a fresh CNY 1,000,000 payable. */
  function holderRow(
    fn: string,
    operate: (
      w: VoucherAccessWorld,
      voucherId: bigint,
      by: HardhatEthersSigner,
    ) => Promise<ContractTransactionResponse>,
  ): AccessRow<VoucherAccessWorld> {
    return {
      fn,
      allowed: ["exporter"],
      arrange: async (w) => {
        const { voucherId } = await confirmPayable(w, ethers, cny(1_000_000));
        return {
          call: (by) => operate(w, voucherId, by),
          refusal: memberOr(w, (by) => ({
            contract: w.vouchers,
            error: "VoucherNotHolder",
            args: [voucherId, by.address, w.tier1.address],
          })),
          suspendedRefusal: inactive(w),
        };
      },
    };
  }

  const rows: readonly AccessRow<VoucherAccessWorld>[] = [
    {
      fn: "confirm",
      allowed: ["importer"],
      arrange: async (w) => {
        const request = {
          supplier: w.tier1.address,
          amount: cny(1_000),
          token: await w.cnyToken.getAddress(),
          maturity: BigInt((await ethers.provider.getBlock("latest"))!.timestamp + 90 * DAY),
          invoices: [(await registerInvoice(w, ethers)).fingerprints],
        };
        return {
          call: (by) => w.vouchers.connect(by).confirm(request),
          refusal: missingRole(w, OBLIGOR),
        };
      },
    },
    holderRow("transferFrom(voucher, to, value): split", (w, id, by) =>
      w.vouchers.connect(by)["transferFrom(uint256,address,uint256)"](id, w.tier2.address, 1n),
    ),
    {
      fn: "transferFrom(voucher, voucher, value)",
      allowed: ["exporter"],
      arrange: async (w) => {
        const { voucherId } = await confirmPayable(w, ethers, cny(1_000_000));
        const fn = w.vouchers.connect(w.tier1)["transferFrom(uint256,address,uint256)"];
        await (await fn(voucherId, w.tier2.address, 1n)).wait();
        const target = voucherId + 1n;
        return {
          call: (by) =>
            w.vouchers.connect(by)["transferFrom(uint256,uint256,uint256)"](voucherId, target, 1n),
          refusal: memberOr(w, (by) => ({
            contract: w.vouchers,
            error: "VoucherNotHolder",
            args: [voucherId, by.address, w.tier1.address],
          })),
          suspendedRefusal: inactive(w),
        };
      },
    },
    {
      fn: "merge",
      allowed: ["exporter"],
      arrange: async (w) => {
        const { voucherId } = await confirmPayable(w, ethers, cny(1_000_000));
        const fn = w.vouchers.connect(w.tier1)["transferFrom(uint256,address,uint256)"];
        await (await fn(voucherId, w.tier1.address, 1n)).wait();
        const second = voucherId + 1n;
        return {
          call: (by) => w.vouchers.connect(by).merge(second, voucherId),
          refusal: memberOr(w, (by) => ({
            contract: w.vouchers,
            error: "VoucherNotHolder",
            args: [second, by.address, w.tier1.address],
          })),
          suspendedRefusal: inactive(w),
        };
      },
    },
    holderRow("transferVoucher", (w, id, by) =>
      w.vouchers.connect(by).transferVoucher(id, w.tier2.address),
    ),
    holderRow("offerDiscount", async (w, id, by) =>
      w.vouchers
        .connect(by)
        .offerDiscount(
          id,
          w.bank.address,
          1n,
          350,
          BigInt((await ethers.provider.getBlock("latest"))!.timestamp + DAY),
        ),
    ),
    {
      fn: "withdrawOffer",
      allowed: ["exporter"],
      arrange: async (w) => {
        const { voucherId } = await offered(w);
        return {
          call: (by) => w.vouchers.connect(by).withdrawOffer(1n),
          refusal: memberOr(w, (by) => ({
            contract: w.vouchers,
            error: "VoucherNotHolder",
            args: [voucherId, by.address, w.tier1.address],
          })),
          suspendedRefusal: inactive(w),
        };
      },
    },
    {
      fn: "acceptDiscount",
      allowed: ["issuingBank"],
      arrange: async (w) => {
        await offered(w);
        return {
          call: (by) => w.vouchers.connect(by).acceptDiscount(1n, 350),
          refusal: (by) =>
            by.address === w.otherBank.address
              ? {
                  contract: w.vouchers,
                  error: "VoucherNotOfferedBank",
                  args: [1n, by.address, w.bank.address],
                }
              : missingRole(w, BANK)(by),
        };
      },
    },
    {
      fn: "fund",
      allowed: ["importer"],
      arrange: async (w) => {
        const { payableId } = await confirmPayable(w, ethers, cny(1_000_000));
        return {
          call: (by) => w.vouchers.connect(by).fund(payableId, cny(1)),
          refusal: memberOr(w, (by) => ({
            contract: w.vouchers,
            error: "VoucherNotObligor",
            args: [payableId, by.address, w.obligor.address],
          })),
          suspendedRefusal: inactive(w),
        };
      },
    },
    {
      fn: "redeem",
      allowed: ["exporter"],
      arrange: async (w) => {
        const { payableId, voucherId, maturity } = await confirmPayable(w, ethers, cny(1_000));
        await (await w.vouchers.connect(w.obligor).fund(payableId, cny(1_000))).wait();
        await ethers.provider.send("evm_setNextBlockTimestamp", [Number(maturity)]);
        await ethers.provider.send("evm_mine", []);
        return {
          call: (by) => w.vouchers.connect(by).redeem(voucherId),
          refusal: memberOr(w, (by) => ({
            contract: w.vouchers,
            error: "VoucherNotHolder",
            args: [voucherId, by.address, w.tier1.address],
          })),
          suspendedRefusal: inactive(w),
        };
      },
    },
    {
      fn: "adjustLimit",
      allowed: ["issuingBank"],
      arrange: async (w) => ({
        call: (by) => w.vouchers.connect(by).adjustLimit(w.obligor.address, cny(1)),
        refusal: (by) =>
          by.address === w.otherBank.address
            ? {
                contract: w.vouchers,
                error: "VoucherNotLender",
                args: [w.obligor.address, by.address, w.bank.address],
              }
            : missingRole(w, BANK)(by),
      }),
    },
    {
      fn: "setObligorLimit",
      allowed: [], // governance only
      arrange: async (w) => ({
        call: (by) => w.vouchers.connect(by).setObligorLimit(w.obligor.address, 1n),
        refusal: onlyGovernance(w),
      }),
    },
    {
      fn: "setLender",
      allowed: [],
      arrange: async (w) => ({
        call: (by) => w.vouchers.connect(by).setLender(w.obligor.address, w.otherBank.address),
        refusal: onlyGovernance(w),
      }),
    },
    {
      fn: "setSettlementToken",
      allowed: [],
      arrange: async (w) => ({
        call: async (by) =>
          w.vouchers.connect(by).setSettlementToken(await w.cnyToken.getAddress(), false),
        refusal: onlyGovernance(w),
      }),
    },
    {
      fn: "transferFrom (ERC-721)",
      allowed: [], // title moves only through the voucher operations, even for its holder
      arrange: async (w) => {
        const { voucherId } = await confirmPayable(w, ethers, cny(1_000));
        return {
          call: (by) => {
            const erc721Transfer = w.vouchers.connect(by)["transferFrom(address,address,uint256)"];
            return erc721Transfer.send(w.tier1.address, by.address, voucherId);
          },
          refusal: (by) => ({
            contract: w.vouchers,
            error: "VoucherTransferRestricted",
            args: [voucherId, by.address],
          }),
        };
      },
    },
    {
      fn: "InvoiceRegistry.markBacking",
      allowed: [], // the voucher contract only
      arrange: async (w) => {
        const { fingerprints } = await registerInvoice(w, ethers);
        return {
          call: (by) => w.invoices.connect(by).markBacking(w.tier1.address, fingerprints, 1n),
          refusal: (by) => ({
            contract: w.invoices,
            error: "InvoiceRegistryNotVoucherContract",
            args: [by.address, w.vouchers.target],
          }),
        };
      },
    },
  ];

  async function offered(w: VoucherAccessWorld): Promise<{ voucherId: bigint }> {
    const { voucherId } = await confirmPayable(w, ethers, cny(1_000_000));
    const expiresAt = BigInt((await ethers.provider.getBlock("latest"))!.timestamp + DAY);
    await (
      await w.vouchers
        .connect(w.tier1)
        .offerDiscount(voucherId, w.bank.address, cny(1_000), 400, expiresAt)
    ).wait();
    return { voucherId };
  }

  return {
    contract: "PayableVoucher",
    fixture,
    signers,
    suspend: async (w, member) => {
      await (await w.registry.connect(w.admins[0]!).suspendMember(member.address, "matrix")).wait();
    },
    rows,
  };
}
