// One agent request being served: who asks (grant, session), where it goes (upstream), and how
// to answer (responder). Passed through the proxy and the enforcement pipeline.
import type { Logger } from "pino";
import type { GatewayConfig } from "@/gateway/config";
import type { AuditSink } from "@/gateway/audit/audit-sink";
import type { CounterStore } from "@/gateway/counters/counter-store";
import type { RequestId } from "@/gateway/downstream/jsonrpc";
import type { Responder } from "@/gateway/downstream/responder";
import type { Session, SessionStore } from "@/gateway/downstream/sessions";
import type { ApprovalService } from "@/gateway/enforce/approval-service";
import type { ArgumentCheck } from "@/gateway/enforce/argument-check";
import type { ElicitationWatch } from "@/gateway/enforce/elicit-for-approval";
import type { OauthTokenCache } from "@/gateway/oauth/access-tokens";
import type { GatewayMetrics } from "@/gateway/ops/metrics";
import type { RelayRegistry } from "@/gateway/proxy/relay-registry";
import type { Database } from "@/gateway/state/database";
import type { GrantRecord, ServerRecord } from "@/gateway/state/records";
import type { StateCache } from "@/gateway/state/state-cache";
import type { TaskService } from "@/gateway/tasks/task-service";
import type { CatalogService } from "@/gateway/upstream/catalog-service";
import type { ServerUpstream } from "@/gateway/upstream/server-upstream";
import type { UpstreamPool } from "@/gateway/upstream/upstream-pool";

export type Services = {
  config: GatewayConfig;
  logger: Logger;
  metrics: GatewayMetrics;
  db: Database;
  state: StateCache;
  upstreams: UpstreamPool;
  catalogs: CatalogService;
  counters: CounterStore;
  audit: AuditSink;
  approvals: ApprovalService;
  argumentCheck: ArgumentCheck;
  sessions: SessionStore;
  relay: RelayRegistry;
  /** MCP tasks: the shared store, and this worker's waiting tasks/result requests. */
  tasks: TaskService;
  /** Sessions here waiting on an approval through URL-mode elicitation. */
  elicitations: ElicitationWatch;
  /** OAuth access tokens mapped to their grants (cached, dropped on NOTIFY). */
  oauthTokens: OauthTokenCache;
};

/** What the request log line says about the request; filled in as it is served. */
export type LogFields = {
  grantId?: string;
  serverId?: string;
  rpcMethod?: string;
  tool?: string;
  decision?: string;
  ruleId?: string | null;
  upstreamOutcome?: string;
  /** Milliseconds spent waiting for the upstream's answer. */
  upstreamMs?: number;
};

export type Exchange = {
  services: Services;
  grant: GrantRecord;
  server: ServerRecord;
  /** The server's shared connection, or the session's dedicated one (set by dispatch). */
  upstream: ServerUpstream;
  session: Session | undefined;
  responder: Responder;
  /** Session id, or "grant:<id>" for stateless requests: the scope of request ids. */
  scope: string;
  requestId: RequestId;
  log: LogFields;
};
