"use client";

import { useState } from "react";

/** Copies text to the clipboard; says so for a moment (and to screen readers). */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Without clipboard permission (plain http, old browsers) fall back to a hidden textarea.
      const area = document.createElement("textarea");
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  }
  return (
    <button type="button" className="button small" onClick={copy} aria-label={label}>
      {copied ? "Copied" : "Copy"}
      <span className="sr-only" aria-live="polite">{copied ? "Copied to the clipboard" : ""}</span>
    </button>
  );
}
