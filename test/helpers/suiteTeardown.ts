/**
 * What runs once after the last Mocha test (wired as a root hook in `hardhat.config.ts`).
 *
 * Hardhat's test task sets the exit code and then waits for the event loop to empty, so anything
 * a test leaves open (a node process, a server, a socket) would keep the whole run alive for ever
 * instead of failing it. Here every oracle node process still running is killed, and a watchdog
 * that does not itself hold the process open names whatever still does after a grace period and
 * ends the run with a failure.
 */
import { killAllNodeProcesses, runningNodeProcesses } from "../../oracle/cli/localNetwork.ts";

/** How long the process may take to exit on its own after the last test. */
const EXIT_GRACE_MS = 30_000;

export async function afterAllTests(): Promise<void> {
  const leftover = runningNodeProcesses();
  if (leftover > 0) {
    await killAllNodeProcesses();
    console.error(
      `suite teardown: ${leftover} oracle node process(es) were still running after the last test; killed them`,
    );
    process.exitCode = 1;
  }
  setTimeout(() => {
    console.error(
      `suite teardown: the test process had not exited ${EXIT_GRACE_MS / 1000} s after the last test; ` +
        `still open: ${process.getActiveResourcesInfo().join(", ")}`,
    );
    process.exit(1);
  }, EXIT_GRACE_MS).unref();
}
