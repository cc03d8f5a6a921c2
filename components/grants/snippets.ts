// The ready-to-paste client configurations for a grant. Pure, so the page and the test that
// runs "the snippet as shown" through an MCP client use exactly the same text.
export type SnippetInput = { name: string; gatewayUrl: string; secretUrl: string; token: string };
export type Snippet = { id: string; title: string; where: string; text: string; secret?: boolean };

/** A client-friendly server name: "Claude Desktop – Alice" → "warden-claude-desktop-alice". */
export function clientServerName(grantName: string): string {
  const slug = grantName.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
  return slug ? `warden-${slug}` : "warden";
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

export function grantSnippets(input: SnippetInput): Snippet[] {
  const name = clientServerName(input.name);
  const header = `Authorization: Bearer ${input.token}`;
  return [
    {
      id: "claude-code",
      title: "Claude Code",
      where: "Run in a terminal",
      text: `claude mcp add --transport http ${name} ${input.gatewayUrl} --header "${header}"`,
    },
    {
      id: "claude-desktop",
      title: "Claude Desktop",
      where: "claude_desktop_config.json (Settings → Developer → Edit Config)",
      text: json({ mcpServers: { [name]: { command: "npx", args: ["mcp-remote", input.gatewayUrl, "--header", header] } } }),
    },
    {
      id: "cursor",
      title: "Cursor",
      where: "~/.cursor/mcp.json (or .cursor/mcp.json in a project)",
      text: json({ mcpServers: { [name]: { url: input.gatewayUrl, headers: { Authorization: `Bearer ${input.token}` } } } }),
    },
    {
      id: "vscode",
      title: "VS Code",
      where: ".vscode/mcp.json",
      text: json({ servers: { [name]: { type: "http", url: input.gatewayUrl, headers: { Authorization: `Bearer ${input.token}` } } } }),
    },
    {
      id: "secret-url",
      title: "Secret URL",
      where: "For clients that take only a URL. The token is inside it: treat it like a password.",
      text: input.secretUrl,
      secret: true,
    },
  ];
}

/** Reads the URL and header back out of the Claude Code command (what a person pastes). */
export function parseClaudeCodeCommand(command: string): { url: string; headers: Record<string, string> } {
  const match = command.match(/--transport http \S+ (\S+) --header "([^:]+): ([^"]+)"/);
  if (!match) throw new Error(`Not a claude mcp add command: ${command}`);
  return { url: match[1]!, headers: { [match[2]!]: match[3]! } };
}
