/**
 * The daemons' command lines (oracle/cli/args.ts, on Node's util.parseArgs): declared options
 * only, and every mistake a UsageError naming the option.
 */
import { expect } from "chai";

import {
  flagOption,
  integerOption,
  parseArgs,
  stringOption,
  UsageError,
} from "../../../oracle/cli/args.ts";

const read = (argv: string[]) => parseArgs(argv, ["node", "limit"], ["override-authentication"]);

describe("oracle CLI arguments", function () {
  it("reads string options in both spellings, flags, and positionals", function () {
    const args = read(["quarantine", "replay", "--node", "http://n:1", "--limit=5", "17"]);
    expect(args.positional).to.deep.equal(["quarantine", "replay", "17"]);
    expect(stringOption(args, "node")).to.equal("http://n:1");
    expect(integerOption(args, "limit", 50, 1, 100)).to.equal(5);
    expect(flagOption(args, "override-authentication")).to.equal(false);
  });

  it("keeps the argument after a flag as a positional, never the flag's value", function () {
    const args = read(["replay", "--override-authentication", "17"]);
    expect(flagOption(args, "override-authentication")).to.equal(true);
    expect(args.positional).to.deep.equal(["replay", "17"]);
  });

  it("refuses a value given to a flag", function () {
    expect(() => read(["--override-authentication=17"]))
      .to.throw(UsageError)
      .with.property("shortMessage", '--override-authentication takes no value, got "17"');
  });

  it("refuses a string option without its value", function () {
    expect(() => read(["status", "--node"]))
      .to.throw(UsageError)
      .with.property("shortMessage", "--node needs a value");
  });

  it("refuses an option the command does not have, naming it", function () {
    expect(() => read(["status", "--nod", "http://n:1"]))
      .to.throw(UsageError)
      .with.property("shortMessage", "unknown option --nod");
  });

  it("refuses an integer out of range, naming the bounds", function () {
    expect(() => integerOption(read(["--limit", "0"]), "limit", 50, 1, 100))
      .to.throw(UsageError)
      .with.property("shortMessage", '--limit must be an integer from 1 to 100, got "0"');
  });
});
