import { withOrg } from "@/lib/auth/with-org";
import { syncServer } from "@/lib/data/server-registration";
import { serverJson } from "../../server-json";

/** Connects again and refreshes the catalog; an unreachable upstream is reported in `status`. */
export const POST = withOrg(async (_request, ctx, params) => {
  const outcome = await syncServer(ctx.orgId, params.id!);
  const changes = outcome.ok
    ? { added: outcome.sync.added, quarantined: outcome.sync.quarantined, removed: outcome.sync.removed, restored: outcome.sync.restored }
    : null;
  return Response.json({ ...serverJson(outcome.server), changes });
}, { role: "admin" });
