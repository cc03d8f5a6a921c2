export { compilePolicy, resolveRule, DEFAULT_RULE_ID } from "./compile-policy";
export { evaluate } from "./evaluate";
export { refusedByLimit } from "./decisions";
export { simulate, type SimulationState } from "./simulate";
export { filterTools } from "./filter-tools";
export { parsePolicy, policyDocumentSchema, type PolicyDocument } from "@/lib/schemas/policy";
export type {
  AllowDecision,
  ApproveDecision,
  Charge,
  CompiledPolicy,
  Decision,
  EvaluationContext,
  RefusalDecision,
  ToolCall,
} from "./types";
export { checkPolicy, type PolicyWarning, type CatalogTool } from "./check-policy";
export { recommendPolicy } from "./recommend-policy";
