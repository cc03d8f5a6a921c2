"use client";

import { useRouter } from "next/navigation";

export function OrgSwitcher({ current, orgs }: { current: string; orgs: { slug: string; name: string }[] }) {
  const router = useRouter();
  return (
    <div className="org-switcher">
      <select value={current} onChange={(event) => router.push(`/${event.target.value}`)} aria-label="Switch organization">
        {orgs.map((org) => (
          <option key={org.slug} value={org.slug}>
            {org.name}
          </option>
        ))}
      </select>
    </div>
  );
}
