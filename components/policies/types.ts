// What the builder knows about a server's tools: the catalog row minus anything server-only.
export type BuilderTool = {
  name: string;
  description: string;
  class: "read" | "write" | "delete";
  risk: "low" | "medium" | "high";
  status: "active" | "quarantined" | "removed";
  inputSchema: Record<string, unknown>;
  annotations: Record<string, unknown> | null;
};

export type Issue = { pointer: string; message: string };
