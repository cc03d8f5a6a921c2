"use client";

import { useState } from "react";
import { ApprovalCard } from "@/components/approvals/approval-card";
import { usePendingApprovals } from "@/components/approvals/use-pending-approvals";
import type { ApprovalView } from "@/lib/schemas/approval";

/** The pending list, refreshed every 1.5 s without a reload. */
export function ApprovalsInbox({ slug, initial, canDecide }: { slug: string; initial: ApprovalView[]; canDecide: boolean }) {
  const { data } = usePendingApprovals(slug, initial);
  const [decided, setDecided] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<string | null>(null);
  const pending = (data ?? []).filter((a) => !decided.has(a.id));

  function onDecided(id: string, text: string) {
    setDecided((current) => new Set(current).add(id));
    setMessage(text);
  }

  return (
    <>
      <p className="sr-only" role="status">{message ?? ""}</p>
      {message ? <p className="muted small">Last decision: {message}.</p> : null}
      {pending.length === 0 ? (
        <p className="card muted">No calls are waiting. Held calls appear here as they happen.</p>
      ) : (
        <ul className="approval-list" aria-label="Pending approvals">
          {pending.map((approval) => (
            <ApprovalCard key={approval.id} slug={slug} approval={approval} canDecide={canDecide} onDecided={onDecided} />
          ))}
        </ul>
      )}
    </>
  );
}
