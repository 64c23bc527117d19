/**
 * Turns a refused transaction into "ErrorName(arg, ...)" using the ABIs of the contracts
 * involved, so the demo prints the rule that was broken rather than raw revert data.
 */
import { Interface, isError } from "ethers";

export function revertExplainer(interfaces: readonly Interface[]) {
  return (error: unknown): string => {
    const data = revertData(error);
    if (data !== undefined) {
      for (const iface of interfaces) {
        const parsed = iface.parseError(data);
        if (parsed !== null) {
          const args = parsed.args.map((a: unknown) => String(a)).join(", ");
          return `${parsed.name}(${args})`;
        }
      }
    }
    return error instanceof Error ? error.message : String(error);
  };
}

function revertData(error: unknown): string | undefined {
  if (isError(error, "CALL_EXCEPTION") && typeof error.data === "string") return error.data;
  if (typeof error === "object" && error !== null && "data" in error) {
    const data = (error as { data: unknown }).data;
    if (typeof data === "string") return data;
  }
  return undefined;
}
