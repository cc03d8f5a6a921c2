// After the change listener reconnects. Notifications sent while it was away are lost, and the
// cache reload that follows only helps the next request: a GET stream stays open as long as the
// client keeps it. So the worker replays, for what its open streams were opened with, the
// notifications it may have missed: a grant whose version moved (revoked, rotated, expiry moved)
// or that is gone, and an OAuth access token that is gone (revoked) or has expired. Two queries
// in all (one per 1,000 access tokens), over what the open streams hold, which is bounded by the
// sessions a worker keeps.
import type { Services } from "@/gateway/proxy/exchange";
import { currentVersions } from "@/gateway/state/records";

export type RecheckOutcome = { streamGrants: number; changedGrants: number; streamTokens: number; goneTokens: number };

export async function recheckOpenStreams(services: Pick<Services, "db" | "sessions" | "state" | "oauthTokens">): Promise<RecheckOutcome> {
  const { tokenHashes, grantVersions } = services.sessions.streamCredentials();
  const [versions, live] = await Promise.all([
    currentVersions(services.db, "grants", [...grantVersions.keys()]),
    services.oauthTokens.liveHashes(tokenHashes),
  ]);
  let changedGrants = 0;
  for (const [grantId, opened] of grantVersions) {
    const current = versions.get(grantId);
    if (current !== undefined && opened.size === 1 && opened.has(current)) continue;
    changedGrants += 1;
    services.state.apply({ table: "grants", op: "update", id: grantId });
  }
  const gone = tokenHashes.filter((hash) => !live.has(hash));
  for (const hash of gone) services.oauthTokens.apply({ table: "oauth_records", op: "delete", id: hash });
  return { streamGrants: grantVersions.size, changedGrants, streamTokens: tokenHashes.length, goneTokens: gone.length };
}
