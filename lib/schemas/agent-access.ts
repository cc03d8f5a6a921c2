// "What can this agent call": the view of one grant's tools under its policy, and the
// organization's tool inventory. The same schemas describe the REST answers in the OpenAPI document.
import { z } from "zod";
import { grantStatusSchema } from "@/lib/schemas/grant";

export const TOOL_ACCESS = ["allowed", "limited", "approval", "denied", "hidden"] as const;
export const toolAccessSchema = z.enum(TOOL_ACCESS).meta({
  description: "allowed: called freely; limited: allowed while its counters have room; approval: held for a person; denied: listed but refused; hidden: not listed and refused",
});
export type ToolAccess = z.infer<typeof toolAccessSchema>;

const toolClassSchema = z.enum(["read", "write", "delete"]);
const toolRiskSchema = z.enum(["low", "medium", "high"]);

export const counterUsageSchema = z.object({
  counter: z.string(),
  scope: z.enum(["grant", "server", "organization"]),
  used: z.number().int(),
  max: z.number().int(),
  windowSeconds: z.number().int(),
  resetAt: z.iso.datetime().meta({ description: "When the current window ends and the count starts again at 0" }),
  ruleId: z.string(),
});
export type CounterUsage = z.infer<typeof counterUsageSchema>;

export const grantToolSchema = z.object({
  name: z.string(),
  description: z.string(),
  class: toolClassSchema,
  risk: toolRiskSchema,
  access: toolAccessSchema,
  ruleId: z.string().nullable().meta({ description: "JSON Pointer of the rule that decides the tool" }),
  why: z.string().meta({ description: "One sentence: the rule's reason, its conditions or its limits" }),
  counters: z.array(counterUsageSchema),
});
export type GrantTool = z.infer<typeof grantToolSchema>;

export const recentDecisionSchema = z.object({
  id: z.string(),
  time: z.iso.datetime(),
  method: z.string(),
  tool: z.string().nullable(),
  decision: z.string(),
  reason: z.string().nullable(),
  ruleId: z.string().nullable(),
});
export type RecentDecision = z.infer<typeof recentDecisionSchema>;

export const grantAccessSchema = z.object({
  grant: z.object({
    id: z.string(), name: z.string(), status: grantStatusSchema, serverId: z.string(), serverName: z.string(),
    policyId: z.string(), policyName: z.string(), policyVersion: z.number().int(),
  }),
  at: z.iso.datetime().meta({ description: "The instant the decisions and counters were read" }),
  tools: z.array(grantToolSchema),
  recentDecisions: z.array(recentDecisionSchema).meta({ description: "The grant's last gateway decisions, newest first" }),
});
export type GrantAccess = z.infer<typeof grantAccessSchema>;

export const inventoryGrantSchema = z.object({ id: z.string(), name: z.string(), access: toolAccessSchema.exclude(["hidden", "denied"]) });
export const inventoryToolSchema = z.object({
  serverId: z.string(),
  serverName: z.string(),
  name: z.string(),
  class: toolClassSchema,
  risk: toolRiskSchema,
  status: z.enum(["active", "quarantined", "removed"]),
  grants: z.array(inventoryGrantSchema).meta({ description: "Active grants whose policy lets them call the tool (freely, limited or with approval)" }),
});
export type InventoryTool = z.infer<typeof inventoryToolSchema>;
export const inventorySchema = z.object({ data: z.array(inventoryToolSchema) });
export type Inventory = z.infer<typeof inventorySchema>;
