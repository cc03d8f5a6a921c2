// The builder's one source of truth: the draft document, the JSON text that shows it, and what
// the schema (the gateway's own) and the static checks say about it. The visual side writes the
// draft and the text follows; the JSON side writes the text and the draft follows when it parses.
import { useMemo, useState } from "react";
import { checkPolicy } from "@/lib/policy/check-policy";
import { compilePolicy } from "@/lib/policy/compile-policy";
import type { CompiledPolicy } from "@/lib/policy/types";
import { parsePolicy, type PolicyDocument } from "@/lib/schemas/policy";
import { isRecord, prettyJson, type Draft } from "./draft-model";
import { syntaxErrorAt } from "./json-lines";
import type { BuilderTool, Issue } from "./types";

export type SyntaxProblem = { line: number; column: number; message: string };

export type PolicyDraftState = {
  /** The draft when it is a JSON object the visual editor can show, else null. */
  draft: Draft | null;
  text: string;
  syntaxError: SyntaxProblem | null;
  errors: Issue[];
  warnings: Issue[];
  /** The valid document and its compiled form, or null while there are errors. */
  valid: { document: PolicyDocument; compiled: CompiledPolicy } | null;
  setDraft(next: Draft): void;
  setText(text: string): void;
};

export function usePolicyDraft(initial: Draft, tools: readonly BuilderTool[]): PolicyDraftState {
  const [value, setValue] = useState<unknown>(initial);
  const [text, setTextState] = useState(() => prettyJson(initial));
  const [syntaxError, setSyntaxError] = useState<SyntaxProblem | null>(null);

  const parsed = useMemo(() => parsePolicy(value), [value]);
  const valid = useMemo(() => (parsed.ok ? { document: parsed.policy, compiled: compilePolicy(parsed.policy) } : null), [parsed]);
  const warnings = useMemo(() => {
    if (!parsed.ok) return [];
    const catalog = tools.filter((t) => t.status !== "removed").map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema, annotations: t.annotations ?? undefined }));
    return checkPolicy(parsed.policy, catalog).map((w) => ({ pointer: w.pointer, message: w.message }));
  }, [parsed, tools]);

  return {
    draft: isRecord(value) ? value : null,
    text,
    syntaxError,
    // While the text does not parse, the last parsed draft's problems point at fields that may no
    // longer be there: only the syntax error is shown.
    errors: syntaxError || parsed.ok ? [] : parsed.errors,
    warnings: syntaxError ? [] : warnings,
    valid: syntaxError ? null : valid,
    setDraft(next) {
      setValue(next);
      setTextState(prettyJson(next));
      setSyntaxError(null);
    },
    setText(next) {
      setTextState(next);
      try {
        setValue(JSON.parse(next));
        setSyntaxError(null);
      } catch (error) {
        setSyntaxError(syntaxErrorAt(next, error));
      }
    },
  };
}
