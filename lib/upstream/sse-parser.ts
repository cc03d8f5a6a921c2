// An incremental text/event-stream parser (the WHATWG rules that matter for MCP: data, event,
// id and retry fields; CR, LF or CRLF line ends; a blank line dispatches).
//
// What it holds is bounded: the unfinished line plus the data of the unfinished event may not
// pass `maxEventChars`. An upstream that sends an endless line or event makes feed() throw
// SseLimitError, and the caller closes the stream.
export type SseEvent = { event: string; data: string; id: string | undefined };

/** The same bound as an upstream's JSON answer (response-body.ts): 64 MB. */
export const MAX_SSE_EVENT_CHARS = 64 * 1024 * 1024;

export class SseLimitError extends Error {
  constructor(readonly maxEventChars: number) {
    super(`The upstream sent an SSE event or line longer than ${Math.round(maxEventChars / 1024 / 1024 * 10) / 10} MB without ending it; the stream was closed`);
    this.name = "SseLimitError";
  }
}

export class SseParser {
  /** The line being received: it has no line end yet. */
  private pending = "";
  private data: string[] = [];
  private dataChars = 0;
  private event = "";
  private id: string | undefined;
  private skipLf = false;
  private failed: SseLimitError | undefined;

  constructor(
    private readonly onEvent: (event: SseEvent) => void,
    private readonly maxEventChars = MAX_SSE_EVENT_CHARS,
  ) {}

  feed(chunk: string): void {
    if (this.failed) throw this.failed;
    // A CR that ended the previous chunk may be the first half of a CRLF.
    if (this.skipLf && chunk.startsWith("\n")) chunk = chunk.slice(1);
    this.skipLf = false;
    // Only the new chunk is scanned: a long line arriving in many chunks costs linear time.
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk.charCodeAt(i);
      if (ch !== 10 && ch !== 13) continue;
      const line = this.pending + chunk.slice(start, i);
      this.pending = "";
      this.line(line);
      if (ch === 13) {
        if (i === chunk.length - 1) this.skipLf = true;
        else if (chunk.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
      this.check();
    }
    if (start < chunk.length) this.pending += chunk.slice(start);
    this.check();
  }

  private check(): void {
    if (this.pending.length + this.dataChars <= this.maxEventChars) return;
    this.failed = new SseLimitError(this.maxEventChars);
    this.pending = "";
    this.data = [];
    this.dataChars = 0;
    throw this.failed;
  }

  private line(line: string): void {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") {
      this.data.push(value);
      this.dataChars += value.length + 1;
    } else if (field === "event") this.event = value.slice(0, 256);
    else if (field === "id" && !value.includes("\0")) this.id = value.slice(0, 256);
  }

  private dispatch(): void {
    if (this.data.length > 0) this.onEvent({ event: this.event || "message", data: this.data.join("\n"), id: this.id });
    this.data = [];
    this.dataChars = 0;
    this.event = "";
  }
}
