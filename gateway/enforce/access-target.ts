// What a resources/prompts/completion request asks for, read from its params: the resource or
// prompt the policy decides, whether limits count it, and the error an unknown one gets (so a
// hidden item is answered exactly as a missing one would be).
import type { AccessRequest } from "@/lib/policy";
import { ErrorCodes, type Params } from "@/gateway/downstream/jsonrpc";

/** MCP's error for a resource that does not exist (specification, "Resources" → "Error handling"). */
export const RESOURCE_NOT_FOUND = -32002;

export type RpcError = { code: number; message: string; data?: unknown };

export type AccessTarget = {
  request: AccessRequest;
  /** resources/read and prompts/get take their rule's limits; subscribing and completing do not. */
  charged: boolean;
  /** What the audit row hashes: a prompt's arguments or a completion's argument. */
  args: unknown;
  notFound: RpcError;
};

const MAX_URI_LENGTH = 2048;
const MAX_NAME_LENGTH = 256;

const uriOf = (value: unknown) => (typeof value === "string" && value !== "" && value.length <= MAX_URI_LENGTH ? value : null);
const nameOf = (value: unknown) => (typeof value === "string" && value !== "" && value.length <= MAX_NAME_LENGTH ? value : null);
const invalid = (text: string): RpcError => ({ code: ErrorCodes.invalidParams, message: `Invalid params: ${text}` });

function resourceTarget(uri: string, charged: boolean): AccessTarget {
  return { request: { kind: "resource", name: uri }, charged, args: undefined, notFound: { code: RESOURCE_NOT_FOUND, message: "Resource not found", data: { uri } } };
}

function promptTarget(name: string, charged: boolean, args: unknown): AccessTarget {
  return { request: { kind: "prompt", name }, charged, args, notFound: { code: ErrorCodes.invalidParams, message: `Prompt ${name} not found` } };
}

function completionTarget(params: Params | undefined): AccessTarget | RpcError {
  const ref = params?.ref as { type?: unknown; name?: unknown; uri?: unknown } | undefined;
  if (ref?.type === "ref/prompt") {
    const name = nameOf(ref.name);
    return name ? promptTarget(name, false, params?.argument) : invalid(`"ref.name" must be a prompt's name of at most ${MAX_NAME_LENGTH} characters`);
  }
  if (ref?.type === "ref/resource") {
    const uri = uriOf(ref.uri);
    if (!uri) return invalid(`"ref.uri" must be a URI template of at most ${MAX_URI_LENGTH} characters`);
    const notFound = { code: ErrorCodes.invalidParams, message: `Resource template ${uri} not found` };
    return { request: { kind: "resource", name: uri }, charged: false, args: params?.argument, notFound };
  }
  return invalid('"ref" must be { "type": "ref/prompt", "name": … } or { "type": "ref/resource", "uri": … }');
}

/** The target of one request, or the invalid-params error it gets. */
export function accessTarget(method: string, params: Params | undefined): AccessTarget | RpcError {
  switch (method) {
    case "resources/read":
    case "resources/subscribe": {
      const uri = uriOf(params?.uri);
      return uri ? resourceTarget(uri, method === "resources/read") : invalid(`"uri" must be a URI of at most ${MAX_URI_LENGTH} characters`);
    }
    case "prompts/get": {
      const name = nameOf(params?.name);
      return name ? promptTarget(name, true, params?.arguments ?? {}) : invalid(`"name" must be a prompt's name of at most ${MAX_NAME_LENGTH} characters`);
    }
    default:
      return completionTarget(params);
  }
}
