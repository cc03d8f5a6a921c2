// approve and deny share one handler: an optional { note }, one conditional update.
import { withOrg } from "@/lib/auth/with-org";
import { decideApproval } from "@/lib/data/approvals";
import { actorOf } from "@/lib/data/control-events";
import { readJsonBody } from "@/lib/http/json-body";
import { decideApprovalBodySchema } from "@/lib/schemas/approval";

/** An empty body is the same as {}: "approve" needs no note. */
async function readDecisionBody(request: Request) {
  const text = await request.clone().text();
  if (text.trim() === "") return {};
  return readJsonBody(request, decideApprovalBodySchema);
}

export function decideHandler(decision: "approved" | "denied") {
  return withOrg(async (request, ctx, params) => {
    const body = await readDecisionBody(request);
    const view = await decideApproval(ctx.orgId, params.id ?? "", { decision, note: body.note, actor: actorOf(ctx) });
    return Response.json(view);
  }, { role: "editor" });
}
