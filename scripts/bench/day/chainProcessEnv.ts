/**
 * Environment the day's chain process (chainServer.ts) starts with, beside the bench's own.
 *
 * EDR (Hardhat's embedded chain, Rust) allocates through mimalloc, and its tracer records every
 * executed instruction of every transaction (for Solidity stack traces; the provider has no
 * setting against it), so each transaction allocates and frees megabytes. By default mimalloc
 * hands freed memory back to the kernel after 10 ms, and takes it again for the next
 * transaction: in a profile of the day at 0.01 a quarter of EDR's thread was the kernel zeroing
 * those pages anew (`clear_page_erms` under page faults). `MIMALLOC_PURGE_DELAY=-1` keeps freed
 * memory for reuse: the chain process holds its high-water mark (the deployment's, about 270 MB
 * more at the day's start) instead of returning and refaulting it. mimalloc reads its options
 * from the environment when it loads, before any script runs, so they are set here, on the
 * process's start. Measured in docs/BENCHMARKS.md ("The chain's side"). A value already in the
 * environment wins.
 */
export const CHAIN_PROCESS_ENV: Readonly<Record<string, string>> = {
  MIMALLOC_PURGE_DELAY: "-1",
};
