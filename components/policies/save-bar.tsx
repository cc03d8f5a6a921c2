"use client";

import { useId } from "react";

type Props = {
  isNew: boolean;
  name: string;
  onName(name: string): void;
  note: string;
  onNote(note: string): void;
  canSave: boolean;
  blockedBecause: string | null;
  dirty: boolean;
  busy: boolean;
  error: { message: string; field?: string } | null;
  onSave(): void;
};

export function SaveBar({ isNew, name, onName, note, onNote, canSave, blockedBecause, dirty, busy, error, onSave }: Props) {
  const id = useId();
  return (
    <form className="save-bar card" onSubmit={(e) => { e.preventDefault(); onSave(); }}>
      {isNew ? (
        <div className="mini-field">
          <label htmlFor={`${id}-name`}>Policy name</label>
          <input id={`${id}-name`} value={name} onChange={(e) => onName(e.target.value)} aria-invalid={error?.field === "name" ? true : undefined} />
        </div>
      ) : (
        <div className="mini-field wide">
          <label htmlFor={`${id}-note`}>Note for this version (optional)</label>
          <input id={`${id}-note`} value={note} maxLength={200} placeholder="What changed and why" onChange={(e) => onNote(e.target.value)} />
        </div>
      )}
      <div className="save-status">
        {blockedBecause ? <p className="field-error">{blockedBecause}</p> : <p className="muted small">{dirty ? "Unsaved changes" : isNew ? "Not saved yet" : "No changes since this version"}</p>}
        {error ? <p className="field-error" role="alert">{error.message}</p> : null}
      </div>
      <button type="submit" className="button primary inline" disabled={!canSave || busy}>
        {busy ? "Saving…" : isNew ? "Create policy" : "Save version"}
      </button>
    </form>
  );
}
