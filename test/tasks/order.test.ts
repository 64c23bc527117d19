import { expect } from "chai";

import { demoMember } from "../../lib/chain/demoConsortium.ts";
import { INVOICE_KEY_VARIABLE } from "../../lib/env/variables.ts";
import { TASK_ERRORS } from "../../lib/errors/caravelError.ts";
import { purchaseOrderFingerprints } from "../../lib/trade/documentFingerprint.ts";
import type { AmendProposeResult } from "../../tasks/order/amendPropose.ts";
import type { IssueResult } from "../../tasks/order/issue.ts";
import type { ShowOrderResult } from "../../tasks/order/show.ts";
import {
  ConsortiumRegistry__factory,
  PurchaseOrder__factory,
} from "../../types/ethers-contracts/index.js";
import {
  addressOf,
  caravel,
  chainDate,
  type Deployment,
  ethers,
  expectNothingSent,
  failed,
  runTask,
  succeeded,
} from "./helpers.ts";

const signers = await ethers.getSigners();
const importer = signers[demoMember("importer").accountIndex]!;
const exporter = signers[demoMember("exporter").accountIndex]!;

const KEY = "0x" + "6d".repeat(32);

async function issueOptions(): Promise<Record<string, string | boolean>> {
  return {
    as: "importer",
    exporter: "exporter",
    number: "HME-PO-2025-0042",
    currency: "USD",
    amount: "486250.00",
    goods: "120 ultrasound probes, model API-US7",
    incoterm: "CIF",
    loading: "GBFXT",
    discharge: "CNSHA",
    latestShipment: await chainDate(60),
    paymentTerm: "60",
  };
}

async function issued(): Promise<Deployment> {
  const deployment = await caravel();
  succeeded(
    await runTask(["order", "issue"], { ...(await issueOptions()), send: true }, deployment),
  );
  return deployment;
}

function ordersOf(deployment: Deployment) {
  return PurchaseOrder__factory.connect(addressOf(deployment, "PurchaseOrder"), ethers.provider);
}

describe("order tasks", function () {
  let savedKey: string | undefined;
  before(function () {
    savedKey = process.env[INVOICE_KEY_VARIABLE];
    process.env[INVOICE_KEY_VARIABLE] = KEY;
  });
  after(function () {
    if (savedKey === undefined) Reflect.deleteProperty(process.env, INVOICE_KEY_VARIABLE);
    else process.env[INVOICE_KEY_VARIABLE] = savedKey;
  });

  it("issues an order, fingerprinted over the parties' registration ids under the consortium's key", async function () {
    const deployment = await caravel();
    const options = await issueOptions();
    const dryRun = await expectNothingSent(importer.address, () =>
      runTask<IssueResult>(["order", "issue"], options, deployment),
    );
    expect(succeeded(dryRun).orderId).to.equal(1n);
    expect(dryRun.out[0]).to.match(
      /^Dry run: the chain would accept this — issue purchase order HME-PO2025-0042/,
    );

    const run = await runTask<IssueResult>(
      ["order", "issue"],
      { ...options, send: true },
      deployment,
    );
    const result = succeeded(run);
    expect(result.orderId).to.equal(1n);
    const registry = ConsortiumRegistry__factory.connect(
      addressOf(deployment, "ConsortiumRegistry"),
      ethers.provider,
    );
    const expected = purchaseOrderFingerprints(
      {
        importerId: (await registry.member(importer.address)).registrationId,
        exporterId: (await registry.member(exporter.address)).registrationId,
        orderNumber: "HME-PO-2025-0042",
        amount: "486,250.00",
        currency: "USD",
        goods: "120 ultrasound probes, model API-US7",
        latestShipmentDate: String(options["latestShipment"]),
        paymentTermDays: 60,
      },
      KEY,
    );
    expect(result.fingerprints).to.deep.equal(expected);
    const order = await ordersOf(deployment).order(1n);
    expect(order.importer).to.equal(importer.address);
    expect(order.terms.exporter).to.equal(exporter.address);
    expect(order.terms.amount).to.equal(48_625_000n);
  });

  it("refuses a bad term before sending anything, naming its option", async function () {
    const deployment = await caravel();
    const cases: [string, string, RegExp][] = [
      ["incoterm", "DAT", /^--incoterm: "DAT" is not an Incoterms 2020 rule/],
      ["loading", "GBFX1", /^--loading: "GBFX1" is not a UN\/LOCODE/],
      ["latestShipment", "2020-01-01", /^--latest-shipment: "2020-01-01" is not in the future/],
      ["currency", "USX", /^--currency: "USX" is not an ISO 4217 currency code/],
      ["paymentTerm", "400", /^--payment-term: "400" is not a whole number of days from 1 to 365/],
    ];
    for (const [option, value, message] of cases) {
      const options = { ...(await issueOptions()), [option]: value, send: true };
      const run = await expectNothingSent(importer.address, () =>
        runTask(["order", "issue"], options, deployment),
      );
      const error = failed(run);
      expect(error.descriptor, option).to.equal(TASK_ERRORS.INVALID_INPUT);
      expect(error.shortMessage, option).to.match(message);
    }
    const missing = failed(
      await runTask(
        ["order", "issue"],
        { ...(await issueOptions()), goods: undefined },
        deployment,
      ),
    );
    expect(missing.shortMessage).to.match(/^--goods: is required/);
  });

  it("explains the contract's refusal of an order number used already", async function () {
    const deployment = await issued();
    const run = await runTask(["order", "issue"], await issueOptions(), deployment);
    expect(failed(run).shortMessage).to.match(
      /issued order 1 under order number HME-PO2025-0042 already/,
    );
  });

  it("walks an order through acceptance, an amendment both agree to, and a cancellation by both", async function () {
    const deployment = await issued();
    const orders = ordersOf(deployment);
    succeeded(
      await runTask(["order", "accept"], { as: "exporter", order: "1", send: true }, deployment),
    );
    expect(await orders.orderStatus(1n)).to.equal(2n);

    const proposal = succeeded(
      await runTask<AmendProposeResult>(
        ["order", "amend", "propose"],
        { as: "exporter", order: "1", latestShipment: await chainDate(75), send: true },
        deployment,
      ),
    );
    expect((await orders.pendingAmendment(1n)).termsHash).to.equal(proposal.termsHash);
    const own = await runTask(
      ["order", "amend", "accept"],
      { as: "exporter", order: "1", send: true },
      deployment,
    );
    expect(failed(own).shortMessage).to.match(/proposed the pending amendment of order 1/);
    succeeded(
      await runTask(
        ["order", "amend", "accept"],
        { as: "importer", order: "1", send: true },
        deployment,
      ),
    );
    const amended = await orders.order(1n);
    expect(amended.amendments).to.equal(1n);
    expect(amended.terms.amount).to.equal(48_625_000n);
    expect((await orders.orderFingerprints(1n)).exact).to.equal(proposal.exactFingerprint);

    const show = succeeded(
      await runTask<ShowOrderResult>(["order", "show"], { order: "1" }, deployment),
    );
    expect(show.status).to.equal("Accepted");
    expect(show.amendments).to.equal(1);
    expect(show.financedBy).to.equal(null);

    succeeded(
      await runTask(["order", "cancel"], { as: "importer", order: "1", send: true }, deployment),
    );
    const half = succeeded(
      await runTask<ShowOrderResult>(["order", "show"], { order: "1" }, deployment),
    );
    expect(half.cancellationAgreedBy).to.deep.equal([importer.address]);
    succeeded(
      await runTask(["order", "cancel"], { as: "exporter", order: "1", send: true }, deployment),
    );
    expect(await orders.orderStatus(1n)).to.equal(4n);
  });

  it("declines an order, and withdraws an amendment", async function () {
    const deployment = await issued();
    const orders = ordersOf(deployment);
    succeeded(
      await runTask(
        ["order", "amend", "propose"],
        { as: "importer", order: "1", amount: "500000.00", send: true },
        deployment,
      ),
    );
    succeeded(
      await runTask(
        ["order", "amend", "withdraw"],
        { as: "importer", order: "1", send: true },
        deployment,
      ),
    );
    expect((await orders.pendingAmendment(1n)).proposer).to.equal(ethers.ZeroAddress);
    succeeded(
      await runTask(["order", "decline"], { as: "exporter", order: "1", send: true }, deployment),
    );
    expect(await orders.orderStatus(1n)).to.equal(3n);
    const again = await runTask(["order", "accept"], { as: "exporter", order: "1" }, deployment);
    expect(failed(again).shortMessage).to.match(/order 1 is Declined; this needs it Issued/);
  });

  it("shows an order for people", async function () {
    const deployment = await issued();
    const run = await runTask(["order", "show"], { order: "1" }, deployment);
    succeeded(run);
    expect(run.out[0]).to.equal("Purchase order 1: Issued");
    expect(run.out.join("\n")).to.include("486,250.00 USD");
    expect(run.out.join("\n")).to.include("CIF (Incoterms 2020), GBFXT to CNSHA");
    expect(run.out.join("\n")).to.include("backs no facility");
    const unknown = await runTask(["order", "show"], { order: "9" }, deployment);
    expect(failed(unknown).shortMessage).to.match(/no purchase order has id 9/);
  });
});
