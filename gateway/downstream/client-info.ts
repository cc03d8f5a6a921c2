// What a session keeps of the client's initialize: its name and version (for logs), and the
// client capabilities the gateway acts on (server→client requests need sampling, elicitation or
// roots). The rest of what the client said is dropped: an initialize may carry megabytes of
// clientInfo, and a worker holds thousands of sessions.
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import type { Params } from "@/gateway/downstream/jsonrpc";

export type ClientIdentity = { name: string; version: string };

const maxTextLength = 100;
/** A kept capability larger than this (as JSON) is kept as `{}`: declared, without its details. */
const maxCapabilityBytes = 1024;
const keptCapabilities = ["sampling", "elicitation", "roots"] as const;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function text(value: unknown): string {
  return typeof value === "string" ? value.slice(0, maxTextLength) : "";
}

export function clientIdentity(params: Params | undefined): ClientIdentity | undefined {
  const info = params?.clientInfo;
  return isObject(info) ? { name: text(info.name), version: text(info.version) } : undefined;
}

export function clientCapabilities(params: Params | undefined): ClientCapabilities {
  const declared = params?.capabilities;
  const kept: Record<string, Record<string, unknown>> = {};
  if (!isObject(declared)) return kept;
  for (const key of keptCapabilities) {
    const value = declared[key];
    if (!isObject(value)) continue;
    // The size is measured only for a capability that small in keys; a huge one is cut without serializing it.
    const small = Object.keys(value).length <= 16 && JSON.stringify(value).length <= maxCapabilityBytes;
    kept[key] = small ? (JSON.parse(JSON.stringify(value)) as Record<string, unknown>) : {};
  }
  return kept;
}
