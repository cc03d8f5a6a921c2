"use server";

// Deleting a policy from its page (editors and up). Kept apart from the builder's actions.
import { z } from "zod";
import { orgAction, type ActionResult } from "@/lib/auth/with-org";
import { actorOf } from "@/lib/data/control-events";
import { deletePolicy } from "@/lib/data/policies";
import { parseOrThrow } from "@/lib/http/json-body";

const policyRef = z.object({ policyId: z.string().min(1, { error: "Choose a policy" }) });

const remove = orgAction("editor", async (ctx, input: unknown) => {
  await deletePolicy(ctx.orgId, parseOrThrow(policyRef, input).policyId, actorOf(ctx));
  return { deleted: true };
});

export async function deletePolicyAction(slug: string, input: unknown): Promise<ActionResult<{ deleted: boolean }>> {
  return remove(slug, input);
}
