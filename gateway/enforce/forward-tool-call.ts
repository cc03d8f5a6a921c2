// Forwards an admitted tools/call and turns what happened upstream into the agent's answer and
// the audit row's upstream outcome. Upstream protocol errors pass through unchanged; a dead or
// silent upstream becomes a clear JSON-RPC error.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { UpstreamCancelledError, UpstreamRpcError, UpstreamTimeoutError } from "@/lib/upstream";
import { ErrorCodes, errorMessage, resultMessage, type Params } from "@/gateway/downstream/jsonrpc";
import type { CallOutcome } from "@/gateway/enforce/tool-call";
import type { Verdict } from "@/gateway/enforce/verdict";
import type { Exchange } from "@/gateway/proxy/exchange";
import { forward } from "@/gateway/proxy/forward";

export async function forwardToolCall(x: Exchange, params: Params, verdict: Verdict): Promise<Omit<CallOutcome, "policy">> {
  try {
    const result = (await forward(x, "tools/call", params)) as CallToolResult;
    return { message: resultMessage(x.requestId, result), verdict, upstreamOutcome: result.isError ? "tool_error" : "ok" };
  } catch (error) {
    return upstreamFailure(x, error, verdict);
  }
}

export function upstreamFailure(x: Exchange, error: unknown, verdict: Verdict): Omit<CallOutcome, "policy"> {
  const failed: Verdict = { ...verdict, decision: "upstream_error", reason: (error as Error).message };
  const kind =
    error instanceof UpstreamRpcError ? "rpc_error" : error instanceof UpstreamTimeoutError ? "timeout" : error instanceof UpstreamCancelledError ? "cancelled" : "unavailable";
  x.services.metrics.upstreamErrors.inc({ kind });
  if (error instanceof UpstreamRpcError) {
    // The upstream's own answer (e.g. "Tool X not found"): the call was allowed, and this is what came back.
    return { message: errorMessage(x.requestId, error.code, error.message, error.data), verdict: { ...verdict }, upstreamOutcome: `rpc_error:${error.code}` };
  }
  if (error instanceof UpstreamTimeoutError) {
    return { message: errorMessage(x.requestId, ErrorCodes.requestTimeout, error.message), verdict: failed, upstreamOutcome: "timeout" };
  }
  if (error instanceof UpstreamCancelledError) {
    return { message: errorMessage(x.requestId, ErrorCodes.requestTimeout, "The request was cancelled"), verdict: { ...verdict }, upstreamOutcome: "cancelled" };
  }
  return {
    message: errorMessage(x.requestId, ErrorCodes.connectionClosed, `The upstream server is unavailable: ${(error as Error).message}`),
    verdict: failed,
    upstreamOutcome: "unavailable",
  };
}
