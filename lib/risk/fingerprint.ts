/**
 * A tool's fingerprint: sha256 (hex) of the canonical JSON of what the agent is shown — name,
 * description, input schema, annotations — so that a tool changed upstream ("rug pull") is
 * noticed. Kept apart from the evaluator because it needs node:crypto.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "@/lib/policy/canonical-json";
import type { ToolDescriptor } from "./types";

export function toolFingerprint(tool: ToolDescriptor): string {
  const shown = {
    name: tool.name,
    description: tool.description ?? "",
    inputSchema: tool.inputSchema ?? {},
    annotations: tool.annotations ?? {},
  };
  return createHash("sha256").update(canonicalJson(shown), "utf8").digest("hex");
}
