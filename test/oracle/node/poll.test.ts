import { expect } from "chai";
import { setTimeout as sleep } from "node:timers/promises";

import { startPoll } from "../../../oracle/node/poll.ts";

describe("the node's cancellable poll", function () {
  it("runs the step again after the wait it asked for", async function () {
    let steps = 0;
    const poll = startPoll(async () => (++steps >= 3 ? "stop" : 5));
    await poll.done;
    expect(steps).to.equal(3);
  });

  it("runs the next step at once when woken during a wait", async function () {
    const startedAt: number[] = [];
    const poll = startPoll(async () => {
      startedAt.push(Date.now());
      return startedAt.length >= 2 ? "stop" : 60_000;
    });
    await sleep(20);
    poll.wake();
    await poll.done;
    expect(startedAt).to.have.length(2);
    expect(startedAt[1]! - startedAt[0]!).to.be.below(5_000);
  });

  it("ends a wait at once when stopped, and starts no further step", async function () {
    let steps = 0;
    const poll = startPoll(async () => {
      steps += 1;
      return 60_000;
    });
    await sleep(20);
    poll.stop();
    await poll.done;
    poll.wake();
    await sleep(20);
    expect(steps).to.equal(1);
  });

  it("lets a step under way finish before it is done, and starts none after it", async function () {
    let finished = 0;
    let steps = 0;
    const poll = startPoll(async () => {
      steps += 1;
      await sleep(50);
      finished += 1;
      return 0;
    });
    await sleep(10);
    poll.stop();
    await poll.done;
    expect([steps, finished]).to.deep.equal([1, 1]);
  });
});
