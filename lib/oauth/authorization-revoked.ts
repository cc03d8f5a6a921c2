// When the authorization server ends a whole authorization on its own (a rotated refresh token
// replayed, a refresh token revoked by its client, an authorization code used twice), the Warden
// grant bound to it is revoked as if from the Grants page, with the reason in the audit row.
// oidc-provider signals it with its `grant.revoked` event (ctx, grantId), emitted after it has
// deleted the authorization's tokens; the gateway drops them at once (NOTIFY) either way.
import type { KoaContextWithOIDC } from "oidc-provider";
import type Provider from "oidc-provider";
import { db } from "@/lib/db";
import { recordControlEvent } from "@/lib/data/control-events";
import { revokeGrant } from "@/lib/data/grants";
import { revokeOauthGrant } from "@/lib/oauth/adapter";

export function revocationReason(ctx: KoaContextWithOIDC): string {
  if (ctx.oidc.route === "revocation") return "refresh token revoked by the client";
  const grantType = (ctx.oidc.params as { grant_type?: unknown } | undefined)?.grant_type;
  if (grantType === "refresh_token") return "refresh token reused";
  if (grantType === "authorization_code") return "authorization code reused";
  return `authorization ended by the authorization server (${ctx.oidc.route})`;
}

/** Revokes the Warden grant bound to an authorization server grant, once; false when there is none or it was already revoked. */
export async function revokeGrantOfAuthorization(oauthGrantId: string, reason: string): Promise<boolean> {
  const grant = await db.grant.findUnique({ where: { oauthGrantId }, select: { id: true, orgId: true, serverId: true, oauthClientId: true } });
  if (!grant) return false;
  return db.$transaction(async (tx) => {
    if (!(await revokeGrant(grant.orgId, grant.id, tx))) return false;
    // oidc-provider has deleted the tokens already; this also ends anything saved since.
    await revokeOauthGrant(oauthGrantId, tx);
    await recordControlEvent(grant.orgId, { userId: null, apiKeyId: null }, {
      method: "grant/revoke", decision: "revoked", grantId: grant.id, serverId: grant.serverId, reason, detail: { oauthClientId: grant.oauthClientId },
    }, tx);
    return true;
  });
}

export function revokeGrantsWithAuthorizations(provider: Provider): void {
  provider.on("grant.revoked", (ctx, grantId) => {
    const reason = revocationReason(ctx);
    // The grant has no usable token left whatever happens here; a failure only leaves it listed active.
    revokeGrantOfAuthorization(grantId, reason).catch((error: Error) => console.error(`[oauth] grant of authorization ${grantId} not revoked (${reason}): ${error.message}`));
  });
}
