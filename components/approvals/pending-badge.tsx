"use client";

import { usePendingApprovals } from "@/components/approvals/use-pending-approvals";

/** The navigation's count of calls waiting for a person. */
export function PendingBadge({ slug }: { slug: string }) {
  const { count } = usePendingApprovals(slug, null, 1);
  if (!count) return null;
  return (
    <span className="nav-badge" aria-label={`${count} pending`} data-testid="pending-badge">
      {count}
    </span>
  );
}
