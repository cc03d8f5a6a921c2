// The consent step of an authorization: what the page shows (which client asks, for which
// server, in which organization, under which policy) and what approving does — a Warden grant
// bound to the client, an authorization server grant for exactly that one resource, and the
// interaction's result, after which the browser goes back to the authorization endpoint.
import { randomBytes } from "node:crypto";
import { hasRole } from "@/lib/auth/roles";
import { hashToken } from "@/lib/crypto";
import { db } from "@/lib/db";
import { recordControlEvent } from "@/lib/data/control-events";
import { AppError, notFound } from "@/lib/errors";
import { MCP_SCOPE, serverIdOfResource } from "@/lib/oauth/gateway-resource";
import { getProvider } from "@/lib/oauth/provider";
import type { ConsentView } from "@/lib/schemas/oauth";

type Interaction = InstanceType<Awaited<ReturnType<typeof getProvider>>["Interaction"]>;

async function interactionOrThrow(uid: string): Promise<Interaction> {
  const provider = await getProvider();
  const interaction = (await provider.Interaction.find(uid)) as Interaction | undefined;
  if (!interaction) throw notFound("This authorization request expired or was already answered; start again from your MCP client");
  return interaction;
}

function singleResource(interaction: Interaction): { resource: string; serverId: string } {
  const resource = interaction.params.resource;
  if (typeof resource !== "string") throw new AppError({ code: "unprocessable", message: "The client must ask for exactly one resource: this gateway's MCP URL of one server" });
  const serverId = serverIdOfResource(resource);
  if (!serverId) throw new AppError({ code: "unprocessable", message: `${resource} is not an MCP URL of this gateway` });
  return { resource, serverId };
}

/** The server with its organization, when the person is an admin or owner there; otherwise 404 (as if it did not exist). */
async function serverForAdmin(serverId: string, userId: string) {
  const server = await db.mcpServer.findUnique({ where: { id: serverId }, select: { id: true, name: true, orgId: true, org: { select: { id: true, name: true, slug: true } } } });
  const membership = server && (await db.membership.findUnique({ where: { orgId_userId: { orgId: server.orgId, userId } }, select: { role: true } }));
  if (!server || !membership || !hasRole(membership.role, "admin")) throw notFound("No such server in an organization where you are an admin or owner");
  return server;
}

export async function loadConsent(uid: string, userId: string): Promise<ConsentView> {
  const interaction = await interactionOrThrow(uid);
  const provider = await getProvider();
  const client = await provider.Client.find(String(interaction.params.client_id));
  if (!client) throw notFound("The client of this request is no longer registered");
  const { resource, serverId } = singleResource(interaction);
  const server = await serverForAdmin(serverId, userId);
  const policies = await db.policy.findMany({ where: { orgId: server.orgId, serverId }, select: { id: true, name: true }, orderBy: { createdAt: "asc" } });
  return {
    uid,
    client: { id: client.clientId, name: client.clientName ?? client.clientId, logoUri: client.logoUri ?? null, clientUri: client.clientUri ?? null, redirectUri: String(interaction.params.redirect_uri ?? "") },
    resource,
    scope: String(interaction.params.scope ?? ""),
    server: { id: server.id, name: server.name },
    organizations: [{ id: server.org.id, name: server.org.name, slug: server.org.slug }],
    policies,
  };
}

export async function approveConsent(uid: string, userId: string, input: { orgId: string; policyId: string }): Promise<string> {
  const view = await loadConsent(uid, userId);
  const org = view.organizations.find((candidate) => candidate.id === input.orgId);
  if (!org) throw notFound("No such organization");
  if (!view.policies.some((policy) => policy.id === input.policyId)) throw notFound("No such policy for this server");
  const provider = await getProvider();
  const oauthGrant = new provider.Grant({ accountId: userId, clientId: view.client.id });
  oauthGrant.addResourceScope(view.resource, MCP_SCOPE);
  const oidcScopes = String(view.scope).split(" ").filter((scope) => ["openid", "offline_access", MCP_SCOPE].includes(scope));
  if (oidcScopes.length) oauthGrant.addOIDCScope(oidcScopes.join(" "));
  const oauthGrantId = await oauthGrant.save();
  await db.$transaction(async (tx) => {
    const grant = await tx.grant.create({
      data: {
        orgId: org.id, serverId: view.server.id, policyId: input.policyId, name: `${view.client.name} (OAuth)`.slice(0, 200), createdById: userId,
        // Grant tokens are not used for OAuth grants: this hash is of random bytes nobody keeps.
        tokenHash: hashToken(randomBytes(32).toString("base64url")), tokenPrefix: "oauth",
        oauthClientId: view.client.id, oauthClientName: view.client.name, oauthLogoUri: view.client.logoUri, oauthGrantId,
      },
    });
    await recordControlEvent(org.id, { userId, apiKeyId: null }, {
      method: "grant/create", decision: "created", grantId: grant.id, serverId: grant.serverId, policyId: grant.policyId,
      detail: { name: grant.name, oauthClientId: view.client.id },
    }, tx);
  });
  return finish(uid, { login: { accountId: userId }, consent: { grantId: oauthGrantId } });
}

export async function denyConsent(uid: string): Promise<string> {
  return finish(uid, { error: "access_denied", error_description: "The person declined the authorization" });
}

async function finish(uid: string, result: Record<string, unknown>): Promise<string> {
  const interaction = await interactionOrThrow(uid);
  interaction.result = result;
  await interaction.save(Math.max(1, interaction.exp - Math.floor(Date.now() / 1000)));
  return interaction.returnTo;
}
