// The builder's starting documents. "Recommended" is the policy engine's own recommendation
// from the risk classification, so the builder and the REST API agree on what it means.
import { recommendPolicy } from "@/lib/policy/recommend-policy";
import type { Draft } from "./draft-model";
import type { BuilderTool } from "./types";

export type StartPoint = "recommended" | "read-only" | "deny-all";

export const START_POINTS: { id: StartPoint | "paste"; label: string; text: string }[] = [
  { id: "recommended", label: "Recommended", text: "Reads allowed, writes rate-limited, high-risk calls need approval, deletes hidden." },
  { id: "read-only", label: "Read-only", text: "Every read tool allowed; everything else hidden." },
  { id: "deny-all", label: "Deny all", text: "Nothing allowed: add tools one by one." },
  { id: "paste", label: "Paste JSON", text: "Start from a policy document you already have." },
];

const usable = (tools: readonly BuilderTool[]) => tools.filter((t) => t.status !== "removed");

export function startDocument(start: StartPoint, tools: readonly BuilderTool[]): Draft {
  if (start === "deny-all") return { version: "1", default: "deny" };
  if (start === "read-only") {
    const reads = usable(tools).filter((t) => t.class === "read");
    const entries = Object.fromEntries(reads.map((t) => [t.name, {}]));
    return reads.length > 0 ? { version: "1", default: "deny", tools: entries } : { version: "1", default: "deny" };
  }
  return recommendPolicy(
    usable(tools).map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema, annotations: t.annotations ?? undefined })),
  ) as Draft;
}
