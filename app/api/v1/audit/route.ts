import { withOrg } from "@/lib/auth/with-org";
import { listAuditEvents } from "@/lib/data/audit-log";
import { auditListQuerySchema, parseQuery } from "@/lib/schemas/audit";

// GET /api/v1/audit?grantId=&serverId=&tool=&decision=&kind=&from=&to=&q=&cursor=&limit=
export const GET = withOrg(async (request, ctx) => {
  const query = parseQuery(request.url, auditListQuerySchema);
  return Response.json(await listAuditEvents(ctx.orgId, query));
}, { role: "viewer" });
