import type { InboxMessageView } from "@/lib/schemas/account-lifecycle";

const urlPattern = /(https?:\/\/[^\s<>"]+)/g;

/** The plain-text part, with its links clickable (the HTML part is not rendered: it is input). */
function Linked({ text }: { text: string }) {
  return (
    <>
      {text.split(urlPattern).map((part, index) =>
        index % 2 === 1 ? <a key={index} href={part}>{part}</a> : <span key={index}>{part}</span>,
      )}
    </>
  );
}

export function MailInbox({ messages }: { messages: InboxMessageView[] }) {
  if (messages.length === 0) return <p className="card muted">No mail yet.</p>;
  return (
    <ul className="stack" aria-label="Messages" style={{ listStyle: "none", padding: 0 }}>
      {messages.map((m) => (
        <li key={m.id} className="card">
          <article aria-label={m.subject}>
            <h2 style={{ fontSize: "1.05rem" }}>{m.subject}</h2>
            <p className="muted small">To {m.to} · {new Date(m.receivedAt).toLocaleString()}</p>
            <pre style={{ whiteSpace: "pre-wrap" }}><Linked text={m.text} /></pre>
          </article>
        </li>
      ))}
    </ul>
  );
}
