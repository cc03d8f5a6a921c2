// Routes one agent request by method: initialize and ping are answered here, tools/list and
// tools/call go through enforcement, and the rest of MCP (prompts, resources, completion,
// logging) goes to the upstream when it offers that capability: resources, prompts and
// completion through the policy (resource-call.ts), unsubscribing and logging as they are.
// Anything else is "method not found" and never reaches the upstream. A session's requests go
// to its dedicated upstream connection when it has one (UpstreamPool.forSession), else to the
// server's shared one.
import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS, type InitializeResult, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { filterTools } from "@/lib/policy";
import { listAllTools, UpstreamRpcError } from "@/lib/upstream";
import { ErrorCodes, errorMessage, resultMessage, type Params } from "@/gateway/downstream/jsonrpc";
import type { OutgoingMessage } from "@/gateway/downstream/responder";
import { handlePolicedRequest, isPolicedMethod } from "@/gateway/enforce/resource-call";
import { handleToolCall } from "@/gateway/enforce/tool-call";
import type { Exchange } from "@/gateway/proxy/exchange";
import { forward } from "@/gateway/proxy/forward";
import { moveSubscriptions, sharedSubscription, subscriptionRefusal } from "@/gateway/proxy/subscriptions";
import { handleTaskMethod, TASK_METHODS } from "@/gateway/tasks/task-methods";

/** Warden serves tasks for tools/call itself (a call waiting for approval becomes one), whatever the upstream offers. */
const TASKS_CAPABILITY = { list: {}, cancel: {}, requests: { tools: { call: {} } } };

// Method → the upstream capability it needs.
const passthrough: Record<string, "prompts" | "resources" | "completions" | "logging"> = {
  "prompts/list": "prompts",
  "prompts/get": "prompts",
  "resources/list": "resources",
  "resources/read": "resources",
  "resources/templates/list": "resources",
  "resources/subscribe": "resources",
  "resources/unsubscribe": "resources",
  "completion/complete": "completions",
  "logging/setLevel": "logging",
};

export function negotiateVersion(requested: unknown): string {
  return typeof requested === "string" && SUPPORTED_PROTOCOL_VERSIONS.includes(requested) ? requested : LATEST_PROTOCOL_VERSION;
}

/** The initialize answer: the upstream's identity and capabilities, as if the agent spoke to it directly. */
export async function initializeResult(x: Exchange, params: Params | undefined): Promise<InitializeResult> {
  const connection = await x.upstream.connect();
  const upstream = connection.initializeResult;
  const { tasks: _tasks, ...capabilities } = upstream.capabilities as InitializeResult["capabilities"] & { tasks?: unknown };
  return {
    protocolVersion: negotiateVersion(params?.protocolVersion),
    capabilities: { ...capabilities, tools: { ...(capabilities.tools ?? {}), listChanged: true }, tasks: TASKS_CAPABILITY },
    serverInfo: upstream.serverInfo,
    ...(upstream.instructions ? { instructions: upstream.instructions } : {}),
  };
}

async function listTools(x: Exchange): Promise<OutgoingMessage> {
  let policy;
  try {
    policy = x.services.state.cachedPolicy(x.grant.policyId) ?? (await x.services.state.policy(x.grant.policyId));
  } catch {
    return errorMessage(x.requestId, ErrorCodes.internalError, "Warden cannot load this grant's policy right now (its database is unreachable); try again shortly");
  }
  const connection = await x.upstream.connect();
  const tools = await listAllTools(connection, x.services.config.upstreamTimeoutMs);
  const catalog = await x.services.catalogs.observe(x.server, tools);
  const usable = tools.filter((tool) => catalog.get(tool.name)?.status === "active");
  const visible: Tool[] = policy?.compiled ? filterTools(policy.compiled, usable) : [];
  return resultMessage(x.requestId, { tools: withTaskSupport(connection.initializeResult.capabilities, visible) });
}

/**
 * Tools may be called as tasks through Warden ("optional"), since Warden keeps the task when the
 * upstream cannot; an upstream that offers tasks itself says per tool what it supports, unchanged.
 */
function withTaskSupport(upstream: InitializeResult["capabilities"], tools: Tool[]): Tool[] {
  if ((upstream as { tasks?: { requests?: { tools?: { call?: unknown } } } }).tasks?.requests?.tools?.call) return tools;
  return tools.map((tool) => ({ ...tool, execution: { ...tool.execution, taskSupport: "optional" } }));
}

async function passThrough(x: Exchange, method: string, params: Params | undefined): Promise<OutgoingMessage> {
  const capability = passthrough[method]!;
  const connection = await x.upstream.connect();
  if (!(connection.initializeResult.capabilities as Record<string, unknown>)[capability]) {
    return errorMessage(x.requestId, ErrorCodes.methodNotFound, `Method not found: the upstream server does not offer ${capability}`);
  }
  const refused = subscriptionRefusal(x, method, params);
  if (refused) return errorMessage(x.requestId, ErrorCodes.invalidParams, refused);
  const proceed = async () => (sharedSubscription(x, method, params) === "local" ? {} : await forward(x, method, params));
  if (isPolicedMethod(method)) return await handlePolicedRequest(x, method, params, proceed);
  return resultMessage(x.requestId, await proceed());
}

/**
 * A log level is per upstream connection: on the shared one it would be every agent's, and the
 * logs it sends unasked reach nobody. So asking for one moves the session to a connection of its
 * own; when none may be opened (limits), the level is accepted and not forwarded.
 */
async function setLevel(x: Exchange, params: Params | undefined): Promise<OutgoingMessage> {
  const { upstreams } = x.services;
  const shared = upstreams.get(x.server);
  if (!(await shared.connect()).initializeResult.capabilities.logging) {
    return errorMessage(x.requestId, ErrorCodes.methodNotFound, "Method not found: the upstream server does not offer logging");
  }
  if (!x.session) return resultMessage(x.requestId, {});
  const before = upstreams.dedicated.of(x.session.id);
  const own = upstreams.dedicated.get(x.session, x.server, true);
  if (!own) return resultMessage(x.requestId, {});
  if (!before) await moveSubscriptions(x.services, x.session, shared, own);
  x.upstream = own;
  return resultMessage(x.requestId, await forward(x, "logging/setLevel", params));
}

/** Serves one request; upstream failures become JSON-RPC errors, never exceptions. */
export async function dispatch(x: Exchange, method: string, params: Params | undefined): Promise<OutgoingMessage> {
  x.log.rpcMethod = method;
  try {
    if (method === "ping") return resultMessage(x.requestId, {});
    if (method === "initialize") return resultMessage(x.requestId, await initializeResult(x, params));
    if (method === "logging/setLevel") return await setLevel(x, params);
    x.upstream = x.services.upstreams.forSession(x.session, x.server);
    if (method === "tools/call") return await handleToolCall(x, params);
    if (method === "tools/list") return await listTools(x);
    if (method in passthrough) return await passThrough(x, method, params);
    if ((TASK_METHODS as readonly string[]).includes(method)) return await handleTaskMethod(x, method, params);
    return errorMessage(x.requestId, ErrorCodes.methodNotFound, `Method not found: ${method.slice(0, 100)}`);
  } catch (error) {
    if (error instanceof UpstreamRpcError) return errorMessage(x.requestId, error.code, error.message, error.data);
    x.services.logger.warn({ method, err: (error as Error).message }, "request failed");
    return errorMessage(x.requestId, ErrorCodes.connectionClosed, `The upstream server is unavailable: ${(error as Error).message}`);
  }
}
