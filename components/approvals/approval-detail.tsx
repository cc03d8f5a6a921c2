// One approval with its context: who asks (grant and agent), the tool's risk and class, the
// arguments (and what changed since the last approved call of the tool), the rule that asked,
// the grant's recent decisions; then the decision itself.
import Link from "next/link";
import type { ApprovalContextView } from "@/lib/schemas/approval";
import { JsonDiff } from "@/components/policies/json-diff";
import { TimeLeft } from "@/components/approvals/time-left";
import { ApprovalDecision } from "@/components/approvals/approval-decision";
import { StopIdenticalCalls } from "@/components/approvals/stop-identical-calls";

type Props = { slug: string; context: ApprovalContextView; canDecide: boolean };

const MODE_TEXT = {
  hold: "The agent's request is waiting open for the decision.",
  retry: "The agent was told to retry the same call after approval; the first identical retry goes through, once.",
  task: "The call is an MCP task: it runs once, when the agent next asks about the task after approval.",
} as const;

export function ApprovalDetail({ slug, context, canDecide }: Props) {
  const { approval, tool, previous, recent } = context;
  const pending = approval.status === "pending";
  return (
    <div className="stack">
      <dl className="facts card">
        <div><dt>Agent (grant)</dt><dd><Link href={`/${slug}/grants/${approval.grantId}`}>{approval.grantName}</Link> <code className="muted small">{approval.grantId}</code></dd></div>
        <div><dt>Tool</dt><dd><code>{approval.toolName}</code> on {context.serverName}</dd></div>
        <div><dt>Risk</dt><dd>{tool ? <span className={`badge risk-${tool.risk}`} title={tool.riskReasons.join(" ")}>{tool.risk}</span> : "not in the catalog"}</dd></div>
        <div><dt>Class</dt><dd>{tool ? <span title={tool.classReasons.join(" ")}>{tool.class}</span> : "—"}</dd></div>
        <div><dt>Rule</dt><dd><code>{approval.ruleId}</code> (policy v{approval.policyVersion})</dd></div>
        <div><dt>Held</dt><dd>{new Date(approval.createdAt).toUTCString()}</dd></div>
        <div><dt>Expires</dt><dd>{pending ? <TimeLeft until={approval.expiresAt} /> : new Date(approval.expiresAt).toUTCString()}</dd></div>
        <div>
          <dt>This grant, last {recent.days} days</dt>
          <dd>{recent.approved} approved · {recent.denied} denied · {recent.expired} expired</dd>
        </div>
      </dl>
      <p className="muted small">{MODE_TEXT[context.mode]}</p>
      <section className="card" aria-labelledby="approval-arguments">
        <h2 id="approval-arguments">What the agent sent</h2>
        <pre aria-label="Arguments">{JSON.stringify(approval.arguments, null, 2)}</pre>
        {previous ? (
          <JsonDiff before={previous.arguments} after={approval.arguments} label="Changes since the last approved call of this tool" />
        ) : (
          <p className="muted small">No earlier approved call of this tool by this grant.</p>
        )}
      </section>
      <section className="card" aria-labelledby="approval-rule">
        <h2 id="approval-rule">The rule that asked</h2>
        <pre aria-label="Rule">{context.rule === undefined ? "(the policy version is no longer stored)" : JSON.stringify(context.rule, null, 2)}</pre>
      </section>
      {pending ? (
        canDecide ? <ApprovalDecision slug={slug} approvalId={approval.id} allowIdenticalMaxMinutes={context.allowIdenticalMaxMinutes} /> : <p className="muted small">Editors, admins and owners decide held calls.</p>
      ) : (
        <p role="status">
          {approval.status === "expired" ? "Expired." : `${approval.status === "approved" ? "Approved" : "Denied"}${approval.decidedBy ? ` by ${approval.decidedBy}` : ""}.`}
          {approval.note ? ` Note: ${approval.note}` : ""}
          {context.standing && !context.standing.revokedAt ? ` Identical calls allowed until ${new Date(context.standing.until).toUTCString()}.` : ""}
          {context.standing?.revokedAt ? ` Identical calls were allowed until ${new Date(context.standing.revokedAt).toUTCString()} (stopped).` : ""}
        </p>
      )}
      {canDecide && context.standing && !context.standing.revokedAt && new Date(context.standing.until).getTime() > Date.now() ? (
        <StopIdenticalCalls slug={slug} approvalId={approval.id} />
      ) : null}
    </div>
  );
}
