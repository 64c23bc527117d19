/**
 * The shape every task action has: connect, validate the options (refusing bad input
 * before anything is sent), run, and print — lines for people by default, one JSON object
 * with `--json`. An operator error (CaravelError) is printed as one sentence with its
 * context and hint, and the task returns a failed Result so the CLI exits 1; anything else
 * is a bug and propagates with its stack.
 */
import type { TaskArguments } from "hardhat/types/tasks";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { Result } from "hardhat/types/utils";
import { errorResult } from "hardhat/utils/result";
import type { z } from "zod";

import { type TaskContext, openContext } from "./context.ts";
import { ContractRevertError } from "../../lib/chain/decodeRevert.ts";
import { CaravelError, InvalidInputError } from "../../lib/errors/caravelError.ts";
import { memberInputs, type MemberInputs, parseOptions } from "./inputs.ts";
import { currentSink, type OutputSink, toJson } from "./output.ts";

export interface OperatorActionSpec<A, R> {
  /** The task's own options (`--json`, `--deployment` and `--send` are read here). */
  options: (inputs: MemberInputs) => z.ZodType<A, z.ZodTypeDef, unknown>;
  run: (args: A, ctx: TaskContext) => Promise<R>;
  /** The human-readable lines of a result. */
  render: (result: R, ctx: TaskContext) => string[];
}

export type OperatorAction<R> = (
  raw: TaskArguments,
  hre: HardhatRuntimeEnvironment,
) => Promise<Result<R, CaravelError>>;

export function operatorAction<A, R>(spec: OperatorActionSpec<A, R>): OperatorAction<R> {
  return async (raw, hre) => {
    const sink = currentSink();
    const json = raw["json"] === true;
    try {
      const ctx = await openContext(hre, {
        deployment: typeof raw["deployment"] === "string" ? raw["deployment"] : "",
        send: raw["send"] === true,
      });
      const args = parseOptions(spec.options(memberInputs(ctx.members)), raw);
      const result = await spec.run(args, ctx);
      if (json) sink.out(toJson(result));
      else for (const line of spec.render(result, ctx)) sink.out(line);
      return { success: true, value: result };
    } catch (error) {
      if (!(error instanceof CaravelError)) throw error;
      printError(sink, error, json);
      return errorResult(error);
    }
  };
}

export interface OfflineActionSpec<A, R> {
  options: z.ZodType<A, z.ZodTypeDef, unknown>;
  run: (args: A, hre: HardhatRuntimeEnvironment) => Promise<R>;
  render: (result: R) => string[];
}

/** A task that needs no chain (e.g. computing an invoice's fingerprints locally). */
export function offlineAction<A, R>(spec: OfflineActionSpec<A, R>): OperatorAction<R> {
  return async (raw, hre) => {
    const sink = currentSink();
    const json = raw["json"] === true;
    try {
      const result = await spec.run(parseOptions(spec.options, raw), hre);
      if (json) sink.out(toJson(result));
      else for (const line of spec.render(result)) sink.out(line);
      return { success: true, value: result };
    } catch (error) {
      if (!(error instanceof CaravelError)) throw error;
      printError(sink, error, json);
      return errorResult(error);
    }
  };
}

function printError(sink: OutputSink, error: CaravelError, json: boolean): void {
  if (json) {
    sink.out(
      toJson({
        error: {
          code: error.code,
          message: error.shortMessage,
          title: error.descriptor.title,
          meta: error.metaMessages,
          details: error.details,
          revert:
            error instanceof ContractRevertError
              ? { error: error.revert.errorName, args: error.revert.args }
              : undefined,
          runbook: error.docsPath,
        },
      }),
    );
    return;
  }
  sink.err(`Error ${error.code}: ${error.shortMessage}`);
  // Bad input is one line naming the option; there is nothing more to say.
  if (error instanceof InvalidInputError) return;
  for (const line of error.metaMessages) sink.err(`  ${line}`);
  if (error.details !== undefined) sink.err(`  Details: ${error.details}`);
  sink.err(`  Runbook: ${error.docsPath} (${error.code} ${error.descriptor.title})`);
}
