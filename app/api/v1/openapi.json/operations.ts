// Every v1 operation with the zod schemas that validate it. Request bodies are the very schemas the
// handlers parse with; answers of servers and policies are described here by their documented shape.
import { z } from "zod";
import {
  approvalListQuerySchema, approvalListSchema, approveApprovalBodySchema, decidedApprovalSchema, decideApprovalBodySchema,
  standingApprovalListQuerySchema, standingApprovalListSchema, standingApprovalSchema,
} from "@/lib/schemas/approval";
import { grantAccessSchema, inventorySchema } from "@/lib/schemas/agent-access";
import { auditListQuerySchema, auditListSchema } from "@/lib/schemas/audit";
import { createGrantBodySchema, createdGrantSchema, grantListQuerySchema, grantListSchema, grantSchema, updateGrantBodySchema } from "@/lib/schemas/grant";
import { renameOrganizationBodySchema } from "@/lib/schemas/organization";
import { policyDocumentSchema } from "@/lib/schemas/policy";
import { createPolicyBodySchema, savePolicyBodySchema } from "@/lib/schemas/policy-body";
import { createWebhookBodySchema, createdWebhookSchema, deliverySchema, webhookListSchema } from "@/lib/schemas/webhook";
import { registerServerBodySchema, updateServerBodySchema, updateServerSecretsBodySchema } from "@/lib/schemas/server";

export type Operation = {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  role: "viewer" | "editor" | "admin";
  query?: z.ZodObject;
  body?: z.ZodType;
  answer: z.ZodType;
  status?: number;
  /** When the operation answers 409, and why. */
  conflict?: string;
};

const serverSchema = z.object({
  id: z.string(), name: z.string(), transport: z.enum(["http", "stdio"]),
  url: z.string().optional().describe("Where the server is reached. The value of a query parameter that carries a key (api_key, token, key, sig, auth, …) reads ••• here: the whole URL is stored encrypted. A PATCH that leaves ••• in place keeps the key."),
  command: z.string().optional(),
  args: z.array(z.string()).optional(), secrets: z.record(z.string(), z.literal("set")), status: z.enum(["pending", "connected", "error"]),
  statusMessage: z.string().nullable(), lastSyncedAt: z.iso.datetime().nullable(), toolCount: z.number().int(), quarantinedCount: z.number().int(),
  createdAt: z.iso.datetime(),
});
const toolSchema = z.object({
  name: z.string(), description: z.string(), class: z.enum(["read", "write", "delete"]), risk: z.enum(["low", "medium", "high"]),
  reasons: z.object({ class: z.array(z.string()), risk: z.array(z.string()) }).describe("Why the classifier chose the class and the risk"),
  status: z.enum(["active", "quarantined", "removed"]), fingerprint: z.string(),
});
const policySchema = z.object({ id: z.string(), name: z.string(), serverId: z.string(), version: z.number().int(), document: policyDocumentSchema });
const versionSchema = z.object({ version: z.number().int(), author: z.string().nullable(), createdAt: z.iso.datetime() });
const organizationSchema = z.object({ id: z.string(), name: z.string(), slug: z.string(), createdAt: z.iso.datetime() });
const importedSchema = z
  .array(z.object({ pointer: z.string(), message: z.string() }))
  .optional()
  .describe("Present when a PolicyLayer document was converted: what the import changed, by JSON Pointer");
const list = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable().optional() });

export const operations: Operation[] = [
  { method: "get", path: "/organization", summary: "The key's organization", role: "viewer", answer: organizationSchema },
  { method: "patch", path: "/organization", summary: "Rename the organization", role: "admin", body: renameOrganizationBodySchema, answer: organizationSchema },
  { method: "get", path: "/servers", summary: "List servers", role: "viewer", answer: list(serverSchema) },
  { method: "post", path: "/servers", summary: "Register a server (connects and imports its tools)", role: "admin", body: registerServerBodySchema, answer: serverSchema, status: 201 },
  { method: "get", path: "/servers/{id}", summary: "Get a server", role: "viewer", answer: serverSchema },
  {
    method: "patch", path: "/servers/{id}", summary: "Change name, URL (http) or command/args (stdio), secrets by name; a new connection is checked and the catalog re-synced", role: "admin",
    body: updateServerBodySchema,
    answer: serverSchema.extend({
      changed: z.array(z.string()),
      sync: z.object({ added: z.number().int(), quarantined: z.number().int(), removed: z.number().int(), restored: z.number().int() }).nullable(),
    }),
  },
  { method: "delete", path: "/servers/{id}", summary: "Delete a server", role: "admin", answer: z.object({}).passthrough() },
  { method: "post", path: "/servers/{id}/sync", summary: "Re-list the server's tools", role: "admin", answer: serverSchema },
  { method: "patch", path: "/servers/{id}/secrets", summary: "Replace upstream headers / env", role: "admin", body: updateServerSecretsBodySchema, answer: serverSchema },
  { method: "get", path: "/servers/{id}/tools", summary: "The server's tools", role: "viewer", answer: list(toolSchema) },
  { method: "post", path: "/servers/{id}/tools/{tool}/approve", summary: "Accept a changed tool definition (ends its quarantine)", role: "admin", answer: z.object({ name: z.string(), status: z.literal("active") }) },
  { method: "post", path: "/servers/{id}/tools/{tool}/keep-blocked", summary: "Keep a changed tool quarantined", role: "admin", answer: z.object({ name: z.string() }).passthrough() },
  { method: "get", path: "/policies", summary: "List policies", role: "viewer", answer: list(policySchema) },
  {
    method: "post", path: "/policies", summary: "Create a policy (version 1). The body may also be a bare policy document (with ?serverId=…&name=…); PolicyLayer documents are converted and the answer lists the changes under \"imported\"", role: "editor", body: createPolicyBodySchema.extend({ document: policyDocumentSchema }), answer: policySchema.extend({ imported: importedSchema }), status: 201,
  },
  { method: "get", path: "/policies/{id}", summary: "Get a policy's current version", role: "viewer", answer: policySchema },
  {
    method: "put", path: "/policies/{id}", summary: "Save a new version (422 with a JSON Pointer on an invalid document). The body may also be a bare policy document; PolicyLayer documents are converted and the answer lists the changes under \"imported\"",
    role: "editor", body: savePolicyBodySchema.extend({ document: policyDocumentSchema }), answer: z.object({ id: z.string(), version: z.number().int(), imported: importedSchema }),
  },
  { method: "delete", path: "/policies/{id}", summary: "Delete a policy no grant uses (409 naming the grants otherwise)", role: "editor", answer: z.object({}).passthrough(), status: 204, conflict: "Grants use the policy; the message names them" },
  { method: "get", path: "/policies/{id}/versions", summary: "The policy's versions", role: "viewer", answer: list(versionSchema) },
  { method: "get", path: "/policies/{id}/versions/{version}", summary: "One version with its document", role: "viewer", answer: versionSchema.extend({ note: z.string().nullable(), document: policyDocumentSchema }) },
  { method: "post", path: "/policies/{id}/versions/{version}/restore", summary: "Save an old version again as the newest", role: "editor", answer: z.object({ id: z.string(), version: z.number().int() }).passthrough(), status: 201 },
  { method: "get", path: "/grants", summary: "List grants (never their tokens)", role: "viewer", query: grantListQuerySchema, answer: grantListSchema },
  { method: "post", path: "/grants", summary: "Create a grant: the token is in this answer only", role: "editor", body: createGrantBodySchema, answer: createdGrantSchema, status: 201 },
  { method: "get", path: "/grants/{id}", summary: "Get a grant", role: "viewer", answer: grantSchema },
  { method: "patch", path: "/grants/{id}", summary: "Rename, move to another policy of the server, or change the expiry; the token stays", role: "editor", body: updateGrantBodySchema, answer: grantSchema, conflict: "The grant is revoked" },
  { method: "delete", path: "/grants/{id}", summary: "Revoke a grant", role: "editor", answer: grantSchema },
  { method: "get", path: "/grants/{id}/tools", summary: "What the grant can call: each tool's decision, counter use and the last decisions", role: "viewer", answer: grantAccessSchema },
  { method: "get", path: "/inventory", summary: "Every tool of every server with its risk and the grants that can call it", role: "viewer", answer: inventorySchema },
  { method: "post", path: "/grants/{id}/rotate", summary: "New token; the old one stops working", role: "editor", answer: createdGrantSchema },
  { method: "get", path: "/approvals", summary: "Held calls (default: pending)", role: "viewer", query: approvalListQuerySchema, answer: approvalListSchema.extend({ pendingCount: z.number().int() }) },
  { method: "post", path: "/approvals/{id}/approve", summary: "Approve a held call once (and, where the rule permits, identical calls for N minutes)", role: "editor", body: approveApprovalBodySchema, answer: decidedApprovalSchema },
  { method: "post", path: "/approvals/{id}/deny", summary: "Deny a held call once", role: "editor", body: decideApprovalBodySchema, answer: decidedApprovalSchema },
  { method: "get", path: "/approvals/{id}/standing", summary: "The identical calls this approval allows without asking (404 when its approver allowed none)", role: "viewer", answer: standingApprovalSchema },
  {
    method: "delete", path: "/approvals/{id}/standing", summary: "Stop allowing identical calls now: the gateway asks a person again from the next call (404 when none are allowed or already stopped)",
    role: "editor", answer: standingApprovalSchema,
  },
  {
    method: "get", path: "/grants/{id}/standing-approvals", summary: "Identical calls the grant may make without asking (default: those allowed now), newest first",
    role: "viewer", query: standingApprovalListQuerySchema, answer: standingApprovalListSchema,
  },
  { method: "get", path: "/webhooks", summary: "Webhooks with their last deliveries (never secrets)", role: "admin", answer: webhookListSchema },
  {
    method: "post", path: "/webhooks", summary: "Add a webhook: https URL, events, format warden (signed) or slack; the secret is in this answer only",
    role: "admin", body: createWebhookBodySchema, answer: createdWebhookSchema, status: 201,
  },
  { method: "delete", path: "/webhooks/{id}", summary: "Delete a webhook and its deliveries", role: "admin", answer: z.object({}) },
  { method: "post", path: "/webhooks/{id}/test", summary: "Enqueue a webhook.test delivery", role: "admin", answer: deliverySchema, status: 202 },
  { method: "get", path: "/audit", summary: "Audit events, newest first, keyset-paginated", role: "viewer", query: auditListQuerySchema, answer: auditListSchema },
  {
    method: "get", path: "/audit/export", summary: "Every matching audit event, streamed as CSV or JSON", role: "viewer",
    query: auditListQuerySchema.omit({ cursor: true, limit: true }).extend({ format: z.enum(["csv", "json"]).default("csv") }), answer: z.array(z.unknown()),
  },
];
