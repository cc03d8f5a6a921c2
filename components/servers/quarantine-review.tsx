"use client";

// Tools whose definition changed upstream: the approved definition and the announced one side
// by side, and a person's decision. Until approved, the gateway hides and refuses the tool.
import { diffLines } from "diff";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { approveToolChangeAction, keepToolBlockedAction } from "@/app/(dashboard)/[org]/servers/actions";

export type QuarantinedTool = {
  name: string;
  old: { description: string; inputSchema: unknown; annotations: unknown };
  proposed: { description: string; inputSchema: unknown; annotations: unknown };
  detectedAt: string;
  keptBlockedAt: string | null;
};

const text = (d: QuarantinedTool["old"]) => `${d.description}\n\n${JSON.stringify({ inputSchema: d.inputSchema, annotations: d.annotations }, null, 2)}\n`;

function Side({ before, after, show }: { before: string; after: string; show: "old" | "new" }) {
  return (
    <pre aria-label={show === "old" ? "Approved definition" : "Announced definition"}>
      {diffLines(before, after).flatMap((part, i) => {
        if ((show === "old" && part.added) || (show === "new" && part.removed)) return [];
        const cls = part.added ? "diff-added" : part.removed ? "diff-removed" : "";
        return [<span key={i} className={`diff-line ${cls}`}>{part.value}</span>];
      })}
    </pre>
  );
}

export function QuarantineReview({ slug, serverId, tools, canManage }: { slug: string; serverId: string; tools: QuarantinedTool[]; canManage: boolean }) {
  const router = useRouter();
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const decide = async (tool: string, approve: boolean) => {
    setBusy(true);
    const result = approve ? await approveToolChangeAction(slug, { serverId, tool }) : await keepToolBlockedAction(slug, { serverId, tool });
    setBusy(false);
    setMessage(result.ok ? (approve ? `Approved the change to ${tool}: it is active again.` : `${tool} stays blocked.`) : result.error.message);
    router.refresh();
  };
  if (tools.length === 0) return message ? <p className="notice" role="status">{message}</p> : null;
  return (
    <section className="card" aria-labelledby="quarantine-title">
      <h2 id="quarantine-title">Changed tools waiting for review ({tools.length})</h2>
      <p className="muted small">The upstream changed these tools after they were imported. Agents cannot see or call them until someone approves the change.</p>
      {message ? <p className="notice" role="status">{message}</p> : null}
      {tools.map((tool) => (
        <article key={tool.name} className="quarantined-tool" aria-label={`Change to ${tool.name}`}>
          <h3><code>{tool.name}</code> <span className="badge quarantined">quarantined</span></h3>
          <p className="muted small">
            Changed <time dateTime={tool.detectedAt}>{new Date(tool.detectedAt).toLocaleString()}</time>
            {tool.keptBlockedAt ? <>; kept blocked <time dateTime={tool.keptBlockedAt}>{new Date(tool.keptBlockedAt).toLocaleString()}</time></> : null}
          </p>
          <div className="side-by-side">
            <div><h4>Approved</h4><Side before={text(tool.old)} after={text(tool.proposed)} show="old" /></div>
            <div><h4>Announced now</h4><Side before={text(tool.old)} after={text(tool.proposed)} show="new" /></div>
          </div>
          {canManage ? (
            <div className="row-actions">
              <button type="button" className="button small" disabled={busy} onClick={() => decide(tool.name, true)}>Approve change</button>
              <button type="button" className="button small danger" disabled={busy} onClick={() => decide(tool.name, false)}>Keep blocked</button>
            </div>
          ) : null}
        </article>
      ))}
    </section>
  );
}
