// Reads one HTTP response body of JSON-RPC messages, as JSON (one message or a batch) or as an
// SSE stream, handing each message over as soon as it is complete.
import type http from "node:http";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { SseParser } from "@/lib/upstream/sse-parser";

const maxJsonBytes = 64 * 1024 * 1024;

function isMessage(value: unknown): value is JSONRPCMessage {
  return typeof value === "object" && value !== null && (value as { jsonrpc?: unknown }).jsonrpc === "2.0";
}

/** Resolves with an Error describing what went wrong (never rejects), or undefined when the body was read whole. */
export function readMessageBody(res: http.IncomingMessage, deliver: (message: JSONRPCMessage) => void): Promise<Error | undefined> {
  const type = String(res.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  return type === "text/event-stream" ? readSse(res, deliver) : readJson(res, deliver);
}

function readSse(res: http.IncomingMessage, deliver: (message: JSONRPCMessage) => void): Promise<Error | undefined> {
  return new Promise((resolve) => {
    let problem: Error | undefined;
    const parser = new SseParser((event) => {
      if (event.event !== "message") return;
      try {
        const value: unknown = JSON.parse(event.data);
        if (isMessage(value)) deliver(value);
      } catch (error) {
        problem = new Error(`The upstream sent an event that is not JSON: ${(error as Error).message}`);
      }
    });
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => {
      try {
        parser.feed(chunk);
      } catch (error) {
        // An event past the parser's bound (SseLimitError): the stream fails with that reason.
        res.destroy(error as Error);
      }
    });
    res.on("end", () => resolve(problem));
    res.on("error", (error) => resolve(error));
    res.on("close", () => resolve(res.complete ? problem : new Error("the upstream closed the stream")));
  });
}

function readJson(res: http.IncomingMessage, deliver: (message: JSONRPCMessage) => void): Promise<Error | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxJsonBytes) return res.destroy(new Error("the upstream's answer is larger than 64 MB"));
      chunks.push(chunk);
    });
    res.on("error", (error) => resolve(error));
    res.on("close", () => {
      if (!res.complete) return resolve(new Error("the upstream closed the connection mid-answer"));
      resolve(parseJsonMessages(Buffer.concat(chunks).toString("utf8"), deliver));
    });
  });
}

function parseJsonMessages(text: string, deliver: (message: JSONRPCMessage) => void): Error | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return new Error("The upstream's answer is not valid JSON");
  }
  for (const item of Array.isArray(value) ? value : [value]) if (isMessage(item)) deliver(item);
  return undefined;
}
