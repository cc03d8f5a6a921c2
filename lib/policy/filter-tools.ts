import { resolveRule } from "./compile-policy";
import type { CompiledPolicy } from "./types";

/**
 * What an agent's tools/list shows: the same rules that guard calls, so a tool is listed
 * unless it is hidden or `default: deny` leaves it unnamed. Denied tools stay listed, so the
 * agent can learn why a call is refused.
 */
export function filterTools<T extends { name: string }>(policy: CompiledPolicy, tools: readonly T[]): T[] {
  return tools.filter((tool) => {
    const action = resolveRule(policy, tool.name).action;
    return action !== "hide" && action !== "unlisted";
  });
}
