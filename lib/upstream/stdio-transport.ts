// A child process speaking newline-delimited JSON-RPC on stdin/stdout. The child gets PATH, a HOME
// of its own and the server's own env, never the gateway's; as root it runs as another user
// (lib/upstream/stdio-isolation.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { childIsolation } from "@/lib/upstream/stdio-isolation";
import { getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { UpstreamUnavailableError, type MessageOrigin, type UpstreamTransport } from "@/lib/upstream/types";

export type StdioOptions = {
  command: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** Called with each line the child writes to stderr. */
  onStderr?: (line: string) => void;
};

const maxLineBytes = 64 * 1024 * 1024;
/** Bytes written to a child that has not read them yet; beyond it sends are refused until it catches up. */
export const maxStdinBacklogBytes = 8 * 1024 * 1024;

export class StdioTransport implements UpstreamTransport {
  readonly kind = "stdio" as const;
  onmessage?: (message: JSONRPCMessage, origin: MessageOrigin) => void;
  onclose?: (reason: Error) => void;
  onerror?: (error: Error) => void;
  private child: ChildProcess | undefined;
  /** The pieces of a line not yet ended by a newline. */
  private partial: string[] = [];
  private partialLength = 0;
  /** Skipping the rest of a line longer than maxLineBytes. */
  private dropping = false;
  /** Lines to write to the child at the end of this event-loop turn. */
  private outgoing = "";
  private waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private stderrTail = "";
  private closing = false;
  private exitError: UpstreamUnavailableError | undefined;
  private exitOrSecond: Promise<void> | undefined;
  private brokenInput: Error | undefined;

  constructor(private readonly options: StdioOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Bytes written and not yet taken by the child (for operators and tests). */
  get backlogBytes(): number {
    return this.child?.stdin?.writableLength ?? 0;
  }

  start(): Promise<void> {
    const { command, args = [], env = {}, cwd } = this.options;
    const { home, identity } = childIsolation();
    // Minimal: PATH, a HOME of its own, and the server's own env; nothing else of the gateway's.
    const childEnv: Record<string, string> = { PATH: getDefaultEnvironment().PATH ?? "/usr/local/bin:/usr/bin:/bin", HOME: home, ...env };
    const child = spawn(command, args, { cwd, env: childEnv as unknown as NodeJS.ProcessEnv, stdio: ["pipe", "pipe", "pipe"], ...identity });
    this.child = child;
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => this.read(chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => this.stderr(chunk));
    // An 'error' with no listener ends the gateway: a child's pipes (EPIPE on stdin once it died)
    // and the child itself (a kill that failed) report here, and the exit event tells callers.
    for (const stream of [child.stdout!, child.stderr!]) stream.on("error", (error) => this.onerror?.(error));
    child.stdin!.on("error", (error) => this.inputBroken(error));
    child.on("error", (error) => this.onerror?.(error));
    child.on("exit", (code, signal) => {
      rmSync(home, { recursive: true, force: true });
      const tail = this.stderrTail.trim().split("\n").slice(-3).join(" | ");
      const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
      this.exitError = this.brokenInput && this.closing
        ? new UpstreamUnavailableError(`The upstream process closed its input (${this.brokenInput.message}); it was stopped`)
        : new UpstreamUnavailableError(`The upstream process ${how}${tail && !this.closing ? `: ${tail}` : ""}`);
      this.onclose?.(this.exitError);
    });
    return new Promise((resolve, reject) => {
      child.once("spawn", () => resolve());
      child.once("error", (error) => reject(new UpstreamUnavailableError(`Cannot start "${command}": ${error.message}`, { cause: error })));
    });
  }

  /**
   * Nothing can reach a child whose stdin is broken. Usually it died (its exit tells every
   * caller); one that closed its stdin and lives on is stopped, or requests would only time out.
   */
  private inputBroken(error: Error): void {
    this.onerror?.(error);
    if (this.brokenInput || this.closing) return;
    this.brokenInput = error;
    void this.exitedOrSecond().then(() => {
      if (!this.exitError) void this.close();
    });
  }

  /**
   * Splits what the child writes into lines. Only the new chunk is searched for newlines, and a
   * line that spans chunks is joined once: a large answer arriving in many chunks costs linear time.
   */
  private read(chunk: string): void {
    let newline = chunk.indexOf("\n");
    if (newline === -1) return this.keep(chunk);
    const first = this.partial.length > 0 ? this.partial.join("") + chunk.slice(0, newline) : chunk.slice(0, newline);
    this.partial = [];
    this.partialLength = 0;
    this.line(first);
    let start = newline + 1;
    while ((newline = chunk.indexOf("\n", start)) !== -1) {
      this.line(chunk.slice(start, newline));
      start = newline + 1;
    }
    if (start < chunk.length) this.keep(chunk.slice(start));
  }

  /** The start of a line still being written; a line past maxLineBytes is dropped. */
  private keep(piece: string): void {
    this.partialLength += piece.length;
    if (this.partialLength > maxLineBytes) {
      this.partial = [];
      this.partialLength = 0;
      this.dropping = true;
      this.onerror?.(new Error("The upstream wrote a line longer than 64 MB; it was dropped"));
      return;
    }
    if (!this.dropping) this.partial.push(piece);
  }

  private line(text: string): void {
    // The rest of a line that was too long is dropped with it.
    if (this.dropping) return void (this.dropping = false);
    const line = text.trim();
    if (line) this.parse(line);
  }

  private parse(line: string): void {
    try {
      const value = JSON.parse(line) as JSONRPCMessage;
      if (value && (value as { jsonrpc?: unknown }).jsonrpc === "2.0") this.onmessage?.(value, {});
    } catch {
      // Servers sometimes log to stdout by mistake; such lines are not protocol and are skipped.
      this.onerror?.(new Error(`The upstream wrote a line that is not JSON-RPC: ${line.slice(0, 200)}`));
    }
  }

  private stderr(chunk: string): void {
    this.stderrTail = (this.stderrTail + chunk).slice(-4096);
    if (this.options.onStderr) for (const line of chunk.split("\n")) if (line.trim()) this.options.onStderr(line);
  }

  setProtocolVersion(): void {}

  /**
   * Hands the line to the child's stdin. A child that stops reading fills the pipe and then our
   * buffer: past maxStdinBacklogBytes sends are refused (nothing grows without bound) until it
   * reads again. A write that fails (EPIPE) rejects with how the child died.
   */
  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || !stdin.writable) return Promise.reject(new UpstreamUnavailableError("The upstream process is not running"));
    if (stdin.writableLength + this.outgoing.length > maxStdinBacklogBytes) {
      return Promise.reject(new UpstreamUnavailableError(`The upstream process is not reading its input (${Math.round(stdin.writableLength / 1024)} KB waiting)`));
    }
    // Lines sent in the same event-loop turn go to the child as one string in one write: under
    // concurrency a write per line was a fifth of the worker's busy time (each wakes the child).
    if (this.outgoing === "") setImmediate(() => this.flush());
    this.outgoing += JSON.stringify(message) + "\n";
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Writes this turn's lines; their senders hear of a failed write (EPIPE) with how the child died. */
  private flush(): void {
    const text = this.outgoing;
    const waiting = this.waiting;
    this.outgoing = "";
    this.waiting = [];
    const stdin = this.child?.stdin;
    if (!stdin || !stdin.writable) {
      const error = new UpstreamUnavailableError("The upstream process is not running");
      for (const w of waiting) w.reject(error);
      return;
    }
    stdin.write(text, (error) => {
      if (!error) return waiting.forEach((w) => w.resolve());
      void this.explainWriteFailure(error).then((reason) => waiting.forEach((w) => w.reject(reason)));
    });
    // Within the backlog bound the senders go on at once; past it they wait until the child has read it.
    if (stdin.writableLength <= maxStdinBacklogBytes) for (const w of waiting) w.resolve();
  }

  /** A line once written cannot be taken back; the child hears notifications/cancelled instead. */
  abandon(): boolean {
    return true;
  }

  /** A write fails (EPIPE) because the child died: say how it died, as every other caller hears. */
  private async explainWriteFailure(error: Error): Promise<Error> {
    await this.exitedOrSecond();
    return this.exitError ?? new UpstreamUnavailableError(`Writing to the upstream process failed: ${error.message}`, { cause: error });
  }

  /** One wait shared by every caller (a burst of failed writes must not add a listener each). */
  private exitedOrSecond(): Promise<void> {
    const child = this.child;
    if (this.exitError || !child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    this.exitOrSecond ??= new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
    }).finally(() => (this.exitOrSecond = undefined));
    return this.exitOrSecond;
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.closing = true;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.stdin?.end();
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
    await exited;
    clearTimeout(timer);
  }
}
