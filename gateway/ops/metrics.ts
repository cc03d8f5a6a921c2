// Prometheus metrics (prom-client) on a registry of the gateway's own, so tests can run several
// gateways in one process.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export type GatewayMetrics = ReturnType<typeof createMetrics>;

export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: "warden_gateway_" });
  const decisions = new Counter({ name: "warden_gateway_decisions_total", help: "tools/call decisions by kind", labelNames: ["decision"], registers: [registry] });
  const callDuration = new Histogram({
    name: "warden_gateway_call_duration_seconds", help: "tools/call latency through the gateway, decision to answer",
    labelNames: ["decision"], buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry],
  });
  const upstreamErrors = new Counter({ name: "warden_gateway_upstream_errors_total", help: "Failed upstream requests by kind", labelNames: ["kind"], registers: [registry] });
  const counterStoreDuration = new Histogram({
    name: "warden_gateway_counter_store_duration_seconds", help: "Latency of the atomic counter statement",
    buckets: [0.0002, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1], registers: [registry],
  });
  const auditBufferDepth = new Gauge({ name: "warden_gateway_audit_buffer_depth", help: "Audit rows waiting to be written", registers: [registry] });
  const auditWriteFailures = new Counter({ name: "warden_gateway_audit_write_failures_total", help: "Failed audit batch writes (retried)", registers: [registry] });
  const httpRequests = new Counter({ name: "warden_gateway_http_requests_total", help: "HTTP requests by status", labelNames: ["status"], registers: [registry] });
  // Each decision's series looked up once: labels({…}) hashes its label object on every call.
  const perDecision = new Map<string, { count: { inc(): void }; duration: { observe(value: number): void } }>();
  /** Counts one tools/call decision and its latency. */
  const decided = (decision: string, seconds: number) => {
    let series = perDecision.get(decision);
    if (!series) perDecision.set(decision, (series = { count: decisions.labels(decision), duration: callDuration.labels(decision) }));
    series.count.inc();
    series.duration.observe(seconds);
  };
  return { registry, decided, decisions, callDuration, upstreamErrors, counterStoreDuration, auditBufferDepth, auditWriteFailures, httpRequests };
}
