/**
 * The life of a credit as one table: for every status a credit can be in and every step, either
 * the status the step leads to or the error it is refused with. Then every refusal by role, by
 * suspension and by party, and the terms an application is refused for.
 */
import { expect } from "chai";
import type { SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers/types";
import { network } from "hardhat";

import {
  LcStatus,
  type LcStatusName,
  SettlementCondition,
  statusBitmap,
} from "../../lib/trade/enums.ts";
import type { ILetterOfCredit } from "../../types/ethers-contracts/credit/LetterOfCredit.js";
import { executeGovernance, onboardingCall } from "../../lib/chain/governance.ts";
import {
  bankDiscrepancy,
  buildAmendment,
  buildDocuments,
  buildTerms,
  type CreditTermsInput,
} from "../../lib/trade/letterOfCredit.ts";
import {
  advised,
  applyFor,
  type CreditFixture,
  deployCreditFixture,
  EXPIRY,
  issued,
  presented,
  SHIPPED_ON_BOARD,
  standardPresentation,
  standardTerms,
  titleToIssuingBank,
  usd,
} from "./fixtures.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;
const DAY = 86_400;

/** Exact amount, so a full drawing closes the credit. */
const EXACT: Partial<CreditTermsInput> = { aboutAmount: false };

interface State {
  f: CreditFixture;
  lcId: bigint;
}

async function base(): Promise<CreditFixture> {
  return deployCreditFixture(ethers, networkHelpers);
}

// How to bring a fresh credit (on the base fixture) into each status. Each test group builds its
// status once and snapshots it (see below); loadFixture cannot nest, and time only moves forward.
async function none(f: CreditFixture): Promise<State> {
  return { f, lcId: 77n };
}
async function applied(f: CreditFixture): Promise<State> {
  return { f, lcId: await applyFor(f, standardTerms(f, EXACT)) };
}
async function declined(f: CreditFixture): Promise<State> {
  const s = await applied(f);
  await s.f.lc.connect(s.f.issuingBank).declineApplication(s.lcId, ethers.id("credit limit"));
  return s;
}
async function issuedState(f: CreditFixture): Promise<State> {
  return { f, lcId: await issued(f, EXACT) };
}
async function advisedState(f: CreditFixture): Promise<State> {
  return { f, lcId: await advised(f, EXACT) };
}
async function presentedState(f: CreditFixture): Promise<State> {
  const s = await advisedState(f);
  await time.increaseTo(SHIPPED_ON_BOARD + 2 * DAY);
  await presented(s.f, s.lcId);
  await s.f.lc.connect(s.f.advisingBank).examine(s.lcId);
  return s;
}
async function refusedState(f: CreditFixture): Promise<State> {
  const s = await advisedState(f);
  await time.increaseTo(SHIPPED_ON_BOARD + 2 * DAY);
  await presented(s.f, s.lcId, { invoice: undefined });
  await s.f.lc.connect(s.f.advisingBank).examine(s.lcId);
  await s.f.lc.connect(s.f.advisingBank).refuse(s.lcId, []);
  return s;
}
async function honouredState(f: CreditFixture): Promise<State> {
  const s = await presentedState(f);
  await s.f.lc.connect(s.f.advisingBank).honour(s.lcId);
  await titleToIssuingBank(s.f);
  return s;
}
async function expiredState(f: CreditFixture): Promise<State> {
  const s = await advisedState(f);
  await time.increaseTo(EXPIRY + 1);
  return s;
}
async function cancelledState(f: CreditFixture): Promise<State> {
  const s = await advisedState(f);
  const cancellation = buildAmendment({ cancellation: true, details: "cancel" });
  await s.f.lc.connect(s.f.issuingBank).proposeAmendment(s.lcId, cancellation);
  await s.f.lc.connect(s.f.exporter).acceptAmendment(s.lcId, 1n, cancellation.changes);
  return s;
}
async function closedState(f: CreditFixture): Promise<State> {
  const s = await honouredState(f);
  await s.f.lc.settle(s.lcId);
  return s;
}

type Builder = (f: CreditFixture) => Promise<State>;

const STATES: Record<LcStatusName, Builder> = {
  None: none,
  Applied: applied,
  Declined: declined,
  Issued: issuedState,
  Advised: advisedState,
  Presented: presentedState,
  Refused: refusedState,
  Honoured: honouredState,
  Expired: expiredState,
  Cancelled: cancelledState,
  Closed: closedState,
};

/** A fresh base fixture brought into a status. */
async function inState(build: Builder): Promise<State> {
  return build(await networkHelpers.loadFixture(base));
}

interface Step {
  name: string;
  allowed: LcStatusName[];
  run: (s: State) => Promise<unknown>;
  /** What happens in an allowed status: the status after, or an error (name + args) for that status. */
  outcome: Partial<
    Record<LcStatusName, LcStatusName | { error: string; args: (s: State) => unknown[] }>
  >;
}

const STEPS: Step[] = [
  {
    name: "declineApplication by the issuing bank",
    allowed: ["Applied"],
    run: (s) => s.f.lc.connect(s.f.issuingBank).declineApplication(s.lcId, ethers.ZeroHash),
    outcome: { Applied: "Declined" },
  },
  {
    name: "issue by the issuing bank",
    allowed: ["Applied"],
    run: (s) => s.f.lc.connect(s.f.issuingBank).issue(s.lcId, usd(100_000)),
    outcome: { Applied: "Issued" },
  },
  {
    name: "fund by the issuing bank",
    allowed: ["Issued", "Advised", "Presented", "Refused", "Honoured"],
    run: (s) => s.f.lc.connect(s.f.issuingBank).fund(s.lcId, usd(1)),
    outcome: {
      Issued: "Issued",
      Advised: "Advised",
      Presented: "Presented",
      Refused: "Refused",
      Honoured: "Honoured",
    },
  },
  {
    name: "advise by the advising bank",
    allowed: ["Issued"],
    run: (s) => s.f.lc.connect(s.f.advisingBank).advise(s.lcId),
    outcome: { Issued: "Advised" },
  },
  {
    name: "confirm by a bank the credit does not name",
    allowed: ["Issued", "Advised"],
    run: (s) => s.f.lc.connect(s.f.confirmingBank).confirm(s.lcId),
    outcome: {
      Issued: wrongParty("confirmingBank", () => ethers.ZeroAddress),
      Advised: wrongParty("confirmingBank", () => ethers.ZeroAddress),
    },
  },
  {
    name: "proposeAmendment by the issuing bank",
    allowed: ["Issued", "Advised"],
    run: (s) =>
      s.f.lc
        .connect(s.f.issuingBank)
        .proposeAmendment(s.lcId, buildAmendment({ presentationDays: 14, details: "14 days" })),
    outcome: { Issued: "Issued", Advised: "Advised" },
  },
  {
    name: "acceptAmendment by the beneficiary (none pending)",
    allowed: ["Issued", "Advised", "Refused"],
    run: (s) => s.f.lc.connect(s.f.exporter).acceptAmendment(s.lcId, 1n, 8),
    outcome: {
      Issued: notPending(),
      Advised: notPending(),
      Refused: notPending(),
    },
  },
  {
    name: "rejectAmendment by the beneficiary (none pending)",
    allowed: ["Issued", "Advised", "Refused"],
    run: (s) => s.f.lc.connect(s.f.exporter).rejectAmendment(s.lcId, 1n),
    outcome: {
      Issued: notPending(),
      Advised: notPending(),
      Refused: notPending(),
    },
  },
  {
    name: "present by the beneficiary",
    allowed: ["Advised", "Refused"],
    run: (s) =>
      s.f.lc.connect(s.f.exporter).present(s.lcId, buildDocuments(standardPresentation(s.f))),
    outcome: { Advised: "Presented", Refused: "Presented" },
  },
  {
    name: "examine by the examining bank",
    allowed: ["Presented"],
    run: (s) => s.f.lc.connect(s.f.advisingBank).examine(s.lcId),
    outcome: {
      Presented: { error: "LetterOfCreditAlreadyExamined", args: (s) => [s.lcId] },
    },
  },
  {
    name: "honour by the examining bank",
    allowed: ["Presented"],
    run: (s) => s.f.lc.connect(s.f.advisingBank).honour(s.lcId),
    outcome: { Presented: "Honoured" },
  },
  {
    name: "refuse by the examining bank",
    allowed: ["Presented"],
    run: (s) => s.f.lc.connect(s.f.advisingBank).refuse(s.lcId, [bankDiscrepancy("SIGNATURE")]),
    outcome: { Presented: "Refused" },
  },
  {
    name: "waiveDiscrepancies by the applicant",
    allowed: ["Refused"],
    run: (s) => s.f.lc.connect(s.f.importer).waiveDiscrepancies(s.lcId),
    outcome: { Refused: "Honoured" },
  },
  {
    name: "waiveSettlementCondition (title) by the issuing bank",
    allowed: ["Honoured"],
    run: (s) =>
      s.f.lc
        .connect(s.f.issuingBank)
        .waiveSettlementCondition(s.lcId, SettlementCondition.TitleToIssuingBank),
    outcome: { Honoured: "Honoured" },
  },
  {
    name: "settle by anyone",
    allowed: ["Honoured"],
    run: (s) => s.f.lc.connect(s.f.outsiders[0]!).settle(s.lcId),
    outcome: { Honoured: "Closed" },
  },
  {
    name: "release by anyone",
    allowed: ["Expired"],
    run: (s) => s.f.lc.connect(s.f.outsiders[0]!).release(s.lcId),
    outcome: { Expired: "Closed" },
  },
];

function wrongParty(
  caller: "confirmingBank",
  expected: () => string,
): { error: string; args: (s: State) => unknown[] } {
  return {
    error: "LetterOfCreditWrongParty",
    args: (s) => [s.lcId, s.f[caller].address, expected()],
  };
}

function notPending(): { error: string; args: (s: State) => unknown[] } {
  return { error: "LetterOfCreditAmendmentNotPending", args: (s) => [s.lcId, 1n] };
}

describe("LetterOfCredit — lifecycle", function () {
  describe("every step from every status", function () {
    for (const [statusName, build] of Object.entries(STATES) as [LcStatusName, Builder][]) {
      describe(`from ${statusName}`, function () {
        let state: State;
        let snapshot: SnapshotRestorer;
        before(async function () {
          state = await inState(build);
          snapshot = await networkHelpers.takeSnapshot();
        });
        beforeEach(async function () {
          await snapshot.restore();
        });

        for (const step of STEPS) {
          const outcome = step.outcome[statusName];
          const title =
            outcome === undefined
              ? `${step.name} is refused in ${statusName}`
              : typeof outcome === "string"
                ? `${step.name}: ${statusName} → ${outcome}`
                : `${step.name} in ${statusName} is refused with ${outcome.error}`;
          it(title, async function () {
            const s = state;
            expect(await s.f.lc.status(s.lcId)).to.equal(LcStatus[statusName]);
            if (outcome === undefined) {
              await expect(step.run(s))
                .to.be.revertedWithCustomError(s.f.lc, "LetterOfCreditUnexpectedStatus")
                .withArgs(s.lcId, LcStatus[statusName], statusBitmap(step.allowed));
            } else if (typeof outcome === "string") {
              await (await (step.run(s) as Promise<{ wait: () => Promise<unknown> }>)).wait();
              expect(await s.f.lc.status(s.lcId)).to.equal(LcStatus[outcome]);
            } else {
              await expect(step.run(s))
                .to.be.revertedWithCustomError(s.f.lc, outcome.error)
                .withArgs(...outcome.args(s));
            }
          });
        }
      });
    }
  });

  describe("who may act", function () {
    it("refuses an application from a member who is not an IMPORTER", async function () {
      const f = await networkHelpers.loadFixture(base);
      await expect(f.lc.connect(f.exporter).applyForCredit(buildTerms(standardTerms(f))))
        .to.be.revertedWithCustomError(f.registry, "ConsortiumUnauthorizedAccount")
        .withArgs(f.exporter.address, ethers.id("IMPORTER"));
    });

    it("refuses an application naming a beneficiary who is not an EXPORTER", async function () {
      const f = await networkHelpers.loadFixture(base);
      const terms = standardTerms(f, { beneficiary: f.carrier.address });
      await expect(f.lc.connect(f.importer).applyForCredit(buildTerms(terms)))
        .to.be.revertedWithCustomError(f.registry, "ConsortiumUnauthorizedAccount")
        .withArgs(f.carrier.address, ethers.id("EXPORTER"));
    });

    it("refuses an application naming banks that are not BANK members", async function () {
      const f = await networkHelpers.loadFixture(base);
      for (const field of ["issuingBank", "advisingBank", "confirmingBank"] as const) {
        const terms = standardTerms(f, { [field]: f.outsiders[0]!.address });
        await expect(f.lc.connect(f.importer).applyForCredit(buildTerms(terms)))
          .to.be.revertedWithCustomError(f.registry, "ConsortiumUnauthorizedAccount")
          .withArgs(f.outsiders[0]!.address, ethers.id("BANK"));
      }
    });

    it("refuses every bank step from an account that is no member", async function () {
      const s = await inState(issuedState);
      const outsider = s.f.outsiders[0]!;
      const lc = s.f.lc.connect(outsider);
      const BANK = ethers.id("BANK");
      const calls = [
        () => lc.declineApplication(s.lcId, ethers.ZeroHash),
        () => lc.issue(s.lcId, 1n),
        () => lc.fund(s.lcId, 1n),
        () => lc.advise(s.lcId),
        () => lc.confirm(s.lcId),
        () => lc.proposeAmendment(s.lcId, buildAmendment({ presentationDays: 9, details: "x" })),
        () => lc.examine(s.lcId),
        () => lc.honour(s.lcId),
        () => lc.refuse(s.lcId, []),
      ];
      for (const call of calls) {
        await expect(call())
          .to.be.revertedWithCustomError(s.f.registry, "ConsortiumUnauthorizedAccount")
          .withArgs(outsider.address, BANK);
      }
      await expect(lc.present(s.lcId, buildDocuments(standardPresentation(s.f))))
        .to.be.revertedWithCustomError(s.f.registry, "ConsortiumUnauthorizedAccount")
        .withArgs(outsider.address, ethers.id("EXPORTER"));
      await expect(lc.waiveDiscrepancies(s.lcId))
        .to.be.revertedWithCustomError(s.f.registry, "ConsortiumUnauthorizedAccount")
        .withArgs(outsider.address, ethers.id("IMPORTER"));
      await expect(lc.waiveSettlementCondition(s.lcId, SettlementCondition.CustomsClearance))
        .to.be.revertedWithCustomError(s.f.registry, "ConsortiumInactiveMember")
        .withArgs(outsider.address);
    });

    it("refuses a step by the right party once it is suspended, and allows it again after reinstatement", async function () {
      const s = await inState(issuedState);
      await s.f.registry.connect(s.f.admins[0]!).suspendMember(s.f.advisingBank.address, "review");
      await expect(s.f.lc.connect(s.f.advisingBank).advise(s.lcId))
        .to.be.revertedWithCustomError(s.f.registry, "ConsortiumUnauthorizedAccount")
        .withArgs(s.f.advisingBank.address, ethers.id("BANK"));
      await s.f.registry.connect(s.f.admins[0]!).reinstateMember(s.f.advisingBank.address);
      await s.f.lc.connect(s.f.advisingBank).advise(s.lcId);
      expect(await s.f.lc.status(s.lcId)).to.equal(LcStatus.Advised);
    });

    it("refuses a presentation by a suspended beneficiary", async function () {
      const s = await inState(advisedState);
      await s.f.registry.connect(s.f.admins[0]!).suspendMember(s.f.exporter.address, "sanctions");
      await expect(
        s.f.lc.connect(s.f.exporter).present(s.lcId, buildDocuments(standardPresentation(s.f))),
      )
        .to.be.revertedWithCustomError(s.f.registry, "ConsortiumUnauthorizedAccount")
        .withArgs(s.f.exporter.address, ethers.id("EXPORTER"));
    });

    it("refuses a step by a member with the right role who is not this credit's party", async function () {
      const s = await inState(applied);
      const other = s.f.advisingBank;
      await expect(s.f.lc.connect(other).issue(s.lcId, usd(100_000)))
        .to.be.revertedWithCustomError(s.f.lc, "LetterOfCreditWrongParty")
        .withArgs(s.lcId, other.address, s.f.issuingBank.address);
      const p = await inState(presentedState);
      await expect(p.f.lc.connect(p.f.issuingBank).honour(p.lcId))
        .to.be.revertedWithCustomError(p.f.lc, "LetterOfCreditWrongParty")
        .withArgs(p.lcId, p.f.issuingBank.address, p.f.advisingBank.address);
    });

    it("lets only the issuing bank waive the title condition, and only the applicant waive customs", async function () {
      const s = await inState(honouredState);
      await expect(
        s.f.lc
          .connect(s.f.importer)
          .waiveSettlementCondition(s.lcId, SettlementCondition.TitleToIssuingBank),
      )
        .to.be.revertedWithCustomError(s.f.registry, "ConsortiumUnauthorizedAccount")
        .withArgs(s.f.importer.address, ethers.id("BANK"));
      await expect(
        s.f.lc
          .connect(s.f.advisingBank)
          .waiveSettlementCondition(s.lcId, SettlementCondition.TitleToIssuingBank),
      )
        .to.be.revertedWithCustomError(s.f.lc, "LetterOfCreditWrongParty")
        .withArgs(s.lcId, s.f.advisingBank.address, s.f.issuingBank.address);
      await expect(
        s.f.lc
          .connect(s.f.issuingBank)
          .waiveSettlementCondition(s.lcId, SettlementCondition.CustomsClearance),
      )
        .to.be.revertedWithCustomError(s.f.registry, "ConsortiumUnauthorizedAccount")
        .withArgs(s.f.issuingBank.address, ethers.id("IMPORTER"));
      // This credit does not ask for customs clearance: nothing to waive.
      await expect(
        s.f.lc
          .connect(s.f.importer)
          .waiveSettlementCondition(s.lcId, SettlementCondition.CustomsClearance),
      )
        .to.be.revertedWithCustomError(s.f.lc, "LetterOfCreditConditionNotPending")
        .withArgs(s.lcId, SettlementCondition.CustomsClearance);
    });

    it("a refused call changes nothing", async function () {
      const s = await inState(applied);
      const before = {
        status: await s.f.lc.status(s.lcId),
        escrow: await s.f.lc.escrowOf(s.lcId),
        bank: await s.f.usdToken.balanceOf(s.f.issuingBank.address),
        open: await s.f.lc.openCreditCount(),
      };
      // Issue with too small a deposit: the tokens would move, then the escrow check refuses.
      await expect(s.f.lc.connect(s.f.issuingBank).issue(s.lcId, usd(99_999)))
        .to.be.revertedWithCustomError(s.f.lc, "LetterOfCreditEscrowShort")
        .withArgs(s.lcId, usd(100_000), usd(99_999));
      expect(await s.f.lc.status(s.lcId)).to.equal(before.status);
      expect(await s.f.lc.escrowOf(s.lcId)).to.deep.equal(before.escrow);
      expect(await s.f.usdToken.balanceOf(s.f.issuingBank.address)).to.equal(before.bank);
      expect(await s.f.lc.openCreditCount()).to.equal(before.open);
    });
  });

  describe("terms an application is refused for", function () {
    const invalid: {
      field: string;
      overrides: (f: CreditFixture) => Partial<ILetterOfCredit.TermsStruct>;
    }[] = [
      { field: "expiresAt", overrides: () => ({ expiresAt: 1_000, latestShipmentAt: 1_000 }) },
      {
        field: "confirmationFee",
        overrides: () => ({ confirmationFee: 1n }),
      },
    ];
    for (const c of invalid) {
      it(`refuses terms with an invalid ${c.field}`, async function () {
        const f = await networkHelpers.loadFixture(base);
        // buildTerms validates in TypeScript too; send raw terms to see the contract refuse them.
        const terms = { ...buildTerms(standardTerms(f)), ...c.overrides(f) };
        await expect(f.lc.connect(f.importer).applyForCredit(terms))
          .to.be.revertedWithCustomError(f.lc, "LetterOfCreditInvalidTerms")
          .withArgs(c.field);
      });
    }

    it("refuses a credit in favour of the applicant itself", async function () {
      const f = await networkHelpers.loadFixture(base);
      const trader = f.outsiders[1]!;
      await executeGovernance(
        f.registry,
        f.admins[0]!,
        f.admins.slice(1),
        await onboardingCall(f.registry, trader.address, {
          name: "Two-Way Traders Ltd",
          registrationId: "GB-COH-09999999",
          country: "GB",
          roles: ["IMPORTER", "EXPORTER"],
        }),
      );
      const terms = buildTerms(standardTerms(f, { beneficiary: trader.address }));
      await expect(f.lc.connect(trader).applyForCredit(terms))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditInvalidTerms")
        .withArgs("beneficiary");
    });

    it("refuses terms without the mandatory documents", async function () {
      const f = await networkHelpers.loadFixture(base);
      const terms = { ...buildTerms(standardTerms(f)), requiredDocuments: 0b011 };
      await expect(f.lc.connect(f.importer).applyForCredit(terms))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditInvalidTerms")
        .withArgs("requiredDocuments");
    });

    it("refuses terms with a zero amount, or a shipment date after expiry", async function () {
      const f = await networkHelpers.loadFixture(base);
      const good = buildTerms(standardTerms(f));
      await expect(f.lc.connect(f.importer).applyForCredit({ ...good, amount: 0n }))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditInvalidTerms")
        .withArgs("amount");
      await expect(
        f.lc.connect(f.importer).applyForCredit({ ...good, latestShipmentAt: EXPIRY + 1 }),
      )
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditInvalidTerms")
        .withArgs("latestShipmentAt");
    });

    it("refuses a conversion feed the consortium has not approved", async function () {
      const f = await networkHelpers.loadFixture(base);
      const terms = buildTerms(
        standardTerms(f, {
          settlementToken: f.cnyToken.target as string,
          fxFeed: f.usdCny.target as string,
        }),
      );
      await expect(f.lc.connect(f.importer).applyForCredit(terms))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditFxFeedNotApproved")
        .withArgs(f.usdCny.target);
    });

    it("records the application with its parties and a hash of its terms", async function () {
      const f = await networkHelpers.loadFixture(base);
      const terms = buildTerms(standardTerms(f));
      const termsHash = ethers.keccak256(
        f.lc.interface
          .encodeFunctionData("applyForCredit", [terms])
          .replace(/^0x[0-9a-f]{8}/, "0x"),
      );
      await expect(f.lc.connect(f.importer).applyForCredit(terms))
        .to.emit(f.lc, "CreditApplied")
        .withArgs(1n, f.importer.address, f.issuingBank.address, f.exporter.address, termsHash);
      const parties = await f.lc.parties(1n);
      expect(parties.applicant).to.equal(f.importer.address);
      expect(parties.beneficiary).to.equal(f.exporter.address);
      const stored = await f.lc.terms(1n);
      expect(stored.amount).to.equal(terms.amount);
      expect(stored.currency).to.equal(terms.currency);
      expect(stored.goodsHash).to.equal(terms.goodsHash);
      expect(stored.presentationDays).to.equal(21n);
    });
  });
});
