// approve and deny share one handler: an optional { note } (approve: and allowIdenticalMinutes),
// one conditional update.
import type { z } from "zod";
import { withOrg } from "@/lib/auth/with-org";
import { decideApproval } from "@/lib/data/approvals";
import { actorOf } from "@/lib/data/control-events";
import { readJsonBody } from "@/lib/http/json-body";
import { approveApprovalBodySchema, decideApprovalBodySchema } from "@/lib/schemas/approval";

/** An empty body is the same as {}: "approve" needs no note. */
async function readDecisionBody<S extends z.ZodType<{ note?: string; allowIdenticalMinutes?: number }>>(request: Request, schema: S) {
  const text = await request.clone().text();
  if (text.trim() === "") return {};
  return readJsonBody(request, schema);
}

export function decideHandler(decision: "approved" | "denied") {
  const schema = decision === "approved" ? approveApprovalBodySchema : decideApprovalBodySchema;
  return withOrg(async (request, ctx, params) => {
    const body: { note?: string; allowIdenticalMinutes?: number } = await readDecisionBody(request, schema);
    const view = await decideApproval(ctx.orgId, params.id ?? "", { decision, note: body.note, allowIdenticalMinutes: body.allowIdenticalMinutes, actor: actorOf(ctx) });
    return Response.json(view);
  }, { role: "editor" });
}
