"use client";

// Changing a server's name and where it is reached, for admins. The same schema checks the form
// here and the body on the server; a new URL or command is connected before it is saved, so a
// mistake is reported at its field and the server keeps working as it was. Secrets are changed
// by name in the panel beside this form.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { updateServerAction } from "@/app/(dashboard)/[org]/servers/actions";
import { Field } from "@/components/ui/field";
import { updateServerBodySchema } from "@/lib/schemas/server";

type Props = {
  slug: string;
  server: { id: string; name: string; transport: "http" | "stdio"; url: string | null; command: string | null; args: string[] };
};

function issuesByField(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}

export function EditServerForm({ slug, server }: Props) {
  const router = useRouter();
  const [name, setName] = useState(server.name);
  const [url, setUrl] = useState(server.url ?? "");
  const [command, setCommand] = useState(server.command ?? "");
  const [args, setArgs] = useState(server.args.join("\n"));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const body = server.transport === "http"
      ? { name, url }
      : { name, command, args: args.split("\n").map((a) => a.trim()).filter(Boolean) };
    const parsed = updateServerBodySchema.safeParse(body);
    if (!parsed.success) return setErrors(issuesByField(parsed.error.issues));
    setBusy(true);
    setErrors({});
    setMessage("");
    try {
      const result = await updateServerAction(slug, { serverId: server.id, ...parsed.data });
      if (!result.ok) return setErrors(result.error.fields ?? { form: result.error.message });
      const { changed, sync } = result.data;
      const synced = sync ? ` Catalog re-synced: ${sync.added} new, ${sync.quarantined} changed (quarantined), ${sync.removed} removed, ${sync.restored} restored.` : "";
      setMessage(changed.length === 0 ? "Nothing changed." : `Saved (${changed.join(", ")}).${synced}`);
      router.refresh();
    } catch {
      setErrors({ form: "Something went wrong. Please try again." });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" aria-labelledby="edit-server-title" onSubmit={onSubmit} noValidate>
      <h2 id="edit-server-title">Edit server</h2>
      <Field label="Server name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
      {server.transport === "http" ? (
        <Field label="URL" name="url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} error={errors.url}
          hint="A new URL is checked and connected before it is saved; the tools are listed again. A key in the query string shows as •••: leave it so to keep the key." />
      ) : (
        <>
          <Field label="Command" name="command" value={command} onChange={(e) => setCommand(e.target.value)} error={errors.command} />
          <div className="field">
            <label htmlFor="field-args">Arguments (one per line)</label>
            <textarea id="field-args" rows={3} value={args} onChange={(e) => setArgs(e.target.value)} />
            {errors.args ? <p className="field-error" role="alert">{errors.args}</p> : null}
          </div>
        </>
      )}
      {errors.form ? <p className="form-error" role="alert">{errors.form}</p> : null}
      {message ? <p className="notice" role="status">{message}</p> : null}
      <button type="submit" className="button primary" disabled={busy}>{busy ? "Connecting…" : "Save changes"}</button>
    </form>
  );
}
