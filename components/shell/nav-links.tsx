"use client";

import Link from "next/link";
import { useSelectedLayoutSegment } from "next/navigation";
import { navItems } from "@/components/shell/nav-items";
import { PendingBadge } from "@/components/approvals/pending-badge";

export function NavLinks({ slug }: { slug: string }) {
  const active = useSelectedLayoutSegment();
  return (
    <nav aria-label="Main">
      <ul className="nav">
        {navItems.map((item) => (
          <li key={item.segment}>
            <Link
              href={`/${slug}/${item.segment}`}
              className={active === item.segment ? "nav-link active" : "nav-link"}
              aria-current={active === item.segment ? "page" : undefined}
            >
              {item.label}
              {item.segment === "approvals" ? <PendingBadge slug={slug} /> : null}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
