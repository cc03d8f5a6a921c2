"use client";

import { useEffect, useState } from "react";
import type { ApprovalView } from "@/lib/schemas/approval";

export const POLL_INTERVAL_MS = 1500;

/** Polls the pending list (≤ 2 s between looks) while the tab is open; keeps the last answer on errors. */
export function usePendingApprovals(slug: string, initial: ApprovalView[] | null, limit = 100) {
  const [state, setState] = useState<{ data: ApprovalView[] | null; count: number | null }>({ data: initial, count: initial?.length ?? null });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function look() {
      try {
        const response = await fetch(`/api/orgs/${encodeURIComponent(slug)}/approvals?status=pending&limit=${limit}`, { cache: "no-store" });
        if (response.ok) {
          const body = (await response.json()) as { data: ApprovalView[]; pendingCount: number };
          if (!stopped) setState({ data: body.data, count: body.pendingCount });
        }
      } catch {
        // offline for a moment: try again on the next tick
      }
      if (!stopped) timer = setTimeout(look, POLL_INTERVAL_MS);
    }
    void look();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [slug, limit]);
  return state;
}
