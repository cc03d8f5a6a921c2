import { CopyButton } from "@/components/grants/copy-button";
import type { PolicyDocument } from "@/lib/schemas/policy";

/** A policy document as the file a person saves as policy.json, with a copy button. */
export function PolicyJson({ document, label }: { document: PolicyDocument; label: string }) {
  const text = `${JSON.stringify(document, null, 2)}\n`;
  return (
    <figure className="policy-json">
      <figcaption>
        <code>policy.json</code> <CopyButton text={text} label={label} />
      </figcaption>
      <pre aria-label={label}>{text}</pre>
    </figure>
  );
}
