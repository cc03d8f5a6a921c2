// Connecting to a registered server from the control plane ("test connection & import"), with
// the gateway's own upstream client and SSRF guard. Secrets are decrypted only here, only for
// the connection, and never returned.
import { decryptSecret, serverSecretAad } from "@/lib/crypto";
import { upstreamErrorLine } from "@/lib/upstream/error-line";
import { env } from "@/lib/env";
import { netPolicyFromEnv, type NetPolicy } from "@/lib/net/address-policy";
import { guardedLookup } from "@/lib/net/guarded-lookup";
import { assertSafeUrl, UnsafeUrlError } from "@/lib/net/url-guard";
import { connectUpstream, listAllTools, UpstreamUnavailableError, type UpstreamConfig } from "@/lib/upstream";
import { listToolsInRunner } from "@/lib/upstream/runner/list-tools";
import type { ListedTool } from "@/lib/data/catalog";

export type StoredServer = {
  transport: "http" | "stdio";
  url: string | null;
  command: string | null;
  args: string[];
  secretsCiphertext: string | null;
  secretsKeyId: string | null;
};

export function netPolicy(): NetPolicy {
  return netPolicyFromEnv(process.env);
}

export function decryptSecrets(server: { id: string } & Pick<StoredServer, "secretsCiphertext" | "secretsKeyId">): Record<string, string> {
  if (!server.secretsCiphertext || !server.secretsKeyId) return {};
  return decryptSecret<Record<string, string>>({ ciphertext: server.secretsCiphertext, keyId: server.secretsKeyId }, { aad: serverSecretAad(server.id) });
}

export function upstreamConfig(server: StoredServer, secrets: Record<string, string>): UpstreamConfig {
  if (server.transport === "stdio") return { transport: "stdio", command: server.command ?? "", args: server.args, env: secrets };
  return { transport: "http", url: server.url ?? "", headers: secrets };
}

/**
 * The registration-time SSRF check: the URL's form (scheme, credentials, literal addresses) and
 * every address its name resolves to now. Connecting checks again, so a name that later
 * re-resolves to a private address is refused then too.
 */
export async function checkUpstreamUrl(url: string, policy: NetPolicy = netPolicy()): Promise<void> {
  const parsed = assertSafeUrl(url, policy);
  if (policy.allowPrivate) return;
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  const lookup = guardedLookup(policy) as unknown as (h: string, o: object, cb: (error: Error | null) => void) => void;
  await new Promise<void>((resolve, reject) => {
    lookup(host, { all: true }, (error) => {
      if (!error) return resolve();
      reject(error instanceof UnsafeUrlError ? error : new UnsafeUrlError(`The name ${host} could not be resolved (${error.message})`));
    });
  });
}

/**
 * Connects, lists every tool and disconnects. Throws with the upstream's message on failure. A
 * stdio command runs in the separate stdio runner, never in (or as a child of) this process.
 */
export async function listUpstreamTools(config: UpstreamConfig): Promise<ListedTool[]> {
  const tools = config.transport === "stdio" ? await listStdioTools(config) : await listHttpTools(config);
  return tools.map((t) => ({
    name: t.name,
    title: t.title,
    description: t.description,
    inputSchema: t.inputSchema as Record<string, unknown>,
    annotations: t.annotations,
  }));
}

async function listStdioTools(config: Extract<UpstreamConfig, { transport: "stdio" }>) {
  if (!env().WARDEN_ALLOW_STDIO) throw new UpstreamUnavailableError("Stdio servers are disabled on this installation (set WARDEN_ALLOW_STDIO=1 to enable them)");
  return listToolsInRunner({ command: config.command, args: config.args ?? [], env: config.env ?? {}, timeoutMs: 15_000 });
}

async function listHttpTools(config: UpstreamConfig) {
  // allowStdio stays off: this process never starts a command.
  const connection = await connectUpstream(config, { policy: netPolicy(), allowStdio: false, timeoutMs: 15_000 });
  try {
    return await listAllTools(connection, 15_000);
  } finally {
    await connection.close();
  }
}

/** One short, sanitized line (lib/upstream/error-line.ts): upstream text is shown to people. */
export function describeConnectError(error: unknown): string {
  return upstreamErrorLine(error);
}
