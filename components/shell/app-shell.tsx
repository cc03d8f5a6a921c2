import Link from "next/link";
import type { ReactNode } from "react";
import { NavLinks } from "@/components/shell/nav-links";
import { OrgSwitcher } from "@/components/shell/org-switcher";
import { UserMenu } from "@/components/shell/user-menu";

type Props = {
  org: { slug: string; name: string; role: string };
  orgs: { slug: string; name: string }[];
  user: { name: string; email: string };
  children: ReactNode;
};

export function AppShell({ org, orgs, user, children }: Props) {
  return (
    <div className="shell">
      <aside className="sidebar">
        <Link href={`/${org.slug}`} className="brand">
          <span className="brand-mark" aria-hidden>◆</span> Warden
        </Link>
        <OrgSwitcher current={org.slug} orgs={orgs} />
        <Link href="/new-organization" className="small sidebar-link">+ New organization</Link>
        <NavLinks slug={org.slug} />
      </aside>
      <div className="main-column">
        <header className="topbar">
          <span className="muted small">
            {org.name} · <span className="badge">{org.role}</span>
          </span>
          <UserMenu name={user.name} email={user.email} profileHref={`/${org.slug}/profile`} />
        </header>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}
