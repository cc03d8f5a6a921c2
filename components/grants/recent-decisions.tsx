import Link from "next/link";
import type { RecentDecision } from "@/lib/schemas/agent-access";
import { TimeAgo } from "@/components/audit/time-ago";

export function RecentDecisions({ slug, grantId, decisions, now }: { slug: string; grantId: string; decisions: RecentDecision[]; now: number }) {
  if (decisions.length === 0) return <p className="card muted">No calls yet.</p>;
  return (
    <>
      <table aria-label="Last decisions">
        <thead>
          <tr><th>When</th><th>Method · tool</th><th>Decision</th><th>Reason</th></tr>
        </thead>
        <tbody>
          {decisions.map((d) => (
            <tr key={d.id}>
              <td><TimeAgo iso={d.time} now={now} /></td>
              <td>{d.method}{d.tool ? <> · <code>{d.tool}</code></> : null}</td>
              <td><span className={`badge ${d.decision}`}>{d.decision}</span></td>
              <td className="muted">{d.reason ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p><Link href={`/${slug}/audit?grantId=${grantId}`}>All of this grant's decisions →</Link></p>
    </>
  );
}
