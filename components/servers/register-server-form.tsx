"use client";

// Register an MCP server: HTTP (URL + secret headers) or stdio (command, args, secret env).
// The same schema checks the form here and the body on the server; "Test connection & import"
// connects before anything is stored.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { registerServerAction } from "@/app/(dashboard)/[org]/servers/actions";
import { Field } from "@/components/ui/field";
import { mlflowPreset, registerServerBodySchema } from "@/lib/schemas/server";
import { KeyValueRows, rowsToRecord, type KeyValue } from "./key-value-rows";
import { MlflowPresetNote } from "./mlflow-preset";

type Transport = "http" | "stdio";

function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? "form");
    const where = issue.path.length > 1 ? `${String(issue.path[1])}: ` : "";
    fields[key] ??= where + issue.message;
  }
  return fields;
}

/**
 * `demoUrl`: the demo MLflow server that `npm start` runs, offered as a one-click fill. `next`: a
 * checked same-site path to open after registering (e.g. the "Limit this tool" steps) instead of the server.
 */
export function RegisterServerForm({ slug, stdioAllowed, demoUrl, next = null }: { slug: string; stdioAllowed: boolean; demoUrl: string | null; next?: string | null }) {
  const router = useRouter();
  const [transport, setTransport] = useState<Transport>("http");
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [headers, setHeaders] = useState<KeyValue[]>([]);
  const [command, setCommand] = useState("");
  const [args, setArgs] = useState("");
  const [envRows, setEnvRows] = useState<KeyValue[]>([]);
  const [preset, setPreset] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const applyPreset = () => {
    setPreset(true);
    setName(mlflowPreset.name);
    if (!stdioAllowed) return;
    setTransport("stdio");
    setCommand(mlflowPreset.command);
    setArgs(mlflowPreset.args.join("\n"));
    setEnvRows(mlflowPreset.env.map((n) => ({ name: n, value: "", required: (mlflowPreset.requiredEnv as readonly string[]).includes(n) })));
  };

  const fillDemoServer = (demo: string) => {
    setPreset(false);
    setTransport("http");
    setName("MLflow (demo)");
    setUrl(demo);
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const missing = envRows.find((row) => row.required && row.value === "" && transport === "stdio");
    if (missing) return setErrors({ env: `${missing.name} is required by the MLflow MCP server` });
    const body = transport === "http"
      ? { name, transport, url, headers: rowsToRecord(headers) }
      : { name, transport, command, args: args.split("\n").map((a) => a.trim()).filter(Boolean), env: rowsToRecord(envRows) };
    const parsed = registerServerBodySchema.safeParse(body);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    setBusy(true);
    setErrors({});
    try {
      const result = await registerServerAction(slug, parsed.data);
      if (!result.ok) return setErrors(result.error.fields ?? { form: result.error.message });
      router.push(next ?? `/${slug}/servers/${result.data.id}?imported=${result.data.toolCount}`);
    } catch {
      setErrors({ form: "Something went wrong. Please try again." });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card register-form" onSubmit={onSubmit} aria-label="Register a server" noValidate>
      {/* The page's heading already says "Register a server": the form starts with its shortcuts. */}
      <div className="button-row">
        {demoUrl ? <button type="button" className="button small" onClick={() => fillDemoServer(demoUrl)}>Use the demo MLflow server</button> : null}
        <button type="button" className="button small" onClick={applyPreset}>MLflow MCP server preset</button>
      </div>
      {demoUrl ? <p className="field-hint">Trying Warden out? <code>npm start</code> runs a demo MLflow MCP server at <code>{demoUrl}</code> with seeded experiments, runs and models.</p> : null}
      {preset ? <MlflowPresetNote stdioAllowed={stdioAllowed} /> : null}
      <Field label="Name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} hint="How your team will recognise it, e.g. MLflow" />
      <fieldset className="plain field">
        <legend className="field-label">Transport</legend>
        <label className="radio"><input type="radio" name="transport" checked={transport === "http"} onChange={() => setTransport("http")} /> HTTP (streamable HTTP, or SSE for older servers)</label>
        <label className="radio">
          <input type="radio" name="transport" checked={transport === "stdio"} disabled={!stdioAllowed} onChange={() => setTransport("stdio")} /> stdio (a command)
        </label>
        <p className="field-hint">
          {stdioAllowed ? "A stdio server's command runs on this installation's hosts, in a separate process with a minimal environment (never inside the app)." : "stdio servers are turned off on this installation (WARDEN_ALLOW_STDIO)."}
        </p>
        {errors.transport ? <p className="field-error" role="alert">{errors.transport}</p> : null}
      </fieldset>
      {transport === "http" ? (
        <>
          <Field label="URL" name="url" type="url" value={url} placeholder="https://mcp.example.com/mcp" onChange={(e) => setUrl(e.target.value)} error={errors.url} />
          <KeyValueRows legend="Headers (secret: stored encrypted, never shown again)" rowLabel="Header" nameLabel="Header name" valueLabel="Header value" addLabel="Add header"
            rows={headers} error={errors.headers} onChange={setHeaders} />
        </>
      ) : (
        <>
          <Field label="Command" name="command" value={command} onChange={(e) => setCommand(e.target.value)} error={errors.command} />
          <div className="field">
            <label htmlFor="field-args">Arguments (one per line)</label>
            <textarea id="field-args" rows={3} value={args} onChange={(e) => setArgs(e.target.value)} />
            {errors.args ? <p className="field-error">{errors.args}</p> : null}
          </div>
          <KeyValueRows legend="Environment (secret: stored encrypted, never shown again)" rowLabel="Environment variable" nameLabel="Variable" valueLabel="Value" addLabel="Add variable"
            rows={envRows} error={errors.env} onChange={setEnvRows} />
        </>
      )}
      {errors.form ? <p className="form-error" role="alert">{errors.form}</p> : null}
      <button type="submit" className="button primary" disabled={busy}>{busy ? "Connecting…" : "Test connection & import"}</button>
    </form>
  );
}
