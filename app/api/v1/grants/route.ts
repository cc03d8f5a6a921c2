import { withOrg } from "@/lib/auth/with-org";
import { actorOf } from "@/lib/data/control-events";
import { createGrantFor } from "@/lib/data/grant-lifecycle";
import { listGrants } from "@/lib/data/grant-views";
import { readJsonBody } from "@/lib/http/json-body";
import { parseQuery } from "@/lib/schemas/audit";
import { createGrantBodySchema, grantListQuerySchema } from "@/lib/schemas/grant";

// GET /api/v1/grants → { data, nextCursor } (no tokens: they are shown only when created)
export const GET = withOrg(async (request, ctx) => {
  return Response.json(await listGrants(ctx.orgId, parseQuery(request.url, grantListQuerySchema)));
}, { role: "viewer" });

// POST /api/v1/grants { serverId, policyId, name, expiresAt? } → 201 { id, name, token, gatewayUrl, secretUrl }
export const POST = withOrg(async (request, ctx) => {
  const body = await readJsonBody(request, createGrantBodySchema);
  return Response.json(await createGrantFor(ctx.orgId, actorOf(ctx), body), { status: 201, headers: { "cache-control": "no-store" } });
}, { role: "editor" });
