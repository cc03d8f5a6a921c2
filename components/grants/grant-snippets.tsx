import { CopyButton } from "@/components/grants/copy-button";
import { grantSnippets, type SnippetInput } from "@/components/grants/snippets";

/** The gateway URL and one card per client, each with a copy button. */
export function GrantSnippets(props: SnippetInput & { tokenKnown: boolean }) {
  const snippets = grantSnippets(props);
  return (
    <section className="snippets" aria-label="Connect a client">
      <div className="snippet">
        <div className="snippet-head">
          <h3>Gateway URL</h3>
          <CopyButton text={props.gatewayUrl} label="Copy the gateway URL" />
        </div>
        <pre data-testid="gateway-url">{props.gatewayUrl}</pre>
        <p className="muted small">
          Send <code>Authorization: Bearer {props.tokenKnown ? "<the token>" : "<token>"}</code> with every request.
          {props.tokenKnown ? null : " The token was shown once when the grant was created or rotated; rotate to get a new one."}
        </p>
      </div>
      {snippets.map((snippet) => (
        <div key={snippet.id} className={snippet.secret ? "snippet secret" : "snippet"} data-snippet={snippet.id}>
          <div className="snippet-head">
            <h3>
              {snippet.title} {snippet.secret ? <span className="badge deny">secret</span> : null}
            </h3>
            <CopyButton text={snippet.text} label={`Copy the ${snippet.title} configuration`} />
          </div>
          <p className="muted small">{snippet.where}</p>
          <pre aria-label={`${snippet.title} configuration`}>{snippet.text}</pre>
        </div>
      ))}
    </section>
  );
}
