// What an agent may send, checked before anything else looks at it: one JSON-RPC 2.0 message
// (MCP has no batches since 2025-06-18) with a sane id, a method name and object params.
export type RequestId = string | number;
export type Params = Record<string, unknown>;

export type ClientMessage =
  | { kind: "request"; id: RequestId; method: string; params: Params | undefined }
  | { kind: "notification"; method: string; params: Params | undefined }
  | { kind: "response"; id: RequestId; result?: unknown; error?: { code: number; message: string; data?: unknown } };

export type Invalid = { kind: "invalid"; code: number; message: string; id: RequestId | null };

export const ErrorCodes = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  connectionClosed: -32000,
  requestTimeout: -32001,
  /** Initialize refused at a session limit (HTTP 429); data names the limit's variable. */
  tooManySessions: -32029,
} as const;

const maxIdLength = 256;
const maxMethodLength = 256;
const maxDepth = 64;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function validId(id: unknown): id is RequestId {
  return (typeof id === "string" && id.length <= maxIdLength) || (typeof id === "number" && Number.isSafeInteger(id));
}

/** Nesting depth of `value`, stopping as soon as it passes `limit` (iterative: no stack to blow). */
export function exceedsDepth(value: unknown, limit = maxDepth): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== "object" || item === null) continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

export function classify(value: unknown): ClientMessage | Invalid {
  if (Array.isArray(value)) return { kind: "invalid", code: ErrorCodes.invalidRequest, message: "Invalid Request: JSON-RPC batches are not supported by MCP", id: null };
  if (!isObject(value) || value.jsonrpc !== "2.0") return { kind: "invalid", code: ErrorCodes.invalidRequest, message: 'Invalid Request: expected a JSON-RPC 2.0 object ("jsonrpc": "2.0")', id: null };
  const hasId = "id" in value;
  const id = hasId && validId(value.id) ? value.id : null;
  if (hasId && id === null) return { kind: "invalid", code: ErrorCodes.invalidRequest, message: `Invalid Request: "id" must be a string of at most ${maxIdLength} characters or an integer`, id: null };
  if ("method" in value) {
    if (typeof value.method !== "string" || value.method === "" || value.method.length > maxMethodLength) {
      return { kind: "invalid", code: ErrorCodes.invalidRequest, message: "Invalid Request: \"method\" must be a non-empty string", id };
    }
    if (value.params !== undefined && !isObject(value.params)) return { kind: "invalid", code: ErrorCodes.invalidParams, message: 'Invalid params: "params" must be an object', id };
    if (value.params !== undefined && exceedsDepth(value.params)) return { kind: "invalid", code: ErrorCodes.invalidParams, message: `Invalid params: nested more than ${maxDepth} levels deep`, id };
    const params = value.params as Params | undefined;
    return id === null ? { kind: "notification", method: value.method, params } : { kind: "request", id, method: value.method, params };
  }
  if (id !== null && ("result" in value || isObject(value.error))) {
    const error = value.error as { code?: unknown; message?: unknown; data?: unknown } | undefined;
    if (error && (typeof error.code !== "number" || typeof error.message !== "string")) {
      return { kind: "invalid", code: ErrorCodes.invalidRequest, message: "Invalid Request: an error needs a numeric code and a message", id: null };
    }
    return error ? { kind: "response", id, error: error as { code: number; message: string; data?: unknown } } : { kind: "response", id, result: value.result };
  }
  return { kind: "invalid", code: ErrorCodes.invalidRequest, message: "Invalid Request: neither a request, a notification nor a response", id };
}

export function errorMessage(id: RequestId | null, code: number, message: string, data?: unknown) {
  return { jsonrpc: "2.0" as const, id, error: data === undefined ? { code, message } : { code, message, data } };
}

export function resultMessage(id: RequestId, result: unknown) {
  return { jsonrpc: "2.0" as const, id, result };
}
