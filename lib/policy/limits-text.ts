import { describeLimit } from "./limits";
import type { CompiledLimit } from "./types";

/** Fixed part of an allow's explanation, e.g. "; takes set_experiment_tag_rate (30 per minute per grant)". */
export function limitsText(limits: readonly CompiledLimit[]): string {
  return limits.length === 0 ? "" : `; takes ${limits.map(describeLimit).join(", ")}`;
}
