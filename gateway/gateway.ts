// Builds a gateway worker from its configuration: services, the HTTP server, the change
// listener and the periodic jobs; `close()` shuts it down gracefully (stop accepting, let
// requests finish, flush the audit buffer, close upstreams and the database).
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { disconnectDb } from "@/lib/db";
import { AuditSink } from "@/gateway/audit/audit-sink";
import { PgAuditWriter } from "@/gateway/audit/pg-audit-writer";
import type { GatewayConfig } from "@/gateway/config";
import { PostgresCounterStore } from "@/gateway/counters/postgres-counter-store";
import { createGatewayServer } from "@/gateway/downstream/http-server";
import { SessionStore } from "@/gateway/downstream/sessions";
import { recheckOpenStreams } from "@/gateway/downstream/stream-recheck";
import { ApprovalService } from "@/gateway/enforce/approval-service";
import { ArgumentCheck } from "@/gateway/enforce/argument-check";
import { ElicitationWatch } from "@/gateway/enforce/elicit-for-approval";
import { createLogger } from "@/gateway/ops/logger";
import { createMetrics } from "@/gateway/ops/metrics";
import type { Services } from "@/gateway/proxy/exchange";
import { RelayRegistry } from "@/gateway/proxy/relay-registry";
import { handleServerMessage } from "@/gateway/proxy/server-messages";
import { endSession } from "@/gateway/proxy/subscriptions";
import { OauthTokenCache } from "@/gateway/oauth/access-tokens";
import { sweepOauthRecords } from "@/gateway/oauth/oauth-cleanup";
import { ChangeListener } from "@/gateway/state/change-listener";
import { createDatabase } from "@/gateway/state/database";
import { StateCache } from "@/gateway/state/state-cache";
import { TaskService } from "@/gateway/tasks/task-service";
import { createWebhookJob, type WebhookJob } from "@/gateway/notify/webhook-job";
import { CatalogService } from "@/gateway/upstream/catalog-service";
import { UpstreamPool } from "@/gateway/upstream/upstream-pool";

export type RunningGateway = { url: string; port: number; services: Services; listener: ChangeListener; close(): Promise<void> };

function createServices(config: GatewayConfig, logger: Logger): Services {
  const metrics = createMetrics();
  const db = createDatabase(config.databaseUrl, logger);
  const state = new StateCache(db);
  const counterStore = new PostgresCounterStore(db, (seconds) => metrics.counterStoreDuration.observe(seconds));
  const audit = new AuditSink(
    new PgAuditWriter(db),
    { batchSize: config.auditBatchSize, flushMs: config.auditFlushMs, maxBuffered: config.auditBufferMax },
    logger,
    (depth) => metrics.auditBufferDepth.set(depth),
    () => metrics.auditWriteFailures.inc(),
  );
  const services: Services = {
    config, logger, metrics, db, state, audit,
    counters: counterStore,
    catalogs: new CatalogService(state, logger),
    approvals: new ApprovalService(db, logger, config.approvalProgressMs),
    argumentCheck: new ArgumentCheck(logger, {
      registry: metrics.registry,
      limits: { maxBytes: config.schemaMaxBytes, maxNodes: config.schemaMaxNodes, checkBudget: config.argumentCheckSteps },
    }),
    sessions: new SessionStore({ maxSessions: config.maxSessions, maxSessionsPerGrant: config.maxSessionsPerGrant, idleMs: config.sessionIdleMs }),
    relay: new RelayRegistry(),
    oauthTokens: new OauthTokenCache(db, { ttlMs: config.oauthTokenCacheMs }),
    upstreams: undefined as unknown as UpstreamPool,
    tasks: undefined as unknown as TaskService,
    elicitations: undefined as unknown as ElicitationWatch,
  };
  services.tasks = new TaskService(db, services.sessions, logger);
  services.elicitations = new ElicitationWatch(db, services.sessions);
  services.upstreams = new UpstreamPool({
    netPolicy: { allowPrivate: config.allowPrivateUpstreams },
    allowStdio: config.allowStdio,
    logger,
    onUnrelated: (upstream, message) => handleServerMessage(services, upstream, message),
  }, { perGrant: config.dedicatedUpstreamsPerGrant, perServer: config.dedicatedUpstreamsPerServer });
  services.catalogs.sharedUpstream = (server) => services.upstreams.get(server);
  services.sessions.onEnd.push((session) => endSession(services, session));
  state.onServerChanged = (serverId) => services.upstreams.retire(serverId);
  state.onApprovalChanged = (approvalId) => {
    services.approvals.wake(approvalId);
    services.tasks.approvalChanged(approvalId);
    void services.elicitations.approvalChanged(approvalId).catch((e: Error) => logger.debug({ err: e.message }, "elicitation completion not sent"));
  };
  state.onGrantChanged = (grantId) => (services.sessions.closeStreams(grantId), services.approvals.wakeGrant(grantId));
  services.oauthTokens.onTokenGone = (tokenHash) => services.sessions.closeTokenStreams(tokenHash);
  return services;
}

function startJobs(services: Services): () => void {
  const { config, state, logger } = services;
  const versions = setInterval(() => void state.checkVersions().catch((e: Error) => logger.debug({ err: e.message }, "version check failed")), config.versionCheckMs);
  const cleanup = setInterval(() => {
    void (services.counters as PostgresCounterStore).cleanup().catch((e: Error) => logger.debug({ err: e.message }, "counter cleanup failed"));
    void services.tasks.cleanup().catch((e: Error) => logger.debug({ err: e.message }, "task cleanup failed"));
    void sweepOauthRecords(services.db, config.oauthUnusedClientTtlMs).catch((e: Error) => logger.debug({ err: e.message }, "oauth record cleanup failed"));
  }, 60_000);
  versions.unref();
  cleanup.unref();
  return () => (clearInterval(versions), clearInterval(cleanup));
}

/**
 * The listener is back: drop the caches, close the open streams whose grant or token changed
 * meanwhile, and complete the URL elicitations whose approval was decided meanwhile. (Held calls
 * and waiting tasks/result requests poll, so they need nothing here.)
 */
function reconnected(services: Services): void {
  const { logger } = services;
  services.state.clear();
  services.oauthTokens.clear();
  recheckOpenStreams(services).then(
    (outcome) => logger.info(outcome, "open streams checked again after the change listener reconnected"),
    (error: Error) => logger.warn({ err: error.message }, "open streams could not be checked again after the change listener reconnected"),
  );
  services.elicitations.recheck().then(
    (completed) => logger.info({ completed }, "waiting elicitations checked again after the change listener reconnected"),
    (error: Error) => logger.warn({ err: error.message }, "waiting elicitations could not be checked again after the change listener reconnected"),
  );
}

export async function startGateway(config: GatewayConfig, logger: Logger = createLogger(config.logLevel)): Promise<RunningGateway> {
  // lib/data (catalog sync) uses the shared Prisma client, which reads DATABASE_URL.
  process.env.DATABASE_URL ??= config.databaseUrl;
  const services = createServices(config, logger);
  const webhooks = createWebhookJob(services);
  const listener = new ChangeListener(config.databaseUrl, { onChange: (change) => (services.state.apply(change), services.oauthTokens.apply(change), webhooks.onChange(change)), onReconnect: () => reconnected(services) }, logger);
  await listener.start();
  const readiness = async () => {
    const database = await services.db.query("SELECT 1").then(() => true, () => false);
    return { ready: database && listener.listening, checks: { database, listener: listener.listening } };
  };
  const server = createGatewayServer(services, readiness);
  server.maxConnections = config.maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const stopJobs = startJobs(services);
  webhooks.start();
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host === "0.0.0.0" ? "127.0.0.1" : config.host;
  logger.info({ port, host: config.host, sessions: config.sessions }, "gateway listening");
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= shutdown(services, server, listener, stopJobs, webhooks));
  return { url: `http://${host}:${port}`, port, services, listener, close };
}

async function shutdown(services: Services, server: ReturnType<typeof createGatewayServer>, listener: ChangeListener, stopJobs: () => void, webhooks: WebhookJob): Promise<void> {
  const { logger } = services;
  logger.info("gateway shutting down");
  stopJobs();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  services.sessions.closeAll();
  // Keep-alive connections become idle as their last request ends: close them as they do.
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  const grace = setTimeout(() => server.closeAllConnections(), 10_000);
  await closed;
  clearInterval(idle);
  clearTimeout(grace);
  await webhooks.stop();
  const left = await services.audit.drain(5_000);
  if (left > 0) logger.error({ left }, "audit events could not be written before shutdown");
  await services.upstreams.closeAll();
  await listener.stop();
  await services.db.end().catch(() => undefined);
  await disconnectDb().catch(() => undefined);
  logger.info("gateway stopped");
}
