"use client";

// The simulator's argument form, generated from the tool's input schema.
import { useId } from "react";
import type { ArgSpec } from "./schema-args";

type Props = { args: ArgSpec[]; values: Record<string, string>; errors: Record<string, string>; onChange(values: Record<string, string>): void };

export function SimulatorArgs({ args, values, errors, onChange }: Props) {
  const id = useId();
  if (args.length === 0) return <p className="muted small">This tool takes no arguments.</p>;
  const set = (name: string, value: string) => onChange({ ...values, [name]: value });
  return (
    <div className="sim-args">
      {args.map((arg) => {
        const inputId = `${id}-${arg.name}`;
        const label = `${arg.name}${arg.required ? " (required)" : ""}`;
        const value = values[arg.name] ?? "";
        return (
          <div key={arg.name} className="mini-field">
            <label htmlFor={inputId}>{label}</label>
            {arg.type === "boolean" ? (
              <select id={inputId} value={value} onChange={(e) => set(arg.name, e.target.value)}>
                <option value="">(not given)</option>
                <option value="true">true</option>
                <option value="false">false</option>
              </select>
            ) : (
              <input id={inputId} type={arg.type === "number" || arg.type === "integer" ? "number" : "text"} value={value}
                placeholder={arg.type === "array" || arg.type === "object" ? "JSON, e.g. [\"a\"]" : arg.type}
                aria-invalid={errors[arg.name] ? true : undefined} onChange={(e) => set(arg.name, e.target.value)} />
            )}
            {errors[arg.name] ? <p className="field-error">{errors[arg.name]}</p> : null}
          </div>
        );
      })}
    </div>
  );
}

/** The form's text → the call's arguments; unfilled fields are left out, as an agent would. */
export function argumentsFrom(args: ArgSpec[], values: Record<string, string>): { args: Record<string, unknown>; errors: Record<string, string> } {
  const out: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const arg of args) {
    const text = values[arg.name] ?? "";
    if (text === "") continue;
    if (arg.type === "number" || arg.type === "integer") out[arg.name] = Number(text);
    else if (arg.type === "boolean") out[arg.name] = text === "true";
    else if (arg.type === "string") out[arg.name] = text;
    else {
      try {
        out[arg.name] = JSON.parse(text);
      } catch {
        if (arg.type === "unknown") out[arg.name] = text;
        else errors[arg.name] = "Enter JSON, e.g. [\"a\", \"b\"] or {\"k\": \"v\"}";
      }
    }
  }
  return { args: out, errors };
}
