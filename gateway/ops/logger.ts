// Structured logs (pino): one line per request, plus lifecycle and trouble. Secrets never go in:
// tokens are redacted from paths and headers are not logged.
import pino, { type Logger } from "pino";

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: "warden-gateway" }, timestamp: pino.stdTimeFunctions.isoTime });
}

/**
 * A logger that writes stdout in blocks of 32 KB (or every second) instead of a write per line:
 * on a busy worker one request line per call would otherwise cost a system call per call (at
 * 4 KB blocks the writes were still ~5% of the worker's busy time under load).
 * Returns a flush for shutdown.
 */
export function createBufferedLogger(level: string): { logger: Logger; flush: () => void } {
  const destination = pino.destination({ dest: 1, minLength: 32 * 1024, maxWrite: 64 * 1024, sync: false });
  const logger = pino({ level, base: { service: "warden-gateway" }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
  const timer = setInterval(() => destination.flush(), 1_000);
  timer.unref();
  return {
    logger,
    flush: () => {
      clearInterval(timer);
      destination.flushSync();
    },
  };
}

const maxLoggedPathLength = 256;
// Only this much of a path is looked at; a token cut at the end is still token-shaped.
const maxScannedPathLength = 1_024;
const escape = /%([0-9A-Fa-f]{2})/g;
// Anything shaped like a Warden token (grant, API key, invitation), and the segment after a "g"
// segment, which is where a secret URL carries its token.
const tokenShaped = /wdn_[a-z]_[A-Za-z0-9_-]*/gi;
const secretSegment = /(^|\/)g\/+[^/]*/gi;

/**
 * Percent-escapes decoded byte by byte, leniently, until none is left, so that "%2F",
 * "%77dn_g_" or "%2577" cannot hide a token. Every layer shortens the text, so this ends.
 */
function unescaped(path: string): string {
  let text = path;
  for (;;) {
    const decoded = text.replace(escape, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    if (decoded === text) return text;
    text = decoded;
  }
}

/**
 * A request path fit for a log line: tokens replaced by "[token]" however the path was
 * spelled (encoded slashes, backslashes, double slashes, dot segments), and cut to 256
 * characters. The HTTP server logs a routed secret URL as "/g/[token]/mcp" and passes
 * anything else through here.
 */
export function redactPath(path: string): string {
  const text = unescaped(path.slice(0, maxScannedPathLength))
    .replaceAll("\\", "/")
    .replace(secretSegment, "$1g/[token]")
    .replace(tokenShaped, "[token]");
  return text.length > maxLoggedPathLength ? `${text.slice(0, maxLoggedPathLength)}…` : text;
}
