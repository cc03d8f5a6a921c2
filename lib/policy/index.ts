/**
 * The policy engine: pure and browser-safe (no node: imports), shared by the gateway, which
 * enforces with it, and the builder, which simulates with it.
 */
export { compilePolicy, resolveRule, DEFAULT_RULE_ID } from "./compile-policy";
export { evaluate } from "./evaluate";
export { evaluateAccess, isListed } from "./evaluate-access";
export { filterPrompts, filterResources, filterResourceTemplates } from "./filter-access";
export { refusedByLimit } from "./decisions";
export { simulate, simulateAccess, type SimulationState } from "./simulate";
export { filterTools } from "./filter-tools";
export { checkPolicy, type PolicyWarning, type CatalogTool } from "./check-policy";
export { recommendPolicy } from "./recommend-policy";
export { checkRegexPattern } from "./safe-regex";
export {
  parsePolicy,
  policyDocumentSchema,
  type AccessEntry,
  type Condition,
  type Limit,
  type ParsePolicyResult,
  type PolicyDocument,
  type PolicyError,
  type ToolEntry,
} from "@/lib/schemas/policy";
export type {
  AccessRequest,
  AllowDecision,
  ApproveDecision,
  Charge,
  CompiledPolicy,
  Decision,
  EvaluationContext,
  RefusalDecision,
  ToolCall,
} from "./types";
