"use server";

// Server actions of the policy builder: the tenancy gate resolves the org from the session,
// the role is checked, and the document is validated again with the gateway's schema.
import { z } from "zod";
import { orgAction, type ActionResult } from "@/lib/auth/with-org";
import { createPolicy, restorePolicyVersion, savePolicyVersion, validDocumentOrThrow } from "@/lib/data/policies";
import { replayPolicy, type ReplayResult } from "@/lib/data/policy-replay";
import { parseOrThrow } from "@/lib/http/json-body";
import { createPolicyBodySchema, savePolicyBodySchema } from "@/lib/schemas/policy-body";

const saveInputSchema = savePolicyBodySchema.extend({ policyId: z.string().min(1) });
const replayInputSchema = z.object({ serverId: z.string().min(1), document: z.unknown(), limit: z.number().int().min(1).max(1000) });
const restoreInputSchema = z.object({ policyId: z.string().min(1), version: z.number().int().min(1) });

const create = orgAction("editor", async (ctx, input: unknown) => {
  const body = parseOrThrow(createPolicyBodySchema, input);
  const policy = await createPolicy(ctx.orgId, body, ctx.user?.id ?? null);
  return { id: policy.id, version: policy.currentVersion };
});

const save = orgAction("editor", async (ctx, input: unknown) => {
  const body = parseOrThrow(saveInputSchema, input);
  return savePolicyVersion(ctx.orgId, body.policyId, body.document, { authorId: ctx.user?.id ?? null, note: body.note || null, baseVersion: body.baseVersion });
});

const restore = orgAction("editor", async (ctx, input: unknown) => {
  const body = parseOrThrow(restoreInputSchema, input);
  return restorePolicyVersion(ctx.orgId, body.policyId, body.version, ctx.user?.id ?? null);
});

// Read-only: anyone who can see the policy can ask what a draft would have decided.
const replay = orgAction("viewer", async (ctx, input: unknown) => {
  const body = parseOrThrow(replayInputSchema, input);
  return replayPolicy(ctx.orgId, body.serverId, validDocumentOrThrow(body.document), body.limit);
});

export async function replayPolicyAction(slug: string, input: unknown): Promise<ActionResult<ReplayResult>> {
  return replay(slug, input);
}

export async function createPolicyAction(slug: string, input: unknown): Promise<ActionResult<{ id: string; version: number }>> {
  return create(slug, input);
}

export async function savePolicyAction(slug: string, input: unknown): Promise<ActionResult<{ id: string; version: number }>> {
  return save(slug, input);
}

export async function restorePolicyVersionAction(slug: string, input: unknown): Promise<ActionResult<{ id: string; version: number }>> {
  return restore(slug, input);
}
