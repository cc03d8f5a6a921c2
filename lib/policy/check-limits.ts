/** Static checks of limits: a max of 0, and counters shared by limits that cannot share a count. */
import type { Limit, PolicyDocument } from "@/lib/schemas/policy";
import type { PolicyWarning } from "./check-types";
import { accessEntries, accessRulePointer } from "./compile-access";
import { toolPointer } from "./json-pointer";
import { windowSecondsOf } from "./limits";

const seconds = (n: number) => (n === 1 ? "1 second" : `${n} seconds`);

function allLimits(document: PolicyDocument): { pointer: string; limit: Limit }[] {
  const found: { pointer: string; limit: Limit }[] = [];
  for (const [key, entry] of Object.entries(document.tools ?? {})) {
    // Limits of a denied or hidden tool are reported as never applying, not checked here.
    if (entry.action === "deny" || entry.action === "hide") continue;
    (entry.limits ?? []).forEach((limit, i) => found.push({ pointer: `${toolPointer(key)}/limits/${i}`, limit }));
  }
  (document.all_tools?.limits ?? []).forEach((limit, i) => found.push({ pointer: `/all_tools/limits/${i}`, limit }));
  for (const section of ["resources", "prompts"] as const) {
    for (const [key, entry] of accessEntries(document, section)) {
      if (entry.action === "deny" || entry.action === "hide") continue;
      (entry.limits ?? []).forEach((limit, i) => found.push({ pointer: `${accessRulePointer(section, key)}/limits/${i}`, limit }));
    }
  }
  return found;
}

export function checkLimits(document: PolicyDocument): PolicyWarning[] {
  const warnings: PolicyWarning[] = [];
  const firstByCounter = new Map<string, { pointer: string; limit: Limit }>();
  for (const current of allLimits(document)) {
    const { pointer, limit } = current;
    if (limit.max === 0) {
      const message = 'max 0 refuses every call; to block it, say so with "action": "deny" and a reason';
      warnings.push({ pointer: pointer + "/max", code: "max_zero", message });
    }
    const first = firstByCounter.get(limit.counter);
    if (!first) {
      firstByCounter.set(limit.counter, current);
      continue;
    }
    const window = windowSecondsOf(limit.window);
    const firstWindow = windowSecondsOf(first.limit.window);
    if (window !== firstWindow) {
      const message =
        `counter "${limit.counter}" is also used by ${first.pointer} with a window of ${seconds(firstWindow)}, ` +
        `not ${seconds(window)}; limits with different windows keep separate counts, ` +
        "so give them different counter names or the same window";
      warnings.push({ pointer: pointer + "/window", code: "counter_window_mismatch", message });
    }
    if ((limit.scope ?? "grant") !== (first.limit.scope ?? "grant")) {
      const message =
        `counter "${limit.counter}" is also used by ${first.pointer} with scope "${first.limit.scope ?? "grant"}"; ` +
        "limits with different scopes keep separate counts";
      warnings.push({ pointer: pointer + "/scope", code: "counter_scope_mismatch", message });
    }
  }
  return warnings;
}
