"use client";

// Re-sync and delete, for admins.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { deleteServerAction, syncServerAction } from "@/app/(dashboard)/[org]/servers/actions";

export function ServerControls({ slug, serverId, name }: { slug: string; serverId: string; name: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");
  const resync = async () => {
    setBusy(true);
    const result = await syncServerAction(slug, { serverId });
    setBusy(false);
    if (!result.ok) setMessage(result.error.message);
    else if (!result.data.ok) setMessage(`Could not connect: ${result.data.message}`);
    else {
      const { added, quarantined, removed, restored } = result.data;
      setMessage(`Synced: ${added} new, ${quarantined} changed (quarantined), ${removed} removed, ${restored} restored.`);
    }
    router.refresh();
  };
  const remove = async () => {
    if (!window.confirm(`Delete ${name}? Its policies and grants are deleted too; agents using them lose access.`)) return;
    setBusy(true);
    const result = await deleteServerAction(slug, { serverId });
    setBusy(false);
    if (!result.ok) return setMessage(result.error.message);
    router.push(`/${slug}/servers`);
  };
  return (
    <div className="row-actions">
      <button type="button" className="button" disabled={busy} onClick={resync}>{busy ? "Working…" : "Re-sync"}</button>
      <button type="button" className="button danger" disabled={busy} onClick={remove}>Delete server</button>
      {message ? <p className="small" role="status">{message}</p> : null}
    </div>
  );
}
