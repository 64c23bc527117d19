/**
 * Where a task's lines go, and how values are written. By default lines go to the
 * process's stdout (results) and stderr (errors); `captureOutput` runs a function with a
 * sink of its own (tests, the demo), scoped to that call through AsyncLocalStorage, so
 * nothing global is swapped.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export { formatCount, formatTime } from "../../lib/text/format.ts";

export interface OutputSink {
  out(line: string): void;
  err(line: string): void;
}

const processSink: OutputSink = {
  out: (line) => void process.stdout.write(line + "\n"),
  err: (line) => void process.stderr.write(line + "\n"),
};

const scopedSink = new AsyncLocalStorage<OutputSink>();

/** The sink of the current call: the captured one inside `captureOutput`, else the process. */
export function currentSink(): OutputSink {
  return scopedSink.getStore() ?? processSink;
}

export interface Captured<T> {
  value: T;
  out: string[];
  err: string[];
}

/** Run `fn` with its task output collected instead of printed. */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<Captured<T>> {
  const out: string[] = [];
  const err: string[] = [];
  const value = await scopedSink.run({ out: (l) => out.push(l), err: (l) => err.push(l) }, fn);
  return { value, out, err };
}

/** JSON for scripts: bigints as decimal strings, everything else as JSON has it. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/** Rows as aligned columns; the first row is the header. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
}
