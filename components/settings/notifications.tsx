"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { createWebhookAction, deleteWebhookAction, sendTestWebhookAction } from "@/app/(dashboard)/[org]/settings/notifications/actions";
import { CopyButton } from "@/components/grants/copy-button";
import { webhookEvents, type DeliveryView, type WebhookWithDeliveries } from "@/lib/schemas/webhook";

/** Add webhooks (the signing secret is shown once), send a test, read each one's delivery log. */
export function Notifications({ slug, webhooks }: { slug: string; webhooks: WebhookWithDeliveries[] }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState<string | null>(null);
  const waiting = webhooks.some((w) => w.deliveries.some((d) => d.status === "pending"));

  // While a delivery is pending the log is re-read, so a person sees it go through.
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => router.refresh(), 2_000);
    return () => clearInterval(timer);
  }, [waiting, router]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const result = await createWebhookAction(slug, { url: data.get("url"), format: data.get("format"), events: data.getAll("events") });
    if (!result.ok) return setErrors(result.error.fields ?? { form: result.error.message });
    setErrors({});
    setSecret(result.data.secret);
    form.reset();
    router.refresh();
  }

  async function run(action: Promise<{ ok: boolean; error?: { message: string } }>) {
    const result = await action;
    if (!result.ok) return setErrors({ form: result.error?.message ?? "Failed" });
    router.refresh();
  }

  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="add-webhook-title">
        <h2 id="add-webhook-title">Add a webhook</h2>
        <p className="muted small">
          Warden POSTs approval events to the URL. <strong>warden</strong> bodies are signed: <code>Warden-Signature: t=&lt;unix&gt;,v1=&lt;hex&gt;</code>,
          HMAC-SHA256 with the secret over <code>t.body</code>. <strong>slack</strong> bodies suit a Slack incoming webhook.
        </p>
        <form className="stack" onSubmit={onSubmit} aria-label="Add a webhook" noValidate>
          <div className="field">
            <label htmlFor="webhook-url">Webhook URL</label>
            <input id="webhook-url" name="url" placeholder="https://hooks.example.com/warden" aria-invalid={errors.url ? true : undefined} aria-describedby={errors.url ? "webhook-url-error" : undefined} />
            {errors.url ? <p id="webhook-url-error" className="field-error" role="alert">{errors.url}</p> : null}
          </div>
          <fieldset className="plain">
            <legend>Events</legend>
            {webhookEvents.map((event) => (
              <label key={event} className="checkbox">
                <input type="checkbox" name="events" value={event} defaultChecked /> {event}
              </label>
            ))}
            {errors.events ? <p className="field-error" role="alert">{errors.events}</p> : null}
          </fieldset>
          <div className="field">
            <label htmlFor="webhook-format">Format</label>
            <select id="webhook-format" name="format" defaultValue="warden">
              <option value="warden">warden (signed JSON)</option>
              <option value="slack">slack (incoming webhook)</option>
            </select>
          </div>
          <div><button type="submit" className="button primary">Add webhook</button></div>
        </form>
        {errors.form ? <p className="form-error" role="alert">{errors.form}</p> : null}
        {secret ? (
          <div className="stack" style={{ gap: "0.5rem" }}>
            <p className="warning">Copy the signing secret now: it is shown only once.</p>
            <div className="token-row">
              <code data-testid="webhook-secret">{secret}</code>
              <CopyButton text={secret} label="Copy the signing secret" />
            </div>
          </div>
        ) : null}
      </section>
      {webhooks.length === 0 ? <p className="card muted small">No webhooks yet.</p> : null}
      {webhooks.map((w) => (
        <section key={w.id} className="card stack" aria-label={`Webhook ${w.url}`}>
          <div className="page-header">
            <div>
              <h2><code>{w.url}</code></h2>
              <p className="muted small">{w.format} · {w.events.join(", ")}</p>
            </div>
            <div className="actions">
              <button type="button" className="button small" onClick={() => void run(sendTestWebhookAction(slug, w.id))}>Send test</button>
              <button type="button" className="button small danger" onClick={() => window.confirm(`Delete the webhook to ${w.url}?`) && void run(deleteWebhookAction(slug, w.id))}>Delete</button>
            </div>
          </div>
          <DeliveryLog deliveries={w.deliveries} />
        </section>
      ))}
    </div>
  );
}

function DeliveryLog({ deliveries }: { deliveries: DeliveryView[] }) {
  if (deliveries.length === 0) return <p className="muted small">No deliveries yet.</p>;
  return (
    <table aria-label="Deliveries">
      <thead>
        <tr><th>Event</th><th>Status</th><th>Attempts</th><th>Response</th><th>Created</th></tr>
      </thead>
      <tbody>
        {deliveries.map((d) => (
          <tr key={d.id}>
            <td><code>{d.event}</code></td>
            <td><span className="badge">{d.status}</span>{d.status === "pending" && d.attempts > 0 && d.nextAttemptAt ? <span className="muted small"> retry at {new Date(d.nextAttemptAt).toLocaleTimeString()}</span> : null}</td>
            <td>{d.attempts}</td>
            <td>{d.lastStatusCode ?? (d.lastError ? <span className="muted small" title={d.lastError}>{d.lastError.slice(0, 80)}</span> : "—")}</td>
            <td>{new Date(d.createdAt).toLocaleString()}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
