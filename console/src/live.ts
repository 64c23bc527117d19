/**
 * Live updates: the indexer's head block, polled once a second; pages that depend on it
 * read again when it moves (a new block indexed).
 */
import { useEffect, useState } from "preact/hooks";

import { indexer } from "./api.ts";

export function useIndexedBlock(): number | null {
  const [block, setBlock] = useState<number | null>(null);
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      try {
        const status = await indexer.status();
        const numbers = Object.values(status).map((c) => c.block?.number ?? 0);
        if (!stopped && numbers.length > 0) setBlock(Math.min(...numbers));
      } catch {
        // The indexer is restarting: keep the last block and try again.
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  return block;
}

/**
 * `load()` at first and again whenever `key` or one of `deps` (the indexed block, say)
 * changes; its latest result or error for `key`.
 */
export function useLive<T>(load: () => Promise<T>, key: string, deps: readonly unknown[]) {
  const [state, setState] = useState<{ value?: T; error?: Error; key?: string }>({});
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setState({ value, key }),
      (error: unknown) => current && setState({ error: error as Error, key }),
    );
    return () => {
      current = false;
    };
  }, [key, ...deps]);
  return state.key === key ? state : {};
}
