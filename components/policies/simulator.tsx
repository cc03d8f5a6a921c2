"use client";

// What the gateway would decide for one call under the draft: the same compile + evaluate the
// gateway runs, plus how many calls each counter's window already holds.
import { useId, useState } from "react";
import { resolveRule } from "@/lib/policy/compile-policy";
import { simulate } from "@/lib/policy/simulate";
import type { CompiledPolicy, Decision } from "@/lib/policy/types";
import { argsOf } from "./schema-args";
import { argumentsFrom, SimulatorArgs } from "./simulator-args";
import type { BuilderTool } from "./types";

type Props = { compiled: CompiledPolicy | null; tools: BuilderTool[]; serverId: string; grants: { id: string; name: string }[] };

const pad = (n: number) => String(n).padStart(2, "0");
const localInput = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

export function Simulator({ compiled, tools, serverId, grants }: Props) {
  const id = useId();
  const names = [...new Set([...tools.map((t) => t.name), ...(compiled ? [...compiled.exact.keys()] : [])])];
  const [toolName, setToolName] = useState(names[0] ?? "");
  const [values, setValues] = useState<Record<string, string>>({});
  const [argErrors, setArgErrors] = useState<Record<string, string>>({});
  const [used, setUsed] = useState<Record<string, string>>({});
  const [time, setTime] = useState(() => localInput(new Date()));
  const [grantId, setGrantId] = useState(grants[0]?.id ?? "grt_simulated");
  const [decision, setDecision] = useState<Decision | null>(null);
  if (!compiled) return <p className="form-error" role="alert">Fix the policy&apos;s errors first: the simulator runs only a valid policy.</p>;

  const tool = tools.find((t) => t.name === toolName);
  const args = argsOf(tool?.inputSchema);
  const limits = toolName ? resolveRule(compiled, toolName).limits : [];
  const counters = [...new Map(limits.map((l) => [l.counter, l])).values()];
  const run = () => {
    const built = argumentsFrom(args, values);
    setArgErrors(built.errors);
    if (Object.keys(built.errors).length > 0) return setDecision(null);
    const usedByCounter = Object.fromEntries(counters.map((c) => [c.counter, Number(used[c.counter] ?? 0) || 0]));
    const now = new Date(time);
    const context = { orgId: "org_simulated", serverId, grantId, now: Number.isNaN(now.getTime()) ? new Date() : now };
    setDecision(simulate(compiled, { tool: toolName, args: built.args }, context, { usedByCounter }));
  };
  return (
    <div className="simulator">
      <div className="sim-grid">
        <div className="mini-field">
          <label htmlFor={`${id}-tool`}>Tool</label>
          <select id={`${id}-tool`} value={toolName} onChange={(e) => { setToolName(e.target.value); setValues({}); setDecision(null); }}>
            {names.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </div>
        <div className="mini-field">
          <label htmlFor={`${id}-grant`}>Grant</label>
          <select id={`${id}-grant`} value={grantId} onChange={(e) => setGrantId(e.target.value)}>
            {grants.length === 0 ? <option value="grt_simulated">A grant (none created yet)</option> : null}
            {grants.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
          </select>
        </div>
        <div className="mini-field">
          <label htmlFor={`${id}-time`}>Time of the call</label>
          <input id={`${id}-time`} type="datetime-local" step={1} value={time} onChange={(e) => setTime(e.target.value)} />
        </div>
      </div>
      <h4>Arguments</h4>
      <SimulatorArgs args={args} values={values} errors={argErrors} onChange={setValues} />
      <h4>Counters</h4>
      {counters.length === 0 ? <p className="muted small">No limit applies to this tool.</p> : null}
      {counters.map((c) => (
        <div key={c.counter} className="mini-field">
          <label htmlFor={`${id}-used-${c.counter}`}>Calls already in the window: {c.counter}</label>
          <input id={`${id}-used-${c.counter}`} type="number" min={0} value={used[c.counter] ?? "0"}
            onChange={(e) => setUsed({ ...used, [c.counter]: e.target.value })} />
          <p className="field-hint">{c.max} per {c.windowSeconds} s, per {c.scope}</p>
        </div>
      ))}
      <button type="button" className="button" onClick={run}>Simulate</button>
      {decision ? <DecisionView decision={decision} /> : null}
    </div>
  );
}

const KIND_LABELS: Record<Decision["kind"], string> = { allow: "Allowed", deny: "Denied", hide: "Hidden (treated as unknown)", approve: "Needs approval" };
const KIND_CLASSES: Record<Decision["kind"], string> = { allow: "allow", deny: "deny", hide: "deny", approve: "require_approval" };

export function DecisionView({ decision }: { decision: Decision }) {
  return (
    <section className="card decision" role="status" aria-label="Decision">
      <p>
        <span className={`badge ${KIND_CLASSES[decision.kind]}`}>{KIND_LABELS[decision.kind]}</span>
      </p>
      <dl>
        <dt>Rule</dt>
        <dd><code>{decision.ruleId ?? "none"}</code></dd>
        <dt>Explanation</dt>
        <dd>{decision.explanation}</dd>
        {"reason" in decision ? (<><dt>The agent is told</dt><dd>{decision.reason}</dd></>) : null}
        {decision.kind === "allow" && decision.charges.length > 0 ? (
          <><dt>Counters taken</dt><dd>{decision.charges.map((c) => `${c.counter} (${c.scope}, window from ${c.windowStart})`).join("; ")}</dd></>
        ) : null}
      </dl>
    </section>
  );
}
