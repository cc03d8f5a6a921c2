"use client";

import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import type { AuditFilters } from "@/lib/schemas/audit";

type Options = { grants: { id: string; name: string }[]; servers: { id: string; name: string }[]; tools: string[]; decisions: string[] };

/** ISO instant → the value a datetime-local input shows (the person's local time). */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function Select({ name, label, value, options }: { name: string; label: string; value?: string; options: { value: string; label: string }[] }) {
  return (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name} defaultValue={value ?? ""}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </div>
  );
}

export function AuditFilterForm({ slug, filters, options }: { slug: string; filters: AuditFilters; options: Options }) {
  const router = useRouter();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [key, raw] of new FormData(event.currentTarget)) {
      const value = String(raw).trim();
      if (!value) continue;
      params.set(key, key === "from" || key === "to" ? new Date(value).toISOString() : value);
    }
    router.push(`/${slug}/audit${params.size ? `?${params}` : ""}`);
  }
  return (
    <form className="filters card" onSubmit={onSubmit} role="search" aria-label="Filter the audit log">
      <div className="field">
        <label htmlFor="filter-q">Search</label>
        <input id="filter-q" name="q" type="search" defaultValue={filters.q ?? ""} placeholder="tool, rule, reason…" />
      </div>
      <Select name="grantId" label="Grant" value={filters.grantId} options={options.grants.map((g) => ({ value: g.id, label: g.name }))} />
      <Select name="serverId" label="Server" value={filters.serverId} options={options.servers.map((s) => ({ value: s.id, label: s.name }))} />
      <Select name="tool" label="Tool" value={filters.tool} options={options.tools.map((t) => ({ value: t, label: t }))} />
      <Select name="decision" label="Decision" value={filters.decision} options={options.decisions.map((d) => ({ value: d, label: d }))} />
      <Select name="kind" label="Source" value={filters.kind} options={[{ value: "gateway", label: "Gateway calls" }, { value: "control", label: "Control plane" }]} />
      <div className="field">
        <label htmlFor="filter-from">From</label>
        <input id="filter-from" name="from" type="datetime-local" defaultValue={toLocalInput(filters.from)} />
      </div>
      <div className="field">
        <label htmlFor="filter-to">To</label>
        <input id="filter-to" name="to" type="datetime-local" defaultValue={toLocalInput(filters.to)} />
      </div>
      <button type="submit" className="button primary">Apply</button>
      <button type="button" className="button" onClick={() => router.push(`/${slug}/audit`)}>Clear</button>
    </form>
  );
}
