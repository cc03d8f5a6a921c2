// The gateway's configuration: from the environment for `npm run gateway`, or given directly
// to startGateway() by tests and the benchmark. Validated once, with messages naming the variable.
import { z } from "zod";

const flag = z.enum(["0", "1", "true", "false", ""]).optional().transform((value) => value === "1" || value === "true");
const list = z.string().optional().transform((value) => (value ?? "").split(",").map((item) => item.trim()).filter(Boolean));
const int = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  DATABASE_URL: z.string({ error: "DATABASE_URL is not set: run the gateway with `npm start` (which starts the embedded PostgreSQL), or set DATABASE_URL to a postgresql:// URL" }).min(1),
  WARDEN_ENCRYPTION_KEYS: z.string({ error: "WARDEN_ENCRYPTION_KEYS is not set: the gateway needs it to decrypt upstream headers and env (npm start sets it)" }).min(1),
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  GATEWAY_HOST: z.string().default("127.0.0.1"),
  GATEWAY_URL: z.url().optional(),
  APP_URL: z.url().optional(),
  GATEWAY_ALLOWED_HOSTS: list,
  GATEWAY_ALLOWED_ORIGINS: list,
  GATEWAY_SESSIONS: z.enum(["on", "off"]).default("on"),
  GATEWAY_UPSTREAM_TIMEOUT_MS: int(60_000),
  GATEWAY_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  GATEWAY_AUDIT_FLUSH_MS: int(50),
  GATEWAY_VALIDATE_ARGUMENTS: z.enum(["0", "1", "true", "false"]).default("1"),
  GATEWAY_TASKS_PER_GRANT: int(100),
  GATEWAY_TASKS_PER_ORG: int(1_000),
  GATEWAY_TASK_MAX_TTL_MS: int(86_400_000),
  GATEWAY_OAUTH_UNUSED_CLIENT_TTL_MS: int(86_400_000),
  GATEWAY_TASK_RESULT_MAX_BYTES: int(1_048_576),
  GATEWAY_TASK_POLL_INTERVAL_MS: int(5_000),
  GATEWAY_DEDICATED_UPSTREAMS_PER_GRANT: z.coerce.number().int().min(0).default(4),
  GATEWAY_DEDICATED_UPSTREAMS_PER_SERVER: z.coerce.number().int().min(0).default(16),
  GATEWAY_MAX_SESSIONS: int(10_000),
  GATEWAY_MAX_CONNECTIONS: int(20_000),
  GATEWAY_MAX_SESSIONS_PER_GRANT: int(100),
  GATEWAY_SESSION_IDLE_MS: int(3_600_000),
  GATEWAY_STREAM_BACKLOG_BYTES: int(4 * 1024 * 1024),
  GATEWAY_STREAM_KEEPALIVE_MS: int(25_000),
  GATEWAY_SCHEMA_MAX_BYTES: int(256 * 1024),
  GATEWAY_SCHEMA_MAX_NODES: int(150),
  GATEWAY_ARGUMENT_CHECK_STEPS: int(250_000),
  GATEWAY_WEBHOOK_TIMEOUT_MS: int(10_000),
  GATEWAY_WEBHOOK_MAX_ATTEMPTS: int(8),
  GATEWAY_WEBHOOK_RETRY_BASE_MS: int(30_000),
  GATEWAY_WEBHOOK_CONCURRENCY_PER_ORG: int(4),
  SMTP_URL: z.url("SMTP_URL must be an smtp:// or smtps:// URL").optional(),
  MAIL_FROM: z.string().min(3).default("Warden <warden@localhost>"),
  GATEWAY_MAIL_MAX_ATTEMPTS: int(6),
  GATEWAY_MAIL_RETRY_BASE_MS: int(30_000),
  GATEWAY_MAIL_CONCURRENCY_PER_ORG: int(4),
  WARDEN_ALLOW_STDIO: flag,
  WARDEN_ALLOW_PRIVATE_UPSTREAMS: flag,
});

export type GatewayConfig = {
  databaseUrl: string;
  port: number;
  host: string;
  /** Host names (without port) a request's Host header may name, besides loopback names. */
  allowedHosts: string[];
  /** Origins a browser request may come from; requests without Origin (MCP clients) pass. */
  allowedOrigins: string[];
  /** "off": stateless, no Mcp-Session-Id is issued (any worker can serve any request). */
  sessions: boolean;
  upstreamTimeoutMs: number;
  /** Check tools/call arguments against the approved input schema before forwarding. */
  validateArguments: boolean;
  /** An input schema larger than this (serialized) is not compiled; its tool's arguments go unchecked. */
  schemaMaxBytes: number;
  /** Likewise for an input schema with more subschemas than this (it bounds Ajv's synchronous compile). */
  schemaMaxNodes: number;
  /** Work units one argument check may spend (a subschema applied or a regex state visited); beyond, unchecked. */
  argumentCheckSteps: number;
  allowStdio: boolean;
  allowPrivateUpstreams: boolean;
  logLevel: string;
  /** How often cached versions are compared with the database, as a backstop to NOTIFY. */
  versionCheckMs: number;
  /** Audit batching: at most this many rows, or this long, before a write. */
  auditBatchSize: number;
  auditFlushMs: number;
  /** Rows kept while the database is unreachable; beyond it calls are refused (fail closed). */
  auditBufferMax: number;
  /** Progress notifications to a client waiting for an approval. */
  approvalProgressMs: number;
  /** The Warden app's base URL (APP_URL): an agent told to wait for approval is given its page there. It is also the OAuth authorization server. */
  appUrl: string;
  /**
   * The gateway's public origin (GATEWAY_URL), as MCP clients reach it: OAuth access tokens are
   * bound to `{publicUrl}/mcp/{serverId}` exactly. Unset: the request's (host-guarded) Host, over http.
   */
  publicUrl?: string;
  /** How long a worker trusts a cached OAuth access token lookup; revocation drops it at once anyway (NOTIFY). */
  oauthTokenCacheMs: number;
  /** A dynamically registered OAuth client that completed no authorization (no grant names it) is deleted this long after registering. */
  oauthUnusedClientTtlMs: number;
  /**
   * A session whose client can answer sampling, elicitation or roots (or that sets a log level)
   * gets an upstream connection of its own (a child process for stdio), so nothing unrelated the
   * upstream sends can reach another grant. At most this many per grant and per server; beyond,
   * the session shares the server's connection, where such messages are refused or dropped.
   */
  dedicatedUpstreamsPerGrant: number;
  dedicatedUpstreamsPerServer: number;
  /**
   * Sessions this worker keeps in all. At the cap, a new session takes the place of the least
   * recently used session without a stream of the organization holding the most sessions (never
   * of a lighter one); when that is the caller's own organization and it has none, 429.
   */
  maxSessions: number;
  /** Open TCP connections the worker accepts; beyond, new ones are closed at once (each holds at most one 4 MB body). */
  maxConnections: number;
  /** Sessions one grant may hold; at the cap its least recently used session without a stream is ended, or 429. */
  maxSessionsPerGrant: number;
  /** A session without a stream that sent nothing for this long is ended (its next request gets 404). */
  sessionIdleMs: number;
  /** Bytes an SSE response may have waiting for a reader that does not read; past it the stream is closed. */
  streamBacklogBytes: number;
  /** A comment line on each open GET stream this often: keeps proxies from closing it and finds readers that left. */
  streamKeepAliveMs: number;
  /** One webhook request, connect to last byte; past it the attempt fails and is retried. */
  webhookTimeoutMs: number;
  /** Attempts per delivery; after the last failure it is marked failed. */
  webhookMaxAttempts: number;
  /** First retry delay; doubled per attempt (capped at an hour), half of it random (jitter). */
  webhookRetryBaseMs: number;
  /** Deliveries of one organization a worker sends at once, so a slow endpoint holds only its own tenant's. */
  webhookConcurrencyPerOrg: number;
  /** Due retries are looked for this often; new deliveries wake the job through NOTIFY at once. */
  webhookPollMs: number;
  /** Live (unexpired) MCP tasks one grant may hold; beyond, a task-augmented call is refused. */
  tasksPerGrant: number;
  /** Live MCP tasks all grants of one organization may hold together; beyond, a task-augmented call is refused. */
  tasksPerOrg: number;
  /** Longest task lifetime granted (a client's larger `ttl` is lowered to it); expired rows are deleted. */
  taskMaxTtlMs: number;
  /** Largest tool answer kept for tasks/result (as JSON); a larger one fails the task with an error saying so. */
  taskResultMaxBytes: number;
  /** The pollInterval suggested to clients in task answers. */
  taskPollIntervalMs: number;
  /** SMTP_URL: "an approval is waiting" mails go out through it; null: they wait in the outbox unsent. */
  smtpUrl: string | null;
  /** MAIL_FROM: the sender of those mails. */
  mailFrom: string;
  /** Attempts per approval mail; after the last failure it is marked failed. */
  mailMaxAttempts: number;
  /** First retry delay of a mail; doubled per attempt (capped at an hour), half of it random. */
  mailRetryBaseMs: number;
  /** Approval mails of one organization a worker sends at once, so one tenant's burst cannot hold the others' mail behind it. */
  mailConcurrencyPerOrg: number;
};

export function configFromEnv(environment: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = envSchema.safeParse(environment);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join("\n"));
  const env = parsed.data;
  const urls = [env.GATEWAY_URL, env.APP_URL].filter((url): url is string => Boolean(url));
  return withDefaults({
    databaseUrl: env.DATABASE_URL,
    port: env.GATEWAY_PORT,
    host: env.GATEWAY_HOST,
    allowedHosts: [...env.GATEWAY_ALLOWED_HOSTS, ...urls.map((url) => new URL(url).hostname)],
    allowedOrigins: [...env.GATEWAY_ALLOWED_ORIGINS, ...urls.map((url) => new URL(url).origin)],
    sessions: env.GATEWAY_SESSIONS === "on",
    upstreamTimeoutMs: env.GATEWAY_UPSTREAM_TIMEOUT_MS,
    validateArguments: env.GATEWAY_VALIDATE_ARGUMENTS === "1" || env.GATEWAY_VALIDATE_ARGUMENTS === "true",
    schemaMaxBytes: env.GATEWAY_SCHEMA_MAX_BYTES,
    schemaMaxNodes: env.GATEWAY_SCHEMA_MAX_NODES,
    argumentCheckSteps: env.GATEWAY_ARGUMENT_CHECK_STEPS,
    allowStdio: env.WARDEN_ALLOW_STDIO,
    allowPrivateUpstreams: env.WARDEN_ALLOW_PRIVATE_UPSTREAMS,
    logLevel: env.GATEWAY_LOG_LEVEL,
    appUrl: env.APP_URL ?? "http://localhost:3000",
    publicUrl: env.GATEWAY_URL,
    auditFlushMs: env.GATEWAY_AUDIT_FLUSH_MS,
    dedicatedUpstreamsPerGrant: env.GATEWAY_DEDICATED_UPSTREAMS_PER_GRANT,
    dedicatedUpstreamsPerServer: env.GATEWAY_DEDICATED_UPSTREAMS_PER_SERVER,
    maxSessions: env.GATEWAY_MAX_SESSIONS,
    maxConnections: env.GATEWAY_MAX_CONNECTIONS,
    maxSessionsPerGrant: env.GATEWAY_MAX_SESSIONS_PER_GRANT,
    sessionIdleMs: env.GATEWAY_SESSION_IDLE_MS,
    streamBacklogBytes: env.GATEWAY_STREAM_BACKLOG_BYTES,
    streamKeepAliveMs: env.GATEWAY_STREAM_KEEPALIVE_MS,
    webhookTimeoutMs: env.GATEWAY_WEBHOOK_TIMEOUT_MS,
    webhookMaxAttempts: env.GATEWAY_WEBHOOK_MAX_ATTEMPTS,
    webhookRetryBaseMs: env.GATEWAY_WEBHOOK_RETRY_BASE_MS,
    webhookConcurrencyPerOrg: env.GATEWAY_WEBHOOK_CONCURRENCY_PER_ORG,
    tasksPerGrant: env.GATEWAY_TASKS_PER_GRANT,
    tasksPerOrg: env.GATEWAY_TASKS_PER_ORG,
    taskMaxTtlMs: env.GATEWAY_TASK_MAX_TTL_MS,
    oauthUnusedClientTtlMs: env.GATEWAY_OAUTH_UNUSED_CLIENT_TTL_MS,
    taskResultMaxBytes: env.GATEWAY_TASK_RESULT_MAX_BYTES,
    taskPollIntervalMs: env.GATEWAY_TASK_POLL_INTERVAL_MS,
    smtpUrl: env.SMTP_URL ?? null,
    mailFrom: env.MAIL_FROM,
    mailMaxAttempts: env.GATEWAY_MAIL_MAX_ATTEMPTS,
    mailRetryBaseMs: env.GATEWAY_MAIL_RETRY_BASE_MS,
    mailConcurrencyPerOrg: env.GATEWAY_MAIL_CONCURRENCY_PER_ORG,
  });
}

export function withDefaults(config: Partial<GatewayConfig> & { databaseUrl: string }): GatewayConfig {
  return {
    port: 0,
    host: "127.0.0.1",
    allowedHosts: [],
    allowedOrigins: [],
    sessions: true,
    upstreamTimeoutMs: 60_000,
    validateArguments: true,
    schemaMaxBytes: 256 * 1024,
    schemaMaxNodes: 150,
    argumentCheckSteps: 250_000,
    allowStdio: false,
    allowPrivateUpstreams: false,
    logLevel: "info",
    versionCheckMs: 30_000,
    auditBatchSize: 100,
    auditFlushMs: 50,
    auditBufferMax: 100_000,
    approvalProgressMs: 5_000,
    appUrl: "http://localhost:3000",
    dedicatedUpstreamsPerGrant: 4,
    dedicatedUpstreamsPerServer: 16,
    maxSessions: 10_000,
    maxConnections: 20_000,
    maxSessionsPerGrant: 100,
    sessionIdleMs: 3_600_000,
    streamBacklogBytes: 4 * 1024 * 1024,
    streamKeepAliveMs: 25_000,
    webhookTimeoutMs: 10_000,
    webhookMaxAttempts: 8,
    webhookRetryBaseMs: 30_000,
    webhookConcurrencyPerOrg: 4,
    tasksPerGrant: 100,
    tasksPerOrg: 1_000,
    taskMaxTtlMs: 86_400_000,
    taskResultMaxBytes: 1_048_576,
    taskPollIntervalMs: 5_000,
    webhookPollMs: 1_000,
    smtpUrl: null,
    mailFrom: "Warden <warden@localhost>",
    mailMaxAttempts: 6,
    mailRetryBaseMs: 30_000,
    mailConcurrencyPerOrg: 4,
    oauthTokenCacheMs: 10_000,
    oauthUnusedClientTtlMs: 86_400_000,
    ...config,
  };
}
