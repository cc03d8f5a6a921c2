import type { ApprovalView } from "@/lib/schemas/approval";

/** Decided and expired calls, newest first. */
export function ApprovalHistory({ approvals }: { approvals: ApprovalView[] }) {
  if (approvals.length === 0) return <p className="card muted">Nothing decided yet.</p>;
  return (
    <table aria-label="Approval history">
      <thead>
        <tr><th>Held</th><th>Grant</th><th>Tool</th><th>Arguments</th><th>Outcome</th><th>By</th><th>Note</th></tr>
      </thead>
      <tbody>
        {approvals.map((a) => (
          <tr key={a.id}>
            <td><time dateTime={a.createdAt}>{new Date(a.createdAt).toLocaleString()}</time></td>
            <td>{a.grantName}</td>
            <td><code>{a.toolName}</code></td>
            <td><code className="small">{JSON.stringify(a.arguments).slice(0, 120)}</code></td>
            <td><span className={`badge ${a.status}`}>{a.status}</span></td>
            <td>{a.decidedBy ?? <span className="muted">—</span>}</td>
            <td>{a.note ?? <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
