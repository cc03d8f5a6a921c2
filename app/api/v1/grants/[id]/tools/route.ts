import { withOrg } from "@/lib/auth/with-org";
import { getGrantAccess } from "@/lib/data/grant-access";

/** What this grant can call: every tool of its server with its policy's decision, counter use and the last decisions. */
export const GET = withOrg(async (_request, ctx, params) => Response.json(await getGrantAccess(ctx.orgId, params.id!)), { role: "viewer" });
