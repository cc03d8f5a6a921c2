// Upstream MCP client code shared by the gateway and the control plane's "test connection & import".
export { connectUpstream, listAllTools, type ConnectOptions } from "@/lib/upstream/connect";
export { defaultConnectionLimits, UpstreamConnection, type ConnectionOptions, type ServerMessage, type RequestOptions, type CancelSignal } from "@/lib/upstream/connection";
export { UpstreamBusyError, UpstreamCancelledError, UpstreamRpcError, UpstreamTimeoutError } from "@/lib/upstream/errors";
export {
  UpstreamHttpError,
  UpstreamSessionExpiredError,
  UpstreamUnavailableError,
  type MessageOrigin,
  type UpstreamConfig,
  type UpstreamTransport,
} from "@/lib/upstream/types";
