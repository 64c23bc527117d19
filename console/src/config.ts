/**
 * What the console server tells the pages about the operator's setup (`/api/config`): the
 * `--network` the shown commands name and the member name of each account, from the members
 * file the operator tasks use (console/memberNames.ts).
 */
import { useEffect, useState } from "preact/hooks";

import { get } from "./api.ts";
import type { MemberNamer } from "./describe.ts";

export interface ConsoleConfig {
  network: string;
  memberName: MemberNamer;
}

/** The server's configuration; null until it has answered (commands need its names). */
export function useConsoleConfig(): ConsoleConfig | null {
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  useEffect(() => {
    get<{ network: string; memberNames: Record<string, string> }>("/config").then(
      (c) => {
        const names = new Map(Object.entries(c.memberNames));
        setConfig({
          network: c.network,
          memberName: (account) => names.get(account.toLowerCase()),
        });
      },
      () => undefined,
    );
  }, []);
  return config;
}
