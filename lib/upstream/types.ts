// The upstream side of an MCP proxy: where a registered server lives and how raw JSON-RPC
// messages travel to and from it. Nothing here knows about grants or policies, so the control
// plane's "test connection & import" uses the same code as the gateway.
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

export type UpstreamConfig =
  | { transport: "http"; url: string; headers?: Record<string, string> }
  | { transport: "stdio"; command: string; args?: string[]; env?: Record<string, string>; cwd?: string };

/** Where an incoming message came from, when the transport can tell. */
export type MessageOrigin = {
  /** The id of our request whose response stream carried this message (streamable HTTP only). */
  relatedId?: string | number;
};

export type TransportKind = "streamable-http" | "sse" | "stdio";

/** A raw JSON-RPC pipe to one upstream server; ids and request bookkeeping live in UpstreamConnection. */
export interface UpstreamTransport {
  readonly kind: TransportKind;
  onmessage?: (message: JSONRPCMessage, origin: MessageOrigin) => void;
  /** The pipe is gone (process exited, stream ended): every pending request must fail. */
  onclose?: (reason: Error) => void;
  /** A problem worth logging that did not close the pipe. */
  onerror?: (error: Error) => void;
  start(): Promise<void>;
  /** Resolves once the message is handed over; an answer to a request arrives through onmessage. */
  send(message: JSONRPCMessage): Promise<void>;
  /**
   * We stopped waiting for the answer to our request `id` (timeout or cancel): free whatever
   * carries it (the HTTP request and its socket). Returns whether the server may have received
   * the request, so a notifications/cancelled is worth sending.
   */
  abandon(id: string | number): boolean;
  setProtocolVersion(version: string): void;
  close(): Promise<void>;
}

/** The upstream's HTTP answer was not a success (4xx/5xx). */
export class UpstreamHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "UpstreamHttpError";
  }
}

/** The upstream forgot our session (HTTP 404 with a session id): initialize again. */
export class UpstreamSessionExpiredError extends Error {
  constructor() {
    super("The upstream server no longer knows this session");
    this.name = "UpstreamSessionExpiredError";
  }
}

/** A transport's bound on anything it sends that is not a request (notifications, answers, cancels, DELETE). */
export const defaultMessageTimeoutMs = 5_000;

/** The upstream is unreachable or went away; the text is meant for the agent. */
export class UpstreamUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UpstreamUnavailableError";
  }
}
