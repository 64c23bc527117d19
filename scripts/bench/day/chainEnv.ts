// The environment the embedded chain (Hardhat's EDR) runs in wherever this project measures it at
// scale: the trading day's chain process (day.ts) and the chain's state-growth benchmark
// (scripts/bench/chain/state-growth.bench.ts). EDR's native module reads them from its process's
// environment (mimalloc's when it loads, the state cache's when a provider is made), so they are
// set before the process starts; a value already there wins, to compare.

/**
 * The embedded chain's allocator setting. EDR's native module allocates with mimalloc 3.3, which
 * reads `MIMALLOC_*` from the environment at load (`MIMALLOC_VERBOSE=1` prints what it read).
 * By default it purges memory freed for a second by decommitting it (MADV_DONTNEED), so the next
 * transactions fault the pages in again and the kernel zeroes each one: in a `perf` profile a
 * third of EDR's thread was the kernel, `clear_page_erms`, and the slower the day (a loaded
 * machine), the more pages age past the second. `MIMALLOC_PURGE_DELAY=-1` never purges: freed
 * pages are reused as they are. Measured (one run each; gas per operation unchanged): at 0.01
 * (load 10-30) EDR's thread 1.73 → 0.95 ms a transaction, the chain's CPU for the day 16.6 → 10.1
 * s, peak RSS 824 → 901 MB; at 0.03 the day completes (36.0 CPU seconds, peak RSS 1,644 MB), and
 * over the same 11,300 transactions default and purge-by-reset runs side by side took 3.73 and 1.43
 * ms. Purging by reset (`MIMALLOC_PURGE_DECOMMITS=0`, MADV_FREE) keeps freed pages reclaimable
 * under memory pressure but still costs a madvise per purge; its peak RSS was no lower (909 and
 * 1,701 MB), so the cheaper setting is taken (docs/BENCHMARKS.md "The chain's side").
 * `MIMALLOC_ALLOW_THP=0`: mimalloc otherwise backs its arenas with transparent huge pages, and a
 * 2 MB page stays resident while any byte of it is live. In the first full-scale day (never
 * purging) 11.8 GB of the chain's 21.3 GB resident were huge pages, and the chain held 38.7 GB
 * (RAM and swap) after 393,000 of the bench's transactions; with huge pages off, 32.7 GB after as
 * many, the first half of the day 976 s against 1,003 s (one run each, quiet machine). Tried on
 * again in session 12 with the state cache bounded (below), for fewer TLB misses over the 14 GB
 * heap: EDR's thread 306 s against 295 s over the first 199,316 transactions of a full day, at the
 * same RSS. A value in the day's own environment wins, to compare.
 */
export const CHAIN_ALLOCATOR_ENV = { MIMALLOC_PURGE_DELAY: "-1", MIMALLOC_ALLOW_THP: "0" };
/**
 * How many blocks' states the embedded chain keeps ready. EDR caches the whole state after every
 * block (an LRU of 100,000 by default, read from `__EDR_MAX_CACHED_STATES` when the provider is
 * made) so that a read at any block is answered at once. The states share what did not change,
 * but each keeps the trie nodes its block replaced: at 0.03 that was 22 of the 36 kB the chain
 * kept a transaction, and the share grows with the state (the tries deepen), so at full scale the
 * chain kept ~83 kB a transaction, ~65 GB for the day. A block no longer cached is still answered,
 * exactly: EDR rebuilds its state from the per-block changes it keeps from genesis, which costs
 * time in proportion to the chain's length. The day reads the latest state, and the oracle nodes
 * read a few blocks back (their head, a reverted report's parent block); 256 blocks is about 15 s
 * of the day at full pace. Measured at 0.03 (docs/BENCHMARKS.md "Memory at full scale"): at 8
 * states the nodes' reads fell out of the cache (eth_call 126 s answering against 22) and the
 * chain's thread used half as much CPU again; at 64, none did. A value in the day's own
 * environment wins, to compare.
 */
export const CHAIN_STATE_CACHE_ENV = { __EDR_MAX_CACHED_STATES: "256" };
