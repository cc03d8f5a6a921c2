import { withOrg } from "@/lib/auth/with-org";
import { createPolicy, listPolicies } from "@/lib/data/policies";
import { createPolicyBodySchema } from "@/lib/schemas/policy-body";
import { importedDocument, readPolicyBody } from "./document-body";
import { policyJson } from "./policy-json";

export const GET = withOrg(async (request, ctx) => {
  const serverId = new URL(request.url).searchParams.get("serverId") ?? undefined;
  const policies = await listPolicies(ctx.orgId, { serverId });
  return Response.json({
    data: policies.map((p) => ({ id: p.id, name: p.name, serverId: p.serverId, version: p.currentVersion, updatedAt: p.updatedAt })),
    nextCursor: null,
  });
}, { role: "viewer" });

/** The body is `{ serverId, name, document }`, or a bare policy document with `?serverId=…&name=…`. */
export const POST = withOrg(async (request, ctx) => {
  const query = new URL(request.url).searchParams;
  const fromQuery = Object.fromEntries(["serverId", "name"].flatMap((key) => (query.has(key) ? [[key, query.get(key)]] : [])));
  const body = await readPolicyBody(request, createPolicyBodySchema, fromQuery);
  const { document, imported } = importedDocument(body.document);
  const policy = await createPolicy(ctx.orgId, { ...body, document }, ctx.user?.id ?? null, ctx.apiKeyId);
  return Response.json(imported.length > 0 ? { ...policyJson(policy), imported } : policyJson(policy), { status: 201 });
}, { role: "editor" });
