/** A list of next steps: each one's exact task command, or why there is none. */
import type { NextStep } from "../describe.ts";

export function NextSteps({ steps }: { steps: readonly NextStep[] }) {
  return (
    <>
      {steps.map((s) =>
        "command" in s ? (
          <p>
            {s.what}: <code>{s.command}</code>
          </p>
        ) : (
          <p class="unnamed">
            {s.what}: {s.unnamed}
          </p>
        ),
      )}
    </>
  );
}
