import { withOrg } from "@/lib/auth/with-org";
import { listTools } from "@/lib/data/servers";

export const GET = withOrg(async (request, ctx, params) => {
  const includeRemoved = new URL(request.url).searchParams.get("includeRemoved") === "true";
  const tools = await listTools(ctx.orgId, params.id!, { includeRemoved });
  return Response.json({
    data: tools.map((t) => ({
      name: t.name,
      description: t.description,
      class: t.class,
      risk: t.risk,
      reasons: t.reasons,
      status: t.status,
      fingerprint: t.fingerprint,
      inputSchema: t.inputSchema,
      annotations: t.annotations,
      ...(t.drift ? { pendingChange: { description: t.drift.description, inputSchema: t.drift.inputSchema, fingerprint: t.drift.fingerprint, detectedAt: t.drift.detectedAt } } : {}),
    })),
    nextCursor: null,
  });
}, { role: "viewer" });
