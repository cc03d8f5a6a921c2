// Client ID Metadata Documents (MCP 2025-11-25, SEP-991): a client whose client_id is an https
// URL publishes its metadata there. The document is fetched through the SSRF guard (private
// addresses only with WARDEN_ALLOW_PRIVATE_UPSTREAMS), with a deadline, a size cap and no
// redirects; it must name itself (client_id equal to the URL) and list its redirect URIs. Answers
// are cached for a few minutes in a bounded map (failures for less), and loads are single-flight.
import type { AdapterPayload } from "oidc-provider";
import { z } from "zod";
import { netPolicyFromEnv } from "@/lib/net/address-policy";
import { createGuardedAgents, type GuardedAgents } from "@/lib/net/guarded-agents";
import { createGuardedFetch } from "@/lib/net/guarded-fetch";
import { nativeByShape } from "@/lib/oauth/client-rules";
import { readCappedText } from "@/lib/http/capped-text";

const maxBytes = 64 * 1024;
const timeoutMs = 5_000;
const maxEntries = 500;
const okTtlMs = 5 * 60_000;
const failedTtlMs = 30_000;

const documentSchema = z.object({
  client_id: z.string(),
  client_name: z.string().max(200).optional(),
  client_uri: z.url().optional(),
  logo_uri: z.url().optional(),
  redirect_uris: z.array(z.url()).min(1).max(20),
  grant_types: z.array(z.enum(["authorization_code", "refresh_token"])).optional(),
  response_types: z.array(z.literal("code")).optional(),
  // A metadata document client has no secret: it is a public client (PKCE protects its codes).
  token_endpoint_auth_method: z.literal("none").optional(),
  application_type: z.enum(["web", "native"]).optional(),
  scope: z.string().max(1000).optional(),
});

export function isMetadataDocumentClientId(clientId: string): boolean {
  if (!clientId.startsWith("https://")) return false;
  try {
    const url = new URL(clientId);
    return url.pathname !== "/" && !url.hash && !url.username && !url.password;
  } catch {
    return false;
  }
}

const cache = new Map<string, { payload: AdapterPayload | undefined; at: number }>();
const loading = new Map<string, Promise<AdapterPayload | undefined>>();
let agents: GuardedAgents | undefined;

/** The client's metadata from its document, or undefined when it cannot be fetched or is not valid. */
export async function clientFromMetadataDocument(clientId: string, now = Date.now()): Promise<AdapterPayload | undefined> {
  const cached = cache.get(clientId);
  if (cached && now - cached.at < (cached.payload ? okTtlMs : failedTtlMs)) return cached.payload;
  const running = loading.get(clientId);
  if (running) return running;
  const promise = load(clientId).finally(() => loading.delete(clientId));
  if (loading.size < maxEntries) loading.set(clientId, promise);
  return promise;
}

async function load(clientId: string): Promise<AdapterPayload | undefined> {
  const payload = await fetchDocument(clientId).catch(() => undefined);
  cache.delete(clientId);
  if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
  cache.set(clientId, { payload, at: Date.now() });
  return payload;
}

async function fetchDocument(clientId: string): Promise<AdapterPayload | undefined> {
  agents ??= createGuardedAgents(netPolicyFromEnv(), { maxSockets: 8, connectTimeoutMs: timeoutMs, idleTimeoutMs: 10_000 });
  const fetch = createGuardedFetch(netPolicyFromEnv(), agents);
  const response = await fetch(clientId, { headers: { accept: "application/json" }, redirect: "error", signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    return undefined;
  }
  const parsed = documentSchema.safeParse(JSON.parse(await readCappedText(response.body, maxBytes, () => new Error(`client metadata document larger than ${maxBytes} bytes`))));
  // The document must be about itself: a client_id that differs would let one URL speak for another client.
  if (!parsed.success || parsed.data.client_id !== clientId) return undefined;
  const applicationType = nativeByShape(parsed.data) ? "native" : parsed.data.application_type;
  return { ...parsed.data, token_endpoint_auth_method: "none", ...(applicationType ? { application_type: applicationType } : {}) };
}
