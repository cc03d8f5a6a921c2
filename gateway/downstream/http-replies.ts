// Small HTTP answers of the agent endpoint: JSON-RPC errors with the right status, and 202.
import type { ServerResponse } from "node:http";
import { errorMessage, type RequestId } from "@/gateway/downstream/jsonrpc";

export function replyError(res: ServerResponse, status: number, code: number, message: string, id: RequestId | null = null, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.end();
  const body = JSON.stringify(errorMessage(id, code, message));
  res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

export function replyAccepted(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(202, headers);
  res.end();
}

export function replyJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}
