import { expect } from "chai";
import { DatabaseSync } from "node:sqlite";
import { openDatabase } from "../../../oracle/store/database.ts";
import { GroupCommit } from "../../../oracle/store/groupCommit.ts";
import { tempStore, type TempStore } from "./helpers/fixtures.ts";

describe("GroupCommit", function () {
  let store: TempStore;
  beforeEach(function () {
    store = tempStore("caravel-group-");
    store.db.exec("CREATE TABLE t (v INTEGER NOT NULL)");
  });
  afterEach(function () {
    store.close();
  });

  const insert = (v: number | null) => () =>
    Number(store.db.prepare("INSERT INTO t (v) VALUES (?)").run(v).lastInsertRowid);
  const values = () =>
    (store.db.prepare("SELECT v FROM t ORDER BY rowid").all() as { v: number }[]).map((r) => r.v);

  it("commits the work of one event-loop turn in one transaction, in arrival order", async function () {
    const sizes: number[] = [];
    const group = new GroupCommit(store.db, { onCommit: (n) => sizes.push(n) });
    const results = await Promise.all([1, 2, 3, 4].map((v) => group.run(insert(v))));
    expect(results).to.deep.equal([1, 2, 3, 4]);
    expect(sizes).to.deep.equal([4]);
    expect(values()).to.deep.equal([1, 2, 3, 4]);
  });

  it("undoes only the piece that throws; the others commit", async function () {
    const group = new GroupCommit(store.db);
    const outcomes = await Promise.allSettled([
      group.run(insert(1)),
      group.run(() => {
        insert(2)();
        throw new Error("second fails");
      }),
      group.run(insert(null)), // NOT NULL violation
      group.run(insert(4)),
    ]);
    expect(outcomes.map((o) => o.status)).to.deep.equal([
      "fulfilled",
      "rejected",
      "rejected",
      "fulfilled",
    ]);
    expect(values()).to.deep.equal([1, 4]);
  });

  it("answers nobody with success when the transaction cannot be committed", async function () {
    const locker = new DatabaseSync(store.dbPath);
    locker.exec("PRAGMA busy_timeout = 0");
    locker.exec("BEGIN IMMEDIATE");
    const impatient = openDatabase(store.dbPath, { busyTimeoutMs: 0 });
    try {
      const group = new GroupCommit(impatient);
      const outcomes = await Promise.allSettled([
        group.run(() => impatient.prepare("INSERT INTO t (v) VALUES (1)").run()),
        group.run(() => impatient.prepare("INSERT INTO t (v) VALUES (2)").run()),
      ]);
      expect(outcomes.map((o) => o.status)).to.deep.equal(["rejected", "rejected"]);
    } finally {
      locker.exec("ROLLBACK");
      locker.close();
      impatient.close();
    }
    expect(values()).to.deep.equal([]);
  });

  it("splits a long queue into batches of at most maxBatch", async function () {
    const sizes: number[] = [];
    const group = new GroupCommit(store.db, { maxBatch: 3, onCommit: (n) => sizes.push(n) });
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((v) => group.run(insert(v))));
    expect(sizes).to.deep.equal([3, 3, 1]);
    expect(values()).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
    expect(() => new GroupCommit(store.db, { maxBatch: 0 })).to.throw(RangeError);
  });
});
