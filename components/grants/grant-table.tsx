import Link from "next/link";
import type { GrantView } from "@/lib/schemas/grant";
import { TimeAgo } from "@/components/audit/time-ago";

/** The OAuth client a grant was made for: its name, and its logo's address (logos from other sites are not loaded). */
function OauthClientLine({ client }: { client: NonNullable<GrantView["oauthClient"]> }) {
  return (
    <div className="muted small">
      OAuth client: {client.name}
      {client.logoUri ? <> · logo {client.logoUri}</> : null}
    </div>
  );
}

export function GrantTable({ slug, grants }: { slug: string; grants: GrantView[] }) {
  if (grants.length === 0) return <p className="card muted">No grants yet. Create one to hand an agent its gateway URL.</p>;
  return (
    <table aria-label="Grants">
      <thead>
        <tr>
          <th>Name</th><th>Server · policy</th><th>Status</th><th>Token</th><th>Last used</th><th>Calls</th><th>Expires</th>
        </tr>
      </thead>
      <tbody>
        {grants.map((g) => (
          <tr key={g.id}>
            <td>
              <Link href={`/${slug}/grants/${g.id}`}>{g.name}</Link>
              {g.oauthClient ? <OauthClientLine client={g.oauthClient} /> : null}
            </td>
            <td>{g.serverName} · <span className="muted">{g.policyName}</span></td>
            <td><span className={`badge grant-${g.status}`}>{g.status}</span></td>
            <td>{g.oauthClient ? <span className="muted">OAuth</span> : <code>{g.tokenPrefix}…</code>}</td>
            <td>{g.lastUsedAt ? <TimeAgo iso={g.lastUsedAt} /> : <span className="muted">never</span>}</td>
            <td>{g.callCount}</td>
            <td>{g.expiresAt ? <TimeAgo iso={g.expiresAt} /> : <span className="muted">never</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
