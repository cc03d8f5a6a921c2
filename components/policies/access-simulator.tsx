"use client";

// What the gateway would decide for a resources/read or prompts/get under the draft: the same
// evaluator the gateway runs for them, plus how many reads each counter's window already holds.
import { useId, useState } from "react";
import { accessMatchKey } from "@/lib/policy/compile-access";
import { resolveRule } from "@/lib/policy/compile-policy";
import { simulateAccess } from "@/lib/policy/simulate";
import type { AccessRequest, CompiledPolicy, Decision } from "@/lib/policy/types";
import { DecisionView } from "./simulator";

type Props = { compiled: CompiledPolicy | null; serverId: string; grants: { id: string; name: string }[] };

const SECTION = { resource: "resources", prompt: "prompts" } as const;

export function AccessSimulator({ compiled, serverId, grants }: Props) {
  const id = useId();
  const [kind, setKind] = useState<AccessRequest["kind"]>("resource");
  const [name, setName] = useState("");
  const [used, setUsed] = useState<Record<string, string>>({});
  const [decision, setDecision] = useState<Decision | null>(null);
  if (!compiled) return null;
  const rules = compiled[SECTION[kind]];
  const suggestions = [...rules.exact.values(), ...rules.patterns.map((p) => p.rule)].map((r) => r.key).filter((k): k is string => k !== null);
  const limits = name ? resolveRule(rules, accessMatchKey(SECTION[kind], name)).limits : [];
  const counters = [...new Map(limits.map((l) => [l.counter, l])).values()];
  const run = () => {
    const usedByCounter = Object.fromEntries(counters.map((c) => [c.counter, Number(used[c.counter] ?? 0) || 0]));
    const context = { orgId: "org_simulated", serverId, grantId: grants[0]?.id ?? "grt_simulated", now: new Date() };
    setDecision(simulateAccess(compiled, { kind, name }, context, { usedByCounter }));
  };
  return (
    <section className="card simulator" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Resources and prompts</h3>
      <div className="sim-grid">
        <div className="mini-field">
          <label htmlFor={`${id}-kind`}>Request</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => { setKind(e.target.value as AccessRequest["kind"]); setDecision(null); }}>
            <option value="resource">Read a resource (resources/read)</option>
            <option value="prompt">Get a prompt (prompts/get)</option>
          </select>
        </div>
        <div className="mini-field wide">
          <label htmlFor={`${id}-name`}>{kind === "resource" ? "Resource URI" : "Prompt name"}</label>
          <input id={`${id}-name`} list={`${id}-names`} value={name} placeholder={kind === "resource" ? "mlflow://experiments/1" : "find_best_run"}
            onChange={(e) => { setName(e.target.value); setDecision(null); }} />
          <datalist id={`${id}-names`}>{suggestions.map((s) => <option key={s} value={s} />)}</datalist>
        </div>
      </div>
      {counters.map((c) => (
        <div key={c.counter} className="mini-field">
          <label htmlFor={`${id}-used-${c.counter}`}>Reads already in the window: {c.counter}</label>
          <input id={`${id}-used-${c.counter}`} type="number" min={0} value={used[c.counter] ?? "0"} onChange={(e) => setUsed({ ...used, [c.counter]: e.target.value })} />
          <p className="field-hint">{c.max} per {c.windowSeconds} s, per {c.scope}</p>
        </div>
      ))}
      <button type="button" className="button" disabled={name.trim() === ""} onClick={run}>Check this request</button>
      {decision ? <DecisionView decision={decision} /> : null}
    </section>
  );
}
