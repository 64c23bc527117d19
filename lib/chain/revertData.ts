/**
 * The one revert decoder, for ethers (the tasks, the demo, through decodeRevert.ts) and viem (the
 * oracle daemons) alike: `findRevertData` finds the revert data in whatever a provider or client
 * threw, `decodeErrorData` decodes it against an ABI's custom errors (viem's decoder; Error(string)
 * and Panic(uint256) built in). Depends on viem only, so the daemons load no more than that.
 */
import { type Abi, type AbiParameter, decodeErrorResult, type Hex } from "viem";
import { formatAbiItem } from "viem/utils";

/** Revert data decoded against an ABI: which error, and its arguments. */
export interface DecodedError {
  /** The Solidity error's name, e.g. "ConsortiumNotMember". */
  errorName: string;
  /** Its signature, e.g. "ConsortiumNotMember(address)". */
  signature: string;
  /** Its arguments by parameter name (integers as bigint, whatever their width). */
  args: Record<string, unknown>;
  /** Its arguments in declaration order. */
  argList: readonly unknown[];
}

type AbiError = Extract<Abi[number], { type: "error" }>;

// Solidity's built-in errors: their parameters by the names the revert table reads.
const BUILTIN_PARAMETER_NAMES: Readonly<Record<string, readonly string[]>> = {
  Error: ["message"],
  Panic: ["code"],
};

/** viem decodes integers up to 48 bits as numbers; the table reads every integer as a bigint. */
function normalized(value: unknown, parameter: AbiParameter): unknown {
  if (typeof value === "number" && /^u?int\d*$/.test(parameter.type)) return BigInt(value);
  const element = /^(.*)\[\d*\]$/.exec(parameter.type)?.[1];
  if (element !== undefined && Array.isArray(value)) {
    return value.map((v: unknown) => normalized(v, { ...parameter, type: element }));
  }
  return value;
}

/**
 * `data` decoded against `abi`'s custom errors (and Error(string), Panic(uint256)); undefined
 * when it is no error `abi` declares, or no revert data at all ("0x").
 */
export function decodeErrorData(abi: Abi, data: string): DecodedError | undefined {
  if (!/^0x([0-9a-fA-F]{2}){4,}$/.test(data)) return undefined;
  let decoded: ReturnType<typeof decodeErrorResult<Abi>>;
  try {
    decoded = decodeErrorResult({ abi, data: data as Hex });
  } catch {
    return undefined;
  }
  const abiItem = decoded.abiItem as AbiError;
  const inputs = abiItem.inputs;
  const values = (decoded.args ?? []) as readonly unknown[];
  const builtin = BUILTIN_PARAMETER_NAMES[decoded.errorName];
  const argList = inputs.map((input, i) => normalized(values[i], input));
  const args: Record<string, unknown> = {};
  inputs.forEach((input, i) => {
    const name =
      builtin?.[i] ?? (input.name !== undefined && input.name !== "" ? input.name : `arg${i}`);
    args[name] = argList[i];
  });
  return {
    errorName: decoded.errorName,
    signature: formatAbiItem(abiItem),
    args,
    argList,
  };
}

/**
 * The revert data inside an error thrown by ethers, a Hardhat provider or viem, wherever the
 * layers put it (`data`, `error.data`, `info.error.data`, viem's `raw`, down the `cause` chain).
 * "0x" for a revert without data.
 */
export function findRevertData(error: unknown): string | undefined {
  return findIn(error, 0, new Set());
}

function findIn(error: unknown, depth: number, seen: Set<object>): string | undefined {
  if (depth > 16 || error === null || typeof error !== "object" || seen.has(error)) {
    return undefined;
  }
  seen.add(error);
  const record = error as Record<string, unknown>;
  const data = record["data"];
  if (typeof data === "string" && /^0x([0-9a-fA-F]{2})*$/.test(data) && data.length >= 2) {
    return data;
  }
  const raw = record["raw"];
  if (typeof raw === "string" && /^0x([0-9a-fA-F]{2}){4,}$/.test(raw)) return raw;
  for (const key of ["data", "error", "info", "cause", "revert"]) {
    const found = findIn(record[key], depth + 1, seen);
    if (found !== undefined) return found;
  }
  return undefined;
}
