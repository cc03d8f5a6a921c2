"use client";

// The JSON side of the builder. Syntax errors show at their line and column; schema errors and
// static-check warnings show at the line of the value they point at.
import { useId, useMemo } from "react";
import { lineOf, pointerLines } from "./json-lines";
import type { Issue } from "./types";
import type { SyntaxProblem } from "./use-policy-draft";

type Props = { text: string; syntaxError: SyntaxProblem | null; errors: Issue[]; warnings: Issue[]; readOnly: boolean; onText(text: string): void };

export function JsonEditor({ text, syntaxError, errors, warnings, readOnly, onText }: Props) {
  const id = useId();
  const lines = useMemo(() => {
    if (syntaxError) return null;
    try {
      return pointerLines(text);
    } catch {
      return null;
    }
  }, [text, syntaxError]);
  const at = (issue: Issue) => (lines ? lineOf(lines, issue.pointer) : 1);
  const lineCount = text.split("\n").length;
  const errorLines = new Set(syntaxError ? [syntaxError.line] : errors.map(at));
  const warningLines = new Set(warnings.map(at));
  const hasProblems = Boolean(syntaxError) || errors.length > 0 || warnings.length > 0;
  return (
    <div className="json-editor">
      <label htmlFor={`${id}-json`}>Policy JSON</label>
      <div className="json-frame">
        <div className="json-gutter" aria-hidden>
          {Array.from({ length: lineCount }, (_, i) => (
            <div key={i} className={errorLines.has(i + 1) ? "gutter-error" : warningLines.has(i + 1) ? "gutter-warning" : undefined}>{i + 1}</div>
          ))}
        </div>
        <textarea id={`${id}-json`} value={text} rows={lineCount + 1} wrap="off" spellCheck={false} readOnly={readOnly}
          aria-invalid={syntaxError || errors.length > 0 ? true : undefined} aria-describedby={hasProblems ? `${id}-problems` : undefined}
          onChange={(e) => onText(e.target.value)} />
      </div>
      <div id={`${id}-problems`} className="json-problems">
        {syntaxError ? (
          <p className="field-error" role="alert">
            Line {syntaxError.line}, column {syntaxError.column}: this is not valid JSON ({syntaxError.message})
          </p>
        ) : null}
        {errors.length > 0 ? (
          <ul aria-label="Errors" className="issue-list">
            {errors.map((e) => (
              <li key={`${e.pointer}${e.message}`} className="field-error">
                Line {at(e)}: <code>{e.pointer || "/"}</code> {e.message}
              </li>
            ))}
          </ul>
        ) : null}
        {warnings.length > 0 ? (
          <ul aria-label="Warnings" className="issue-list">
            {warnings.map((w) => (
              <li key={`${w.pointer}${w.message}`} className="warning">
                Line {at(w)}: <code>{w.pointer}</code> {w.message}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
