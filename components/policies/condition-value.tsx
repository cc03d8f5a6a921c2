"use client";

// The value of a condition, typed as text but stored typed (numbers, lists, true/false). The
// text is kept locally so "1." or "a, " survive while a person is still typing.
import { useState } from "react";
import { formatValue, parseValue, type ValueKind } from "./condition-ops";
import type { ArgType } from "./schema-args";

type Props = {
  id: string;
  kind: ValueKind;
  type: ArgType;
  value: unknown;
  invalid: boolean;
  suggestions: unknown[] | null;
  onValue(value: unknown): void;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function ConditionValue({ id, kind, type, value, invalid, suggestions, onValue }: Props) {
  const [text, setText] = useState(() => formatValue(value, kind));
  const [seen, setSeen] = useState<unknown>(value);
  if (!same(seen, value)) {
    // The value changed elsewhere (JSON tab, another control): show it.
    setSeen(value);
    setText(formatValue(value, kind));
  }
  if (kind === "boolean") {
    return (
      <select id={id} value={value === false ? "false" : "true"} onChange={(e) => onValue(e.target.value === "true")}>
        <option value="true">true</option>
        <option value="false">false</option>
      </select>
    );
  }
  const listId = suggestions ? `${id}-suggestions` : undefined;
  return (
    <>
      <input
        id={id}
        type={kind === "number" ? "number" : "text"}
        value={text}
        list={listId}
        placeholder={kind === "list" ? "a, b, c" : undefined}
        aria-invalid={invalid || undefined}
        onChange={(e) => {
          const next = parseValue(e.target.value, kind, type);
          setText(e.target.value);
          setSeen(next);
          onValue(next);
        }}
      />
      {suggestions ? (
        <datalist id={listId}>
          {suggestions.map((s) => <option key={String(s)} value={String(s)} />)}
        </datalist>
      ) : null}
    </>
  );
}
