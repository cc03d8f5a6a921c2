"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { AuditStats } from "@/lib/data/audit-stats";

const palette: Record<string, string> = { allow: "#2b8a3e", deny: "#c92a2a", rate_limited: "#e67700", hide: "#868e96", approved: "#1c7ed6", approval_granted: "#1c7ed6", approval_denied: "#a61e4d", approval_expired: "#868e96", require_approval: "#f59f00" };
const colorOf = (decision: string, i: number) => palette[decision] ?? ["#5f3dc4", "#0b7285", "#a61e4d", "#364fc7"][i % 4]!;

function label(iso: string, bucket: AuditStats["bucket"]) {
  const d = new Date(iso);
  return bucket === "day" ? d.toLocaleDateString() : d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** Calls per decision over time (stacked), and the busiest tools and grants. */
export function AuditCharts({ stats }: { stats: AuditStats }) {
  const rows = stats.series.map((s) => ({ time: label(s.time, stats.bucket), ...s.counts }));
  return (
    <div className="charts">
      <section className="card" aria-label="Calls per decision over time">
        <h2>Calls per decision (per {stats.bucket})</h2>
        {rows.length === 0 ? <p className="muted small">No gateway calls in this range (the last 24 hours unless you pick one).</p> : null}
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={rows}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="time" fontSize={11} />
            <YAxis allowDecimals={false} fontSize={11} width={36} />
            <Tooltip />
            <Legend />
            {stats.decisions.map((d, i) => (
              <Bar key={d} dataKey={d} stackId="calls" fill={colorOf(d, i)} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </section>
      <TopList title="Top tools" data={stats.topTools.map((t) => ({ name: t.name, count: t.count }))} color="#3b5bdb" />
      <TopList title="Top grants" data={stats.topGrants.map((g) => ({ name: g.name, count: g.count }))} color="#0b7285" />
    </div>
  );
}

function TopList({ title, data, color }: { title: string; data: { name: string; count: number }[]; color: string }) {
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      {data.length === 0 ? (
        <p className="muted small">No calls in this range.</p>
      ) : (
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data} layout="vertical" margin={{ left: 8 }}>
            <XAxis type="number" allowDecimals={false} fontSize={11} />
            <YAxis type="category" dataKey="name" width={110} fontSize={11} />
            <Tooltip />
            <Bar dataKey="count" fill={color} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </section>
  );
}
