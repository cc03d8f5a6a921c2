// Failures of a request to an upstream, as values a proxy can turn into the right answer.
import type { JSONRPCErrorResponse } from "@modelcontextprotocol/sdk/types.js";

/** The upstream answered with a JSON-RPC error; a proxy forwards it as it is. */
export class UpstreamRpcError extends Error {
  readonly code: number;
  readonly data: unknown;
  constructor(error: JSONRPCErrorResponse["error"]) {
    super(error.message);
    this.name = "UpstreamRpcError";
    this.code = error.code;
    this.data = error.data;
  }
}

/** No answer within the time allowed; the upstream was sent notifications/cancelled. */
export class UpstreamTimeoutError extends Error {
  constructor(readonly method: string, readonly timeoutMs: number) {
    super(`The upstream server did not answer ${method} within ${Math.round(timeoutMs / 100) / 10} s; the request was cancelled`);
    this.name = "UpstreamTimeoutError";
  }
}

/** Our caller gave up (the agent cancelled or disconnected); the upstream was told. */
export class UpstreamCancelledError extends Error {
  constructor(readonly method: string) {
    super(`The ${method} request was cancelled`);
    this.name = "UpstreamCancelledError";
  }
}

/** Too many requests to this upstream are waiting for answers (it is slow or hung); refused at once. */
export class UpstreamBusyError extends Error {
  constructor(readonly maxPendingRequests: number) {
    super(`The upstream server already has ${maxPendingRequests} requests waiting for an answer; try again later`);
    this.name = "UpstreamBusyError";
  }
}
