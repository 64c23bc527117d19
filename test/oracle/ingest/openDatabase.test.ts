import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_CACHE_SIZE_MIB, openDatabase } from "../../../oracle/store/database.ts";

describe("openDatabase: a node's store settings", function () {
  let dir: string;
  beforeEach(function () {
    dir = mkdtempSync(path.join(tmpdir(), "caravel-open-"));
  });
  afterEach(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  const cacheKiB = (cacheSizeMiB?: number) => {
    const db = openDatabase(
      path.join(dir, "node.sqlite"),
      cacheSizeMiB === undefined ? {} : { cacheSizeMiB },
    );
    try {
      return (db.prepare("PRAGMA cache_size").get() as { cache_size: number }).cache_size;
    } finally {
      db.close();
    }
  };

  it("gives a store a 32 MiB page cache, not SQLite's 2 MiB: random index pages stay in memory", function () {
    expect(DEFAULT_CACHE_SIZE_MIB).to.equal(32);
    expect(cacheKiB()).to.equal(-32 * 1024);
    expect(cacheKiB(8)).to.equal(-8 * 1024);
  });

  it("refuses a page cache that is not a positive whole number of MiB, naming cacheSizeMiB", function () {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => openDatabase(path.join(dir, "x.sqlite"), { cacheSizeMiB: bad }))
        .to.throw(RangeError)
        .with.property("message")
        .that.matches(/^cacheSizeMiB must be a positive integer/);
    }
  });
});
