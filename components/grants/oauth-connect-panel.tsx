import { CopyButton } from "@/components/grants/copy-button";

type Props = { servers: { id: string; name: string; url: string }[] };

/** The URL to paste into Claude.ai, ChatGPT or any MCP client that signs in with OAuth. */
export function OauthConnectPanel({ servers }: Props) {
  if (servers.length === 0) return null;
  return (
    <section className="card" aria-label="Connect with OAuth">
      <h2>Connect with OAuth</h2>
      <p className="muted small">
        Clients that take only a URL (Claude.ai custom connectors, ChatGPT connectors, many IDEs): paste the server&apos;s URL. The client sends
        you to Warden, where an admin or owner picks the policy; approving creates a grant for that client, listed here.
      </p>
      <table aria-label="OAuth connection URLs">
        <tbody>
          {servers.map((server) => (
            <tr key={server.id}>
              <th scope="row">{server.name}</th>
              <td><code>{server.url}</code></td>
              <td><CopyButton text={server.url} label={`Copy ${server.name} URL`} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
