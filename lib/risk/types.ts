/** A tool as an MCP server lists it (tools/list), the input of classification and fingerprinting. */
export interface ToolDescriptor {
  name: string;
  description?: string;
  /** JSON Schema of the arguments (MCP `inputSchema`). */
  inputSchema?: Record<string, unknown>;
  annotations?: ToolAnnotations;
}

/** MCP tool annotations: hints from the server, useful but not trusted to lower a risk on their own. */
export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
  [key: string]: unknown;
}

export type ToolClass = "read" | "write" | "delete";
export type RiskLevel = "low" | "medium" | "high";

export interface ToolClassification {
  class: ToolClass;
  risk: RiskLevel;
  /** Short sentences saying which signals decided, for the builder's tooltip: the class's, then the risk's. */
  reasons: string[];
  /** Why the tool has its class (lower-case clauses, e.g. `the name's verb "set" changes state`). */
  classReasons: string[];
  /** Why it has its risk, within its class. */
  riskReasons: string[];
}
