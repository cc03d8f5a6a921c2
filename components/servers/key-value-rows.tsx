"use client";

// Rows of name + secret value (upstream headers or env). Values are typed once and sent; they
// are never shown again, so the input is a password field.
import { useId } from "react";

export type KeyValue = { name: string; value: string; required?: boolean };

type Props = {
  legend: string;
  /** Names each row for assistive technology, e.g. "Header 1". */
  rowLabel: string;
  nameLabel: string;
  valueLabel: string;
  addLabel: string;
  rows: KeyValue[];
  error?: string;
  onChange(rows: KeyValue[]): void;
};

export function KeyValueRows({ legend, rowLabel, nameLabel, valueLabel, addLabel, rows, error, onChange }: Props) {
  const id = useId();
  const set = (index: number, patch: Partial<KeyValue>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="plain field">
      <legend className="field-label">{legend}</legend>
      {rows.map((row, index) => (
        <div key={index} className="kv-row" role="group" aria-label={`${rowLabel} ${index + 1}`}>
          <div className="mini-field">
            <label htmlFor={`${id}-n${index}`}>{nameLabel}</label>
            <input id={`${id}-n${index}`} value={row.name} autoComplete="off" onChange={(e) => set(index, { name: e.target.value })} />
          </div>
          <div className="mini-field wide">
            <label htmlFor={`${id}-v${index}`}>{valueLabel}{row.required ? " (required)" : ""}</label>
            <input id={`${id}-v${index}`} type="password" value={row.value} autoComplete="new-password" onChange={(e) => set(index, { value: e.target.value })} />
          </div>
          <button type="button" className="button small danger" onClick={() => onChange(rows.filter((_, i) => i !== index))}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="button small" onClick={() => onChange([...rows, { name: "", value: "" }])}>{addLabel}</button>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
    </fieldset>
  );
}

/** Rows → the object the schema expects; rows with no name and no value are ignored. */
export function rowsToRecord(rows: KeyValue[]): Record<string, string> | undefined {
  const filled = rows.filter((row) => row.name.trim() !== "" && row.value !== "");
  return filled.length === 0 ? undefined : Object.fromEntries(filled.map((row) => [row.name.trim(), row.value]));
}
