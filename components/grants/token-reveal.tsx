import { CopyButton } from "@/components/grants/copy-button";
import { GrantSnippets } from "@/components/grants/grant-snippets";
import type { CreatedGrant } from "@/lib/schemas/grant";

/** The one moment a token is visible: a warning, the token and every snippet filled with it. */
export function TokenReveal({ grant, onDone }: { grant: CreatedGrant; onDone?: () => void }) {
  return (
    <section className="card token-reveal" aria-labelledby="token-title">
      <h2 id="token-title">Token for “{grant.name}”</h2>
      <p className="warning" role="note">
        Copy the token now: it is shown only once. Warden stores only its hash, so it cannot show it again — rotate the grant if it is lost.
      </p>
      <div className="token-row">
        <code data-testid="grant-token">{grant.token}</code>
        <CopyButton text={grant.token} label="Copy the token" />
      </div>
      <GrantSnippets name={grant.name} gatewayUrl={grant.gatewayUrl} secretUrl={grant.secretUrl} token={grant.token} tokenKnown />
      {onDone ? (
        <button type="button" className="button" onClick={onDone}>
          I have copied it
        </button>
      ) : null}
    </section>
  );
}
