import type { ToolAccess } from "@/lib/schemas/agent-access";

// Colours of the existing badges: green, amber, red, grey.
const TONE: Record<ToolAccess, string> = { allowed: "allow", limited: "medium", approval: "require_approval", denied: "deny", hidden: "grant-expired" };

export function AccessBadge({ access }: { access: ToolAccess }) {
  return <span className={`badge ${TONE[access]}`}>{access}</span>;
}
