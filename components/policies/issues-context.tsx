"use client";

// Errors (the schema's) and warnings (checkPolicy's) by JSON Pointer, so every field of the
// visual editor can show the message about itself without threading them through props.
import { createContext, useContext, type ReactNode } from "react";
import type { Issue } from "./types";

type Issues = { errors: Issue[]; warnings: Issue[] };
const IssuesContext = createContext<Issues>({ errors: [], warnings: [] });

export function IssuesProvider({ errors, warnings, children }: Issues & { children: ReactNode }) {
  return <IssuesContext.Provider value={{ errors, warnings }}>{children}</IssuesContext.Provider>;
}

export function useIssues(): Issues {
  return useContext(IssuesContext);
}

/** The schema's message for exactly this pointer, if any. */
export function useFieldError(pointer: string): string | undefined {
  return useContext(IssuesContext).errors.find((e) => e.pointer === pointer)?.message;
}

const FIELD_NAMES = new Set(["action", "reason", "timeout", "mode", "counter", "window", "max", "scope", "arg", "op", "value", "default"]);
const under = (pointer: string, root: string) => pointer === root || pointer.startsWith(`${root}/`);

/**
 * Messages about a rule that no field shows: warnings anywhere under it, and errors at the rule
 * itself or at keys the editor has no field for (a misspelt key in pasted JSON).
 */
export function RuleIssues({ pointer }: { pointer: string }) {
  const { errors, warnings } = useIssues();
  const orphanErrors = errors.filter((e) => under(e.pointer, pointer) && !FIELD_NAMES.has(e.pointer.split("/").at(-1) ?? ""));
  const mine = warnings.filter((w) => under(w.pointer, pointer));
  if (orphanErrors.length === 0 && mine.length === 0) return null;
  return (
    <ul className="rule-issues">
      {orphanErrors.map((e) => (
        <li key={`e${e.pointer}${e.message}`} className="field-error">
          <code>{e.pointer}</code> {e.message}
        </li>
      ))}
      {mine.map((w) => (
        <li key={`w${w.pointer}${w.message}`} className="warning">
          <span aria-hidden>⚠</span> <code>{w.pointer}</code> {w.message}
        </li>
      ))}
    </ul>
  );
}

export function FieldMessage({ id, pointer }: { id: string; pointer: string }) {
  const error = useFieldError(pointer);
  if (!error) return null;
  return (
    <p id={id} className="field-error">
      {error}
    </p>
  );
}
