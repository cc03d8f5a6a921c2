"use client";

// A line diff of two policy documents (pretty JSON), as a reviewer reads a code change.
import { diffLines } from "diff";

export function JsonDiff({ before, after, label }: { before: unknown; after: unknown; label: string }) {
  const parts = diffLines(JSON.stringify(before, null, 2) + "\n", JSON.stringify(after, null, 2) + "\n");
  const added = parts.filter((p) => p.added).reduce((n, p) => n + (p.count ?? 0), 0);
  const removed = parts.filter((p) => p.removed).reduce((n, p) => n + (p.count ?? 0), 0);
  return (
    <figure className="json-diff" aria-label={label}>
      <figcaption className="muted small">
        {label}: <span className="diff-added-count">+{added}</span> <span className="diff-removed-count">−{removed}</span> lines
      </figcaption>
      <pre>
        {parts.flatMap((part, i) =>
          part.value.replace(/\n$/, "").split("\n").map((line, j) => {
            const kind = part.added ? "added" : part.removed ? "removed" : "same";
            const sign = part.added ? "+" : part.removed ? "−" : " ";
            return (
              <span key={`${i}-${j}`} className={`diff-line diff-${kind}`}>
                {sign} {line}
                {"\n"}
              </span>
            );
          }),
        )}
      </pre>
    </figure>
  );
}
