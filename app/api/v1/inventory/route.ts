import { withOrg } from "@/lib/auth/with-org";
import { getInventory } from "@/lib/data/inventory";

/** Every tool of every server, with its risk and the active grants that can call it. */
export const GET = withOrg(async (_request, ctx) => Response.json(await getInventory(ctx.orgId)), { role: "viewer" });
