import { withOrg } from "@/lib/auth/with-org";
import { getOrganization, renameOrganization } from "@/lib/data/organizations";
import { readJsonBody } from "@/lib/http/json-body";
import { renameOrganizationBodySchema } from "@/lib/schemas/organization";

export const GET = withOrg(async (_request, ctx) => Response.json(await getOrganization(ctx.orgId)), { role: "viewer" });

export const PATCH = withOrg(async (request, ctx) => {
  const body = await readJsonBody(request, renameOrganizationBodySchema);
  return Response.json(await renameOrganization(ctx.orgId, body));
}, { role: "admin" });
