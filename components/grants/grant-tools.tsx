import type { CounterUsage, GrantTool } from "@/lib/schemas/agent-access";
import { ClassBadge, RiskBadge } from "@/components/catalog/badges";
import { AccessBadge } from "./access-badge";

function Counter({ usage }: { usage: CounterUsage }) {
  const resetAt = new Date(usage.resetAt);
  return (
    <div>
      <strong className={usage.used >= usage.max ? "time-left" : undefined}>{usage.used} / {usage.max}</strong>{" "}
      <span className="muted">
        {usage.counter} · resets <time dateTime={usage.resetAt} title={resetAt.toUTCString()}>{resetAt.toISOString().slice(11, 19)} UTC</time>
      </span>
    </div>
  );
}

/** Every tool of the grant's server with the decision its policy gives and the counters it charges. */
export function GrantTools({ tools }: { tools: GrantTool[] }) {
  if (tools.length === 0) return <p className="card muted">The server has listed no tools yet.</p>;
  return (
    <div className="table-scroll">
      <table aria-label="What this agent can call">
        <thead>
          <tr><th>Tool</th><th>Class · risk</th><th>Decision</th><th>Why</th><th>Usage</th></tr>
        </thead>
        <tbody>
          {tools.map((tool) => (
            <tr key={tool.name} aria-label={tool.name}>
              <td><code>{tool.name}</code></td>
              <td><ClassBadge value={tool.class} /> <RiskBadge value={tool.risk} /></td>
              <td><AccessBadge access={tool.access} /></td>
              <td className="muted">{tool.why}{tool.ruleId && !tool.why.includes(tool.ruleId) ? <> · <code>{tool.ruleId}</code></> : null}</td>
              <td>{tool.counters.length ? tool.counters.map((c) => <Counter key={`${c.counter}|${c.scope}|${c.windowSeconds}`} usage={c} />) : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
