import type { ToolDescriptor } from "@/lib/risk/types";

/** A finding of the static checks, at the JSON Pointer of the rule it is about. */
export interface PolicyWarning {
  pointer: string;
  code:
    | "unknown_tool"
    | "unknown_prompt"
    | "unknown_resource"
    | "pattern_matches_nothing"
    | "unknown_argument"
    | "op_type_mismatch"
    | "missing_argument_passes"
    | "shadowed"
    | "never_applies"
    | "max_zero"
    | "counter_window_mismatch"
    | "counter_scope_mismatch";
  message: string;
}

export type CatalogTool = ToolDescriptor;
